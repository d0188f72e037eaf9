// SPDX-License-Identifier: GPL-2.0-or-later
// `aeadswap start` and `aeadswap check`: the whole sequence for one device, and over a config.
#pragma once

#include <string>

#include "cmdline.h"
#include "result.h"
#include "start_options.h"

namespace aeadswap {

class RamDisks;

// One device, once it was found at `path` (device_resolve.h); `ram` gives tags=ram its RAM disk.
Status start_one(const SwapSpec& spec, const std::string& path, const StartOptions& opts, RamDisks& ram);

// Runs every spec; one that fails is logged and skipped, the others go on. Returns the exit code.
Exit start_all(const CmdlineConfig& cfg, const StartOptions& opts);

}  // namespace aeadswap
