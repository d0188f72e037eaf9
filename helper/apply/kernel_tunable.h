// SPDX-License-Identifier: GPL-2.0-or-later
// Reading and writing one integer in a kernel file under /proc/sys or /sys/module: the system
// settings the helper reads before a plan and sets in its steps (tuning.h).
#pragma once

#include <optional>

namespace aeadswap {

std::optional<long> sysctl_read(const char* path);

// Whether the kernel took the value.
bool sysctl_write(const char* path, long value);

}  // namespace aeadswap
