// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel settings a start adjusts before swapon (the free-memory reserve, dm-bufio's cache for
// the tags, swap readahead): the values, and the plan's steps for them. Pure.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmdline.h"
#include "plan.h"

namespace aeadswap {

// ---- The free-memory reserve

// The floor aeadswap puts under vm.min_free_kbytes, the free memory the kernel keeps for reclaim
// and for the I/O that reclaim starts.



// Writing a swap page through dm-crypt and dm-integrity needs memory of its own (an encrypted copy,
// tag buffers) at the moment the kernel is short of it. With the reserve the kernel computes for
// small machines, or with transparent hugepages off (4*sqrt(RAM in KiB): 1.4 MiB at 192 MiB,
// 8 MiB at 4 GiB), 6.1 stalled for good when four processes wrote twice the RAM; with 8 and 16
// MiB it did not. The kernel raises the reserve itself to tens of MiB when hugepages are on.
inline constexpr long kMinFreeFloorKiB = 16384;

// The value to write, or nothing when the reserve is already at least the floor. The floor is at
// most an eighth of the RAM, for very small machines.
std::optional<long> min_free_kbytes_to_set(long current_kib, long mem_total_kib);

// ---- dm-bufio's cache

// How big dm-bufio's cache must be for the tags of the swap, and how much of each device's it
// must keep under memory pressure: dm-integrity reads and writes every tag through it. Pure.



// dm-bufio has one cache for all of its users, 2 % of the RAM by default (drivers/md/dm-bufio.c,
// DM_BUFIO_MEMORY_PERCENT), and evicts the oldest buffers when it holds more. A mirror keeps two
// copies of the tags (0.78 % of the swap each): when they outgrow the cache, every tag read under
// memory pressure evicts a buffer, allocates one and reads it back, and the swap crawls (7.3,
// twice the RAM on a mirror: the random pass took 338 s with the default cache, 39 s with room for
// the tags; BENCHMARKS.md). The cache is a limit, not an allocation: buffers exist only for tags
// in use, and dm-bufio's shrinker frees clean ones under memory pressure.
inline constexpr unsigned kBufioDefaultPercent = 2;
// No more than an eighth of the RAM, whatever the tags would need.
inline constexpr unsigned kBufioMaxDivisor = 8;

struct BufioCache {
    uint64_t bytes = 0;
    bool capped = false;  // the eighth of the RAM, less than the tags need
};

// The cache size to set: the kernel's default for this RAM plus the tags, at most an eighth of
// the RAM; nothing when the cache is already that big (aeadswap only ever raises it).
std::optional<BufioCache> bufio_cache_to_set(uint64_t current, uint64_t mem_total, uint64_t tag_bytes);

// Under memory pressure dm-bufio's shrinker frees clean buffers of each client (each dm-integrity
// device) down to `retain_bytes`, 256 KiB by default. Swap is where memory is short: the freed
// tag buffers are wanted again at once, and dm-integrity's worker allocates each anew (GFP_NOIO)
// inside direct reclaim. On a mirror that stalled 6.1 for good under the fill of twice the RAM,
// 2 boots of 2; with each leg's tags retained it did not (docs/layouts.md, "Mirrored swap").
// The value to set: the largest device's tags, at most the cache; nothing when it is already so.
std::optional<uint64_t> bufio_retain_to_set(uint64_t current, uint64_t largest_device_tags, uint64_t cache);

// The tags on disk of the entries set up so far: their sum fills the one cache, and the largest
// one device's is what each client should keep.
struct TagsOnDisk {
    uint64_t total = 0;
    uint64_t largest = 0;
    void add(const TagsOnDisk& t) {
        total += t.total;
        largest = std::max(largest, t.largest);
    }
    void add_device(uint64_t bytes) { add({bytes, bytes}); }
};

// ---- Swap readahead

// Since 7.x the kernel reads the pages of a swap readahead window that lie next to each other on
// the device in one bio, and one bio has one status: a single sector that fails its tag in
// dm-crypt fails the whole window, up to 2^page-cluster pages (8 by default), and every process
// with a page in it gets SIGBUS. Measured on Debian's 7.3: 2056 reads of 8 pages for 16384 pages
// swapped in, and 13307 of 13312 untampered pages lost to 3072 tampered ones; with page-cluster 0,
// exactly the 3072. The kernel merges any contiguous folios in the window, whatever the device's
// limits (max_sectors_kb and read_ahead_kb of the dm devices changed nothing), so the readahead
// window itself is the only lever, and it is system-wide: readahead=auto turns it off unless the
// running kernel is one proven to read page by page, off turns it off, on leaves it.



struct KernelVersion {
    unsigned major = 0, minor = 0;
};

// "6.12.117+deb13-amd64" -> 6.12; nothing when it does not start with two numbers.
std::optional<KernelVersion> parse_kernel_release(std::string_view release);

// Whether a kernel of this series reads each page of a swap readahead window in a request of its
// own, so that a page failing its tag fails alone: the series whose tamper case gave exact counts
// at the kernel's own page-cluster (3) in the VM suite. Since 7.x the kernel merges the window
// into one bio (above); a series not proven either way gets readahead off.
bool reads_swap_page_by_page(KernelVersion k);

// "6.12", for log lines.
std::string to_string(KernelVersion k);

// ---- The steps

// The settings as read before this entry's plan (nothing where a file could not be read).
struct TunableFacts {
    uint64_t mem_total = 0;
    std::optional<long> min_free_kbytes, page_cluster, bufio_cache, bufio_retain;
    std::optional<KernelVersion> kernel;
};

inline constexpr const char* kMinFreeKbytes = "/proc/sys/vm/min_free_kbytes";
inline constexpr const char* kPageCluster = "/proc/sys/vm/page-cluster";
inline constexpr const char* kBufioCache = "/sys/module/dm_bufio/parameters/max_cache_size_bytes";
inline constexpr const char* kBufioRetain = "/sys/module/dm_bufio/parameters/retain_bytes";

// The steps for one entry whose tags on disk are `entry` (both legs of a mirror), after the
// entries of this process set up before it (`earlier`), and the notes for what is left as it is.
// Swap works without any of them: a setting that cannot be read or written is a warning. The
// kernel only ever raises the reserve further; a value in /etc/sysctl.d, applied by the root's
// systemd-sysctl later in boot, wins over any of them.
void plan_tunables(const TunableFacts& f, Readahead policy, const TagsOnDisk& earlier, const TagsOnDisk& entry,
                   std::vector<Step>& steps, std::vector<Note>& notes);

}  // namespace aeadswap
