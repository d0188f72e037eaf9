// SPDX-License-Identifier: GPL-2.0-or-later
// From an aeadswap= device (path, PARTUUID=, PARTLABEL=) to a device node, waiting for it to appear.
#pragma once

#include <string>
#include <vector>

#include "cmdline.h"
#include "result.h"

namespace aeadswap {

// Each waits up to its spec.timeout_s seconds from the same start, so that N missing devices cost
// the longest timeout, not the sum. PARTUUID=/PARTLABEL= use /dev/disk/by-* links when udev made
// them, and otherwise read the partition tables of whole disks (never dm devices) with libblkid.
std::vector<Expected<std::string>> resolve_devices(const std::vector<const SwapSpec*>& specs);

}  // namespace aeadswap
