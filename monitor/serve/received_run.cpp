#include "serve/received_run.h"

#include <cstring>

#include "serve/run_request.h"

namespace celda::serve {

Result<ReceivedRun> decode_run_request(std::string_view bytes) {
    RunRequestHeader header{};
    if (bytes.size() < sizeof header) return fail("malformed run: shorter than its header");
    std::memcpy(&header, bytes.data(), sizeof header);
    if (header.magic != kRunRequestMagic) return fail("not a run from this version of celda");
    std::string_view rest = bytes.substr(sizeof header);
    // Each string takes at least its NUL: counts larger than what is left are malformed.
    if (header.argc > rest.size() || header.envc > rest.size() - header.argc)
        return fail("malformed run: more strings than bytes");
    auto take_one = [&rest](std::string& into) {
        const std::size_t nul = rest.find('\0');
        if (nul == std::string_view::npos) return false;
        into.assign(rest.substr(0, nul));
        rest.remove_prefix(nul + 1);
        return true;
    };
    auto take = [&take_one](std::vector<std::string>& into, std::uint32_t count) {
        for (; count > 0; --count)
            if (!take_one(into.emplace_back())) return false;
        return true;
    };
    ReceivedRun run;
    if (!take_one(run.executable) || !take(run.args, header.argc) || !take(run.env, header.envc))
        return fail("malformed run: a string runs past the end");
    if (!rest.empty()) return fail("malformed run: bytes after its strings");
    if (run.args.empty()) return fail("malformed run: no command");
    return run;
}

}  // namespace celda::serve
