// SPDX-License-Identifier: GPL-2.0-or-later
// A devtmpfs under the new root, for a swap turned on in a systemd initramfs.
#pragma once

#include <string>

#include "result.h"

namespace aeadswap {

// The kernel names an active swap by the path it was opened through, resolved against the mount
// it was opened on. systemd 257's switch-root bind-mounts the initramfs's /dev into the new root
// and detaches the original (systemd 252 moved it), so a swap turned on through the initramfs's
// /dev reads "/mapper/aeadswap0" in /proc/swaps afterwards: its swap unit then names a path that
// does not exist, and the swapoff at poweroff fails. A devtmpfs mounted on SYSROOT/dev is the one
// the new root keeps as its /dev (switch-root leaves a path that is already a mount point alone),
// so a swap opened through it keeps its /dev/mapper path. Returns SYSROOT/dev.
Expected<std::string> dev_below_sysroot(const std::string& sysroot);

}  // namespace aeadswap
