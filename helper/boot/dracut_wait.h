// SPDX-License-Identifier: GPL-2.0-or-later
// What dracut's shell initramfs waits for: each aeadswap= device's node, each for its timeout,
// and never long enough for dracut's main loop to give up and open the emergency shell.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cmdline.h"

namespace aeadswap {

struct DeviceWait {
    std::string node;     // the node udev makes (udev_link.h)
    unsigned timeout_s;   // what the initqueue waits
    unsigned asked_s;     // timeout= as given (more than timeout_s when the cap cut it)
};

// dracut gives up after rd.retry seconds (180 unless set; the last rd.retry= or rd_retry= counts,
// as getarg reads it); every wait stays within 3/4 of that.
unsigned dracut_wait_cap(std::string_view cmdline);

// One wait per valid entry, none when aeadswap=off; bad entries are the start hook's to report.
std::vector<DeviceWait> dracut_waits(const CmdlineConfig& cfg, unsigned cap);

// `s` in single quotes for sh, the way the hook writes it into the initqueue's scripts.
std::string sh_quoted(std::string_view s);

}  // namespace aeadswap
