// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel command line as the initramfs's own tools see it, for every subcommand that reads it.
#pragma once

#include <string>

#include "result.h"

namespace aeadswap {

// In the initramfs, what dracut's getcmdline assembles: /etc/cmdline.d/*.conf (written into the
// image by dracut.conf's kernel_cmdline= and by host-only mode), then /etc/cmdline, then
// /proc/cmdline; an aeadswap= given in the image is then set up like one from the boot loader.
// Images without those files (mkinitcpio's) and the real root: /proc/cmdline alone. As systemd's
// own tools, $SYSTEMD_PROC_CMDLINE stands in for /proc/cmdline when set.
Expected<std::string> read_boot_cmdline();

// One file's words, lines joined by spaces, as a command line.
Expected<std::string> read_cmdline_file(const std::string& path);

}  // namespace aeadswap
