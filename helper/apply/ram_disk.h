// SPDX-License-Identifier: GPL-2.0-or-later
// The RAM disks that hold tags=ram entries' tags: the kernel's brd. Its pages are allocated by
// the driver itself, never put on an LRU list, so they are neither swapped out nor reclaimed;
// each tag area is written over once at setup, so that no page is allocated in the I/O path under
// memory pressure. brd takes its disk count and size only when it is loaded, and the entries of a
// boot may be set up by separate starts (one systemd unit each), so aeadswap loads it once with
// fixed parameters: kRamDisks disks of half the RAM each (a disk costs RAM only where it is
// written), and a later start recognizes brd as aeadswap's by exactly those parameters.
#pragma once

#include <cstdint>

#include "dm_table.h"
#include "result.h"

namespace aeadswap {

inline constexpr const char* kRamDiskModule = "brd";
inline constexpr unsigned kRamDiskMajor = 1;  // RAMDISK_MAJOR: /dev/ramN is 1:N with max_part=1
inline constexpr unsigned kRamDisks = 8;      // tags=ram entries one boot can have

class RamDisks {
public:
    RamDisks() = default;
    RamDisks(const RamDisks&) = delete;
    RamDisks& operator=(const RamDisks&) = delete;
    // Unloads brd again when this start loaded it and none of its disks ended up in use.
    ~RamDisks();

    // A free disk (not held, and holding nothing but zeros or a tag area of ours), its first
    // `bytes` written with zeros; loads brd first when it is not loaded. Takes a lock that other
    // starts wait for until this object is gone, by when dm holds the disks it handed out.
    Expected<DevNum> take(uint64_t bytes);

private:
    bool loaded_here_ = false;
    int lock_fd_ = -1;  // held from the first take() on: starts in parallel units take turns
};

// Whether take() can work: brd present, and either not loaded or loaded by aeadswap.
Status ram_disks_available();

// After `stop`: frees the disk's RAM by unloading brd once none of its disks is held; while
// another entry holds one, discards this disk's pages instead.
void release_ram_disk(DevNum disk);

}  // namespace aeadswap
