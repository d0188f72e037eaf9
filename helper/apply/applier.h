// SPDX-License-Identifier: GPL-2.0-or-later
// The applier: runs any plan (plan.h) step by step, and on the first failure removes the
// device-mapper devices it made, newest first. The only code of a start that loads tables, writes
// a device or a kernel setting, or calls swapon; it knows no layout, only steps.
#pragma once

#include <chrono>
#include <list>
#include <string>
#include <vector>

#include "block_device.h"
#include "plan.h"
#include "result.h"

namespace aeadswap {

class RamDisks;

struct ApplyContext {
    // The exclusive opens the facts were read through: raw writes go through them, and each is
    // let go of before the first table that names its device, which dm then claims.
    std::list<BlockDevice> held;
    RamDisks& ram;
    std::string sysroot;  // the new root in a systemd initramfs: swap on through its /dev (sysroot_dev.h)
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
};

// Runs `plan`; when a table marked fallback_on_refusal is refused, removes what was made, says
// the plan's fallback_note with the kernel's reason, and runs its fallback instead. True when the
// fallback is what ran.
Expected<bool> apply_plan(const StartPlan& plan, ApplyContext& ctx);

}  // namespace aeadswap
