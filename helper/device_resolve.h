// From an aeadswap= device (path, PARTUUID=, PARTLABEL=) to a device node, waiting for it to appear.
#pragma once

#include <string>
#include <vector>

#include "cmdline.h"
#include "result.h"

namespace aeadswap {

// Waits up to spec.timeout_s seconds. PARTUUID=/PARTLABEL= use /dev/disk/by-* links when udev made
// them, and otherwise read the partition tables of whole disks (never dm devices) with libblkid.
Expected<std::string> resolve_device(const SwapSpec& spec);

// The same for several at once: each waits up to its own timeout from the same start, so that N
// missing devices cost the longest timeout, not the sum.
std::vector<Expected<std::string>> resolve_devices(const std::vector<const SwapSpec*>& specs);

}  // namespace aeadswap
