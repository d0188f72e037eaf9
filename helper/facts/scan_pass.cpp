// SPDX-License-Identifier: GPL-2.0-or-later
#include "scan_pass.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

namespace aeadswap {
namespace {

using clock = std::chrono::steady_clock;

// The child: "S disk" before each disk, "F node" for each match, "E" at the end.
[[noreturn]] void child(int out, const std::vector<std::string>& disks, const ScanDisk& scan) {
    int null = open("/dev/null", O_RDWR);
    for (int fd = 0; fd <= 2; ++fd)
        if (null >= 0 && null != fd) dup2(null, fd);
    if (dup2(out, 3) == 3) close_range(4, ~0U, 0);
    auto put = [](std::string_view tag, const std::string& s) {
        std::string line = std::string(tag) + s + "\n";
        return write(3, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    };
    for (const auto& d : disks) {
        if (!put("S ", d)) _exit(1);
        for (const auto& node : scan(d))
            if (!put("F ", node)) _exit(1);
    }
    put("E", "");
    _exit(0);
}

struct Child {
    pid_t pid = -1;
    int in = -1;
};

Child start(const std::vector<std::string>& disks, const ScanDisk& scan) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return {};
    pid_t pid = fork();
    if (pid == 0) child(p[1], disks, scan);
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        return {};
    }
    return {pid, p[0]};
}

constexpr long kEnded = -1;     // the child finished, or died: what it found stands
constexpr long kNotBegun = -2;  // the child had not begun its first disk within `bound`

// Reads the child's lines into `r` until it ends or stalls on one disk past `bound`: the index of
// the disk it stalled on, or kEnded, or kNotBegun.
long follow(Child c, std::chrono::milliseconds bound, PassResult& r) {
    std::string buf;
    long current = -1;
    auto since = clock::now();
    for (;;) {
        // Rounded up: poll must not wake a millisecond before the bound and count that as a stall.
        auto left = std::chrono::ceil<std::chrono::milliseconds>(since + bound - clock::now()).count();
        pollfd pfd{c.in, POLLIN, 0};
        int n = left > 0 ? poll(&pfd, 1, static_cast<int>(left)) : 0;
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) return current < 0 ? kNotBegun : current;
        char chunk[512];
        ssize_t got = read(c.in, chunk, sizeof chunk);
        if (got <= 0) return kEnded;
        buf.append(chunk, static_cast<size_t>(got));
        for (size_t nl; (nl = buf.find('\n')) != std::string::npos; buf.erase(0, nl + 1)) {
            std::string line = buf.substr(0, nl);
            if (line == "E") return kEnded;
            if (line.rfind("F ", 0) == 0) r.found.push_back(line.substr(2));
            if (line.rfind("S ", 0) == 0) {
                ++current;
                since = clock::now();
            }
        }
    }
}

}  // namespace

PassResult scan_pass(const std::vector<std::string>& disks, const ScanDisk& scan, std::chrono::milliseconds bound) {
    PassResult r;
    std::vector<std::string> left = disks;
    while (!left.empty()) {
        Child c = start(left, scan);
        if (c.pid < 0) {
            for (const auto& d : left)
                for (auto& node : scan(d)) r.found.push_back(std::move(node));
            return r;
        }
        long stalled = follow(c, bound, r);
        close(c.in);
        if (stalled == kEnded) {
            waitpid(c.pid, nullptr, 0);
            return r;
        }
        // In an uninterruptible read, the child dies when the read ends; init reaps it then.
        kill(c.pid, SIGKILL);
        waitpid(c.pid, nullptr, WNOHANG);
        if (stalled == kNotBegun) return r;  // the next pass tries again
        r.unanswered.push_back(left[static_cast<size_t>(stalled)]);
        left.erase(left.begin(), left.begin() + stalled + 1);
    }
    return r;
}

}  // namespace aeadswap
