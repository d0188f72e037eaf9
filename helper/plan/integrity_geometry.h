// SPDX-License-Identifier: GPL-2.0-or-later
// dm-integrity's geometry as the kernel computes it at a format (drivers/md/dm-integrity.c): the
// sectors it provides, and the size of the tag area tags=ram puts on a RAM disk; and whether that
// is within the entry's share of RAM. Pure. The applier compares the first with what the kernel
// reports at every format (applier.h), and the VM suite the plan's tables with the kernel's.
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
// The sectors dm-integrity provides (its provided_data_sectors, a whole number of 4 KiB blocks)
// when aeadswap formats `device_sectors` (integrity_format_params: mode D, 4 KiB blocks, one
// journal section, the default interleave and padding): with the tags interleaved, the largest
// size whose last data sector still fits after the superblock, the journal and the tag runs
// (get_provided_data_sectors, calculate_device_limits); with a tag device, the whole device.
// 0 when nothing fits.
uint64_t integrity_provided_sectors(uint64_t device_sectors, unsigned tag_bytes, bool tag_device);

// The refusal when `needed` exceeds `cap_percent` of `mem_total` bytes, naming both figures and
// how to raise the cap; nullopt within it.
std::optional<std::string> over_ram_cap(uint64_t needed, uint64_t mem_total, unsigned cap_percent);

// "8.1 MiB"
std::string mib(uint64_t bytes);

}  // namespace aeadswap
