// SPDX-License-Identifier: GPL-2.0-or-later
// Turning a prepared crypt device into active swap, and reading /proc/swaps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dm_table.h"
#include "result.h"

namespace aeadswap {

// Writes the swap header through the crypt device (so its tag is valid) and calls swapon(2).
// Never swapon(8): it reads 64 KiB, most of it never written.
Status activate_swap(const std::string& path, DevNum device, uint64_t bytes, std::optional<int> priority);

struct ActiveSwap {
    std::string path;
    DevNum devnum;
    uint64_t size_kib = 0, used_kib = 0;
    int priority = 0;
};

std::vector<ActiveSwap> active_swaps();
std::optional<ActiveSwap> find_active_swap(DevNum d);

}  // namespace aeadswap
