// SPDX-License-Identifier: GPL-2.0-or-later
// The floor aeadswap puts under vm.min_free_kbytes, the free memory the kernel keeps for reclaim
// and for the I/O that reclaim starts.
#pragma once

#include <optional>

namespace aeadswap {

// Writing a swap page through dm-crypt and dm-integrity needs memory of its own (an encrypted copy,
// tag buffers) at the moment the kernel is short of it. With the reserve the kernel computes for
// small machines, or with transparent hugepages off (4*sqrt(RAM in KiB): 1.4 MiB at 192 MiB,
// 8 MiB at 4 GiB), 6.1 stalled for good when four processes wrote twice the RAM; with 8 and 16
// MiB it did not. The kernel raises the reserve itself to tens of MiB when hugepages are on.
inline constexpr long kMinFreeFloorKiB = 16384;

// The value to write, or nothing when the reserve is already at least the floor. The floor is at
// most an eighth of the RAM, for very small machines.
std::optional<long> min_free_kbytes_to_set(long current_kib, long mem_total_kib);

}  // namespace aeadswap
