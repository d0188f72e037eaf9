// SPDX-License-Identifier: GPL-2.0-or-later
#include "partition_scan.h"

#include <array>

namespace aeadswap {

bool scan_candidate(std::string_view name, uint64_t size_sectors) {
    static constexpr std::array<std::string_view, 9> never = {"dm-", "loop", "nbd", "sr", "fd", "zram", "ram", "mtdblock", "ubiblock"};
    for (auto prefix : never)
        if (name.substr(0, prefix.size()) == prefix) return false;
    return size_sectors > 0;
}

Expected<std::string> one_partition(const std::string& what, const std::vector<std::string>& matches) {
    if (matches.empty()) return fail(Exit::no_device, what + " is on no disk");
    if (matches.size() == 1) return matches[0];
    std::string all;
    for (size_t i = 0; i < matches.size(); ++i) all += (i == 0 ? "" : i + 1 == matches.size() ? " and " : ", ") + matches[i];
    return fail(Exit::refused, what + " names " + std::to_string(matches.size()) + " partitions, " + all +
                                   "; not choosing one (give each a name of its own, or name the device by path)");
}

}  // namespace aeadswap
