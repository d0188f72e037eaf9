// SPDX-License-Identifier: GPL-2.0-or-later
// What the dracut and mkinitcpio hooks act on, printed by the helper so that the parameter
// grammar and the module list stay in it: the hooks parse nothing themselves.
#pragma once

#include <string>

#include "cmdline.h"
#include "result.h"

namespace aeadswap {

// aeadswap modules: one module name a line, what an image for the kernel whose module tree is
// `dir` must carry; a warning a line for what that kernel lacks.
Exit print_image_modules(const std::string& dir);

// aeadswap dracut-wait: "SECONDS NODE" a line (NODE quoted for sh), and a warning for each wait
// that dracut's rd.retry cut short.
Exit print_dracut_waits(const CmdlineConfig& cfg, const std::string& cmdline);

// aeadswap lvm-volumes: "VG/LV" a line for each configured device (each leg of a mirror) that is
// an LVM volume here, for the dracut module's host-only rd.lvm.lv=: an image activates no other.
Exit print_lvm_volumes(const CmdlineConfig& cfg);

}  // namespace aeadswap
