// SPDX-License-Identifier: GPL-2.0-or-later
#include "swap_area.h"

#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>


namespace aeadswap {

Status swap_on(const std::string& path, std::optional<int> priority) {
    int flags = priority ? (SWAP_FLAG_PREFER | (*priority & SWAP_FLAG_PRIO_MASK)) : 0;
    if (swapon(path.c_str(), flags) == 0) return {};
    std::string hint = errno == ENOMEM ? " (the kernel needs about 3 bytes of RAM per 4 KiB of swap; use a "
                                         "smaller partition)"
                                       : "";
    return fail(Exit::failure, "swapon " + path + " failed: " + std::strerror(errno) + hint);
}

std::vector<ActiveSwap> active_swaps() {
    std::vector<ActiveSwap> out;
    std::ifstream in("/proc/swaps");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        ActiveSwap s;
        std::string type;
        if (!(ls >> s.path >> type >> s.size_kib >> s.used_kib >> s.priority)) continue;
        struct stat st {};
        if (stat(s.path.c_str(), &st) == 0 && S_ISBLK(st.st_mode))
            s.devnum = {major(st.st_rdev), minor(st.st_rdev)};
        out.push_back(s);
    }
    return out;
}

std::optional<ActiveSwap> find_active_swap(DevNum d) {
    for (const auto& s : active_swaps())
        if (s.devnum.major == d.major && s.devnum.minor == d.minor) return s;
    return std::nullopt;
}

}  // namespace aeadswap
