// How big dm-bufio's cache must be for the tags of the swap: dm-integrity reads and writes every
// tag through it. Pure.
#pragma once

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

}  // namespace aeadswap
