// SPDX-License-Identifier: GPL-2.0-or-later
// aeadswap enable and disable, decided: from the device's names and the text of the system's
// configuration files to the exact new text of each file and the commands to run. Pure: the
// caller reads the files and the device, and applies the plan (enable.h).
//
// enable comments out every /etc/fstab and /etc/crypttab line and every initramfs-tools RESUME=
// that names the device (any of its names), drops a resume= that names it from GRUB's command
// line, and puts aeadswap= on the kernel command line: GRUB's through a drop-in of its own
// (/etc/default/grub.d/aeadswap.cfg, Debian and Ubuntu), or /etc/kernel/cmdline (kernel-install,
// systemd-boot). A line it turns off starts with kDisabledMark, a line it adds ends with
// kAddedMark, so that disable puts each file back as it was.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "result.h"

namespace aeadswap {

inline constexpr const char* kDisabledMark = "# aeadswap enable: ";
inline constexpr const char* kAddedMark = " # aeadswap enable";
inline constexpr const char* kGrubDropIn = "/etc/default/grub.d/aeadswap.cfg";
// initramfs-tools' RESUME=none, when no other RESUME is left: an image made before the reboot
// would otherwise pick the old swap, still on, and wait for it at every boot after.
inline constexpr const char* kResumeNone = "/etc/initramfs-tools/conf.d/aeadswap";
// The first line of a file enable writes whole; disable removes such files.
inline constexpr const char* kOwnedHeader = "# Written by aeadswap enable; aeadswap disable removes it. See aeadswap(8).";

// Every name the device goes by: its node and the /dev links to it, and the tags blkid reads.
struct DeviceNames {
    std::string node;                // /dev/vdb1
    std::vector<std::string> links;  // /dev/disk/by-uuid/..., /dev/mapper/vg-swap, ...
    std::string uuid, label;         // the swap area's (empty once aeadswap formatted it)
    std::string partuuid, partlabel;
};

// Whether a name as fstab, crypttab, RESUME= or resume= write it (UUID=, LABEL=, PARTUUID=,
// PARTLABEL=, a /dev path) is the device.
bool names_device(const std::string& spec, const DeviceNames& dev);

// Whether a kernel command line word is a resume= that names the device.
bool resume_word_names(const std::string& word, const DeviceNames& dev);

// The name aeadswap= gets: PARTUUID=, else a /dev/disk/by-id/ link, else an LVM volume's
// /dev/mapper/ name, else a /dev/disk/by-path/ link; an error when it has none that survives a
// reboot.
Expected<std::string> stable_name(const DeviceNames& dev);

// The files, by absolute path; a file that does not exist is absent.
using FileTexts = std::map<std::string, std::string>;

// What the system has: GRUB (/etc/default/grub), kernel-install's /etc/kernel/cmdline, and
// the update commands present.
struct BootSetup {
    bool grub = false, kernel_cmdline = false;
    bool update_grub = false, update_initramfs = false, kernel_install = false;
    // dracut's host-only images carry a resume= for the swap fstab names: rebuilt when that changes.
    bool dracut = false;
};

struct Plan {
    FileTexts after;                              // the new text of each file that changes ("" and
                                                  // absent from the system: created; see removed)
    std::vector<std::string> removed;             // files to delete
    std::vector<std::vector<std::string>> run;    // commands, in order
    std::vector<std::string> todo;                // what the user must run where no tool is there
};

// The aeadswap= value for DEVICE with OPTIONS ("prio=5,tags=ram", may be empty).
Expected<Plan> plan_enable(const DeviceNames& dev, const std::string& options, const FileTexts& files,
                           const BootSetup& boot);

// Every file enable changed, put back; the aeadswap= entries removed.
Plan plan_disable(const FileTexts& files, const BootSetup& boot);

// The aeadswap= values that enable put on the kernel command line.
std::vector<std::string> enabled_entries(const FileTexts& files);

// Where the files still name the device, as "/etc/fstab line 4" (lines turned off do not count):
// the swap aeadswap replaced, which systemd and the initramfs would wait for at every boot.
std::vector<std::string> references_to(const DeviceNames& dev, const FileTexts& files);

// The files plan_enable and plan_disable read (absolute paths), and the folders whose every file
// they read.
std::vector<std::string> config_paths();
std::vector<std::string> config_dirs();

}  // namespace aeadswap
