// SPDX-License-Identifier: GPL-2.0-or-later
#include "dm_table_parse.h"

#include <charconv>
#include <sstream>

namespace aeadswap {
namespace {

// A whole decimal number that fits, or nothing.
template <class T>
std::optional<T> number(std::string_view s) {
    T n{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return n;
}

bool starts_with(const std::string& s, std::string_view head) { return s.rfind(head, 0) == 0; }

Error unexpected(const char* target, const std::string& params) {
    return {Exit::dm, std::string("a ") + target + " table of a shape aeadswap did not load: '" + params + "'"};
}

// The options after <#opts>, checked against the count.
std::optional<std::vector<std::string>> options(const std::vector<std::string>& w, size_t at) {
    if (at == w.size()) return std::vector<std::string>{};
    auto n = number<size_t>(w[at]);
    if (!n || *n != w.size() - at - 1) return std::nullopt;
    return std::vector<std::string>(w.begin() + static_cast<std::ptrdiff_t>(at) + 1, w.end());
}

}  // namespace

std::vector<std::string> table_words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> w;
    for (std::string x; in >> x;) w.push_back(x);
    return w;
}

std::optional<DevNum> parse_devnum(const std::string& s) {
    auto colon = s.find(':');
    if (colon == std::string::npos) return std::nullopt;
    auto major = number<unsigned>(std::string_view(s).substr(0, colon));
    auto minor = number<unsigned>(std::string_view(s).substr(colon + 1));
    if (!major || !minor) return std::nullopt;
    return DevNum{*major, *minor};
}

Expected<CryptTable> parse_crypt_table(const std::string& params) {
    auto w = table_words(params);
    if (w.size() < 5) return unexpected("crypt", params);
    CryptTable t;
    t.cipher = w[0];
    t.key_in_keyring = starts_with(w[1], ":") && w[1].find(":logon:") != std::string::npos;
    auto dev = parse_devnum(w[3]);
    auto opts = options(w, 5);
    if (!dev || !number<uint64_t>(w[2]) || !number<uint64_t>(w[4]) || !opts) return unexpected("crypt", params);
    t.device = *dev;
    for (const auto& o : *opts) {
        if (o == "no_write_workqueue") t.workqueues = false;
        std::optional<unsigned> n;
        if (starts_with(o, "sector_size:") && !(n = number<unsigned>(std::string_view(o).substr(12))))
            return unexpected("crypt", params);
        if (n) t.sector_size = *n;
        if (starts_with(o, "integrity:")) {
            auto tag = std::string_view(o).substr(10);
            if (!(n = number<unsigned>(tag.substr(0, tag.find(':'))))) return unexpected("crypt", params);
            t.tag_bytes = *n;
        }
    }
    return t;
}

Expected<IntegrityTable> parse_integrity_table(const std::string& params) {
    auto w = table_words(params);
    if (w.size() < 4) return unexpected("integrity", params);
    IntegrityTable t;
    auto dev = parse_devnum(w[0]);
    auto tag = number<unsigned>(w[2]);
    auto opts = options(w, 4);
    if (!dev || !number<uint64_t>(w[1]) || !tag || !opts) return unexpected("integrity", params);
    t.device = *dev;
    t.tag_bytes = *tag;
    t.mode = w[3];
    for (const auto& o : *opts) {
        if (!starts_with(o, "meta_device:")) continue;
        if (!(t.tag_device = parse_devnum(o.substr(12)))) return unexpected("integrity", params);
    }
    return t;
}

Expected<std::vector<std::string>> parse_raid_legs(const std::string& params) {
    auto w = table_words(params);
    auto nparams = w.size() > 1 && w[0] == "raid1" ? number<size_t>(w[1]) : std::nullopt;
    if (!nparams || *nparams > w.size() - 2) return unexpected("raid", params);
    size_t at = 2 + *nparams;
    auto ndev = at < w.size() ? number<size_t>(w[at]) : std::nullopt;
    if (!ndev || *ndev > (w.size() - at - 1) / 2 || w.size() - at - 1 != 2 * *ndev) return unexpected("raid", params);
    std::vector<std::string> legs;
    for (size_t i = 0; i < *ndev; ++i) {
        const auto& data = w[at + 2 + 2 * i];
        if (data != "-" && !parse_devnum(data)) return unexpected("raid", params);
        legs.push_back(data);
    }
    return legs;
}

}  // namespace aeadswap
