// SPDX-License-Identifier: GPL-2.0-or-later
// The dm-integrity on-disk superblock (drivers/md/dm-integrity.c, struct superblock), read-only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace aeadswap {

struct IntegritySuperblock {
    uint8_t version = 0;
    uint8_t log2_interleave_sectors = 0;
    uint16_t tag_size = 0;
    uint32_t journal_sections = 0;
    uint64_t provided_data_sectors = 0;
    uint32_t flags = 0;
    uint8_t log2_sectors_per_block = 0;
};

// Parses the first bytes of a device; nullopt when the magic "integrt\0" is absent.
std::optional<IntegritySuperblock> parse_integrity_superblock(std::span<const uint8_t> bytes);

// True for the layout aeadswap formats: version 1, 4 KiB blocks, one journal section, no flags,
// and a tag size one of our ciphers uses. Anything else is somebody else's dm-integrity device.
bool is_aeadswap_superblock(const IntegritySuperblock& sb);

std::string describe(const IntegritySuperblock& sb);

}  // namespace aeadswap
