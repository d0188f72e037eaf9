// SPDX-License-Identifier: GPL-2.0-or-later
#include "hex_escape.h"

namespace aeadswap {

std::string hex_escape(std::string_view s, const std::function<bool(size_t, unsigned char)>& keep) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string o;
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (keep(i, c)) {
            o += static_cast<char>(c);
        } else {
            o += "\\x";
            o += digits[c >> 4];
            o += digits[c & 15];
        }
    }
    return o;
}

}  // namespace aeadswap
