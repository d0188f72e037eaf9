// SPDX-License-Identifier: GPL-2.0-or-later
// Turning the top device into active swap, and reading /proc/swaps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dm_table.h"
#include "result.h"

namespace aeadswap {

// swapon(2) on `path`, the top device whose ends the plan wrote (planner.h): swapon(8) would only
// probe the device once more. An error says what to do where there is something to do.
Status swap_on(const std::string& path, std::optional<int> priority);

struct ActiveSwap {
    std::string path;
    DevNum devnum;
    uint64_t size_kib = 0, used_kib = 0;
    int priority = 0;
};

std::vector<ActiveSwap> active_swaps();
std::optional<ActiveSwap> find_active_swap(DevNum d);

}  // namespace aeadswap
