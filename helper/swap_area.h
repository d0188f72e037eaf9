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

// What activate_swap writes before anything else may read the device: the swap header and zeros up
// to kWrittenHead, and zeros over the last kWrittenTail bytes. libblkid 2.38 and 2.41 read no
// further than 4 MiB + 512 bytes from the start (LUKS2's last secondary header) and from 1543.5 KiB
// before the end (Promise FastTrack's metadata) (tests/bats/blkid-reads.bats). Once the device is
// revealed, dracut's udev rules run blkid on it, and bcache-tools' prober that same probe.
constexpr uint64_t kWrittenHead = 5ull << 20;
constexpr uint64_t kWrittenTail = 2ull << 20;

// Writes those blocks through the top device (so each one's tag is valid), lets the udev rules of
// other packages see device-mapper device dm_name (dm_reveal), and calls swapon(2): swapon(8)
// would only probe the device once more.
Status activate_swap(const std::string& path, const std::string& dm_name, DevNum device, uint64_t bytes,
                     std::optional<int> priority);

struct ActiveSwap {
    std::string path;
    DevNum devnum;
    uint64_t size_kib = 0, used_kib = 0;
    int priority = 0;
};

std::vector<ActiveSwap> active_swaps();
std::optional<ActiveSwap> find_active_swap(DevNum d);

}  // namespace aeadswap
