/*
 * celda/contract.h — the whole interface between a Celda guest and the monitor.
 *
 * Included by the library OS (freestanding) and by the monitor, and by nothing else that
 * crosses the boundary. It must stay C-compatible and depend only on <stdint.h>, so that both
 * sides (one freestanding, one hosted) see the same layout.
 *
 * Versioning: CELDA_CONTRACT_VERSION changes whenever a layout or a hypercall's meaning
 * changes. A guest image records the version it was built against in an ELF note
 * (CELDA_NOTE_NAME / CELDA_NOTE_TYPE_CONTRACT); the monitor refuses images built for another
 * version rather than guessing.
 *
 * Memory model: guest memory is one contiguous region of `mem_size` bytes at guest address
 * CELDA_GUEST_BASE, the same address on every backend (static layout: a snapshot taken on one
 * run can be restored on another). Guest pointers handed to the monitor are guest addresses;
 * the monitor checks every [address, address+length) against that region before touching it.
 *
 * Layout chosen by the monitor (all page aligned):
 *   CELDA_GUEST_BASE            struct celda_boot_info, then argv/env strings and arrays
 *   boot_info.free_start ..     free memory, owned by the guest's page allocator
 *   boot_info.free_end
 *   boot_info.payload ..        the program file handed to a stock ABI image (a Linux ELF
 *   + payload_size              or a Windows PE), page aligned, just below the image; a
 *                               Windows program's companion DLLs follow it, each page aligned
 *   boot_info.image_start ..    the guest image (position independent; placed at the top of
 *   boot_info.image_end         memory so that low addresses, e.g. 0x400000, stay free for
 *                               applications linked at fixed addresses)
 */
#ifndef CELDA_CONTRACT_H
#define CELDA_CONTRACT_H

#include <stdint.h>

#define CELDA_CONTRACT_VERSION 10u

/* Guest memory starts here on every backend. 2 MiB: above the host's mmap_min_addr, aligned
 * for large pages, and below the 0x400000 where classic static executables are linked. */
#define CELDA_GUEST_BASE 0x200000ull
#define CELDA_PAGE_SIZE 4096ull

/* The ELF note that marks a file as a Celda guest image: name "Celda", type 1, 4-byte
 * descriptor holding CELDA_CONTRACT_VERSION. */
#define CELDA_NOTE_NAME "Celda"
#define CELDA_NOTE_TYPE_CONTRACT 1u

#define CELDA_BOOT_MAGIC 0x41444c4543ull /* "CELDA" little-endian */

/* ---- Boot info ---------------------------------------------------------------------------
 * Written by the monitor at CELDA_GUEST_BASE before the first guest instruction; the guest
 * entry point receives its address in %rdi (System V first argument). All pointers are guest
 * addresses. Strings are NUL-terminated and live inside guest memory. */

/* Hypercall entry: uint64_t entry(uint64_t nr, void *args). `args` points to the hypercall's
 * argument block (below) in guest memory; results are written back into that block and the
 * return value is the primary result. On the sandbox backend it is a monitor function mapped
 * into the guest's process; on kvm it is a stub in guest memory that traps with port I/O. */
typedef uint64_t (*celda_hypercall_fn)(uint64_t nr, void *args);

enum celda_backend_kind {
    CELDA_BACKEND_SANDBOX = 1,
    CELDA_BACKEND_KVM = 2,
};

#define CELDA_MAX_DEVICES 8

/* boot_info.trace_flags: `celda run --trace=syscalls` asks an ABI layer to print each
 * syscall it serves, strace-style, on stderr; `--trace=win32` asks the Win32 layer to print
 * each call into a built-in DLL (like WINEDEBUG=+relay). */
#define CELDA_TRACE_SYSCALLS 1u
#define CELDA_TRACE_WIN32 2u

/* Host directory shares (`celda run -v HOSTDIR:GUESTDIR[:ro]`): boot_info.shares lists where
 * the guest mounts each one; the host path is never told to the guest. */
#define CELDA_MAX_SHARES 16
#define CELDA_SHARE_READ_ONLY 1u
struct celda_share {
    uint64_t guest_path;  /* guest address of GUESTDIR: absolute, normalized, NUL-terminated */
    uint32_t flags;       /* CELDA_SHARE_* */
    uint32_t reserved;
};

/* Companion DLLs (v8): a Windows program ships its own DLLs beside the .exe (mingw's
 * libstdc++-6.dll, zlib1.dll, plugins). The monitor hands the guest every regular file named
 * *.dll (any case) in the .exe's host folder, at most CELDA_MAX_COMPANIONS, as read-only
 * bytes in the payload area; it parses none of them (the Win32 layer does, inside the guest,
 * so untrusted PE parsing stays out of the monitor) and the guest decides which it loads, so
 * that LoadLibrary of a plugin works as well as an import. */
#define CELDA_MAX_COMPANIONS 64
struct celda_companion {
    uint64_t name;        /* guest address of the file name (no folder), NUL-terminated */
    uint64_t data;        /* guest address of the file's bytes (page aligned) */
    uint64_t size;        /* bytes */
};

/* A companion DLL the guest placed: boot_info.placed (guest-written, reports only). */
#define CELDA_MAX_PLACED_MODULES 32
struct celda_placed_module {
    uint64_t base;        /* guest address of the mapped image */
    uint64_t size;        /* bytes mapped */
    uint32_t companion;   /* index into boot_info.companions */
    uint32_t reserved;
};

/* What the monitor handed to the image besides argv: `celda run tool.exe` boots the stock
 * Win32 image with tool.exe's bytes as the payload; a Celda image run directly gets none. */
enum celda_payload_kind {
    CELDA_PAYLOAD_NONE = 0,
    CELDA_PAYLOAD_LINUX_ELF = 1,   /* a static x86-64 Linux executable */
    CELDA_PAYLOAD_WINDOWS_PE = 2,  /* a PE32+ x86-64 console program */
};

enum celda_device_kind {
    CELDA_DEVICE_NONE = 0,
    CELDA_DEVICE_CONSOLE = 1, /* stdout (fd 1) and stderr (fd 2) of `celda run` */
};

/* celda_device.flags of the console: which of `celda run`'s stdin/stdout/stderr are terminals,
 * so that isatty() inside the guest answers truthfully. */
#define CELDA_CONSOLE_STDIN_TTY 1u
#define CELDA_CONSOLE_STDOUT_TTY 2u
#define CELDA_CONSOLE_STDERR_TTY 4u

struct celda_device {
    char name[16];       /* e.g. "console" */
    uint32_t kind;       /* enum celda_device_kind */
    uint32_t flags;
    uint8_t mac[6];      /* network devices (later) */
    uint8_t reserved[2];
    uint64_t size;       /* block devices (later): bytes */
};

struct celda_boot_info {
    uint64_t magic;             /* CELDA_BOOT_MAGIC */
    uint32_t version;           /* CELDA_CONTRACT_VERSION */
    uint32_t backend;           /* enum celda_backend_kind, for diagnostics only */

    uint64_t mem_base;          /* == CELDA_GUEST_BASE */
    uint64_t mem_size;          /* bytes of guest memory, all the guest will ever have */
    uint64_t free_start;        /* first free byte (page aligned) */
    uint64_t free_end;          /* end of free memory (page aligned) == image_start */
    uint64_t image_start;       /* where the guest image was loaded (its load bias) */
    uint64_t image_end;

    uint64_t argc;
    uint64_t argv;              /* char *argv[argc + 1], NULL-terminated */
    uint64_t envc;
    uint64_t envp;              /* char *envp[envc + 1], NULL-terminated */

    uint64_t hypercall_entry;   /* celda_hypercall_fn */

    uint64_t wall_clock_at_boot_ns;  /* CLOCK_REALTIME at boot, ns since the Unix epoch */
    uint64_t monotonic_at_boot_ns;   /* monotonic clock at boot */

    uint32_t device_count;
    uint32_t trace_flags;       /* CELDA_TRACE_* bits: what the guest itself should trace */
    struct celda_device devices[CELDA_MAX_DEVICES];

    uint32_t payload_kind;      /* enum celda_payload_kind */
    uint32_t boot_flags;        /* CELDA_BOOT_* */
    uint64_t payload;           /* guest address of the payload's bytes (0 if none) */
    uint64_t payload_size;      /* bytes */
    uint64_t payload_path;      /* guest address of the path the user gave (NUL-terminated) */

    uint32_t share_count;       /* host directory shares, <= CELDA_MAX_SHARES; index = share id */
    uint32_t reserved2;
    uint64_t shares;            /* guest address of struct celda_share[share_count] */
    uint64_t workdir;           /* guest address of `-w DIR` (absolute, NUL-terminated), 0 = none */

    /* Written by the guest: where a stock image's ABI layer placed the payload program. The
     * monitor reads these only to name crash addresses in reports ("tool.exe+0x1580") and
     * trusts them for nothing else. 0 = not placed (yet). */
    uint64_t program_base;
    uint64_t program_size;

    uint32_t companion_count;   /* companion DLLs of a Windows payload, <= CELDA_MAX_COMPANIONS */
    uint32_t reserved3;
    uint64_t companions;        /* guest address of struct celda_companion[companion_count] */

    /* Written by the guest, like program_base: the companion DLLs it has placed in memory, so
     * that a crash inside one is named "zlib1.dll!inflate+0x1c (zlib1.dll+0x2a3c)". Reports
     * only; entries past CELDA_MAX_PLACED_MODULES are not recorded. */
    uint32_t placed_count;      /* <= CELDA_MAX_PLACED_MODULES */
    uint32_t reserved4;
    struct celda_placed_module placed[CELDA_MAX_PLACED_MODULES];
};

/* ---- Hypercalls ---------------------------------------------------------------------------
 * Few on purpose: each one is attack surface the monitor must validate. Each says why it
 * exists. Return value: >= 0 success, or a negative CELDA_E* error. */

enum celda_hypercall_nr {
    /* Write bytes to the console: the only way a guest's output reaches the user. */
    CELDA_HC_CONSOLE_WRITE = 1,
    /* Read a clock. The guest has no trustworthy time source of its own. */
    CELDA_HC_CLOCK = 2,
    /* Give the CPU back to the host until an event arrives or a deadline passes, so an idle
     * guest costs nothing (the scheduler's idle loop). */
    CELDA_HC_BLOCK = 3,
    /* End the guest with an exit status: becomes `celda run`'s exit status. */
    CELDA_HC_EXIT = 4,
    /* End the guest because it cannot go on (panic): the monitor reports the message and the
     * backtrace, symbolized with the image's symbol table, and exits 134. */
    CELDA_HC_ABORT = 5,
    /* Read bytes from `celda run`'s stdin: the only way piped input reaches a program's fd 0.
     * Never blocks: -CELDA_EAGAIN when no byte is there yet (wait for CELDA_EVENT_CONSOLE_IN
     * with BLOCK); 0 = end of input. */
    CELDA_HC_CONSOLE_READ = 6,
    /* Change the access rights of guest pages (struct celda_hc_protect): a loaded Linux
     * program's code must become executable, and programs call mprotect. Refused for the
     * guest image's own pages, so the library OS's code stays W^X. */
    CELDA_HC_PROTECT = 7,
    /* Register the guest function that serves a `syscall` instruction executed in guest
     * memory (struct celda_hc_syscall_entry). Sandbox backend: such syscalls are trapped by
     * seccomp before they reach the host and handed to this function; without it they stop
     * the guest as forbidden. The kvm backend enters the guest's LSTAR instead. */
    CELDA_HC_SYSCALL_ENTRY = 8,
    /* Files in host directory shares (struct celda_hc_hostfs): one hypercall, a handful of ops,
     * instead of one hypercall per file operation. The guest names files only by share id and
     * a relative path; the monitor resolves every path itself, beneath the shared directory
     * (openat2 RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: no escape by "..", symlinks or
     * absolute paths), and refuses every modification of a read-only share with -EROFS. On the
     * sandbox backend the sandboxed process never opens anything: the `celda` parent opens the
     * file and passes the descriptor over a socket (SCM_RIGHTS), and the child may only do
     * pread/pwrite/fstat/ftruncate/fsync/getdents64/close on descriptors received that way
     * (docs/sandbox-syscalls.md). Data then moves with one host syscall, straight between the
     * file and guest memory, with no copy through the monitor. */
    CELDA_HC_HOSTFS = 9,
    /* Register the guest function that receives the guest's own synchronous CPU faults
     * (struct celda_hc_fault_entry): Windows programs catch access violations, divide errors,
     * invalid opcodes and breakpoints as SEH exceptions, so the ABI layer must see them before
     * the monitor ends the guest. The monitor writes a struct celda_fault_frame below the
     * faulting rsp's 128-byte red zone and enters the entry with rdi = frame; the entry never
     * returns (it resumes by loading registers itself). Delivering a fault DISARMS the entry:
     * the guest re-arms it by registering it again (typically as soon as the frame is copied).
     * A fault while disarmed, with no entry, outside guest code, or whose frame cannot be
     * written (rsp not in guest memory, or the frame would overlap the guest image) is
     * reported as a crash exactly as without this hypercall. 0 = unregister. */
    CELDA_HC_FAULT_ENTRY = 10,
    /* A warm guest (`celda serve`) waits here for its program (struct celda_hc_await_payload).
     * The monitor boots a guest ahead of demand with CELDA_BOOT_AWAIT_PAYLOAD and no program;
     * the guest brings up its library OS (relocation, memory, scheduler), then makes this call,
     * which returns when a `celda run` has handed over a program: the monitor has rewritten the
     * boot info in place (argv, environment, payload, shares, workdir, clocks, console flags;
     * mem_size, free_start/free_end, image_start/end and hypercall_entry do not change) and
     * locked the process down. Refused (-CELDA_ENOSYS) unless the boot info carried the flag,
     * and after it has returned once. */
    CELDA_HC_AWAIT_PAYLOAD = 11,
};
#define CELDA_HYPERCALL_COUNT 11

/* boot_info.boot_flags */
#define CELDA_BOOT_AWAIT_PAYLOAD 1u /* call CELDA_HC_AWAIT_PAYLOAD before running main */

#define CELDA_EINVAL 22 /* returned negated */
#define CELDA_EFAULT 14
#define CELDA_EIO 5
#define CELDA_EACCES 13
#define CELDA_ENOSYS 38
#define CELDA_EROFS 30
#define CELDA_EAGAIN 11

struct celda_hc_console_write {
    uint32_t stream;   /* 1 = stdout, 2 = stderr */
    uint32_t reserved;
    uint64_t buf;      /* guest address */
    uint64_t len;      /* bytes; returns bytes written */
};

struct celda_hc_await_payload {
    uint64_t reserved;  /* 0 */
};

enum celda_clock_id {
    CELDA_CLOCK_MONOTONIC = 0, /* ns since an arbitrary point, never goes back */
    CELDA_CLOCK_WALL = 1,      /* ns since the Unix epoch */
};

struct celda_hc_clock {
    uint32_t clock;    /* enum celda_clock_id */
    uint32_t reserved;
    uint64_t ns;       /* out */
};

/* Device events for BLOCK. */
#define CELDA_EVENT_CONSOLE_IN 1u  /* stdin has bytes to read (or cannot be read: a read reports why) */
#define CELDA_EVENT_CONSOLE_HUP 2u /* stdin's writer is gone (a pipe); reported, and it ends the
                                    * wait, whenever CONSOLE_IN is waited for */

struct celda_hc_block {
    uint64_t deadline_ns; /* monotonic deadline; UINT64_MAX = until an event. A deadline
                           * already passed only checks for events (no sleep). */
    uint64_t events;      /* in: CELDA_EVENT_* to wake for (0 = only the deadline);
                           * out: those of them pending (see CONSOLE_HUP) */
};

struct celda_hc_exit {
    int32_t status;
    uint32_t reserved;
};

#define CELDA_ABORT_MAX_FRAMES 32
struct celda_hc_abort {
    uint64_t message;     /* guest address of the message */
    uint64_t message_len;
    uint64_t frame_count; /* <= CELDA_ABORT_MAX_FRAMES */
    uint64_t frames[CELDA_ABORT_MAX_FRAMES]; /* return addresses, innermost first */
};

struct celda_hc_console_read {
    uint64_t buf;      /* guest address */
    uint64_t len;      /* bytes; returns bytes read, 0 at end of input */
};

#define CELDA_PROT_READ 1u
#define CELDA_PROT_WRITE 2u
#define CELDA_PROT_EXEC 4u
struct celda_hc_protect {
    uint64_t address;  /* page aligned guest address */
    uint64_t length;   /* page aligned, > 0 */
    uint32_t prot;     /* CELDA_PROT_* bits; 0 = no access */
    uint32_t reserved;
};

/* A trapped `syscall` instruction's registers, as the instruction left them: rax = number,
 * rdi rsi rdx r10 r8 r9 = arguments, rip = the address after the instruction. The entry may
 * change any field; the monitor resumes guest code with the frame's values (rax = result). */
struct celda_syscall_frame {
    uint64_t rax, rdi, rsi, rdx, r10, r8, r9;
    uint64_t rbx, rbp, r12, r13, r14, r15, rcx, r11;
    uint64_t rsp, rip, rflags;
};
typedef void (*celda_syscall_entry_fn)(struct celda_syscall_frame *frame);

struct celda_hc_syscall_entry {
    uint64_t entry;    /* celda_syscall_entry_fn, a guest address; 0 = unregister */
};

/* ---- FAULT_ENTRY ----------------------------------------------------------------------------
 * The faults delivered: x86 exception vectors, the same on every backend (the sandbox derives
 * them from the host signal's trap number). */
#define CELDA_FAULT_DIVIDE_ERROR 0u        /* #DE: div/idiv by zero or overflow */
#define CELDA_FAULT_BREAKPOINT 3u          /* #BP: int3; rip is already past the instruction */
#define CELDA_FAULT_INVALID_OPCODE 6u      /* #UD: ud2, unknown or unsupported instruction */
#define CELDA_FAULT_GENERAL_PROTECTION 13u /* #GP: non-canonical address, privileged instruction */
#define CELDA_FAULT_PAGE 14u               /* #PF: `address` was touched; see the error bits */
/* Page-fault error_code bits, as the CPU defines them. */
#define CELDA_FAULT_PF_PRESENT 1u  /* the page was mapped (a protection violation) */
#define CELDA_FAULT_PF_WRITE 2u    /* the access was a write */
#define CELDA_FAULT_PF_FETCH 16u   /* the access was an instruction fetch */

/* The faulting state. General registers in the x86 encoding order (rax rcx rdx rbx rsp rbp
 * rsi rdi r8..r15), which is also the order of a Windows CONTEXT's. FPU/SSE state is not in
 * the frame: it is still in the registers when the entry starts, for the entry to save. */
struct celda_fault_frame {
    uint64_t vector;      /* CELDA_FAULT_* */
    uint64_t error_code;  /* as the CPU pushed it (0 for vectors without one) */
    uint64_t address;     /* CELDA_FAULT_PAGE: the address touched; else 0 */
    uint64_t reserved;
    uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rip;         /* the faulting instruction (CELDA_FAULT_BREAKPOINT: the one after) */
    uint64_t rflags;
};
/* Entered as if called (rsp = 8 mod 16, a zero return address) with rdi = the frame, 16-byte
 * aligned, below the faulting rsp's red zone; rflags as at the fault minus TF, DF, AC. */
typedef void (*celda_fault_entry_fn)(struct celda_fault_frame *frame);

struct celda_hc_fault_entry {
    uint64_t entry;    /* celda_fault_entry_fn, a guest address; 0 = unregister */
};

/* ---- HOSTFS ---------------------------------------------------------------------------
 * Results: >= 0, or a negated Linux errno value (the host's own error, passed through). */
enum celda_hostfs_op {
    /* path ops (share + path; the path is relative to the share root, "" = the root itself) */
    CELDA_HOSTFS_OPEN = 1,      /* flags: CELDA_HOSTFS_O_*, mode; returns a handle */
    CELDA_HOSTFS_STAT = 2,      /* flags: CELDA_HOSTFS_NOFOLLOW; buf/len: celda_hostfs_stat */
    CELDA_HOSTFS_MKDIR = 3,     /* mode */
    CELDA_HOSTFS_UNLINK = 4,    /* flags: CELDA_HOSTFS_REMOVEDIR */
    CELDA_HOSTFS_RENAME = 5,    /* path -> path2 (same share); flags: CELDA_HOSTFS_NOREPLACE */
    CELDA_HOSTFS_READLINK = 6,  /* buf/len: the target text; returns its length */
    CELDA_HOSTFS_SYMLINK = 7,   /* creates path as a symlink whose target text is path2 */
    /* handle ops (handle from OPEN) */
    CELDA_HOSTFS_CLOSE = 8,
    CELDA_HOSTFS_READ = 9,      /* buf/len at offset; returns bytes, 0 at end of file */
    CELDA_HOSTFS_WRITE = 10,    /* buf/len at offset; returns bytes */
    CELDA_HOSTFS_FSTAT = 11,    /* buf/len: celda_hostfs_stat */
    CELDA_HOSTFS_TRUNCATE = 12, /* offset = new length */
    CELDA_HOSTFS_SYNC = 13,
    CELDA_HOSTFS_READDIR = 14,  /* buf/len: Linux struct linux_dirent64 records from the
                                   handle's position on; returns bytes, 0 at the end */
    /* path op, added after the handle ops (a monitor without it answers -EINVAL) */
    CELDA_HOSTFS_CHMOD = 15,    /* mode: the permission bits (0777; setuid, setgid and sticky
                                   are dropped, as for every mode on a share) of path, a file
                                   or a directory; a symlink is not followed (-EOPNOTSUPP) */
};

/* OPEN flags: Linux open(2) values; the monitor accepts only these. */
#define CELDA_HOSTFS_O_RDONLY 0u
#define CELDA_HOSTFS_O_WRONLY 01u
#define CELDA_HOSTFS_O_RDWR 02u
#define CELDA_HOSTFS_O_CREAT 0100u
#define CELDA_HOSTFS_O_EXCL 0200u
#define CELDA_HOSTFS_O_TRUNC 01000u
#define CELDA_HOSTFS_O_DIRECTORY 0200000u
#define CELDA_HOSTFS_O_NOFOLLOW 0400000u
#define CELDA_HOSTFS_NOFOLLOW 1u      /* STAT */
#define CELDA_HOSTFS_REMOVEDIR 1u     /* UNLINK */
#define CELDA_HOSTFS_NOREPLACE 1u     /* RENAME */
#define CELDA_HOSTFS_PATH_MAX 4096u   /* path_len, path2_len < this */

struct celda_hc_hostfs {
    uint32_t op;         /* enum celda_hostfs_op */
    uint32_t share;      /* path ops: index into boot_info.shares */
    int64_t handle;      /* handle ops */
    uint64_t path;       /* guest address of the relative path (not NUL-terminated) */
    uint64_t path_len;
    uint64_t path2;      /* RENAME: the new path; SYMLINK: the target text */
    uint64_t path2_len;
    uint64_t buf;        /* guest address of the data (READ, WRITE, READDIR, READLINK, *STAT) */
    uint64_t len;
    uint64_t offset;     /* READ/WRITE position; TRUNCATE length */
    uint32_t flags;
    uint32_t mode;       /* OPEN with CELDA_HOSTFS_O_CREAT, MKDIR, CHMOD: permission bits */
};

struct celda_hostfs_stat {
    uint64_t dev, ino, nlink;
    uint32_t mode, uid, gid, reserved;
    uint64_t rdev;
    int64_t size, blocks, block_size;
    int64_t atime_ns, mtime_ns, ctime_ns;
};

#endif /* CELDA_CONTRACT_H */
