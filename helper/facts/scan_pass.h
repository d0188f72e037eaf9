// SPDX-License-Identifier: GPL-2.0-or-later
// One pass of the PARTUUID=/PARTLABEL= scan over the candidate disks, in a child process, so that
// a read that never returns (a disk in SCSI error handling, a stalled transport) costs the wait
// `bound`, not the boot: the helper stops waiting for that disk and goes on with the others. The
// dracut shell image and mkinitcpio's busybox have no other limit on the helper's time.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace aeadswap {

struct PassResult {
    std::vector<std::string> found;       // what `scan` returned, disk by disk, in order
    std::vector<std::string> unanswered;  // the disks whose scan was still running after `bound`
};

using ScanDisk = std::function<std::vector<std::string>(const std::string& disk)>;

// Runs `scan` on each disk in a forked child (no stdio, no inherited descriptors but its pipe) and
// gives up on a disk after `bound`; the child left in its read is killed and never waited for.
// Without fork, the disks are scanned here, unbounded.
PassResult scan_pass(const std::vector<std::string>& disks, const ScanDisk& scan, std::chrono::milliseconds bound);

}  // namespace aeadswap
