// SPDX-License-Identifier: GPL-2.0-or-later
// Whether a swap can be turned off now: swapoff(2) reads every page back into RAM, and the kernel
// lets it start whenever the pages fit in RAM and swap together, so under memory pressure it
// pushes other pages out or wakes the OOM killer. stop (and the unit's ExecStop) refuse instead.
#pragma once

#include <cstdint>
#include <string>

#include "result.h"

namespace aeadswap {

// The memory swapoff must leave free: 1/32 of RAM, at least 64 MiB.
uint64_t swapoff_reserve_kib(uint64_t mem_total_kib);

// Refused (Exit::refused) when the swap's used pages and the reserve do not fit in what the
// kernel counts as available.
Status swapoff_fits(const std::string& name, uint64_t used_kib, uint64_t available_kib, uint64_t total_kib);

// /proc/meminfo's MemAvailable and MemTotal in KiB, 0 when the kernel does not say.
struct MemInfo {
    uint64_t available_kib = 0, total_kib = 0;
};
MemInfo read_meminfo();

}  // namespace aeadswap
