// SPDX-License-Identifier: GPL-2.0-or-later
// Reading what sysfs says of the metadata of the whole disk a block device is on.
#pragma once

#include "dm_table.h"
#include "drive_metadata.h"

namespace aeadswap {

// For a partition, its disk's (the integrity attributes live on the disk).
DriveMetadata read_drive_metadata(DevNum dev);

}  // namespace aeadswap
