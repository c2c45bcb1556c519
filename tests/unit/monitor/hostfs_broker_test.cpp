// The share broker as a hostile child would use it: requests are built by hand, so paths the
// guest VFS would never send ("..", absolute, NUL inside) are tried too.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "hostfs/broker.h"

using namespace celda::hostfs;

namespace {

struct Fixture {
    std::string dir;
    std::vector<HostShare> shares;
    Fixture() {
        char templ[] = "/tmp/celda-broker-XXXXXX";
        dir = mkdtemp(templ);
        mkdir((dir + "/share").c_str(), 0755);
        mkdir((dir + "/share/sub").c_str(), 0755);
        std::ofstream(dir + "/share/in.txt") << "in";
        std::ofstream(dir + "/out.txt") << "out";
        symlink("../out.txt", (dir + "/share/rel").c_str());
        symlink((dir + "/out.txt").c_str(), (dir + "/share/abs").c_str());
        symlink("/proc/self/root/etc/passwd", (dir + "/share/magic").c_str());
        mkfifo((dir + "/share/fifo").c_str(), 0644);
        std::vector<celda::cli::ShareSpec> specs{{dir + "/share", "/rw", false, "rw"}, {dir + "/share", "/ro", true, "ro"}};
        auto opened = open_shares(specs);
        REQUIRE(opened.has_value());
        shares = std::move(*opened);
    }
    ~Fixture() { std::system(("rm -rf " + dir).c_str()); }

    long call(std::uint32_t op, std::uint32_t share, const std::string& path, std::uint32_t flags = 0,
              const std::string& path2 = "", int* fd_out = nullptr) {
        auto request = std::make_unique<BrokerRequest>();
        auto reply = std::make_unique<BrokerReply>();
        request->op = op;
        request->share = share;
        request->flags = flags;
        request->mode = 0644;
        request->path_len = static_cast<std::uint32_t>(path.size());
        std::memcpy(request->path, path.data(), path.size());
        request->path2_len = static_cast<std::uint32_t>(path2.size());
        std::memcpy(request->path2, path2.data(), path2.size());
        int fd = -1;
        perform(shares, *request, *reply, fd);
        if (fd_out) *fd_out = fd;
        else if (fd >= 0) close(fd);
        return reply->result;
    }
};

}  // namespace

TEST_CASE("the broker opens beneath the share and nowhere else") {
    Fixture f;
    int fd = -1;
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, "in.txt", 0, "", &fd) == 0);
    REQUIRE(fd >= 0);
    char text[8] = {};
    CHECK(read(fd, text, sizeof text) == 2);
    close(fd);
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, "sub/../in.txt") == -EACCES);  // ".." refused outright
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, "../out.txt") == -EACCES);
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, f.dir + "/out.txt") == -EACCES);  // absolute
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, "rel") == -EACCES);               // symlink out
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, "abs") == -EACCES);
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, "magic") == -EACCES);
    CHECK(f.call(CELDA_HOSTFS_STAT, 0, "rel") == -EACCES);
    CHECK(f.call(CELDA_HOSTFS_STAT, 0, "rel", CELDA_HOSTFS_NOFOLLOW) == 0);  // the link itself is inside
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, std::string("in.txt\0x", 8)) == -EACCES);
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, "fifo") == -EACCES);  // only files and directories
    CHECK(f.call(CELDA_HOSTFS_OPEN, 2, "in.txt") == -EINVAL);  // no such share
    CHECK(f.call(CELDA_HOSTFS_OPEN, 0, "in.txt", 0x40000000) == -EINVAL);  // unknown flag
    CHECK(f.call(CELDA_HOSTFS_RENAME, 0, "in.txt", 0, "../stolen") == -EACCES);
    CHECK(f.call(CELDA_HOSTFS_UNLINK, 0, "..") == -EACCES);
    CHECK(f.call(CELDA_HOSTFS_MKDIR, 0, ".") == -EINVAL);
    CHECK(f.call(CELDA_HOSTFS_MKDIR, 0, "rel/x") == -EACCES);   // parent through a symlink out
    CHECK(access((f.dir + "/stolen").c_str(), F_OK) != 0);
}

TEST_CASE("a read-only share refuses every modification") {
    Fixture f;
    int fd = -1;
    CHECK(f.call(CELDA_HOSTFS_OPEN, 1, "in.txt", CELDA_HOSTFS_O_RDONLY | CELDA_HOSTFS_O_CREAT, "", &fd) == 0);
    REQUIRE(fd >= 0);
    CHECK(write(fd, "x", 1) < 0);  // the descriptor itself is read-only
    close(fd);
    CHECK(f.call(CELDA_HOSTFS_OPEN, 1, "in.txt", CELDA_HOSTFS_O_WRONLY) == -EROFS);
    CHECK(f.call(CELDA_HOSTFS_OPEN, 1, "in.txt", CELDA_HOSTFS_O_RDWR) == -EROFS);
    CHECK(f.call(CELDA_HOSTFS_OPEN, 1, "in.txt", CELDA_HOSTFS_O_TRUNC) == -EROFS);
    CHECK(f.call(CELDA_HOSTFS_OPEN, 1, "new", CELDA_HOSTFS_O_CREAT) == -EROFS);
    CHECK(f.call(CELDA_HOSTFS_MKDIR, 1, "d") == -EROFS);
    CHECK(f.call(CELDA_HOSTFS_UNLINK, 1, "in.txt") == -EROFS);
    CHECK(f.call(CELDA_HOSTFS_RENAME, 1, "in.txt", 0, "x") == -EROFS);
    CHECK(f.call(CELDA_HOSTFS_SYMLINK, 1, "l", 0, "in.txt") == -EROFS);
    CHECK(f.call(CELDA_HOSTFS_CHMOD, 1, "in.txt") == -EROFS);
    CHECK(access((f.dir + "/share/in.txt").c_str(), F_OK) == 0);
    CHECK(f.call(CELDA_HOSTFS_MKDIR, 0, "d") == 0);  // the same directory, writable share
}

TEST_CASE("chmod changes a file or directory beneath the share, never through a symlink") {
    Fixture f;
    struct stat st{};
    CHECK(f.call(CELDA_HOSTFS_CHMOD, 0, "in.txt") == 0);   // the fixture's mode: 0644
    REQUIRE(stat((f.dir + "/share/in.txt").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0644);
    auto request_mode = [&](const std::string& path, std::uint32_t mode) {
        auto request = std::make_unique<BrokerRequest>();
        auto reply = std::make_unique<BrokerReply>();
        request->op = CELDA_HOSTFS_CHMOD;
        request->share = 0;
        request->mode = mode;
        request->path_len = static_cast<std::uint32_t>(path.size());
        std::memcpy(request->path, path.data(), path.size());
        int fd = -1;
        perform(f.shares, *request, *reply, fd);
        return reply->result;
    };
    CHECK(request_mode("in.txt", 0444) == 0);
    REQUIRE(stat((f.dir + "/share/in.txt").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0444);
    CHECK(request_mode("sub", 0700) == 0);
    REQUIRE(stat((f.dir + "/share/sub").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0700);
    // nosuid: a guest never makes a setuid, setgid or sticky file or directory on the host
    CHECK(request_mode("in.txt", 06755) == 0);
    REQUIRE(stat((f.dir + "/share/in.txt").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0755);
    CHECK(request_mode("sub", 03775) == 0);
    REQUIRE(stat((f.dir + "/share/sub").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0775);
    CHECK(request_mode("abs", 0600) == -EOPNOTSUPP);   // a symlink (to a file outside): not followed
    CHECK(request_mode("rel", 0600) == -EOPNOTSUPP);
    REQUIRE(stat((f.dir + "/out.txt").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) != 0600);
    CHECK(request_mode("../out.txt", 0600) == -EACCES);
    CHECK(request_mode("fifo", 0600) == -EACCES);
    CHECK(request_mode("missing", 0600) == -ENOENT);
}

TEST_CASE("a -v directory that does not exist is refused in one line") {
    std::vector<celda::cli::ShareSpec> specs{{"/nonexistent/celda", "/x", false, "/nonexistent/celda:/x"}};
    auto opened = open_shares(specs);
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().message == "-v /nonexistent/celda:/x: host directory /nonexistent/celda does not exist");
}
