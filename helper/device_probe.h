// What libblkid sees on the raw device: filesystem, RAID, LUKS, swap or partition table.
#pragma once

#include <string>

#include "device_verdict.h"
#include "result.h"

namespace aeadswap {

Expected<ProbeResult> probe_device(const std::string& path);

}  // namespace aeadswap
