#include "companions.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace celda {
namespace {

bool named_dll(const char* name) {
    std::size_t length = std::strlen(name);
    return length > 4 && ::strcasecmp(name + length - 4, ".dll") == 0;
}

}  // namespace

Result<std::vector<Companion>> find_companions(const std::string& program_path) {
    const std::size_t slash = program_path.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : program_path.substr(0, slash);
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(folder.c_str()), ::closedir);
    if (!dir) return fail("cannot list '" + folder + "' for the program's DLLs: " + std::strerror(errno));
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(dir.get())) {
        if (!named_dll(entry->d_name)) continue;
        if (entry->d_type != DT_REG && entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN) continue;
        // A symlink to a DLL counts (follows it); a folder named x.dll does not.
        struct stat st{};
        if (::fstatat(::dirfd(dir.get()), entry->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode)) continue;
        names.emplace_back(entry->d_name);
        if (names.size() > kMaxCompanions)
            return fail("'" + folder + "' holds more than " + std::to_string(kMaxCompanions) +
                        " .dll files; celda hands a Windows program every .dll beside it: put the "
                        "program and the DLLs it needs in a folder of their own");
    }
    std::sort(names.begin(), names.end());
    std::vector<Companion> companions;
    companions.reserve(names.size());
    for (std::string& name : names) {
        auto bytes = image::FileBytes::open(folder + "/" + name);
        if (!bytes) return std::unexpected(bytes.error());
        companions.push_back({std::move(name), std::move(*bytes)});
    }
    return companions;
}

std::uint64_t companion_span(const std::vector<Companion>& companions) {
    std::uint64_t bytes = 0;
    for (const Companion& c : companions) bytes += (c.bytes.size() + CELDA_PAGE_SIZE - 1) & ~(CELDA_PAGE_SIZE - 1);
    return bytes;
}

}  // namespace celda
