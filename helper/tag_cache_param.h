// SPDX-License-Identifier: GPL-2.0-or-later
// Applies tag_cache_floor.h to the running kernel's dm-bufio module parameters (the cache, and what
// its shrinker leaves each device).
#pragma once

#include "tag_cache_floor.h"

namespace aeadswap {

// Adds one entry's tags on disk (both legs of a mirror) to those of the entries this process set
// up before it, raises dm-bufio's cache to hold them all and what its shrinker leaves each device
// to the largest device's. One helper process starts every entry of the command line, so the
// totals cover them all. Swap works without it, so a failure is a warning and the setup goes on.
void raise_tag_cache(const TagsOnDisk& entry);

}  // namespace aeadswap
