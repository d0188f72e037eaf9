// The kernel log from a point on: the reason the kernel gives for refusing a table is only in its
// log, not in the ioctl's errno.
#pragma once

#include <string>

namespace aeadswap {

class KmsgCursor {
public:
    KmsgCursor();  // at the end of the log as it is now
    KmsgCursor(const KmsgCursor&) = delete;
    KmsgCursor& operator=(const KmsgCursor&) = delete;
    ~KmsgCursor();

    // device-mapper's table errors logged since, joined by "; ", or `fallback` when there are none
    // (or /dev/kmsg cannot be read).
    std::string dm_table_errors(const std::string& fallback);

private:
    int fd_ = -1;
};

}  // namespace aeadswap
