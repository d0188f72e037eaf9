// SPDX-License-Identifier: GPL-2.0-or-later
// What the initramfs's run of the helper leaves in /run (which every initramfs hands on to the
// real root) for the real root's units: that it ran, and how each device ended. The real root
// then does not log again what the initramfs already said: a bad entry, or a device it refused.
#pragma once

#include <optional>
#include <string>

#include "result.h"

namespace aeadswap {

// In the initramfs (/etc/initrd-release as systemd tells, or /usr/lib/initrd-release, which is all
// dracut's shell images have): where the record is written.
bool in_initramfs();

// Written in the initramfs only; a failure to write costs nothing but a repeated line later.
void record_initramfs_ran();
// The code, and the line that said why (empty for success).
void record_outcome(const std::string& name, const Error& outcome);

// Read in the real root.
bool initramfs_ran();
std::optional<Error> initramfs_outcome(const std::string& name);

}  // namespace aeadswap
