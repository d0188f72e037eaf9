// SPDX-License-Identifier: GPL-2.0-or-later
// aeadswap enable and disable on a running system: the device judged with the boot's own rules,
// the plan made (enable_plan.h), printed as unified diffs and commands, then applied.
#pragma once

#include <string>

#include "enable_plan.h"
#include "result.h"

namespace aeadswap {

struct EnableOptions {
    bool dry_run = false;
    std::string root = "/";  // another system's root: files only, no command run
};

// The configuration files enable_plan.h reads, from the system at opts.root.
FileTexts read_config(const EnableOptions& opts);

// DEVICE's aeadswap= entry, with OPTIONS ("prio=5,tags=ram"), on the kernel command line from
// the next boot on; every other use of the device turned off.
Exit enable_device(const std::string& device, const std::string& options, const EnableOptions& opts);

// Everything enable did, undone: the swap off (when memory allows) and its devices removed, the
// partition plain swap again with its old UUID and label, every file as it was.
Exit disable_all(const EnableOptions& opts);

}  // namespace aeadswap
