// SPDX-License-Identifier: GPL-2.0-or-later
// Which kernels keep "one bad sector, one lost page" with swap readahead on. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aeadswap {

struct KernelVersion {
    unsigned major = 0, minor = 0;
};

// "6.12.117+deb13-amd64" -> 6.12; nothing when it does not start with two numbers.
std::optional<KernelVersion> parse_kernel_release(std::string_view release);

// Whether a kernel of this series reads each page of a swap readahead window in a request of its
// own, so that a page failing its tag fails alone: the series whose tamper case gave exact counts
// at the kernel's own page-cluster (3) in the VM suite. Since 7.x the kernel merges the window
// into one bio (page_cluster_sysctl.h); a series not proven either way gets readahead off.
bool reads_swap_page_by_page(KernelVersion k);

// "6.12", for log lines.
std::string to_string(KernelVersion k);

}  // namespace aeadswap
