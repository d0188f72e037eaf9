// SPDX-License-Identifier: GPL-2.0-or-later
// What libblkid sees on the raw device: filesystem, RAID, LUKS, swap or partition table.
#pragma once

#include <string>

#include "device_verdict.h"
#include "result.h"

namespace aeadswap {

// Probes `open_path` (the open device's /proc/self/fd link); `path` is for messages.
Expected<ProbeResult> probe_device(const std::string& open_path, const std::string& path);

// The names blkid gives the device: its content's UUID and LABEL, its partition's PARTUUID and
// PARTLABEL (empty where none), as fstab and crypttab may name it.
struct BlkidNames {
    std::string uuid, label, partuuid, partlabel;
};
Expected<BlkidNames> probe_names(const std::string& open_path, const std::string& path);

}  // namespace aeadswap
