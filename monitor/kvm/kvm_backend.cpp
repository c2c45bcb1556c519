#include "kvm/kvm_backend.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "celda/contract.h"
#include "exit_status.h"
#include "guest/boot_info.h"
#include "guest/guest_memory.h"
#include "guest/image_loader.h"
#include "hypercall/guest_frames.h"
#include "kvm/host_mapping.h"
#include "kvm/seccomp_policy.h"
#include "kvm/share_broker.h"
#include "kvm/system_area.h"
#include "kvm/vcpu_loop.h"
#include "kvm/virtual_machine.h"
#include "sandbox/raw_syscall.h"
#include "sandbox/seccomp_policy.h"
#include "trace.h"

namespace celda::kvm {
namespace {

constexpr int kKickSignal = SIGUSR1;
constexpr std::uint64_t kNsPerSecond = 1'000'000'000;
constexpr std::uint64_t kKickRetryNs = 10'000'000;  // re-kick if a kick landed just before ppoll

// Signal handlers cannot be handed a context: the one vCPU of this process.
std::atomic<kvm_run*> g_kick_run{nullptr};
std::atomic<VcpuResult*> g_vcpu_result{nullptr};

void on_kick(int) {
    // KVM_RUN returns EINTR at once if this lands just before it: the kick cannot be lost.
    if (kvm_run* run = g_kick_run.load()) run->immediate_exit = 1;
}

// The main thread, so the SIGSYS handler can tell which filter refused (pthread_self reads
// %fs: no syscall).
std::atomic<pthread_t> g_main_thread{};

// Appends the decimal `nr` and ')' to a message buffer.
template <std::size_t N>
std::size_t append_number(char (&buffer)[N], std::size_t length, std::uint64_t nr) {
    char digits[20];
    int n = 0;
    do { digits[n++] = static_cast<char>('0' + nr % 10); nr /= 10; } while (nr && n < 20);
    while (n > 0 && length < N - 2) buffer[length++] = digits[--n];
    buffer[length++] = ')';
    return length;
}

// The main thread made a syscall outside its filter: celda's bug. One line, exit 125.
[[noreturn]] void main_thread_forbidden(std::uint64_t nr) {
    static constexpr char kText[] = "celda: internal error: the kvm main thread made a host syscall its seccomp filter forbids (";
    char line[sizeof kText + 24];
    std::memcpy(line, kText, sizeof kText - 1);
    std::size_t length = append_number(line, sizeof kText - 1, nr);
    line[length++] = '\n';
    sandbox::raw::write(2, line, length);
    for (;;) sandbox::raw::syscall3(SYS_exit_group, exit_status::kCeldaFailed, 0, 0);
}

// The vCPU thread made a syscall outside its filter: celda's bug, never the guest's (a guest
// cannot make host syscalls on kvm). Report it and end the thread.
void on_forbidden_syscall(int, siginfo_t* info, void*) {
    if (pthread_equal(pthread_self(), g_main_thread.load())) main_thread_forbidden(static_cast<std::uint64_t>(info->si_syscall));
    if (VcpuResult* result = g_vcpu_result.load()) {
        hypercall::begin_record(result->record, report::StopKind::SetupError);
        static constexpr char kText[] = "internal error: the kvm vCPU thread made a host syscall its seccomp filter forbids (";
        hypercall::set_record_message(result->record, kText, sizeof kText - 1);
        std::uint64_t nr = static_cast<std::uint64_t>(info->si_syscall);
        char digits[8];
        int n = 0;
        do { digits[n++] = static_cast<char>('0' + nr % 10); nr /= 10; } while (nr && n < 8);
        while (n > 0 && result->record.message_length < report::kMaxMessage - 1)
            result->record.message[result->record.message_length++] = digits[--n];
        result->record.message[result->record.message_length++] = ')';
        result->has_record = true;
        result->exit_status = exit_status::kCeldaFailed;
    }
    for (;;) sandbox::raw::syscall3(SYS_exit, 0, 0, 0);
}

Result<void> install_signal_handlers() {
    struct sigaction kick{};
    kick.sa_handler = on_kick;
    sigemptyset(&kick.sa_mask);
    struct sigaction sys{};
    sys.sa_sigaction = on_forbidden_syscall;
    sys.sa_flags = SA_SIGINFO;
    sigfillset(&sys.sa_mask);
    // A guest writing to a closed stdout gets an error back, not a silent death of celda.
    struct sigaction ignore{};
    ignore.sa_handler = SIG_IGN;
    if (sigaction(kKickSignal, &kick, nullptr) != 0 || sigaction(SIGSYS, &sys, nullptr) != 0 ||
        sigaction(SIGPIPE, &ignore, nullptr) != 0)
        return fail(std::string("cannot install the kvm signal handlers: ") + std::strerror(errno));
    return {};
}

// The vCPU thread may run guest code only once the main thread is filtered too: both share
// one address space, so an unfiltered main thread would be a way around the vCPU's filter.
enum class Go : int { Wait, Run, Abort };

struct VcpuThread {
    VcpuContext context;
    VcpuResult result;
    const std::vector<sock_filter>* filter = nullptr;
    std::atomic<pid_t> tid{0};           // for the timeout kick (raw tgkill, pinned in the main filter)
    std::atomic<Go> go{Go::Wait};
};

void record_setup_error(VcpuResult& result, const char* text, std::size_t length) {
    hypercall::begin_record(result.record, report::StopKind::SetupError);
    hypercall::set_record_message(result.record, text, length);
    result.has_record = true;
    result.exit_status = exit_status::kCeldaFailed;
}

// Waits (with only the syscalls of the vCPU filter) for the main thread's verdict.
Go wait_for_go(const VcpuThread& thread) {
    const timespec nap{0, 20'000};
    for (int spins = 0;; ++spins) {
        Go go = thread.go.load(std::memory_order_acquire);
        if (go != Go::Wait) return go;
        if (spins < 200) {
            __builtin_ia32_pause();
        } else {
            sandbox::raw::syscall4(SYS_ppoll, 0, 0, reinterpret_cast<long>(&nap), 0);
        }
    }
}

void* vcpu_thread_main(void* arg) {
    auto* thread = static_cast<VcpuThread*>(arg);
    thread->tid.store(static_cast<pid_t>(sandbox::raw::syscall3(SYS_gettid, 0, 0, 0)), std::memory_order_release);
    if (long rc = sandbox::install_seccomp_filter(*thread->filter); rc < 0) {
        static constexpr char kText[] = "cannot install the kvm vCPU thread's seccomp filter";
        record_setup_error(thread->result, kText, sizeof kText - 1);
    } else if (wait_for_go(*thread) == Go::Run) {
        run_vcpu(thread->context, thread->result);
    } else {
        static constexpr char kText[] = "cannot install the kvm main thread's seccomp filter";
        record_setup_error(thread->result, kText, sizeof kText - 1);
    }
    // A raw exit, not a return: glibc's thread teardown makes syscalls (madvise...) the filter
    // rightly refuses. The kernel still wakes pthread_join (CLONE_CHILD_CLEARTID).
    for (;;) sandbox::raw::syscall3(SYS_exit, 0, 0, 0);
}

timespec after_ns(std::uint64_t ns) {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    std::uint64_t total = static_cast<std::uint64_t>(now.tv_nsec) + ns % kNsPerSecond;
    now.tv_sec += static_cast<time_t>(ns / kNsPerSecond + total / kNsPerSecond);
    now.tv_nsec = static_cast<long>(total % kNsPerSecond);
    return now;
}

// Waits for the vCPU thread; past the deadline, asks it to stop and kicks it until it does.
// Runs under the main thread's filter: futex (join), clock_gettime, tgkill to our own pid.
void wait_for_vcpu(pthread_t thread, const VcpuThread& state, pid_t pid, std::atomic<bool>& stop_requested,
                   const std::optional<std::chrono::nanoseconds>& timeout) {
    if (!timeout) {
        pthread_join(thread, nullptr);
        return;
    }
    timespec deadline = after_ns(static_cast<std::uint64_t>(timeout->count()));
    while (pthread_clockjoin_np(thread, nullptr, CLOCK_MONOTONIC, &deadline) == ETIMEDOUT) {
        stop_requested.store(true, std::memory_order_release);
        // A raw tgkill: pthread_kill would also need getpid and rt_sigprocmask.
        if (pid_t tid = state.tid.load(std::memory_order_acquire); tid > 0)
            sandbox::raw::syscall3(SYS_tgkill, pid, tid, kKickSignal);
        deadline = after_ns(kKickRetryNs);
    }
}

std::uint64_t clock_ns(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * kNsPerSecond + static_cast<std::uint64_t>(ts.tv_nsec);
}

}  // namespace

Result<sandbox::SandboxOutcome> run_on_kvm(const KvmRun& run, const KvmDevice& kvm) {
    // Host shares: the broker process first, while celda is one thread and holds no guest
    // memory or VM (the helper inherits neither: it closes every descriptor but the shares').
    const bool with_shares = run.shares && !run.shares->empty();
    ShareBroker broker;
    if (with_shares) {
        auto started = start_share_broker(*run.shares);
        if (!started) return std::unexpected(started.error());
        broker = std::move(*started);
    }
    auto memory = guest::GuestMemory::map_anywhere(run.layout.mem_size);
    if (!memory) return std::unexpected(memory.error());
    // Protections live in the guest's page tables; the host mapping stays RW for KVM.
    if (auto copied = guest::copy_image(*memory, run.layout, *run.image); !copied)
        return std::unexpected(copied.error());
    if (auto placed = guest::place_payload(*memory, run.layout, run.payload, false); !placed)
        return std::unexpected(placed.error());

    void* area = ::mmap(nullptr, kSystemSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) return fail(std::string("cannot map the kvm system area: ") + std::strerror(errno));
    HostMapping system_area(area, kSystemSize);
    auto system = build_system_area(system_area.bytes(), run.layout.mem_size, run.layout.image_start,
                                    run.image->protections);
    if (!system) return std::unexpected(system.error());

    guest::BootInputs inputs;
    inputs.argv = run.argv;
    inputs.env = run.env;
    inputs.hypercall_entry = hypercall_entry_address();
    inputs.backend = CELDA_BACKEND_KVM;
    inputs.trace_flags = run.trace_flags;
    inputs.shares = run.boot_shares;
    inputs.workdir = run.workdir;
    inputs.payload_kind = run.payload_kind;
    if (run.payload_kind != CELDA_PAYLOAD_NONE) inputs.payload_path = run.argv.front();
    inputs.companions = run.boot_companions;
    inputs.wall_clock_ns = clock_ns(CLOCK_REALTIME);
    inputs.monotonic_ns = clock_ns(CLOCK_MONOTONIC);
    auto boot_info = guest::write_boot_info(*memory, run.layout, inputs);
    if (!boot_info) return std::unexpected(boot_info.error());

    auto machine = create_virtual_machine(kvm, *memory, system_area.bytes(),
                                          VcpuStart{system->cr3, run.layout.image_start + run.image->entry, *boot_info});
    if (!machine) return std::unexpected(machine.error());
    if (run.trace)
        TraceLine().text("kvm: ").udec(system->page_tables_used).text(" page-table pages; MSRs ")
            .text(machine->msr_filter ? "deny-by-default (KVM MSR filter)" : "KVM default handling (no MSR filter)")
            .text(machine->fsgsbase ? "; CR4.FSGSBASE on" : "; no FSGSBASE on this CPU").emit();
    if (auto handlers = install_signal_handlers(); !handlers) return std::unexpected(handlers.error());

    std::atomic<bool> stop_requested{false};
    // Every descriptor celda needs is open now: received share files go above them all.
    static hostfs::BrokerClient s_share_client;
    int first_share_fd = 0;
    if (with_shares) {
        auto first = reserve_share_descriptors(broker.socket.get());
        if (!first) return std::unexpected(first.error());
        first_share_fd = *first;
        s_share_client.connect(broker.socket.get(), first_share_fd);
        if (run.trace)
            TraceLine().text("kvm: host shares served by broker process ").udec(static_cast<std::uint64_t>(broker.pid))
                .text("; share files at fds ").udec(static_cast<std::uint64_t>(first_share_fd)).text("+").emit();
    }
    const std::vector<sock_filter> filter =
        build_vcpu_seccomp_filter(machine->vcpu.get(), with_shares ? broker.socket.get() : -1, first_share_fd);
    VcpuThread thread_state;
    thread_state.context = VcpuContext{&*machine, &*memory, system_area.bytes(), run.trace, &stop_requested};
    thread_state.context.system = &*system;
    thread_state.context.image_start = run.layout.image_start;
    thread_state.context.image_end = run.layout.image_end;
    if (with_shares) thread_state.context.hostfs = &s_share_client;
    thread_state.filter = &filter;
    g_kick_run.store(machine->run());
    g_vcpu_result.store(&thread_state.result);

    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 256 * 1024);
    int rc = pthread_create(&thread, &attributes, vcpu_thread_main, &thread_state);
    pthread_attr_destroy(&attributes);
    if (rc != 0) return fail(std::string("cannot start the vCPU thread: ") + std::strerror(rc));
    // Now filter this thread too, then let the vCPU thread run the guest. From here on the
    // main thread only waits, kicks, reports and tears down (docs/kvm.md lists its syscalls).
    const pid_t pid = ::getpid();
    g_main_thread.store(pthread_self());
    const bool filtered = sandbox::install_seccomp_filter(build_main_seccomp_filter(pid)) == 0;
    thread_state.go.store(filtered ? Go::Run : Go::Abort, std::memory_order_release);
    wait_for_vcpu(thread, thread_state, pid, stop_requested, run.timeout);
    g_kick_run.store(nullptr);
    g_vcpu_result.store(nullptr);

    sandbox::SandboxOutcome outcome;
    const VcpuResult& result = thread_state.result;
    if (result.timed_out) {
        outcome.timed_out = true;
        return outcome;
    }
    if (result.has_record) {
        outcome.record = result.record;
        // Where the guest says it placed the payload program, for naming addresses in reports.
        if (const auto* info = memory->host_object<const celda_boot_info>(CELDA_GUEST_BASE))
            report::note_placement(*outcome.record, *info);
    }
    outcome.exit_code = result.exit_status;
    return outcome;
}

}  // namespace celda::kvm
