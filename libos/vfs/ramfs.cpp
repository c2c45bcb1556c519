// The in-memory file system (see libos/vfs/ramfs.h).
#include <libos/vfs/ramfs.h>

#include <libos/libc.h>
#include <libos/memory.h>
#include <libos/time.h>

namespace libos::vfs {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;
constexpr size_t kChunkPages = kChunkBytes / kPageSize;
int ram_device_id_marker;

uint8_t dirent_type(uint32_t mode) {
    switch (mode & kTypeMask) {
        case kDirectory: return 4;
        case kRegular: return 8;
        case kSymlink: return 10;
        case kCharDevice: return 2;
        case kFifo: return 1;
        default: return 0;
    }
}

class RamNode : public Node {
public:
    explicit RamNode(uint32_t mode) {
        attr_.ino = next_inode_number();
        attr_.mode = mode;
        attr_.dev = 1;
        attr_.atime_ns = attr_.mtime_ns = attr_.ctime_ns = now_ns_for_files();
    }
    int getattr(Attr& out) override {
        fill_size();
        out = attr_;
        return 0;
    }
    const void* filesystem() const override { return &ram_device_id_marker; }
    int set_times(const int64_t* access_ns, const int64_t* modify_ns, const int64_t* change_ns) override {
        if (access_ns) attr_.atime_ns = *access_ns;
        if (modify_ns) attr_.mtime_ns = *modify_ns;
        if (change_ns) attr_.ctime_ns = *change_ns;
        return 0;
    }
    int set_mode(uint32_t mode) override {
        attr_.mode = (attr_.mode & kTypeMask) | (mode & 07777);
        return 0;
    }
    Attr attr_;

protected:
    virtual void fill_size() {}
};

// ---- regular files ----
class RamFileData : public RamNode {
public:
    explicit RamFileData(uint32_t mode) : RamNode(kRegular | (mode & 07777)) {}
    ~RamFileData() override { resize_table(0); ::free(chunks_); }

    int open(int flags, Ref<File>& out) override;
    int truncate(uint64_t length) override {
        if (length > (1ull << 40)) return -err::EFBIG;
        // Zero the tail of the last kept chunk so that growing again reads zeros.
        size_t keep = (length + kChunkBytes - 1) / kChunkBytes;
        if (length % kChunkBytes && keep <= chunk_count_ && chunks_[keep - 1])
            memset(chunks_[keep - 1] + length % kChunkBytes, 0, kChunkBytes - length % kChunkBytes);
        if (keep < chunk_count_) resize_table(keep);
        size_ = length;
        touch();
        return 0;
    }
    int64_t read_at(void* buffer, size_t length, uint64_t offset) {
        if (offset >= size_) return 0;
        if (length > size_ - offset) length = size_ - offset;
        auto* out = static_cast<char*>(buffer);
        size_t done = 0;
        while (done < length) {
            uint64_t at = offset + done;
            size_t index = at / kChunkBytes, within = at % kChunkBytes;
            size_t n = kChunkBytes - within;
            if (n > length - done) n = length - done;
            char* chunk = index < chunk_count_ ? chunks_[index] : nullptr;
            if (chunk) memcpy(out + done, chunk + within, n);
            else memset(out + done, 0, n);
            done += n;
        }
        return static_cast<int64_t>(done);
    }
    int64_t write_at(const void* buffer, size_t length, uint64_t offset) {
        if (offset + length > (1ull << 40)) return -err::EFBIG;
        auto* in = static_cast<const char*>(buffer);
        size_t done = 0;
        while (done < length) {
            uint64_t at = offset + done;
            size_t index = at / kChunkBytes, within = at % kChunkBytes;
            size_t n = kChunkBytes - within;
            if (n > length - done) n = length - done;
            char* chunk = chunk_for_writing(index);
            if (!chunk) break;
            memcpy(chunk + within, in + done, n);
            done += n;
        }
        if (done == 0 && length > 0) return -err::ENOSPC;
        if (offset + done > size_) size_ = offset + done;
        touch();
        return static_cast<int64_t>(done);
    }
    uint64_t size() const { return size_; }

private:
    void fill_size() override {
        attr_.size = static_cast<int64_t>(size_);
        size_t used = 0;
        for (size_t i = 0; i < chunk_count_; ++i) used += chunks_[i] ? kChunkBytes : 0;
        attr_.blocks = static_cast<int64_t>(used / 512);
    }
    void touch() { attr_.mtime_ns = attr_.ctime_ns = now_ns_for_files(); }
    char* chunk_for_writing(size_t index) {
        if (index >= chunk_count_ && !grow_table(index + 1)) return nullptr;
        if (!chunks_[index]) {
            auto* chunk = static_cast<char*>(page_allocator().allocate_pages(kChunkPages));
            if (!chunk) return nullptr;
            memset(chunk, 0, kChunkBytes);
            chunks_[index] = chunk;
        }
        return chunks_[index];
    }
    bool grow_table(size_t count) {
        if (count <= capacity_) {
            chunk_count_ = count;
            return true;
        }
        size_t capacity = capacity_ ? capacity_ * 2 : 16;
        while (capacity < count) capacity *= 2;
        auto** table = static_cast<char**>(calloc(capacity, sizeof(char*)));
        if (!table) return false;
        if (chunks_) memcpy(table, chunks_, chunk_count_ * sizeof(char*));
        ::free(chunks_);
        chunks_ = table;
        capacity_ = capacity;
        chunk_count_ = count;
        return true;
    }
    void resize_table(size_t count) {
        for (size_t i = count; i < chunk_count_; ++i) {
            if (chunks_[i]) page_allocator().free_pages(chunks_[i], kChunkPages);
            chunks_[i] = nullptr;
        }
        chunk_count_ = count;
    }

    char** chunks_ = nullptr;
    size_t chunk_count_ = 0, capacity_ = 0;
    uint64_t size_ = 0;
};

class RamOpenFile final : public File {
public:
    explicit RamOpenFile(RamFileData* data) : data_(data) {}
    int64_t read(void* buffer, size_t length, uint64_t offset) override {
        return data_->read_at(buffer, length, offset);
    }
    int64_t write(const void* buffer, size_t length, uint64_t offset) override {
        if (status_flags & kAppend) offset = data_->size();
        return data_->write_at(buffer, length, offset);
    }
    int getattr(Attr& out) override { return data_->getattr(out); }
    int truncate(uint64_t length) override { return data_->truncate(length); }
    int set_times(const int64_t* a, const int64_t* m, const int64_t* c) override { return data_->set_times(a, m, c); }
    int set_mode(uint32_t mode) override { return data_->set_mode(mode); }

private:
    Ref<RamFileData> data_;
};

int RamFileData::open(int, Ref<File>& out) {
    auto* file = new RamOpenFile(this);
    out = Ref<File>(file);
    return 0;
}

// ---- symlinks ----
class RamSymlink final : public RamNode {
public:
    explicit RamSymlink(const char* target) : RamNode(kSymlink | 0777), target_(duplicate_string(target)) {
        attr_.size = static_cast<int64_t>(strlen(target));
    }
    ~RamSymlink() override { ::free(target_); }
    int open(int flags, Ref<File>& out) override;
    int readlink(char* buffer, size_t size) override {
        size_t n = strlen(target_);
        if (n > size) n = size;
        memcpy(buffer, target_, n);
        return static_cast<int>(n);
    }

private:
    char* target_;
};

// An O_PATH descriptor of a symlink or directory: fstat works, I/O does not.
class PathOnlyFile final : public File {
public:
    explicit PathOnlyFile(Node* node) : node_(node) {}
    int getattr(Attr& out) override { return node_->getattr(out); }
    int set_times(const int64_t* a, const int64_t* m, const int64_t* c) override { return node_->set_times(a, m, c); }
    int set_mode(uint32_t mode) override { return node_->set_mode(mode); }
    int64_t read(void*, size_t, uint64_t) override { return -err::EBADF; }
    int64_t write(const void*, size_t, uint64_t) override { return -err::EBADF; }

private:
    Ref<Node> node_;
};

int RamSymlink::open(int, Ref<File>& out) {
    out = Ref<File>(new PathOnlyFile(this));
    return 0;
}

// ---- directories ----
class RamDirectory final : public RamNode {
public:
    struct Entry {
        char* name;
        Ref<Node> node;
        Entry* next;
    };

    explicit RamDirectory(uint32_t mode) : RamNode(kDirectory | (mode & 07777)) { attr_.nlink = 2; }
    ~RamDirectory() override {
        while (entries_) {
            Entry* e = entries_;
            entries_ = e->next;
            ::free(e->name);
            delete e;
        }
    }

    int open(int flags, Ref<File>& out) override;
    int lookup(const char* name, Ref<Node>& out) override {
        Entry* e = find(name);
        if (!e) return -err::ENOENT;
        out = e->node;
        return 0;
    }
    int create_file(const char* name, uint32_t mode, Ref<Node>& out) override {
        if (removed_) return -err::ENOENT;
        if (find(name)) return -err::EEXIST;
        Ref<Node> node(new RamFileData(mode));
        if (!add(name, node)) return -err::ENOSPC;
        out = node;
        return 0;
    }
    int mkdir(const char* name, uint32_t mode) override {
        if (removed_) return -err::ENOENT;
        if (find(name)) return -err::EEXIST;
        Ref<Node> node(new RamDirectory(mode));
        if (!add(name, node)) return -err::ENOSPC;
        ++attr_.nlink;
        return 0;
    }
    int symlink(const char* name, const char* target) override {
        if (find(name)) return -err::EEXIST;
        return add(name, Ref<Node>(new RamSymlink(target))) ? 0 : -err::ENOSPC;
    }
    int link(const char* name, Node& target) override {
        if (find(name)) return -err::EEXIST;
        if (target.filesystem() != filesystem()) return -err::EXDEV;
        Attr a;
        target.getattr(a);
        if ((a.mode & kTypeMask) == kDirectory) return -err::EPERM;
        static_cast<RamNode&>(target).attr_.nlink++;
        return add(name, Ref<Node>(&target)) ? 0 : -err::ENOSPC;
    }
    int unlink(const char* name, bool directory) override {
        Entry** link = &entries_;
        while (*link && strcmp((*link)->name, name) != 0) link = &(*link)->next;
        if (!*link) return -err::ENOENT;
        Attr a;
        (*link)->node->getattr(a);
        bool is_dir = (a.mode & kTypeMask) == kDirectory;
        if (directory && !is_dir) return -err::ENOTDIR;
        if (!directory && is_dir) return -err::EISDIR;
        if (is_dir) {
            auto* dir = static_cast<RamDirectory*>((*link)->node.get());
            if (dir->entries_) return -err::ENOTEMPTY;
            dir->removed_ = true;
            --attr_.nlink;
        } else {
            static_cast<RamNode*>((*link)->node.get())->attr_.nlink--;
        }
        Entry* e = *link;
        *link = e->next;
        ::free(e->name);
        delete e;
        touch();
        return 0;
    }
    int rename(const char* name, Node& to_dir, const char* to_name, unsigned flags) override {
        if (to_dir.filesystem() != filesystem()) return -err::EXDEV;
        auto& target = static_cast<RamDirectory&>(to_dir);
        Entry* source = find(name);
        if (!source) return -err::ENOENT;
        Ref<Node> moving = source->node;
        Attr a;
        moving->getattr(a);
        bool moving_dir = (a.mode & kTypeMask) == kDirectory;
        if (moving_dir && is_ancestor_or_self(static_cast<RamDirectory*>(moving.get()), &target))
            return -err::EINVAL;
        if (Entry* existing = target.find(to_name)) {
            if (existing->node.get() == moving.get()) return 0;
            if (flags & 1) return -err::EEXIST;  // RENAME_NOREPLACE
            Attr b;
            existing->node->getattr(b);
            bool existing_dir = (b.mode & kTypeMask) == kDirectory;
            if (moving_dir && !existing_dir) return -err::ENOTDIR;
            if (!moving_dir && existing_dir) return -err::EISDIR;
            int rc = target.unlink(to_name, existing_dir);
            if (rc < 0) return rc;
        }
        if (!target.add(to_name, moving)) return -err::ENOSPC;
        unlink_entry_only(name);
        if (moving_dir) {
            --attr_.nlink;
            ++target.attr_.nlink;
            static_cast<RamDirectory*>(moving.get())->parent_ = &target;
        }
        return 0;
    }

    bool add(const char* name, Ref<Node> node) {
        auto* e = new Entry{duplicate_string(name), node, nullptr};
        if (!e->name) {
            delete e;
            return false;
        }
        // Appended, so readdir lists entries in creation order, like most file systems.
        Entry** link = &entries_;
        while (*link) link = &(*link)->next;
        *link = e;
        if (node) {
            Attr a;
            node->getattr(a);
            if ((a.mode & kTypeMask) == kDirectory) static_cast<RamDirectory*>(node.get())->parent_ = this;
        }
        touch();
        return true;
    }
    Entry* find(const char* name) {
        for (Entry* e = entries_; e; e = e->next)
            if (strcmp(e->name, name) == 0) return e;
        return nullptr;
    }
    Entry* entries_ = nullptr;
    RamDirectory* parent_ = nullptr;
    bool removed_ = false;

private:
    void touch() { attr_.mtime_ns = attr_.ctime_ns = now_ns_for_files(); }
    void unlink_entry_only(const char* name) {
        Entry** link = &entries_;
        while (*link && strcmp((*link)->name, name) != 0) link = &(*link)->next;
        if (!*link) return;
        Entry* e = *link;
        *link = e->next;
        ::free(e->name);
        delete e;
        touch();
    }
    static bool is_ancestor_or_self(RamDirectory* maybe_ancestor, RamDirectory* dir) {
        for (RamDirectory* d = dir; d; d = d->parent_)
            if (d == maybe_ancestor) return true;
        return false;
    }
};

class RamDirectoryFile final : public File {
public:
    explicit RamDirectoryFile(RamDirectory* dir) : dir_(dir) {}
    int getattr(Attr& out) override { return dir_->getattr(out); }
    int set_times(const int64_t* a, const int64_t* m, const int64_t* c) override { return dir_->set_times(a, m, c); }
    int set_mode(uint32_t mode) override { return dir_->set_mode(mode); }
    int64_t read(void*, size_t, uint64_t) override { return -err::EISDIR; }
    int64_t write(const void*, size_t, uint64_t) override { return -err::EBADF; }
    // Cookies: 0 ".", 1 "..", then 2 + index into the entry list.
    int readdir(uint64_t& cookie, DirEntry& out) override {
        if (cookie < 2) {
            RamNode* node = cookie == 0 ? dir_.get() : (dir_->parent_ ? dir_->parent_ : dir_.get());
            out.ino = node->attr_.ino;
            out.type = 4;
            memcpy(out.name, cookie == 0 ? "." : "..", cookie == 0 ? 2 : 3);
            ++cookie;
            return 1;
        }
        uint64_t index = 2;
        for (RamDirectory::Entry* e = dir_->entries_; e; e = e->next, ++index) {
            if (index < cookie) continue;
            Attr a;
            e->node->getattr(a);
            out.ino = a.ino;
            out.type = dirent_type(a.mode);
            size_t n = strlen(e->name);
            if (n > 255) n = 255;
            memcpy(out.name, e->name, n);
            out.name[n] = '\0';
            cookie = index + 1;
            return 1;
        }
        return 0;
    }

private:
    Ref<RamDirectory> dir_;
};

int RamDirectory::open(int, Ref<File>& out) {
    out = Ref<File>(new RamDirectoryFile(this));
    return 0;
}

}  // namespace

uint64_t next_inode_number() {
    static uint64_t next = 2;
    return next++;
}

int64_t now_ns_for_files() { return static_cast<int64_t>(wall_ns()); }

Ref<Node> make_ram_directory(uint32_t mode) { return Ref<Node>(new RamDirectory(mode)); }

int ram_add_child(Node& directory, const char* name, Ref<Node> child) {
    auto& dir = static_cast<RamDirectory&>(directory);
    dir.unlink(name, false);
    return dir.add(name, child) ? 0 : -err::ENOSPC;
}

}  // namespace libos::vfs
