// SPDX-License-Identifier: GPL-2.0-or-later
#include "integrity_superblock.h"

#include <cstring>

#include "cipher.h"

namespace aeadswap {
namespace {

template <class T>
T le(std::span<const uint8_t> b, size_t off) {
    T v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(b[off + i]) << (8 * i);
    return v;
}

}  // namespace

std::optional<IntegritySuperblock> parse_integrity_superblock(std::span<const uint8_t> b) {
    if (b.size() < 64 || std::memcmp(b.data(), "integrt\0", 8) != 0) return std::nullopt;
    IntegritySuperblock sb;
    sb.version = b[8];
    sb.log2_interleave_sectors = b[9];
    sb.tag_size = le<uint16_t>(b, 10);
    sb.journal_sections = le<uint32_t>(b, 12);
    sb.provided_data_sectors = le<uint64_t>(b, 16);
    sb.flags = le<uint32_t>(b, 24);
    sb.log2_sectors_per_block = b[28];
    return sb;
}

bool is_aeadswap_superblock(const IntegritySuperblock& sb) {
    bool our_tag = false;
    for (const auto& c : all_ciphers()) our_tag |= c.tag_bytes == sb.tag_size;
    return sb.version == 1 && sb.log2_sectors_per_block == 3 && sb.journal_sections == 1 && sb.flags == 0 &&
           our_tag;
}

std::string describe(const IntegritySuperblock& sb) {
    // The shift count is a byte from the disk: 512 << 32 and beyond is undefined (found by fuzzing).
    unsigned n = sb.log2_sectors_per_block;
    std::string blocks = n <= 22 ? std::to_string(512ull << n) + "-byte blocks" : "blocks of 2^" + std::to_string(n) + " sectors";
    return "dm-integrity superblock (version " + std::to_string(sb.version) + ", tag " +
           std::to_string(sb.tag_size) + " bytes, " + blocks + ", " + std::to_string(sb.journal_sections) +
           " journal sections)";
}

}  // namespace aeadswap
