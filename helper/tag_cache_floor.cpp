#include "tag_cache_floor.h"

#include <algorithm>

namespace aeadswap {

std::optional<BufioCache> bufio_cache_to_set(uint64_t current, uint64_t mem_total, uint64_t tag_bytes) {
    uint64_t need = mem_total / 100 * kBufioDefaultPercent + tag_bytes;
    BufioCache c{std::min(need, mem_total / kBufioMaxDivisor), need > mem_total / kBufioMaxDivisor};
    if (current >= c.bytes) return std::nullopt;
    return c;
}

}  // namespace aeadswap
