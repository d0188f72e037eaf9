// SPDX-License-Identifier: GPL-2.0-or-later
#include "min_free_floor.h"

#include <algorithm>

namespace aeadswap {

std::optional<long> min_free_kbytes_to_set(long current_kib, long mem_total_kib) {
    long floor = std::min(kMinFreeFloorKiB, mem_total_kib / 8);
    if (current_kib >= floor) return std::nullopt;
    return floor;
}

}  // namespace aeadswap
