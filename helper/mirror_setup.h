// SPDX-License-Identifier: GPL-2.0-or-later
// `aeadswap start` for a mirror= entry: both legs' stacks, joined by dm-raid raid1, swap on top.
#pragma once

#include <string>
#include <vector>

#include "cmdline.h"
#include "result.h"
#include "start_options.h"

namespace aeadswap {

// `paths` holds each leg's device as found (device_resolve.h), or why it was not. A leg that is
// missing or refused leaves the mirror degraded on the other, with one warning; only when neither
// leg can be used does the entry fail.
Status start_mirror(const SwapSpec& spec, const std::vector<Expected<std::string>>& paths, const StartOptions& opts);

}  // namespace aeadswap
