// SPDX-License-Identifier: GPL-2.0-or-later
// systemd generator mode: one oneshot unit per aeadswap= entry, aeadswap@NAME.service, after the
// hibernation resume attempt, waiting for its device no longer than the entry's timeout. In a
// systemd initramfs (dracut's, mkinitcpio's) initrd.target wants it; in the real root swap.target
// does, so that aeadswap works whatever made the initramfs (initramfs-tools included), a device the
// initramfs already set up is left alone (setup.h), and one that came late is set up then. A
// failure fails the unit (systemctl --failed) and nothing else; stopping the real root's unit
// turns the swap off and removes the devices.
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

// aeadswap@NAME.service, as systemd-cryptsetup@NAME.service: instances of no template file, each
// written whole by the generator, so that systemctl cat shows the entry it runs.
std::string unit_name(const SwapSpec& spec);

// Where systemd runs the generator: systemd's own test for it is /etc/initrd-release.
enum class GeneratorStage { initrd, system };
GeneratorStage current_stage();

std::vector<GeneratedFile> generate_units(const CmdlineConfig& cfg, const std::string& helper, GeneratorStage stage);

// Writes the files under `dir`; logs and skips what it cannot write. Always succeeds for systemd.
Exit run_generator(const std::string& dir, const CmdlineConfig& cfg, const std::string& helper, GeneratorStage stage);

}  // namespace aeadswap
