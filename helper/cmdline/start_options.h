// SPDX-License-Identifier: GPL-2.0-or-later
// How `aeadswap start` and `aeadswap check` run: for real, as a dry run, or as a preflight.
#pragma once

#include <string>

namespace aeadswap {

struct StartOptions {
    bool dry_run = false;
    bool json = false;        // the plans of a dry run or a check as JSON (plan_print.h)
    bool check_only = false;  // preflight and verdict, nothing written
    std::string sysroot;      // the new root in a systemd initramfs: swap on through its /dev
    bool writes() const { return !dry_run && !check_only; }
};

}  // namespace aeadswap
