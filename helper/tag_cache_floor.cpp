// SPDX-License-Identifier: GPL-2.0-or-later
#include "tag_cache_floor.h"

#include <algorithm>

namespace aeadswap {

std::optional<BufioCache> bufio_cache_to_set(uint64_t current, uint64_t mem_total, uint64_t tag_bytes) {
    uint64_t need = mem_total / 100 * kBufioDefaultPercent + tag_bytes;
    BufioCache c{std::min(need, mem_total / kBufioMaxDivisor), need > mem_total / kBufioMaxDivisor};
    if (current >= c.bytes) return std::nullopt;
    return c;
}

std::optional<uint64_t> bufio_retain_to_set(uint64_t current, uint64_t largest_device_tags, uint64_t cache) {
    uint64_t want = std::min(largest_device_tags, cache);
    if (current >= want) return std::nullopt;
    return want;
}

}  // namespace aeadswap
