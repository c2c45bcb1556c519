#include "serve/client.h"

#include "serve/fd_message.h"
#include "serve/server.h"
#include "trace.h"
#include "unique_fd.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace celda::serve {

namespace {

// Why this run cannot go to a warm guest, or "" if it can.
std::string why_not_warm(const cli::RunOptions& options, const Program& program, const WarmRequest& request) {
    if (program.kind == ProgramKind::CeldaImage || !program.payload) return "a Celda image boots itself";
    if (!options.shares.empty()) return "-v shares are served only by celda run itself";
    if (options.timeout) return "--timeout is enforced only by celda run itself";
    if (options.memory_bytes != cli::kDefaultMemory) return "--memory other than the default";
    if (program.payload->fd() < 0) return "the program is not a mappable file";
    for (const Companion& companion : program.companions)
        if (companion.bytes.fd() < 0) return "a DLL beside the program is not a mappable file";
    if (guest::boot_area_size(request.inputs.argv, request.inputs.env, request.inputs.payload_path) +
            guest::boot_extra_size({}, request.inputs.workdir, request.inputs.companions) > kWarmBootArea)
        return "arguments and environment larger than a warm guest's boot area";
    return "";
}

// The run's outcome; nullopt with `declined` set when the server is not there or declines
// (nothing ran); an error when the server failed mid-run.
Result<std::optional<Served>> run_on_server(const std::string& dir, const WarmRequest& request,
                                            const std::vector<int>& files, std::string& declined) {
    if (!fits_window(request.program_size, request.inputs.companions)) {
        declined = "the program and its DLLs are larger than a warm guest's window";
        return std::nullopt;
    }
    const std::string bytes = encode_request(request);
    if (bytes.size() > kMaxRequestBytes) { declined = "the request is too large"; return std::nullopt; }

    const std::string socket_path = socket_for(dir, request.payload_kind);
    sockaddr_un address;
    if (!unix_address(socket_path, address)) { declined = "socket path too long"; return std::nullopt; }
    UniqueFd sock(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
    if (sock.get() < 0 || ::connect(sock.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        declined = "no server on " + socket_path + " (" + std::strerror(errno) + ")";
        return std::nullopt;
    }
    // Our program and our files go only to a server of this user.
    ucred peer{};
    socklen_t length = sizeof peer;
    if (::getsockopt(sock.get(), SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 || peer.uid != ::getuid()) {
        declined = "the server on " + socket_path + " belongs to another user";
        return std::nullopt;
    }

    std::vector<int> fds{0, 1, 2};
    fds.insert(fds.end(), files.begin(), files.end());
    if (send_with_fds(sock.get(), bytes, fds) != static_cast<ssize_t>(bytes.size())) {
        declined = std::string("cannot send the run to the server: ") + std::strerror(errno);
        return std::nullopt;
    }

    // Either the guest's own stop record (sent straight to this socket) or, if the guest died
    // without one or never ran, the server's reply.
    union {
        WarmReply reply;
        report::StopRecord record;
    } message{};
    ssize_t n;
    do n = ::recv(sock.get(), &message, sizeof message, 0); while (n < 0 && errno == EINTR);
    if (n == static_cast<ssize_t>(sizeof(report::StopRecord)) && message.record.magic == report::kStopRecordMagic) {
        Served served;
        served.outcome.record = message.record;
        return served;
    }
    const WarmReply& reply = message.reply;
    if (n != static_cast<ssize_t>(sizeof reply) || reply.magic != kReplyMagic)
        return fail("the server on " + socket_path + " went away while running '" + request.inputs.argv.front() + "'");
    if (reply.status == ReplyStatus::Declined) {
        declined = "the server declined: " + std::string(reply.reason, std::min<std::size_t>(reply.reason_length, sizeof reply.reason));
        return std::nullopt;
    }
    Served served;
    served.outcome.exit_code = reply.exit_code;
    served.outcome.killed_by = reply.killed_by;
    if (reply.has_record && reply.record.magic == report::kStopRecordMagic) served.outcome.record = reply.record;
    return served;
}

}  // namespace

Result<std::optional<Served>> try_warm_guest(const cli::RunOptions& options, cli::Backend backend,
                                             const Program& program, WarmRequest request,
                                             std::span<const guest::PayloadFile> payload) {
    std::string declined;
    std::optional<Served> served;
    if (backend != cli::Backend::Sandbox) {
        declined = "warm guests are sandbox guests and this run uses kvm (--backend sandbox to use them)";
    } else if (declined = why_not_warm(options, program, request); declined.empty()) {
        auto celda_id = file_id("/proc/self/exe");
        auto image_id = file_id(program.stock_path);
        if (!celda_id || !image_id) {
            declined = !celda_id ? "cannot identify this celda build" : image_id.error().message;
        } else {
            request.celda = *celda_id;
            request.image = *image_id;
            std::vector<int> files;
            for (const guest::PayloadFile& file : payload) files.push_back(file.fd);
            auto result = run_on_server(options.server, request, files, declined);
            if (!result) return std::unexpected(result.error());
            served = std::move(*result);
        }
    }
    if (options.trace) {
        if (served) TraceLine().text("served by a warm guest of ").text(options.server).emit();
        else TraceLine().text("not served by ").text(options.server).text(": ").text(declined).emit();
    }
    return served;
}

}  // namespace celda::serve
