// SPDX-License-Identifier: GPL-2.0-or-later
#include "swap_readahead.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace aeadswap {

std::optional<KernelVersion> parse_kernel_release(std::string_view release) {
    KernelVersion k;
    const char* end = release.data() + release.size();
    auto a = std::from_chars(release.data(), end, k.major);
    if (a.ec != std::errc() || a.ptr == end || *a.ptr != '.') return std::nullopt;
    auto b = std::from_chars(a.ptr + 1, end, k.minor);
    if (b.ec != std::errc()) return std::nullopt;
    return k;
}

bool reads_swap_page_by_page(KernelVersion k) {
    // tests/vm: the tamper case on 6.1 (integrity.bats, kernel-matrix.bats) and on 6.12 (the
    // matrix and the Debian 13 systems), each at the kernel's page-cluster.
    static constexpr std::array<KernelVersion, 2> proven = {{{6, 1}, {6, 12}}};
    return std::any_of(proven.begin(), proven.end(),
                       [&](const KernelVersion& p) { return p.major == k.major && p.minor == k.minor; });
}

std::string to_string(KernelVersion k) { return std::to_string(k.major) + "." + std::to_string(k.minor); }

}  // namespace aeadswap
