// SPDX-License-Identifier: GPL-2.0-or-later
#include "start_facts.h"

#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

#include "device_probe.h"
#include "drive_metadata_probe.h"
#include "kernel_tunable.h"
#include "test_hooks.h"

namespace aeadswap {
namespace {

std::string first_line(const char* path) {
    std::ifstream in(path);
    std::string s;
    std::getline(in, s);
    return s;
}

bool could_hibernate_to_any_swap() {
    bool can = first_line("/sys/power/state").find("disk") != std::string::npos;
    std::string resume = first_line("/sys/power/resume");
    return can && (resume.empty() || resume == "0:0");
}

std::optional<KernelVersion> running_kernel() {
    utsname u{};
    if (uname(&u) != 0) return std::nullopt;
    return parse_kernel_release(u.release);
}

}  // namespace

uint64_t mem_total() {
    struct sysinfo si {};
    return sysinfo(&si) == 0 ? static_cast<uint64_t>(si.totalram) * si.mem_unit : 0;
}

Expected<HeldDevice> read_device(const std::string& path) {
    auto dev = BlockDevice::open_exclusive(path);
    if (!dev) return dev.error();
    test_hook_device_opened(path);
    HeldDevice held{{path, dev->devnum(), dev->size_bytes(), {}, {}, read_drive_metadata(dev->devnum())}, std::nullopt};
    // A device too small to plan for is refused by size alone (planner.h); nothing more to read.
    if (dev->size_bytes() >= kHeadBytes) {
        auto head = dev->read_head(kHeadBytes);
        if (!head) return head.error();
        held.facts.head = std::move(*head);
        auto probe = probe_device(dev->same_device_path(), path);
        if (!probe) return probe.error();
        held.facts.probe = std::move(*probe);
    }
    held.open.emplace(std::move(*dev));
    return held;
}

SystemFacts read_system() {
    SystemFacts s;
    s.page_size = static_cast<unsigned>(sysconf(_SC_PAGESIZE));
    s.hibernation_could_use_any_swap = could_hibernate_to_any_swap();
    auto& t = s.tunables;
    t.mem_total = mem_total();
    t.min_free_kbytes = sysctl_read(kMinFreeKbytes);
    t.page_cluster = sysctl_read(kPageCluster);
    t.bufio_cache = sysctl_read(kBufioCache);
    t.bufio_retain = sysctl_read(kBufioRetain);
    t.kernel = running_kernel();
    return s;
}

}  // namespace aeadswap
