// SPDX-License-Identifier: GPL-2.0-or-later
// A mirror= entry as two single-device entries: each leg is set up, judged and refused on its
// own, with its own name, device-mapper devices and key, before dm-raid joins them.
#pragma once

#include <vector>

#include "cmdline.h"

namespace aeadswap {

// Leg 0 is the entry's first device, leg 1 its mirror=; named NAME_leg0 and NAME_leg1.
SwapSpec leg_spec(const SwapSpec& spec, unsigned leg);

// The entries whose devices are opened: the spec itself, or its two legs.
std::vector<SwapSpec> device_specs(const SwapSpec& spec);

}  // namespace aeadswap
