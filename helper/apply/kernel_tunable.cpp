// SPDX-License-Identifier: GPL-2.0-or-later
#include "kernel_tunable.h"

#include <fstream>

namespace aeadswap {

std::optional<long> sysctl_read(const char* path) {
    long value = 0;
    if (std::ifstream in(path); in >> value) return value;
    return std::nullopt;
}

bool sysctl_write(const char* path, long value) {
    std::ofstream out(path);
    out << value << '\n';
    out.flush();
    return static_cast<bool>(out);
}

}  // namespace aeadswap
