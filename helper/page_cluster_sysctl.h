// Swap readahead off (vm.page-cluster = 0), so that one page that fails its tag costs one page.
#pragma once

namespace aeadswap {

// Since 7.x the kernel reads the pages of a swap readahead window that lie next to each other on
// the device in one bio, and one bio has one status: a single sector that fails its tag in
// dm-crypt fails the whole window, up to 2^page-cluster pages (8 by default), and every process
// with a page in it gets SIGBUS. Measured on Debian's 7.3: 2056 reads of 8 pages for 16384 pages
// swapped in, and 13307 of 13312 untampered pages lost to 3072 tampered ones; with page-cluster 0,
// exactly the 3072. The kernel merges any contiguous folios in the window, whatever the device's
// limits (max_sectors_kb and read_ahead_kb of the dm devices changed nothing), so the readahead
// window itself is the only lever, and it is system-wide. Like the free-memory floor, a failure
// is a warning, and a value set in /etc/sysctl.d (applied later by systemd-sysctl) wins.
void turn_off_swap_readahead();

}  // namespace aeadswap
