// SPDX-License-Identifier: GPL-2.0-or-later
// Applies the floor of min_free_floor.h to the running kernel's vm.min_free_kbytes.
#pragma once

namespace aeadswap {

// Raises vm.min_free_kbytes to the floor before swap is turned on. Swap works without it, so a
// failure is a warning and the setup goes on. The kernel only ever raises the value further; a
// value in /etc/sysctl.d, applied by the root's systemd-sysctl later in boot, wins over ours.
void raise_min_free_kbytes();

}  // namespace aeadswap
