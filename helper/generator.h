// systemd generator mode (dracut's and mkinitcpio's systemd initramfs): one oneshot unit per
// aeadswap= entry, started by initrd.target, after the hibernation resume attempt, waiting for its
// device no longer than the entry's timeout.
#pragma once

#include <string>
#include <vector>

#include "cmdline.h"
#include "result.h"

namespace aeadswap {

struct GeneratedFile {
    std::string path;     // relative to the generator's output directory
    std::string content;  // empty with a symlink target
    std::string symlink_to;
};

// systemd-escape --path: "/dev/disk/by-partlabel/a b" -> "dev-disk-by\x2dpartlabel-a\x20b"
std::string systemd_escape_path(const std::string& path);

std::vector<GeneratedFile> generate_units(const CmdlineConfig& cfg, const std::string& helper);

// Writes the files under `dir`; logs and skips what it cannot write. Always succeeds for systemd.
Exit run_generator(const std::string& dir, const CmdlineConfig& cfg, const std::string& helper);

}  // namespace aeadswap
