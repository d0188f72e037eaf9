// SPDX-License-Identifier: GPL-2.0-or-later
#include "swap_header.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace aeadswap {

std::vector<uint8_t> make_swap_header(uint64_t device_bytes, unsigned page_size, const std::array<uint8_t, 16>& uuid,
                                      const std::string& label) {
    std::vector<uint8_t> page(page_size, 0);
    // last_page is 32-bit: larger areas are capped, as mkswap does.
    uint64_t pages = std::min<uint64_t>(device_bytes / page_size, UINT32_MAX);
    uint32_t version = 1, last_page = static_cast<uint32_t>(pages - 1), nr_badpages = 0;
    std::memcpy(&page[1024], &version, 4);
    std::memcpy(&page[1028], &last_page, 4);
    std::memcpy(&page[1032], &nr_badpages, 4);
    std::memcpy(&page[kSwapUuidOffset], uuid.data(), uuid.size());
    std::memcpy(&page[1052], label.data(), std::min<size_t>(label.size(), 16));
    std::memcpy(&page[page_size - 10], "SWAPSPACE2", 10);
    return page;
}

std::optional<std::array<uint8_t, 16>> parse_uuid(std::string_view text) {
    std::array<uint8_t, 16> out{};
    size_t n = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23)) continue;
        int v = std::isxdigit(static_cast<unsigned char>(text[i])) ? std::stoi(std::string(1, text[i]), nullptr, 16) : -1;
        if (v < 0 || n >= 32) return std::nullopt;
        out[n / 2] = static_cast<uint8_t>(out[n / 2] | (n % 2 ? v : v << 4));
        ++n;
    }
    if (n != 32 || text.size() != 36) return std::nullopt;
    return out;
}

bool has_swap_signature(const uint8_t* page, size_t len, unsigned page_size) {
    if (len < page_size) return false;
    const auto* m = page + page_size - 10;
    return std::memcmp(m, "SWAPSPACE2", 10) == 0 || std::memcmp(m, "SWAP-SPACE", 10) == 0;
}

}  // namespace aeadswap
