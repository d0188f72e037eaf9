// SPDX-License-Identifier: GPL-2.0-or-later
// `aeadswap status` and `aeadswap stop`: finding our devices by their DM UUID and reporting on them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "result.h"

namespace aeadswap {

// One leg of a mirror: its crypt device over its integrity device over a raw device.
struct LegStatus {
    std::string name, backing;
    std::string state;  // "in_use", "failed" (md stopped using it), "missing" (since setup), "syncing"
    unsigned aead_errors = 0;
    unsigned repairs = 0;  // sectors md read from the other leg and wrote back to this one
};

struct DeviceStatus {
    std::string name, node, backing, cipher, mode, key_storage;
    uint64_t size_bytes = 0;
    unsigned tag_bytes = 0, sector_size = 0;
    bool swap_active = false;
    int swap_priority = 0;
    uint64_t swap_used_kib = 0;
    unsigned aead_errors = 0;  // INTEGRITY AEAD ERROR lines in the kernel log (rate-limited there)
    bool workqueues = true;
    std::string tag_device;      // tags=ram: the RAM disk ("/dev/ram0"); empty: tags on the data disk
    uint64_t tag_ram_bytes = 0;  // what that RAM disk holds for the tags
    bool tags_in_drive = false;  // tags=inline: dm-crypt directly on the device, no dm-integrity
    std::vector<LegStatus> legs;  // a mirror's two legs; empty for a single device
};

Expected<std::vector<DeviceStatus>> collect_status();
std::string format_status_text(const std::vector<DeviceStatus>& devices);
std::string format_status_json(const std::vector<DeviceStatus>& devices);

// Swapoff and removal of the named devices (all of ours when `names` is empty).
Exit stop_devices(const std::vector<std::string>& names);

// Whether PATH is one of aeadswap's device-mapper devices (any layer): Exit::ok if so,
// Exit::failure if not, for the initramfs build hooks (initramfs-tools' resume choice).
Exit owns_device(const std::string& path);

}  // namespace aeadswap
