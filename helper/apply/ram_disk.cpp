// SPDX-License-Identifier: GPL-2.0-or-later
#include "ram_disk.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "block_device.h"
#include "integrity_superblock.h"
#include "kmod_loader.h"
#include "log.h"
#include "start_facts.h"

namespace aeadswap {
namespace {

std::string disk_path(unsigned n) { return "/dev/ram" + std::to_string(n); }

// Half the RAM, the largest share ram_cap= allows, so that any entry fits any disk; in whole MiB
// and 4 KiB more, which marks the module as aeadswap's (nobody else picks such a size). Not the
// exact size: MemTotal grows once the kernel frees its init memory and the initramfs, so the real
// root computes another figure than the initramfs that loaded brd.
constexpr uint64_t kMarkKiB = 4;

uint64_t disk_kib() { return mem_total() / 2 / (1 << 20) * 1024 + kMarkKiB; }

std::string our_options() {
    return "rd_nr=" + std::to_string(kRamDisks) + " rd_size=" + std::to_string(disk_kib()) + " max_part=1";
}

std::string parameter(const char* name) {
    std::ifstream in(std::string("/sys/module/") + kRamDiskModule + "/parameters/" + name);
    std::string v;
    in >> v;
    return v;
}

// The size of each disk of the brd that is loaded, in KiB (0 when none is).
uint64_t loaded_disk_kib() { return std::strtoull(parameter("rd_size").c_str(), nullptr, 10); }

// brd as aeadswap loads it: our disk count, and a size in whole MiB plus the mark.
bool loaded_by_us() {
    return parameter("rd_nr") == std::to_string(kRamDisks) && loaded_disk_kib() % 1024 == kMarkKiB;
}

// A disk no other start of ours uses: opens exclusively (nothing holds it), and its first block
// is zeros (never written) or a dm-integrity superblock (a tag area of an entry stopped or failed).
Expected<BlockDevice> free_disk(unsigned n) {
    auto dev = BlockDevice::open_exclusive(disk_path(n));
    if (!dev) return dev.error();
    if (dev->devnum().major != kRamDiskMajor || dev->devnum().minor != n)
        return fail(Exit::failure, disk_path(n) + " is not brd's disk " + std::to_string(n));
    auto head = dev->read_head(4096);
    if (!head) return head.error();
    bool zeros = std::all_of(head->begin(), head->end(), [](uint8_t b) { return b == 0; });
    if (!zeros && !parse_integrity_superblock(*head)) return fail(Exit::failure, disk_path(n) + " holds data");
    return dev;
}

// One start at a time picks a disk and formats it: systemd runs each entry's unit in parallel, and
// between the fill and dm's claim nothing holds the disk, so a second start could take it too.
int lock_ram_disks() {
    mkdir("/run/aeadswap", 0700);
    int fd = open("/run/aeadswap/ram-disks.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        log_debug(std::string("cannot lock /run/aeadswap/ram-disks.lock: ") + std::strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

Status ram_disks_available() {
    auto state = module_state(kRamDiskModule);
    if (!state) return state.error();
    if (*state == ModuleState::missing)
        return fail(Exit::unsupported, "tags=ram needs the kernel's RAM disk driver brd, which this kernel does not "
                                       "have (CONFIG_BLK_DEV_RAM); use tags=disk");
    if (*state == ModuleState::loaded && !loaded_by_us())
        return fail(Exit::unsupported, "tags=ram needs the RAM disk driver brd loaded with aeadswap's disk sizes, but "
                                       "something else loaded it (or it is built in) with rd_nr=" + parameter("rd_nr") +
                                       " rd_size=" + parameter("rd_size") + "; use tags=disk, or unload brd first");
    return {};
}

RamDisks::~RamDisks() {
    if (loaded_here_) unload_module(kRamDiskModule);  // fails, as it should, while a disk is in use
    if (lock_fd_ >= 0) close(lock_fd_);
}

Expected<DevNum> RamDisks::take(uint64_t bytes) {
    if (lock_fd_ < 0) lock_fd_ = lock_ram_disks();
    if (auto st = ram_disks_available(); !st) return st.error();
    if (*module_state(kRamDiskModule) != ModuleState::loaded) {
        if (auto st = load_module_with(kRamDiskModule, our_options()); !st) return st.error();
        loaded_here_ = true;
        log_debug("loaded brd " + our_options());
    }
    if (bytes > loaded_disk_kib() * 1024)
        return fail(Exit::refused, "the tags need " + std::to_string(bytes >> 20) + " MiB, more than the RAM disks "
                                   "aeadswap loaded in this boot hold (half the RAM); use tags=disk");
    for (unsigned n = 0; n < kRamDisks; ++n) {
        auto dev = free_disk(n);
        if (!dev) continue;
        if (auto st = dev->write_zeros(bytes); !st)
            return fail(Exit::failure, "cannot allocate the tags' RAM: " + st.error().message);
        return dev->devnum();
    }
    return fail(Exit::refused, "all " + std::to_string(kRamDisks) + " RAM disks aeadswap loaded are in use; at most " +
                                   std::to_string(kRamDisks) + " tags=ram entries per boot");
}

void release_ram_disk(DevNum disk) {
    if (unload_module(kRamDiskModule)) {
        log_debug("unloaded brd: its RAM is free");
        return;
    }
    int fd = open(disk_path(disk.minor).c_str(), O_RDWR | O_CLOEXEC);
    uint64_t range[2] = {0, 0};
    if (fd < 0 || ioctl(fd, BLKGETSIZE64, &range[1]) != 0 || ioctl(fd, BLKDISCARD, range) != 0)
        log_debug("cannot discard " + disk_path(disk.minor) + ": " + std::strerror(errno) +
                  "; its RAM is freed when brd is unloaded");
    if (fd >= 0) close(fd);
}

}  // namespace aeadswap
