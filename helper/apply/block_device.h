// SPDX-License-Identifier: GPL-2.0-or-later
// The raw block device: exclusive open, size, and aligned O_DIRECT reads and writes (dm-integrity
// writes its superblock around the page cache, so buffered I/O here could see stale bytes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dm_table.h"
#include "result.h"

namespace aeadswap {

class BlockDevice {
public:
    // Opens `path` O_RDWR|O_EXCL|O_DIRECT: fails when mounted, an active swap or held by dm/md.
    // The device number is the open descriptor's, so a by-* link that changes afterwards cannot
    // make the device judged differ from the one formatted.
    static Expected<BlockDevice> open_exclusive(const std::string& path);
    // Opens `path` O_RDONLY|O_DIRECT, beside whoever holds it (aeadswap enable judges the swap
    // partition the running system uses): for reading only.
    static Expected<BlockDevice> open_to_read(const std::string& path);
    BlockDevice(BlockDevice&& o) noexcept;
    BlockDevice& operator=(BlockDevice&&) = delete;
    ~BlockDevice();

    uint64_t size_bytes() const { return size_; }
    DevNum devnum() const { return devnum_; }
    const std::string& path() const { return path_; }
    // The same open device by a path of its own (/proc/self/fd/N), for libblkid's buffered reads.
    std::string same_device_path() const { return "/proc/self/fd/" + std::to_string(fd_); }

    // The first `len` bytes (fewer if the device is smaller).
    Expected<std::vector<uint8_t>> read_head(size_t len) const;
    // The 4 KiB at `offset`: `block`, padded with zeros (empty: all zeros), then fsync.
    Status write_block(uint64_t offset, const std::vector<uint8_t>& block = {}) const;
    // Zeros over the first `len` bytes (rounded up to 4 KiB), then fsync.
    Status write_zeros(uint64_t len) const;
    void close();

private:
    static Expected<BlockDevice> open_with(const std::string& path, bool exclusive);
    BlockDevice(std::string path, int fd, uint64_t size, DevNum devnum);
    std::string path_;
    int fd_ = -1;
    uint64_t size_ = 0;
    DevNum devnum_;
};

// Writes `page` at `offset` of `path` with one aligned O_DIRECT write, then fsync; only if `path`
// opens the block device `expected` (the one just created or judged), whatever the node is.
Status write_page_direct(const std::string& path, DevNum expected, const std::vector<uint8_t>& page,
                         uint64_t offset = 0);

// The kernel's name for a device number ("vdb", "dm-0"), from /sys/dev/block.
std::string kernel_name(DevNum d);

}  // namespace aeadswap
