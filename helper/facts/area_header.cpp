// SPDX-License-Identifier: GPL-2.0-or-later
#include "area_header.h"

#include <algorithm>
#include <cstring>

namespace aeadswap {
namespace {

constexpr char kMagic[16] = {'a', 'e', 'a', 'd', 's', 'w', 'a', 'p', ' ', 'a', 'r', 'e', 'a', 0, 0, 0};
constexpr size_t kBlock = 4096;
constexpr size_t kFieldsEnd = 24;

void put_le(std::vector<uint8_t>& b, size_t off, uint64_t v, size_t n) {
    for (size_t i = 0; i < n; ++i) b[off + i] = static_cast<uint8_t>(v >> (8 * i));
}

uint64_t get_le(std::span<const uint8_t> b, size_t off, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(b[off + i]) << (8 * i);
    return v;
}

}  // namespace

std::vector<uint8_t> make_area_header(const AreaHeader& h) {
    std::vector<uint8_t> b(kBlock, 0);
    std::memcpy(b.data(), kMagic, sizeof kMagic);
    put_le(b, 16, h.version, 2);
    put_le(b, 18, h.layout, 2);
    put_le(b, 20, h.data_offset_sectors, 4);
    return b;
}

std::optional<AreaHeader> parse_area_header(std::span<const uint8_t> b) {
    if (b.size() < kBlock || std::memcmp(b.data(), kMagic, sizeof kMagic) != 0) return std::nullopt;
    if (!std::all_of(b.begin() + kFieldsEnd, b.begin() + kBlock, [](uint8_t x) { return x == 0; })) return std::nullopt;
    AreaHeader h;
    h.version = static_cast<uint16_t>(get_le(b, 16, 2));
    h.layout = static_cast<uint16_t>(get_le(b, 18, 2));
    h.data_offset_sectors = static_cast<uint32_t>(get_le(b, 20, 4));
    return h;
}

std::string describe(const AreaHeader& h) {
    auto is = [&](AreaLayout l) { return h.layout == static_cast<uint16_t>(l); };
    std::string layout = is(AreaLayout::tags_in_ram)      ? "tags in RAM"
                         : is(AreaLayout::tags_in_drive)  ? "tags in the drive's metadata"
                         : is(AreaLayout::format_pending) ? "a format that did not finish"
                                                          : "layout " + std::to_string(h.layout) + ", from a newer aeadswap";
    return "an aeadswap area (" + layout + ", header version " + std::to_string(h.version) + ")";
}

std::vector<uint8_t> make_format_pending() {
    return make_area_header({.layout = static_cast<uint16_t>(AreaLayout::format_pending)});
}

bool is_interrupted_format(std::span<const uint8_t> head) {
    if (head.size() < 2 * kBlock) return false;
    if (!std::all_of(head.begin(), head.begin() + kBlock, [](uint8_t x) { return x == 0; })) return false;
    auto h = parse_area_header(head.subspan(kBlock, kBlock));
    return h && h->layout == static_cast<uint16_t>(AreaLayout::format_pending);
}

}  // namespace aeadswap
