#include "program.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "image/pe_header.h"
#include "image/pe_symbols.h"

namespace celda {
namespace {

struct StockImage {
    const char* file;
    const char* layer;  // for messages
};

StockImage stock_image_for(ProgramKind kind) {
    return kind == ProgramKind::LinuxElf ? StockImage{"posix.img", "POSIX ABI"}
                                         : StockImage{"win32.img", "Win32 ABI"};
}

// The stock image at `stock_path`, parsed; a missing one is named with what to do about it.
Result<image::ElfImage> load_stock_image(ProgramKind kind, const std::string& stock_path, const std::string& path) {
    auto image = image::load_elf_image(stock_path);
    if (!image && ::access(stock_path.c_str(), F_OK) != 0) {
        StockImage stock = stock_image_for(kind);
        return fail("cannot run '" + path + "': the " + stock.layer + " image " + stock_path +
                    " is missing (it is built with celda; copy the whole bin/ folder)");
    }
    return image;
}

Result<Program> boot_with_stock_image(ProgramKind kind, image::FileBytes payload, const std::string& path,
                                      const std::string& stock_dir, StockImageLoad stock_load) {
    StockImage stock = stock_image_for(kind);
    std::string dir = stock_dir;
    if (dir.empty()) {  // found only now: a Celda image needs no stock image (readlink saved)
        auto own = own_directory();
        if (!own) return std::unexpected(own.error());
        dir = std::move(*own);
    }
    const std::string stock_path = dir + "/" + stock.file;
    Program program{kind, {}, false, std::move(payload), {}, false, {}, stock_path, path};
    if (stock_load == StockImageLoad::Deferred) {
        program.image_deferred = true;
    } else {
        auto image = load_stock_image(kind, stock_path, path);
        if (!image) return std::unexpected(image.error());
        program.image = std::move(*image);
    }
    std::span<const std::byte> bytes = *program.payload;  // stays put when Program moves (mapped or heap)
    if (kind == ProgramKind::WindowsPe) {
        program.payload_symbols = image::lazy_symbols_from_pe(bytes);
    } else {
        program.payload_symbols = image::SymbolTable::lazy_from_elf(bytes);
        constexpr std::uint16_t kEtExec = 2;  // e_type at offset 16; classify_elf checked the header
        program.payload_at_link_address =
            bytes.size() > 17 && (std::to_integer<std::uint16_t>(bytes[16]) | std::to_integer<std::uint16_t>(bytes[17]) << 8) == kEtExec;
    }
    return program;
}

}  // namespace

Result<Program> load_program(const std::string& path, const std::string& stock_dir, StockImageLoad stock_load) {
    auto bytes = image::FileBytes::open(path);
    if (!bytes) return std::unexpected(bytes.error());

    if (image::looks_like_pe(*bytes)) {
        if (auto pe = image::check_pe_header(*bytes, path); !pe) return std::unexpected(pe.error());
        auto companions = find_companions(path);
        if (!companions) return std::unexpected(companions.error());
        for (Companion& companion : *companions) companion.symbols = image::lazy_symbols_from_pe(companion.bytes);
        auto program = boot_with_stock_image(ProgramKind::WindowsPe, std::move(*bytes), path, stock_dir, stock_load);
        if (program) program->companions = std::move(*companions);
        return program;
    }
    if (bytes->size() < 4 || std::memcmp(bytes->data(), "\x7f" "ELF", 4) != 0)
        return fail("'" + path + "' is not an executable (neither an ELF nor a PE file)");

    auto kind = image::classify_elf(*bytes, path);
    if (!kind) return std::unexpected(kind.error());
    switch (*kind) {
        case image::ElfKind::CeldaImage: {
            auto image = image::parse_elf_image(std::move(*bytes), path);
            if (!image) return std::unexpected(image.error());
            return Program{ProgramKind::CeldaImage, std::move(*image), false, std::nullopt, {}, false, {}, {}, path};
        }
        case image::ElfKind::LinuxDynamic:
            return fail("'" + path + "' is dynamically linked; celda runs statically linked Linux "
                        "programs for now (relink with -static or -static-pie)");
        case image::ElfKind::LinuxStatic:
            break;
    }
    return boot_with_stock_image(ProgramKind::LinuxElf, std::move(*bytes), path, stock_dir, stock_load);
}

Result<void> load_deferred_image(Program& program) {
    if (!program.image_deferred) return {};
    auto image = load_stock_image(program.kind, program.stock_path, program.path);
    if (!image) return std::unexpected(image.error());
    program.image = std::move(*image);
    program.image_deferred = false;
    return {};
}

Result<std::string> own_directory() {
    char buffer[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0) return fail(std::string("cannot find the celda binary's folder: ") + std::strerror(errno));
    std::string path(buffer, static_cast<std::size_t>(n));
    return path.substr(0, path.rfind('/'));
}

}  // namespace celda
