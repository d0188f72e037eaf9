// SPDX-License-Identifier: GPL-2.0-or-later
// `aeadswap status` and `aeadswap stop`: finding our devices by their DM UUID and reporting on them.
#pragma once

#include <string>
#include <vector>

#include "result.h"
#include "status_format.h"

namespace aeadswap {

Expected<std::vector<DeviceStatus>> collect_status();

// The devices, and the entries of this boot's command line that have none.
Expected<StatusReport> collect_report();

// Swapoff and removal of the named devices (all of ours when `names` is empty).
Exit stop_devices(const std::vector<std::string>& names);

// Whether PATH is one of aeadswap's device-mapper devices (any layer): Exit::ok if so,
// Exit::failure if not, for the initramfs build hooks (initramfs-tools' resume choice).
Exit owns_device(const std::string& path);

}  // namespace aeadswap
