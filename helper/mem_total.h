// SPDX-License-Identifier: GPL-2.0-or-later
// The machine's RAM as the kernel counts it (MemTotal), for the shares the helper takes of it:
// the free-memory reserve, and tags=ram's cap and RAM disks.
#pragma once

#include <cstdint>

namespace aeadswap {

// Bytes; 0 when the kernel does not say. It grows once the kernel frees its init memory and the
// initramfs, so the initramfs and the real root see slightly different figures.
uint64_t mem_total();

}  // namespace aeadswap
