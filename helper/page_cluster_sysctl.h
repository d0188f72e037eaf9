// SPDX-License-Identifier: GPL-2.0-or-later
// Swap readahead (vm.page-cluster) set so that one page that fails its tag costs one page.
#pragma once

#include "cmdline.h"

namespace aeadswap {

// Since 7.x the kernel reads the pages of a swap readahead window that lie next to each other on
// the device in one bio, and one bio has one status: a single sector that fails its tag in
// dm-crypt fails the whole window, up to 2^page-cluster pages (8 by default), and every process
// with a page in it gets SIGBUS. Measured on Debian's 7.3: 2056 reads of 8 pages for 16384 pages
// swapped in, and 13307 of 13312 untampered pages lost to 3072 tampered ones; with page-cluster 0,
// exactly the 3072. The kernel merges any contiguous folios in the window, whatever the device's
// limits (max_sectors_kb and read_ahead_kb of the dm devices changed nothing), so the readahead
// window itself is the only lever, and it is system-wide: readahead=auto turns it off unless the
// running kernel is one proven to read page by page (swap_readahead.h), off turns it off, on
// leaves it. Like the free-memory floor, a failure is a warning, and a value set in /etc/sysctl.d
// (applied later by systemd-sysctl) wins.
void apply_swap_readahead(Readahead policy);

}  // namespace aeadswap
