// SPDX-License-Identifier: GPL-2.0-or-later
// aeadswap's own plaintext header, in the first 4 KiB of a raw device whose tags are not in its
// data blocks (tags=ram, tags=inline): no dm-integrity superblock is there to recognize the area by at the next boot, and
// the device must not look empty or like plain swap to anything that might swapon it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace aeadswap {

// tags_in_ram: dm-integrity's data from the next block on, its tags on a RAM disk; tags_in_drive:
// dm-crypt from the next block on, the tags in the drive's per-block metadata. format_pending is
// never a first block: it is written to the second block just before the first is zeroed for
// dm-integrity's format, so that a format cut short there is still recognized as ours.
enum class AreaLayout : uint16_t { tags_in_ram = 1, tags_in_drive = 2, format_pending = 3 };

struct AreaHeader {
    uint16_t version = 1;
    uint16_t layout = static_cast<uint16_t>(AreaLayout::tags_in_ram);
    uint32_t data_offset_sectors = 8;
};

// The 4096-byte block: magic "aeadswap area\0\0\0", then version, layout and data offset
// (little-endian), zeros to the end.
std::vector<uint8_t> make_area_header(const AreaHeader& h);

// The header at the start of `bytes`; nullopt without the magic, or when anything after the
// fields is not zero (a block we did not write).
std::optional<AreaHeader> parse_area_header(std::span<const uint8_t> bytes);

// "an aeadswap area (tags in RAM)" for the verdict's messages.
std::string describe(const AreaHeader& h);

// The second block of a device whose first block was zeroed for a format: the format-pending
// header (AreaLayout::format_pending) there and nothing but zeros in the first.
std::vector<uint8_t> make_format_pending();
bool is_interrupted_format(std::span<const uint8_t> head);

}  // namespace aeadswap
