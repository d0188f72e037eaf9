// SPDX-License-Identifier: GPL-2.0-or-later
// `aeadswap start` and `aeadswap check` over a config: for each entry, what the kernel needs
// loaded, the facts read (start_facts.h), the plan made (planner.h), then the plan checked,
// printed (--dry-run) or applied (applier.h).
#pragma once

#include <string>

#include "cmdline.h"
#include "result.h"
#include "start_options.h"

namespace aeadswap {

// Runs every spec; one that fails is logged and skipped, the others go on. Returns the exit code.
Exit start_all(const CmdlineConfig& cfg, const StartOptions& opts);

}  // namespace aeadswap
