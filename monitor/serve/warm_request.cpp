#include "serve/warm_request.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace celda::serve {
namespace {

constexpr std::uint32_t kRequestMagic = 0x51524157;  // "WARQ"
// Changes with the layout below and with the contract (the guest reads what this becomes).
constexpr std::uint32_t kRequestVersion = CELDA_CONTRACT_VERSION * 100 + 1;

std::uint64_t page_up(std::uint64_t n) { return (n + CELDA_PAGE_SIZE - 1) & ~(CELDA_PAGE_SIZE - 1); }

class Writer {
public:
    void u32(std::uint32_t v) { bytes_.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void u64(std::uint64_t v) { bytes_.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void str(std::string_view s) { u32(static_cast<std::uint32_t>(s.size())); bytes_.append(s); }
    void id(const FileId& f) { u64(f.dev); u64(f.ino); u64(f.size); u64(f.mtime_ns); }
    std::string take() { return std::move(bytes_); }
private:
    std::string bytes_;
};

// Reads what Writer wrote; any read past the end makes ok() false (and reads zeros).
class Reader {
public:
    explicit Reader(std::string_view bytes) : rest_(bytes) {}
    std::uint32_t u32() { std::uint32_t v = 0; raw(&v, sizeof v); return v; }
    std::uint64_t u64() { std::uint64_t v = 0; raw(&v, sizeof v); return v; }
    std::string str() {
        std::uint32_t n = u32();
        if (n > rest_.size()) { ok_ = false; return {}; }
        std::string s(rest_.substr(0, n));
        rest_.remove_prefix(n);
        return s;
    }
    FileId id() { FileId f; f.dev = u64(); f.ino = u64(); f.size = u64(); f.mtime_ns = u64(); return f; }
    // A count of items each at least `min_bytes` long: bounded by what is left.
    std::uint32_t count(std::size_t min_bytes) {
        std::uint32_t n = u32();
        if (n > rest_.size() / min_bytes) { ok_ = false; return 0; }
        return n;
    }
    bool ok() const { return ok_; }
    bool at_end() const { return rest_.empty(); }
private:
    void raw(void* out, std::size_t n) {
        if (rest_.size() < n) { ok_ = false; rest_ = {}; return; }
        std::memcpy(out, rest_.data(), n);
        rest_.remove_prefix(n);
    }
    std::string_view rest_;
    bool ok_ = true;
};

}  // namespace

Result<guest::GuestLayout> warm_layout(std::uint64_t image_span) {
    auto layout = guest::plan_layout(kWarmMemory, image_span, kWarmBootArea, "the warm guest", kWarmPayloadWindow);
    if (!layout) return layout;
    layout->payload_size = 0;
    layout->companions_start = layout->payload_start;
    return layout;
}

bool fits_window(std::uint64_t program_size, const std::vector<guest::BootInputs::Companion>& companions) {
    if (program_size > kWarmPayloadWindow) return false;
    std::uint64_t total = page_up(program_size);
    for (const auto& companion : companions) {
        if (companion.size > kWarmPayloadWindow) return false;
        total += page_up(companion.size);
    }
    return total <= kWarmPayloadWindow;
}

bool place_in_window(guest::GuestLayout& layout, std::uint64_t program_size,
                     const std::vector<guest::BootInputs::Companion>& companions) {
    // warm_layout puts the window right below the image: [payload_start, image_start).
    if (!fits_window(program_size, companions) || layout.image_start - layout.payload_start < kWarmPayloadWindow)
        return false;
    layout.payload_size = program_size;
    layout.companions_start = layout.payload_start + page_up(program_size);
    return true;
}

Result<FileId> file_id(const std::string& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return fail("cannot stat " + path + ": " + std::strerror(errno));
    return FileId{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                  static_cast<std::uint64_t>(st.st_size),
                  static_cast<std::uint64_t>(st.st_mtim.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(st.st_mtim.tv_nsec)};
}

std::string encode_request(const WarmRequest& request) {
    Writer w;
    w.u32(kRequestMagic);
    w.u32(kRequestVersion);
    w.id(request.celda);
    w.id(request.image);
    w.u32(request.payload_kind);
    w.u32(request.trace_flags);
    w.u32(request.monitor_trace ? 1 : 0);
    w.u64(request.program_size);
    const guest::BootInputs& in = request.inputs;
    w.u32(static_cast<std::uint32_t>(in.argv.size()));
    for (const auto& s : in.argv) w.str(s);
    w.u32(static_cast<std::uint32_t>(in.env.size()));
    for (const auto& s : in.env) w.str(s);
    w.str(in.payload_path);
    w.str(in.workdir);
    w.u32(static_cast<std::uint32_t>(in.companions.size()));
    for (const auto& c : in.companions) {
        w.str(c.name);
        w.u64(c.size);
    }
    return w.take();
}

Result<WarmRequest> decode_request(std::string_view bytes) {
    Reader r(bytes);
    if (r.u32() != kRequestMagic || r.u32() != kRequestVersion)
        return fail("not a request from this version of celda");
    WarmRequest request;
    request.celda = r.id();
    request.image = r.id();
    request.payload_kind = r.u32();
    request.trace_flags = r.u32();
    request.monitor_trace = r.u32() != 0;
    request.program_size = r.u64();
    guest::BootInputs& in = request.inputs;
    for (std::uint32_t n = r.count(4); n > 0 && r.ok(); --n) in.argv.push_back(r.str());
    for (std::uint32_t n = r.count(4); n > 0 && r.ok(); --n) in.env.push_back(r.str());
    in.payload_path = r.str();
    in.workdir = r.str();
    const std::uint32_t companions = r.count(12);
    if (companions > CELDA_MAX_COMPANIONS) return fail("malformed request: too many DLLs");
    for (std::uint32_t i = 0; i < companions && r.ok(); ++i) {
        guest::BootInputs::Companion c;
        c.name = r.str();
        c.size = r.u64();
        in.companions.push_back(std::move(c));
    }
    if (!r.ok() || !r.at_end()) return fail("malformed request: lengths do not match its size");
    if (in.argv.empty()) return fail("malformed request: no argv[0]");
    in.payload_kind = request.payload_kind;
    in.trace_flags = request.trace_flags;
    return request;
}

}  // namespace celda::serve
