// SPDX-License-Identifier: GPL-2.0-or-later
#include "integrity_geometry.h"

#include <cstdio>

#include "dm_table.h"

namespace aeadswap {
namespace {

constexpr uint64_t kSectorsPerBlock = 8;   // 4 KiB blocks
constexpr uint64_t kSuperblockSectors = 8;
// dm-bufio reads whole tag buffers, so the tag area is sized in whole buffers: kernel-default ones
// (64 KiB) here, which stay whole multiples of the smaller buffers the runtime table asks for.
constexpr uint64_t kBufferSectors = 128;
static_assert(kBufferSectors % kTagBufferSectors == 0, "the RAM disk must end on a whole tag buffer");

// One journal section: entries of (sector number, 8 bytes per 512-byte sector, tag) rounded to 8,
// as many as fit in a sector's 504 data bytes, for 8 sectors, each entry a block of data, plus 8.
uint64_t journal_section_sectors(unsigned tag_bytes) {
    uint64_t entry = (8 + 8 * kSectorsPerBlock + tag_bytes + 7) / 8 * 8;
    uint64_t entries = 504 / entry * 8;
    return entries * kSectorsPerBlock + 8;
}

// Interleaved tags: each area of 2^15 data sectors (DEFAULT_INTERLEAVE_SECTORS) follows its run
// of tags, padded to 128 KiB (without fix_padding, which aeadswap does not set).
constexpr unsigned kLog2Interleave = 15;
constexpr uint64_t kMetadataRunPadding = 512ull << 8;

bool fits(uint64_t provided, uint64_t device_sectors, uint64_t initial, uint64_t metadata_run) {
    uint64_t last = provided - 1;
    uint64_t area = last >> kLog2Interleave, offset = last & ((1ull << kLog2Interleave) - 1);
    uint64_t sector = (area << kLog2Interleave) + (area + 1) * metadata_run + initial + offset;
    return sector < device_sectors;
}

}  // namespace

uint64_t integrity_provided_sectors(uint64_t device_sectors, unsigned tag_bytes, bool tag_device) {
    if (tag_device) return device_sectors / kSectorsPerBlock * kSectorsPerBlock;
    uint64_t initial = kSuperblockSectors + journal_section_sectors(tag_bytes);
    if (initial + 8 >= device_sectors) return 0;
    uint64_t run_bytes = static_cast<uint64_t>(tag_bytes) << (kLog2Interleave - 3);
    uint64_t metadata_run = (run_bytes + kMetadataRunPadding - 1) / kMetadataRunPadding * kMetadataRunPadding / 512;
    uint64_t provided = 0;
    for (int bit = 63 - __builtin_clzll(device_sectors); bit >= 3; --bit)
        if (fits(provided | (1ull << bit), device_sectors, initial, metadata_run)) provided |= 1ull << bit;
    return provided;
}

uint64_t tag_ram_bytes(uint64_t raw_bytes, unsigned tag_bytes) {
    uint64_t blocks = raw_bytes / 512 / kSectorsPerBlock;
    uint64_t buffer = kBufferSectors * 512;
    uint64_t tag_sectors = (blocks * tag_bytes + buffer - 1) / buffer * kBufferSectors;
    return (kSuperblockSectors + journal_section_sectors(tag_bytes) + tag_sectors) * 512;
}

std::optional<std::string> over_ram_cap(uint64_t needed, uint64_t mem_total, unsigned cap_percent) {
    if (mem_total == 0) return "the kernel does not say how much RAM there is, so the tags' share of it is unknown";
    uint64_t cap = mem_total / 100 * cap_percent;
    if (needed <= cap) return std::nullopt;
    unsigned pct_needed = static_cast<unsigned>((needed * 100 + mem_total - 1) / mem_total);
    return "its tags would take " + mib(needed) + " of RAM, more than ram_cap=" + std::to_string(cap_percent) +
           " (" + std::to_string(cap_percent) + " % of " + mib(mem_total) + " is " + mib(cap) +
           "); raise it with ram_cap=" + std::to_string(pct_needed) + " or more (at most 50), or use tags=disk";
}

std::string mib(uint64_t bytes) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
    return b;
}

}  // namespace aeadswap
