#include "tag_cache_floor.h"

#include <algorithm>

namespace aeadswap {

std::optional<uint64_t> bufio_cache_to_set(uint64_t current, uint64_t mem_total, uint64_t tag_bytes) {
    uint64_t want = std::min(mem_total / 100 * kBufioDefaultPercent + tag_bytes, mem_total / kBufioMaxDivisor);
    if (current >= want) return std::nullopt;
    return want;
}

}  // namespace aeadswap
