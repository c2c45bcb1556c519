// A host `struct stat` in the contract's layout (celda_hostfs_stat). Shared by the broker (stat
// of a path) and the HOSTFS hypercall (fstat of a granted descriptor); pure, so it is safe in
// the sandboxed child after lockdown.
#pragma once

#include <sys/stat.h>

#include <cstdint>

#include "celda/contract.h"

namespace celda::hostfs {

inline void to_contract_stat(const struct stat& st, celda_hostfs_stat& out) {
    auto ns = [](const timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; };
    out = {};
    out.dev = st.st_dev;
    out.ino = st.st_ino;
    out.nlink = st.st_nlink;
    out.mode = st.st_mode;
    out.uid = st.st_uid;
    out.gid = st.st_gid;
    out.rdev = st.st_rdev;
    out.size = st.st_size;
    out.blocks = st.st_blocks;
    out.block_size = st.st_blksize;
    out.atime_ns = ns(st.st_atim);
    out.mtime_ns = ns(st.st_mtim);
    out.ctime_ns = ns(st.st_ctim);
}

}  // namespace celda::hostfs
