// SPDX-License-Identifier: GPL-2.0-or-later
#include "mem_total.h"

#include <sys/sysinfo.h>

namespace aeadswap {

uint64_t mem_total() {
    struct sysinfo si {};
    return sysinfo(&si) == 0 ? static_cast<uint64_t>(si.totalram) * si.mem_unit : 0;
}

}  // namespace aeadswap
