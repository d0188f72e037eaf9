// SPDX-License-Identifier: GPL-2.0-or-later
// How much RAM tags=ram holds, and whether that is within the entry's share of RAM. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace aeadswap {

// The bytes dm-integrity uses on its tag device for a raw device of `raw_bytes`: the superblock
// and one journal section (mode D never writes the journal, but it is laid out), then one tag per
// 4 KiB block of the whole raw device, in whole 64 KiB tag buffers. This is the kernel's own
// arithmetic (drivers/md/dm-integrity.c, calculate_device_limits with a meta device).
uint64_t tag_ram_bytes(uint64_t raw_bytes, unsigned tag_bytes);

// The refusal when `needed` exceeds `cap_percent` of `mem_total` bytes, naming both figures and
// how to raise the cap; nullopt within it.
std::optional<std::string> over_ram_cap(uint64_t needed, uint64_t mem_total, unsigned cap_percent);

// "8.1 MiB"
std::string mib(uint64_t bytes);

}  // namespace aeadswap
