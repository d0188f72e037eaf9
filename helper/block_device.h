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
    static Expected<BlockDevice> open_exclusive(const std::string& path);
    BlockDevice(BlockDevice&& o) noexcept;
    BlockDevice& operator=(BlockDevice&&) = delete;
    ~BlockDevice();

    uint64_t size_bytes() const { return size_; }
    DevNum devnum() const { return devnum_; }
    const std::string& path() const { return path_; }

    // The first `len` bytes (fewer if the device is smaller).
    Expected<std::vector<uint8_t>> read_head(size_t len) const;
    Status write_zero_block() const;
    void close();

private:
    BlockDevice(std::string path, int fd, uint64_t size, DevNum devnum);
    std::string path_;
    int fd_ = -1;
    uint64_t size_ = 0;
    DevNum devnum_;
};

// Writes `page` at offset 0 of `path` with one aligned O_DIRECT write, then fsync.
Status write_page_direct(const std::string& path, const std::vector<uint8_t>& page);

// The device number of a block special file.
Expected<DevNum> block_devnum(const std::string& path);

// The kernel's name for a device number ("vdb", "dm-0"), from /sys/dev/block.
std::string kernel_name(DevNum d);

}  // namespace aeadswap
