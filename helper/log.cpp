// SPDX-License-Identifier: GPL-2.0-or-later
#include "log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "boot_record.h"

namespace aeadswap {
namespace {

bool to_kmsg = false;
bool to_journal = false;
bool verbose_logs = false;

// systemd's test (sd_journal_stream_fd's peer, as in systemd's own log.c): JOURNAL_STREAM names
// the device and inode of the stream it connected, which must still be our stderr.
bool stderr_is_journal() {
    const char* env = std::getenv("JOURNAL_STREAM");
    unsigned long long dev = 0, ino = 0;
    struct stat st {};
    return env && std::sscanf(env, "%llu:%llu", &dev, &ino) == 2 && fstat(STDERR_FILENO, &st) == 0 &&
           st.st_dev == dev && st.st_ino == ino;
}

// One open per record: the kernel rate-limits each open /dev/kmsg to 10 records in 5 s and still
// reports a dropped write as done (printk.devkmsg=ratelimit, the default), so a long command line
// lost its later lines. The helper writes a bounded few: one per entry and a handful of notices.
bool write_kmsg(const std::string& rec) {
    int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return false;
    bool ok = write(fd, rec.data(), rec.size()) == static_cast<ssize_t>(rec.size());
    close(fd);
    return ok;
}

}  // namespace

void log_init(LogTarget target, bool verbose) {
    verbose_logs = verbose;
    // In the initramfs only the kernel log outlives the boot: that is where an administrator looks
    // later for why a swap is missing. Everywhere else stderr, which a script, a cron job or the
    // journal (under systemd) catches; the hooks and the initramfs's units ask for kmsg themselves.
    to_kmsg = target == LogTarget::kmsg || (target == LogTarget::automatic && in_initramfs());
    // Under a systemd unit: the journal files each line under the unit (systemctl status shows it)
    // and takes its level from a "<N>" prefix; it names the program itself.
    to_journal = !to_kmsg && stderr_is_journal();
}

void log(Level level, const std::string& message) {
    if (level == Level::debug && !verbose_logs) return;
    std::string line = "aeadswap: " + message + "\n";
    if (to_kmsg) {
        // Debug lines would be dropped by the default console level anyway; keep them info.
        int prio = level == Level::debug ? static_cast<int>(Level::info) : static_cast<int>(level);
        if (write_kmsg("<" + std::to_string(prio) + ">" + line)) return;
    }
    if (to_journal) line = "<" + std::to_string(static_cast<int>(level)) + ">" + message + "\n";
    std::fputs(line.c_str(), stderr);
}

}  // namespace aeadswap
