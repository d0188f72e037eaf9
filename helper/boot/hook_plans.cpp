// SPDX-License-Identifier: GPL-2.0-or-later
#include "hook_plans.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cstdio>

#include "devmapper.h"
#include "dracut_wait.h"
#include "kernel_support.h"
#include "kmod_loader.h"
#include "log.h"
#include "mirror_legs.h"

namespace aeadswap {

Exit print_image_modules(const std::string& dir) {
    auto found = lookup_modules(dir, image_module_names());
    if (!found) {
        log_error(found.error().message);
        return found.error().code;
    }
    for (const auto& m : found->modules) std::printf("%s\n", m.c_str());
    Exit rc = Exit::ok;
    const auto& dm = device_mapper_modules();
    for (const auto& m : found->missing) {
        bool needed = std::find(dm.begin(), dm.end(), m) != dm.end();
        for (const auto& c : all_ciphers())
            if (std::find(c.modules.begin(), c.modules.end(), m) != c.modules.end())
                log_warning("the kernel in " + dir + " has no " + m + ": cipher=" + c.name + " cannot work with it");
        const auto& mirror = mirror_modules();
        if (std::find(mirror.begin(), mirror.end(), m) != mirror.end())
            log_warning("the kernel in " + dir + " has no " + m + ": mirror= cannot work with it");
        const auto& ram = tag_ram_modules();
        if (std::find(ram.begin(), ram.end(), m) != ram.end())
            log_warning("the kernel in " + dir + " has no " + m + ": tags=ram cannot work with it");
        if (needed) {
            log_error("the kernel in " + dir + " has no " + m + ": aeadswap cannot work with it");
            rc = Exit::unsupported;
        }
    }
    return rc;
}

Exit print_dracut_waits(const CmdlineConfig& cfg, const std::string& cmdline) {
    unsigned cap = dracut_wait_cap(cmdline);
    for (const auto& w : dracut_waits(cfg, cap)) {
        if (w.timeout_s < w.asked_s)
            log_warning("timeout=" + std::to_string(w.asked_s) + " for " + w.node +
                        " is past 3/4 of dracut's rd.retry; waiting at most " + std::to_string(cap) +
                        " s (raise rd.retry to wait longer)");
        std::printf("%u %s\n", w.timeout_s, sh_quoted(w.node).c_str());
    }
    return Exit::ok;
}

Exit print_lvm_volumes(const CmdlineConfig& cfg) {
    if (cfg.disabled) return Exit::ok;
    auto list = dm_list();
    if (!list) return Exit::ok;  // no device-mapper here: no volume either
    for (const auto& s : cfg.specs) {
        if (!s) continue;
        for (const auto& leg : device_specs(*s)) {
            struct stat st {};
            if (leg.kind != DeviceKind::path || stat(leg.device.c_str(), &st) != 0 || !S_ISBLK(st.st_mode)) continue;
            for (const auto& d : *list)
                if (d.uuid.rfind("LVM-", 0) == 0 && d.devnum.major == major(st.st_rdev) &&
                    d.devnum.minor == minor(st.st_rdev))
                    if (auto lv = lvm_volume_of(d.name)) std::printf("%s\n", lv->c_str());
        }
    }
    return Exit::ok;
}

}  // namespace aeadswap
