#include "page_cluster_sysctl.h"

#include <string>

#include "log.h"
#include "sysctl.h"

namespace aeadswap {
namespace {

constexpr const char* kSysctl = "/proc/sys/vm/page-cluster";

}  // namespace

void turn_off_swap_readahead() {
    auto current = sysctl_read(kSysctl);
    if (current && *current == 0) return;
    if (!current || !sysctl_write(kSysctl, 0)) {
        log_warning(std::string("cannot set ") + kSysctl + " to 0; with swap readahead on, one page that fails "
                    "its tag can take the pages read with it (up to 8)");
        return;
    }
    log(Level::notice, "vm.page-cluster set from " + std::to_string(*current) +
                           " to 0 (no swap readahead): the kernel reads a readahead window in one request, so "
                           "one page failing its tag would fail its neighbours too (a value set in "
                           "/etc/sysctl.d is applied later and wins)");
}

}  // namespace aeadswap
