// The RAM disks that hold tags=ram entries' tags: the kernel's brd. Its pages are allocated by
// the driver itself, never put on an LRU list, so they are neither swapped out nor reclaimed;
// each disk is written over once at setup, so that no page is allocated in the I/O path under
// memory pressure. brd takes its disk count and size only when it is loaded, so aeadswap loads it
// itself, once per start, with one disk for each tags=ram entry of that start.
#pragma once

#include <cstdint>

#include "dm_table.h"
#include "result.h"

namespace aeadswap {

inline constexpr const char* kRamDiskModule = "brd";
inline constexpr unsigned kRamDiskMajor = 1;  // RAMDISK_MAJOR: /dev/ramN is 1:N with max_part=1

class RamDisks {
public:
    // `count` disks of at most `disk_bytes` each; nothing is loaded before the first take(). A disk
    // costs RAM only where it is written, so every disk can have the largest size any entry allows.
    RamDisks(unsigned count, uint64_t disk_bytes) : count_(count), disk_bytes_(disk_bytes) {}
    RamDisks(const RamDisks&) = delete;
    RamDisks& operator=(const RamDisks&) = delete;
    // Unloads brd again when none of its disks ended up in use (every entry failed).
    ~RamDisks();

    // The next disk, its first `bytes` written with zeros; loads brd at the first call.
    Expected<DevNum> take(uint64_t bytes);
    // Whether take() can work: brd loaded by this start already, or loadable (ram_disks_available).
    Status usable() const;
    // The disk the next take() gives, for the dry run.
    unsigned next_index() const { return next_; }

private:
    unsigned count_, next_ = 0;
    uint64_t disk_bytes_;
    bool loaded_ = false;
};

// Whether brd can be loaded by aeadswap now: present, and not loaded (or built in) already.
Status ram_disks_available();

// After `stop`: frees the disk's RAM by unloading brd once none of its disks is held; while
// another entry holds one, discards this disk's pages instead.
void release_ram_disk(DevNum disk);

}  // namespace aeadswap
