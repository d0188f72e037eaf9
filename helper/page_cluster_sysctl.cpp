// SPDX-License-Identifier: GPL-2.0-or-later
#include "page_cluster_sysctl.h"

#include <sys/utsname.h>

#include <string>

#include "log.h"
#include "swap_readahead.h"
#include "sysctl.h"

namespace aeadswap {
namespace {

constexpr const char* kSysctl = "/proc/sys/vm/page-cluster";

std::optional<KernelVersion> running_kernel() {
    utsname u{};
    if (uname(&u) != 0) return std::nullopt;
    return parse_kernel_release(u.release);
}

void turn_off(long current, const std::string& why) {
    if (!sysctl_write(kSysctl, 0)) {
        log_warning(std::string("cannot set ") + kSysctl + " to 0; with swap readahead on, one page that fails "
                    "its tag can take the pages read with it (up to " + std::to_string(1L << current) + ")");
        return;
    }
    log(Level::notice, "vm.page-cluster set from " + std::to_string(current) + " to 0 (no swap readahead): " + why +
                           " (a value set in /etc/sysctl.d is applied later and wins)");
}

}  // namespace

void apply_swap_readahead(Readahead policy) {
    auto current = sysctl_read(kSysctl);
    if (!current) {
        log_warning(std::string("cannot read ") + kSysctl + "; swap readahead left as it is");
        return;
    }
    if (*current == 0 || policy == Readahead::on) return;
    if (policy == Readahead::off) return turn_off(*current, "readahead=off");
    auto kernel = running_kernel();
    if (kernel && reads_swap_page_by_page(*kernel)) {
        log_info("vm.page-cluster left at " + std::to_string(*current) + ": Linux " + to_string(*kernel) +
                 " reads each page of a swap readahead window on its own, so one page failing its tag costs "
                 "that page alone");
        return;
    }
    turn_off(*current, "this kernel may read a readahead window in one request, and one page failing its tag "
                       "would fail its neighbours too");
}

}  // namespace aeadswap
