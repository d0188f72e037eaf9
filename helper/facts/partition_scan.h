// SPDX-License-Identifier: GPL-2.0-or-later
// The PARTUUID=/PARTLABEL= scan without udev's links (dracut's shell image, mkinitcpio without
// udev): which whole disks to read, and what several matches mean. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace aeadswap {

// A whole disk worth reading for a swap partition. Not a device-mapper device (reading ours could
// hit unwritten sectors), nor the kinds that never hold one and whose reads can hang or spin up a
// drive (loop, nbd, optical, floppy, zram, brd, mtd and their kin), nor a disk with no medium.
bool scan_candidate(std::string_view name, uint64_t size_sectors);

// The one partition that carries the name; several is an error naming each (a USB stick with
// the same label must not take the swap), none is none.
Expected<std::string> one_partition(const std::string& what, const std::vector<std::string>& matches);

}  // namespace aeadswap
