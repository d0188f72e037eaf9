// SPDX-License-Identifier: GPL-2.0-or-later
// Hibernation must not use a swap whose key dies at power-off. The helper never writes
// /sys/power/resume (that would start a resume); it only warns, or refuses with hibernate=refuse.
#pragma once

#include "cmdline.h"
#include "result.h"

namespace aeadswap {

// True when the kernel could hibernate and no resume= device was named, so it would pick the
// first active swap, possibly ours.
bool hibernation_could_use_any_swap();

Status check_hibernation(const SwapSpec& spec);

}  // namespace aeadswap
