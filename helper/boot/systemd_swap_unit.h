// SPDX-License-Identifier: GPL-2.0-or-later
// The generated unit's ExecStop and systemd's own swap unit for the same swap: at poweroff systemd
// stops both, and a swapoff(2) of the helper's beside systemd's made one of the two fail ("Failed
// deactivating swap dev-dm\x2d1.swap"). Under a unit, the helper asks systemd to stop its swap
// unit instead, which joins a stop already queued.
#pragma once

#include <string>

namespace aeadswap {

// Run by systemd as part of a unit (INVOCATION_ID set, systemd the init system).
bool under_systemd_unit();

// systemctl is-system-running says "stopping": a poweroff or reboot is under way.
bool system_stopping();

// systemctl stop on the swap unit named after PATH, as /proc/swaps shows it (the unit the
// device's other names follow); returns when systemd is done, whatever it did.
void stop_swap_unit(const std::string& path);

}  // namespace aeadswap
