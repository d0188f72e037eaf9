#include "ram_disk.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "block_device.h"
#include "kmod_loader.h"
#include "log.h"

namespace aeadswap {
namespace {

std::string disk_path(unsigned n) { return "/dev/ram" + std::to_string(n); }

}  // namespace

Status ram_disks_available() {
    auto state = module_state(kRamDiskModule);
    if (!state) return state.error();
    if (*state == ModuleState::missing)
        return fail(Exit::unsupported, "tags=ram needs the kernel's RAM disk driver brd, which this kernel does not "
                                       "have (CONFIG_BLK_DEV_RAM); use tags=disk");
    if (*state == ModuleState::loaded)
        return fail(Exit::unsupported, "tags=ram needs to load the RAM disk driver brd with its own disk sizes, but brd "
                                       "is already loaded or built in (another user of /dev/ram*, or an earlier "
                                       "aeadswap start in this boot); use tags=disk, or unload brd first");
    return {};
}

Status RamDisks::usable() const {
    if (loaded_) return {};
    return ram_disks_available();
}

RamDisks::~RamDisks() {
    if (loaded_) unload_module(kRamDiskModule);  // fails, as it should, while a disk is in use
}

Expected<DevNum> RamDisks::take(uint64_t bytes) {
    if (next_ >= count_) return fail(Exit::failure, "no RAM disk left for tags=ram (a bug in aeadswap)");
    if (bytes > disk_bytes_) return fail(Exit::failure, "the RAM disks are too small for the tags (a bug in aeadswap)");
    if (!loaded_) {
        if (auto st = ram_disks_available(); !st) return st.error();
        std::string opts = "rd_nr=" + std::to_string(count_) + " rd_size=" + std::to_string((disk_bytes_ + 1023) / 1024) +
                           " max_part=1";
        if (auto st = load_module_with(kRamDiskModule, opts); !st) return st.error();
        loaded_ = true;
        log_debug("loaded brd " + opts);
    }
    unsigned n = next_++;
    auto dev = BlockDevice::open_exclusive(disk_path(n));
    if (!dev) return dev.error();
    if (dev->devnum().major != kRamDiskMajor || dev->devnum().minor != n)
        return fail(Exit::failure, disk_path(n) + " is not brd's disk " + std::to_string(n) + " (it is " +
                                       dev->devnum().str() + "); not using it for tags");
    if (auto st = dev->write_zeros(bytes); !st)
        return fail(Exit::failure, "cannot allocate the tags' RAM: " + st.error().message);
    return dev->devnum();
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
