// SPDX-License-Identifier: GPL-2.0-or-later
#include "sysroot_dev.h"

#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace aeadswap {
namespace {

// A mount point is a directory on another device than its parent.
bool is_mount_point(const std::string& dir) {
    struct stat here {}, up {};
    return stat(dir.c_str(), &here) == 0 && stat((dir + "/..").c_str(), &up) == 0 && here.st_dev != up.st_dev;
}

}  // namespace

Expected<std::string> dev_below_sysroot(const std::string& sysroot) {
    std::string dev = sysroot + "/dev";
    if (!is_mount_point(sysroot))
        return fail(Exit::failure, sysroot + " is not mounted yet, so swap is turned on through /dev");
    if (is_mount_point(dev)) return dev;
    if (mount("devtmpfs", dev.c_str(), "devtmpfs", MS_NOSUID, "mode=0755") != 0)
        return fail(Exit::failure, "cannot mount devtmpfs on " + dev + ": " + std::strerror(errno) +
                                       ", so swap is turned on through /dev");
    return dev;
}

}  // namespace aeadswap
