// SPDX-License-Identifier: GPL-2.0-or-later
// The swap area header (include/linux/swap.h, union swap_header), written as one page.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aeadswap {

// Where sws_uuid sits in page 0.
inline constexpr size_t kSwapUuidOffset = 1036;

// A complete page 0 for a swap area of `device_bytes`, in host byte order as the kernel reads it.
// `uuid` goes to sws_uuid and `label` (up to 16 bytes) to sws_volume: the kernel ignores them,
// blkid shows them.
std::vector<uint8_t> make_swap_header(uint64_t device_bytes, unsigned page_size, const std::array<uint8_t, 16>& uuid,
                                      const std::string& label = "");

// "0b7f3a5e-2c51-4c39-9d1e-6a4f6a1c2b11" as 16 bytes, in the order blkid prints them.
std::optional<std::array<uint8_t, 16>> parse_uuid(std::string_view text);

// True when page 0 bytes carry "SWAPSPACE2" (or the old "SWAP-SPACE") at page_size - 10.
bool has_swap_signature(const uint8_t* page, size_t len, unsigned page_size);

}  // namespace aeadswap
