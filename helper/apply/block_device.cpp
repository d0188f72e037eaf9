// SPDX-License-Identifier: GPL-2.0-or-later
#include "block_device.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>

namespace aeadswap {
namespace {

constexpr size_t kAlign = 4096;

struct AlignedFree {
    void operator()(void* p) const { std::free(p); }
};
using AlignedBuf = std::unique_ptr<uint8_t, AlignedFree>;

AlignedBuf aligned(size_t len) {
    void* p = nullptr;
    if (posix_memalign(&p, kAlign, len) != 0) return nullptr;
    std::memset(p, 0, len);
    return AlignedBuf(static_cast<uint8_t*>(p));
}

std::string err(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

BlockDevice::BlockDevice(std::string path, int fd, uint64_t size, DevNum devnum)
    : path_(std::move(path)), fd_(fd), size_(size), devnum_(devnum) {}

BlockDevice::BlockDevice(BlockDevice&& o) noexcept
    : path_(std::move(o.path_)), fd_(o.fd_), size_(o.size_), devnum_(o.devnum_) {
    o.fd_ = -1;
}

BlockDevice::~BlockDevice() { close(); }

void BlockDevice::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

// The block device behind an open descriptor.
std::optional<DevNum> fd_devnum(int fd) {
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISBLK(st.st_mode)) return std::nullopt;
    return DevNum{major(st.st_rdev), minor(st.st_rdev)};
}

std::string kernel_name(DevNum d) {
    std::ifstream in("/sys/dev/block/" + d.str() + "/uevent");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("DEVNAME=", 0) == 0) return line.substr(8);
    return d.str();
}

Expected<BlockDevice> BlockDevice::open_exclusive(const std::string& path) { return open_with(path, true); }

Expected<BlockDevice> BlockDevice::open_to_read(const std::string& path) { return open_with(path, false); }

Expected<BlockDevice> BlockDevice::open_with(const std::string& path, bool exclusive) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return fail(Exit::no_device, err(path));
    // Checked before the open too: on a FIFO the open would block.
    if (!S_ISBLK(st.st_mode)) return fail(Exit::refused, path + " is not a block device; give a disk partition");
    int fd = open(path.c_str(), (exclusive ? O_RDWR | O_EXCL : O_RDONLY) | O_DIRECT | O_CLOEXEC);
    if (fd < 0) {
        if (errno == EBUSY)
            return fail(Exit::refused, path + " is in use (mounted, an active swap, or held by device-mapper or "
                                              "RAID); not touching it");
        if (errno == EROFS || errno == EACCES || errno == EPERM)
            return fail(Exit::refused, path + " is not writable (" + std::strerror(errno) + ")");
        return fail(Exit::failure, err("cannot open " + path));
    }
    auto num = fd_devnum(fd);
    if (!num) {
        ::close(fd);
        return fail(Exit::refused, path + " is not a block device; give a disk partition");
    }
    int ro = 0;
    uint64_t size = 0;
    if (exclusive && ioctl(fd, BLKROGET, &ro) == 0 && ro) {
        ::close(fd);
        return fail(Exit::refused, path + " is read-only");
    }
    if (ioctl(fd, BLKGETSIZE64, &size) != 0) {
        auto e = err("cannot read the size of " + path);
        ::close(fd);
        return fail(Exit::failure, e);
    }
    return BlockDevice(path, fd, size, *num);
}

Expected<std::vector<uint8_t>> BlockDevice::read_head(size_t len) const {
    len = std::min<uint64_t>(len, size_ / kAlign * kAlign);
    auto buf = aligned(std::max(len, kAlign));
    if (!buf) return fail(Exit::failure, "out of memory");
    ssize_t n = pread(fd_, buf.get(), len, 0);
    if (n != static_cast<ssize_t>(len)) return fail(Exit::failure, err("cannot read the start of " + path_));
    return std::vector<uint8_t>(buf.get(), buf.get() + len);
}

Status BlockDevice::write_block(uint64_t offset, const std::vector<uint8_t>& block) const {
    auto buf = aligned(kAlign);
    if (!buf) return fail(Exit::failure, "out of memory");
    std::memcpy(buf.get(), block.data(), std::min<size_t>(block.size(), kAlign));
    if (pwrite(fd_, buf.get(), kAlign, static_cast<off_t>(offset)) != static_cast<ssize_t>(kAlign) || fsync(fd_) != 0)
        return fail(Exit::failure, err("cannot write to " + path_));
    return {};
}

Status BlockDevice::write_zeros(uint64_t len) const {
    constexpr size_t kChunk = 1 << 20;
    auto buf = aligned(kChunk);
    if (!buf) return fail(Exit::failure, "out of memory");
    for (uint64_t off = 0; off < len; off += kChunk) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, (len - off + kAlign - 1) / kAlign * kAlign));
        if (pwrite(fd_, buf.get(), n, static_cast<off_t>(off)) != static_cast<ssize_t>(n))
            return fail(Exit::failure, err("cannot write to " + path_));
    }
    if (fsync(fd_) != 0) return fail(Exit::failure, err("cannot write to " + path_));
    return {};
}

Status write_page_direct(const std::string& path, DevNum expected, const std::vector<uint8_t>& page, uint64_t offset) {
    auto buf = aligned(page.size());
    if (!buf) return fail(Exit::failure, "out of memory");
    std::memcpy(buf.get(), page.data(), page.size());
    int fd = open(path.c_str(), O_RDWR | O_DIRECT | O_CLOEXEC);
    if (fd < 0) return fail(Exit::failure, err("cannot open " + path));
    auto num = fd_devnum(fd);
    if (!num || num->major != expected.major || num->minor != expected.minor) {
        ::close(fd);
        return fail(Exit::dm, path + " is not the device " + expected.str() +
                                  " any more; not writing to it. Is something else managing /dev/mapper?");
    }
    bool ok = pwrite(fd, buf.get(), page.size(), static_cast<off_t>(offset)) == static_cast<ssize_t>(page.size()) &&
              fsync(fd) == 0;
    auto e = ok ? std::string() : err("cannot write to " + path);
    ::close(fd);
    if (!ok) return fail(Exit::failure, e);
    return {};
}

}  // namespace aeadswap
