// SPDX-License-Identifier: GPL-2.0-or-later
// How big dm-bufio's cache must be for the tags of the swap, and how much of each device's it
// must keep under memory pressure: dm-integrity reads and writes every tag through it. Pure.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

namespace aeadswap {

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

}  // namespace aeadswap
