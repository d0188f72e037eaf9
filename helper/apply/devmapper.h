// SPDX-License-Identifier: GPL-2.0-or-later
// A thin wrapper over libdevmapper: create, remove, table, status, list. Devices are created hidden
// from udev's probing (blkid, LVM, other rules) through cookie flags, with or without udev
// running; dm_reveal opens the top one to other packages' rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dm_table.h"
#include "result.h"

namespace aeadswap {

struct DmTarget {
    uint64_t length = 0;  // sectors
    std::string type;
    std::string params;
};

struct DmDevice {
    std::string name;
    std::string uuid;
    DevNum devnum;
};

struct DmCreate {
    std::string name, uuid, type, params;
    uint64_t length = 0;
    bool secure = false;  // the params hold a secret: ask libdm and the kernel to wipe their buffers
    // Instead of params, a table line in the caller's locked memory (a key in hex, key.h).
    const char* secret_params = nullptr;
};

void dm_init_logging();
Expected<DevNum> dm_create(const DmCreate& req);
Status dm_remove(const std::string& name);
// Lets the udev rules of other packages see a device created hidden (UDisks, and through it audits
// such as fwupd's), by a suspend and a resume whose uevent carries the new flags; lvm2's disk and
// subsystem rules stay off, and later events keep these flags (the dm rules read them back from
// udev's database). Only for a device whose ends, where such rules read, are written. Fails only
// when the device is left suspended; one that stays hidden is a warning.
Status dm_reveal(const std::string& name);
Expected<DmTarget> dm_table(const std::string& name);
Expected<DmTarget> dm_status(const std::string& name);
Expected<std::vector<DmDevice>> dm_list();
// The device with this DM UUID, if there is one; none without device-mapper in the kernel.
Expected<std::optional<DevNum>> dm_find_uuid(const std::string& uuid);
// Target name -> version, for the targets the kernel has loaded.
Expected<std::vector<std::pair<std::string, std::vector<unsigned>>>> dm_target_versions();

// "VG/LV" for an LVM volume's device-mapper name ("my--vg-swap" -> "my-vg/swap"), by libdevmapper's
// own split; none for a name that is not one (or a hidden layer of one).
std::optional<std::string> lvm_volume_of(const std::string& dm_name);

}  // namespace aeadswap
