// The helper's side of serve/run_request.h: a received run, checked and split into strings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace celda::serve {

struct ReceivedRun {
    std::string executable;         // the path celda run was started as (AT_EXECFN)
    std::vector<std::string> args;  // celda run's argv[1..]
    std::vector<std::string> env;   // celda run's environment, "K=V"
};

// Checks the header and that the strings fill the message exactly; an error names what is wrong.
Result<ReceivedRun> decode_run_request(std::string_view bytes);

}  // namespace celda::serve
