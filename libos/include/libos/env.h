// The environment the monitor passed (celda run -e NAME=VALUE).
#pragma once

namespace libos {

// The value of `name`, or nullptr when it is not set. Valid for the guest's whole life.
const char* getenv(const char* name);

}  // namespace libos
