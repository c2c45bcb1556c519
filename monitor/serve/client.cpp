#include "serve/client.h"

#include <sys/auxv.h>

#include <algorithm>
#include <cstring>

#include "serve/fast_client.h"
#include "serve/served_run.h"
#include "trace.h"

namespace celda::serve {

Result<std::optional<Served>> try_warm_guest(const cli::RunOptions& options, cli::Backend backend,
                                             const Program& program, const sandbox::SandboxRun& run,
                                             const CommandLine& command_line) {
    FastRun& fast = fast_run();
    std::string declined;
    if (fast.state == FastState::NotAttempted) {
        declined = why_not_served(options, backend, program, run);
        if (declined.empty())
            attempt_served_run(options.server.c_str(), run.payload_kind,
                               reinterpret_cast<const char*>(::getauxval(AT_EXECFN)), command_line.argc,
                               command_line.argv, command_line.envp);
    }
    std::optional<Served> served;
    const std::string socket_path(fast.socket_path, ::strnlen(fast.socket_path, sizeof fast.socket_path));
    const RunAnswer& answer = fast.answer;
    switch (fast.state) {
        case FastState::NotAttempted:
            break;
        case FastState::NoServer:
            declined = "no server on " + (socket_path.empty() ? options.server : socket_path) + " (" + std::strerror(fast.error) + ")";
            break;
        case FastState::Declined:
            declined = "declined: " +
                       std::string(answer.reply.reason, std::min<std::size_t>(answer.reply.reason_length, sizeof answer.reply.reason));
            break;
        case FastState::WentAway:
            return fail("the server on " + socket_path + " went away while running '" + options.program + "'");
        case FastState::Answered:
            // The guest's own stop record, or the server's reply when the guest died without one.
            served.emplace();
            if (fast.size == static_cast<long>(sizeof(report::StopRecord)) && answer.record.magic == report::kStopRecordMagic) {
                served->outcome.record = answer.record;
            } else if (fast.size == static_cast<long>(sizeof(WarmReply)) && answer.reply.magic == kReplyMagic &&
                       answer.reply.status == ReplyStatus::Ran) {
                served->outcome.exit_code = answer.reply.exit_code;
                served->outcome.killed_by = answer.reply.killed_by;
                if (answer.reply.has_record && answer.reply.record.magic == report::kStopRecordMagic)
                    served->outcome.record = answer.reply.record;
            } else {
                return fail("the server on " + socket_path + " answered '" + options.program + "' with nonsense");
            }
            break;
    }
    // A served run's --trace lines came from the warm guest, as the run started.
    if (options.trace && !served) TraceLine().text("not served by ").text(options.server).text(": ").text(declined).emit();
    return served;
}

}  // namespace celda::serve
