// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel log through /dev/kmsg, one record per read: status counts AEAD errors and md repairs
// in it since boot, and setup reads the reason the kernel gives for refusing a table, which is only
// in its log, not in the ioctl's errno.
#pragma once

#include <string>
#include <vector>

namespace aeadswap {

class KernelLog {
public:
    enum class From { boot, now };
    explicit KernelLog(From from);
    KernelLog(const KernelLog&) = delete;
    KernelLog& operator=(const KernelLog&) = delete;
    ~KernelLog();

    // The records logged since the last call (or since `from`); none when /dev/kmsg cannot be read.
    std::vector<std::string> records();

    // device-mapper's table errors logged since, joined by "; ", or `fallback` when there are none.
    std::string dm_table_errors(const std::string& fallback);

private:
    int fd_ = -1;
};

}  // namespace aeadswap
