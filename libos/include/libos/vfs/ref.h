// Intrusive reference counting for VFS objects (nodes, open files): shared by directory
// entries, fd tables and dup'd descriptors, freed when the last reference goes.
#pragma once

#include <stdint.h>

namespace libos::vfs {

class RefCounted {
public:
    void ref() { ++refs_; }
    void unref() {
        if (--refs_ == 0) delete this;
    }

protected:
    RefCounted() = default;
    virtual ~RefCounted() = default;

private:
    uint32_t refs_ = 0;
};

template <typename T>
class Ref {
public:
    Ref() = default;
    Ref(T* object) : object_(object) { if (object_) object_->ref(); }
    Ref(const Ref& other) : Ref(other.object_) {}
    Ref(Ref&& other) noexcept : object_(other.object_) { other.object_ = nullptr; }
    template <typename U>
    Ref(const Ref<U>& other) : Ref(other.get()) {}
    ~Ref() { reset(); }
    Ref& operator=(const Ref& other) {
        if (other.object_) other.object_->ref();
        reset();
        object_ = other.object_;
        return *this;
    }
    Ref& operator=(Ref&& other) noexcept {
        if (this != &other) {
            reset();
            object_ = other.object_;
            other.object_ = nullptr;
        }
        return *this;
    }
    void reset() {
        if (object_) object_->unref();
        object_ = nullptr;
    }
    T* get() const { return object_; }
    T* operator->() const { return object_; }
    T& operator*() const { return *object_; }
    explicit operator bool() const { return object_ != nullptr; }

private:
    T* object_ = nullptr;
};

}  // namespace libos::vfs
