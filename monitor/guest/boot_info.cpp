#include "guest/boot_info.h"

#include <unistd.h>

#include <cstring>

#include "celda/contract.h"

namespace celda::guest {

std::uint64_t boot_extra_size(const std::vector<BootInputs::Share>& shares, const std::string& workdir,
                              const std::vector<BootInputs::Companion>& companions) {
    std::uint64_t bytes = 16 + shares.size() * sizeof(celda_share);  // 16: alignment slack
    for (const auto& share : shares) bytes += share.guest_dir.size() + 1;
    if (!companions.empty()) bytes += 16 + companions.size() * sizeof(celda_companion);
    for (const auto& companion : companions) bytes += companion.name.size() + 1;
    return bytes + workdir.size() + 1;
}

Result<std::uint64_t> write_boot_info(const GuestMemory& memory, const GuestLayout& layout,
                                      const BootInputs& inputs) {
    const std::uint64_t info_at = CELDA_GUEST_BASE;
    if (inputs.shares.size() > CELDA_MAX_SHARES) return fail("too many -v shares (at most 16)");
    if (inputs.companions.size() > CELDA_MAX_COMPANIONS) return fail("internal error: too many companion DLLs");
    if (boot_area_size(inputs.argv, inputs.env, inputs.payload_path) +
            boot_extra_size(inputs.shares, inputs.workdir, inputs.companions) >
        layout.boot_area_end - CELDA_GUEST_BASE)
        return fail("internal error: argv and environment do not fit the planned boot area");

    // Strings and arrays after the struct; every write goes through memory.host_pointer.
    std::uint64_t cursor = info_at + ((sizeof(celda_boot_info) + 15) & ~15ull);
    const std::uint64_t argv_at = cursor;
    cursor += (inputs.argv.size() + 1) * sizeof(std::uint64_t);
    const std::uint64_t envp_at = cursor;
    cursor += (inputs.env.size() + 1) * sizeof(std::uint64_t);

    auto put_strings = [&](const std::vector<std::string>& strings, std::uint64_t array_at) -> bool {
        for (std::size_t i = 0; i <= strings.size(); ++i) {
            std::uint64_t pointer = 0;
            if (i < strings.size()) {
                const std::string& s = strings[i];
                void* host = memory.host_pointer(cursor, s.size() + 1);
                if (!host) return false;
                std::memcpy(host, s.c_str(), s.size() + 1);
                pointer = cursor;
                cursor += s.size() + 1;
            }
            void* slot = memory.host_pointer(array_at + i * sizeof(std::uint64_t), sizeof(std::uint64_t));
            if (!slot) return false;
            std::memcpy(slot, &pointer, sizeof pointer);
        }
        return true;
    };
    if (!put_strings(inputs.argv, argv_at) || !put_strings(inputs.env, envp_at))
        return fail("internal error: boot area outside guest memory");
    std::uint64_t payload_path_at = 0;
    if (inputs.payload_kind != CELDA_PAYLOAD_NONE) {
        const std::string& s = inputs.payload_path;
        void* host = memory.host_pointer(cursor, s.size() + 1);
        if (!host) return fail("internal error: payload path outside the boot area");
        std::memcpy(host, s.c_str(), s.size() + 1);
        payload_path_at = cursor;
        cursor += s.size() + 1;
    }

    auto put_string = [&](const std::string& s) -> std::uint64_t {
        void* host = memory.host_pointer(cursor, s.size() + 1);
        if (!host) return 0;
        std::memcpy(host, s.c_str(), s.size() + 1);
        std::uint64_t at = cursor;
        cursor += s.size() + 1;
        return at;
    };
    std::uint64_t shares_at = 0, workdir_at = 0;
    if (!inputs.shares.empty()) {
        cursor = (cursor + 15) & ~15ull;
        shares_at = cursor;
        cursor += inputs.shares.size() * sizeof(celda_share);
        for (std::size_t i = 0; i < inputs.shares.size(); ++i) {
            celda_share share{};
            share.guest_path = put_string(inputs.shares[i].guest_dir);
            share.flags = inputs.shares[i].read_only ? CELDA_SHARE_READ_ONLY : 0u;
            void* slot = memory.host_pointer(shares_at + i * sizeof share, sizeof share);
            if (!slot || !share.guest_path) return fail("internal error: shares outside the boot area");
            std::memcpy(slot, &share, sizeof share);
        }
    }
    if (!inputs.workdir.empty()) {
        workdir_at = put_string(inputs.workdir);
        if (!workdir_at) return fail("internal error: working directory outside the boot area");
    }

    // Companion DLLs: the same addresses place_payload put their bytes at.
    std::uint64_t companions_at = 0;
    if (!inputs.companions.empty()) {
        cursor = (cursor + 15) & ~15ull;
        companions_at = cursor;
        cursor += inputs.companions.size() * sizeof(celda_companion);
        std::uint64_t data_at = layout.companions_start;
        for (std::size_t i = 0; i < inputs.companions.size(); ++i) {
            celda_companion companion{};
            companion.name = put_string(inputs.companions[i].name);
            companion.data = data_at;
            companion.size = inputs.companions[i].size;
            data_at = next_payload_file(data_at, companion.size);
            void* slot = memory.host_pointer(companions_at + i * sizeof companion, sizeof companion);
            if (!slot || !companion.name || data_at > layout.image_start)
                return fail("internal error: companion DLLs outside their planned area");
            std::memcpy(slot, &companion, sizeof companion);
        }
    }

    celda_boot_info info{};
    info.magic = CELDA_BOOT_MAGIC;
    info.version = CELDA_CONTRACT_VERSION;
    info.backend = inputs.backend;
    info.mem_base = CELDA_GUEST_BASE;
    info.mem_size = layout.mem_size;
    info.free_start = layout.boot_area_end;
    info.free_end = layout.payload_start;
    info.image_start = layout.image_start;
    info.image_end = layout.image_end;
    info.argc = inputs.argv.size();
    info.argv = argv_at;
    info.envc = inputs.env.size();
    info.envp = envp_at;
    info.hypercall_entry = inputs.hypercall_entry;
    info.wall_clock_at_boot_ns = inputs.wall_clock_ns;
    info.monotonic_at_boot_ns = inputs.monotonic_ns;
    info.device_count = 1;
    std::memcpy(info.devices[0].name, "console", sizeof "console");
    info.devices[0].kind = CELDA_DEVICE_CONSOLE;
    // So that isatty() in the guest tells the truth about `celda run`'s own stdio.
    info.devices[0].flags = (::isatty(0) ? CELDA_CONSOLE_STDIN_TTY : 0u) |
                            (::isatty(1) ? CELDA_CONSOLE_STDOUT_TTY : 0u) |
                            (::isatty(2) ? CELDA_CONSOLE_STDERR_TTY : 0u);

    info.payload_kind = inputs.payload_kind;
    info.boot_flags = inputs.boot_flags;
    if (inputs.payload_kind != CELDA_PAYLOAD_NONE) {
        info.payload = layout.payload_start;
        info.payload_size = layout.payload_size;
        info.payload_path = payload_path_at;
    }

    info.trace_flags = inputs.trace_flags;
    info.share_count = static_cast<std::uint32_t>(inputs.shares.size());
    info.shares = shares_at;
    info.workdir = workdir_at;
    info.companion_count = static_cast<std::uint32_t>(inputs.companions.size());
    info.companions = companions_at;

    void* host = memory.host_pointer(info_at, sizeof info);
    if (!host) return fail("internal error: boot info outside guest memory");
    std::memcpy(host, &info, sizeof info);
    return info_at;
}

}  // namespace celda::guest
