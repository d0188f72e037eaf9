// SPDX-License-Identifier: GPL-2.0-or-later
// The device node udev makes for an aeadswap= device: the path itself, or the
// /dev/disk/by-partuuid/ or /dev/disk/by-partlabel/ link (with udev's \xNN escaping).
#pragma once

#include <string>

#include "cmdline.h"

namespace aeadswap {

std::string device_node(const SwapSpec& spec);

}  // namespace aeadswap
