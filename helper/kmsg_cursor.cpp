#include "kmsg_cursor.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "kmsg_record.h"

namespace aeadswap {

KmsgCursor::KmsgCursor() {
    fd_ = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ >= 0) lseek(fd_, 0, SEEK_END);
}

KmsgCursor::~KmsgCursor() {
    if (fd_ >= 0) close(fd_);
}

std::string KmsgCursor::dm_table_errors(const std::string& fallback) {
    std::string out;
    char buf[8192];
    while (fd_ >= 0) {
        ssize_t r = read(fd_, buf, sizeof buf);
        if (r < 0 && errno == EPIPE) continue;  // overwritten records: skip on
        if (r <= 0) break;
        if (auto e = kernel_dm_table_error(std::string_view(buf, static_cast<size_t>(r))))
            out += (out.empty() ? "" : "; ") + *e;
    }
    return out.empty() ? fallback : out;
}

}  // namespace aeadswap
