#include "log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace aeadswap {
namespace {

int kmsg_fd = -1;
bool verbose_logs = false;

}  // namespace

void log_init(LogTarget target, bool verbose) {
    verbose_logs = verbose;
    // In the initramfs the console is a terminal, but only the kernel log outlives it: that is
    // where an administrator looks later for why a swap is missing.
    bool early_boot = access("/etc/initrd-release", F_OK) == 0;
    bool want_kmsg = target == LogTarget::kmsg ||
                     (target == LogTarget::automatic && (!isatty(STDERR_FILENO) || early_boot));
    if (want_kmsg) kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
}

void log(Level level, const std::string& message) {
    if (level == Level::debug && !verbose_logs) return;
    std::string line = "aeadswap: " + message + "\n";
    if (kmsg_fd >= 0) {
        // Debug lines would be dropped by the default console level anyway; keep them info.
        int prio = level == Level::debug ? static_cast<int>(Level::info) : static_cast<int>(level);
        std::string rec = "<" + std::to_string(prio) + ">" + line;
        if (write(kmsg_fd, rec.data(), rec.size()) == static_cast<ssize_t>(rec.size())) return;
    }
    std::fputs(line.c_str(), stderr);
}

}  // namespace aeadswap
