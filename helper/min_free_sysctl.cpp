// SPDX-License-Identifier: GPL-2.0-or-later
#include "min_free_sysctl.h"

#include <string>

#include "log.h"
#include "mem_total.h"
#include "min_free_floor.h"
#include "sysctl.h"

namespace aeadswap {
namespace {

constexpr const char* kSysctl = "/proc/sys/vm/min_free_kbytes";

long mem_total_kib() { return static_cast<long>(mem_total() / 1024); }

}  // namespace

void raise_min_free_kbytes() {
    auto read = sysctl_read(kSysctl);
    if (!read) {
        log_warning(std::string("cannot read ") + kSysctl + "; the kernel's free-memory reserve is left as it is");
        return;
    }
    long current = *read;
    auto value = min_free_kbytes_to_set(current, mem_total_kib());
    if (!value) return;
    if (!sysctl_write(kSysctl, *value)) {
        log_warning(std::string("cannot write ") + kSysctl + "; with the kernel's reserve of " +
                    std::to_string(current) + " KiB, swap can stall under heavy memory pressure");
        return;
    }
    log(Level::notice, "vm.min_free_kbytes raised from " + std::to_string(current) + " to " + std::to_string(*value) +
                           ": writing swap through dm-crypt and dm-integrity needs free memory when the kernel "
                           "is short of it (a value set in /etc/sysctl.d is applied later and wins)");
}

}  // namespace aeadswap
