// SPDX-License-Identifier: GPL-2.0-or-later
#include "kernel_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "kmsg_record.h"

namespace aeadswap {

KernelLog::KernelLog(From from) {
    fd_ = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ >= 0 && from == From::now) lseek(fd_, 0, SEEK_END);
}

KernelLog::~KernelLog() {
    if (fd_ >= 0) close(fd_);
}

std::vector<std::string> KernelLog::records() {
    std::vector<std::string> out;
    char buf[8192];
    while (fd_ >= 0) {
        ssize_t r = read(fd_, buf, sizeof buf);
        if (r < 0 && errno == EPIPE) continue;  // overwritten records: skip on
        if (r <= 0) break;
        out.emplace_back(buf, static_cast<size_t>(r));
    }
    return out;
}

std::string KernelLog::dm_table_errors(const std::string& fallback) {
    std::string out;
    for (const auto& r : records())
        if (auto e = kernel_dm_table_error(r)) out += (out.empty() ? "" : "; ") + *e;
    return out.empty() ? fallback : out;
}

}  // namespace aeadswap
