// SPDX-License-Identifier: GPL-2.0-or-later
#include "swapoff_room.h"

#include <algorithm>
#include <fstream>

namespace aeadswap {

uint64_t swapoff_reserve_kib(uint64_t mem_total_kib) { return std::max<uint64_t>(64 * 1024, mem_total_kib / 32); }

Status swapoff_fits(const std::string& name, uint64_t used_kib, uint64_t available_kib, uint64_t total_kib) {
    uint64_t reserve = swapoff_reserve_kib(total_kib);
    if (used_kib + reserve <= available_kib) return {};
    auto mib = [](uint64_t kib) { return std::to_string(kib / 1024) + " MiB"; };
    return fail(Exit::refused, name + ": " + mib(used_kib) + " of swap in use and " + mib(available_kib) +
                                   " of memory available, of which " + mib(reserve) +
                                   " must stay free; turning it off now would push other pages out or "
                                   "wake the OOM killer. Free memory and try again");
}

MemInfo read_meminfo() {
    MemInfo m;
    std::ifstream in("/proc/meminfo");
    std::string key;
    uint64_t value = 0;
    while (in >> key >> value) {
        if (key == "MemAvailable:") m.available_kib = value;
        if (key == "MemTotal:") m.total_kib = value;
        in.ignore(64, '\n');
    }
    return m;
}

}  // namespace aeadswap
