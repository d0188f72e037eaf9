// `aeadswap start` and `aeadswap check`: the whole sequence for one device, and over a config.
#pragma once

#include <string>

#include "cmdline.h"
#include "result.h"

namespace aeadswap {

struct StartOptions {
    bool dry_run = false;
    bool check_only = false;  // preflight and verdict, nothing written
    std::string sysroot;      // the new root in a systemd initramfs: swap on through its /dev
};

// One device, once it was found at `path` (device_resolve.h).
Status start_one(const SwapSpec& spec, const std::string& path, const StartOptions& opts);

// Runs every spec; one that fails is logged and skipped, the others go on. Returns the exit code.
Exit start_all(const CmdlineConfig& cfg, const StartOptions& opts);

}  // namespace aeadswap
