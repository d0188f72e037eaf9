// SPDX-License-Identifier: GPL-2.0-or-later
#include "swap_area.h"

#include <sys/random.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "block_device.h"
#include "devmapper.h"
#include "swap_header.h"

namespace aeadswap {

namespace {

// The header and zeros up to kWrittenHead, and zeros over the last kWrittenTail bytes; the whole
// device when they would meet.
Status write_ends(const std::string& path, DevNum device, uint64_t bytes, std::vector<uint8_t> head) {
    uint64_t tail = std::min(kWrittenTail, bytes > kWrittenHead ? bytes - kWrittenHead : 0);
    head.resize(std::min(bytes - tail, kWrittenHead), 0);
    if (auto st = write_page_direct(path, device, head); !st) return st;
    if (tail == 0) return {};
    return write_page_direct(path, device, std::vector<uint8_t>(tail, 0), bytes - tail);
}

}  // namespace

Status activate_swap(const std::string& path, const std::string& dm_name, DevNum device, uint64_t bytes,
                     std::optional<int> priority) {
    auto page = static_cast<unsigned>(sysconf(_SC_PAGESIZE));
    std::array<uint8_t, 16> uuid{};
    if (getrandom(uuid.data(), uuid.size(), 0) != static_cast<ssize_t>(uuid.size()))
        return fail(Exit::failure, "getrandom failed");
    uuid[6] = static_cast<uint8_t>((uuid[6] & 0x0f) | 0x40);  // a version-4 UUID, as mkswap makes
    uuid[8] = static_cast<uint8_t>((uuid[8] & 0x3f) | 0x80);
    if (bytes / page < 10) return fail(Exit::refused, path + " is too small for swap");
    if (auto st = write_ends(path, device, bytes, make_swap_header(bytes, page, uuid)); !st) return st;
    if (auto st = dm_reveal(dm_name); !st) return st;
    int flags = priority ? (SWAP_FLAG_PREFER | (*priority & SWAP_FLAG_PRIO_MASK)) : 0;
    if (swapon(path.c_str(), flags) != 0) {
        std::string hint = errno == ENOMEM ? " (the kernel needs about 3 bytes of RAM per 4 KiB of swap; use a "
                                             "smaller partition)"
                                           : "";
        return fail(Exit::failure, "swapon " + path + " failed: " + std::strerror(errno) + hint);
    }
    return {};
}

std::vector<ActiveSwap> active_swaps() {
    std::vector<ActiveSwap> out;
    std::ifstream in("/proc/swaps");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        ActiveSwap s;
        std::string type;
        if (!(ls >> s.path >> type >> s.size_kib >> s.used_kib >> s.priority)) continue;
        struct stat st {};
        if (stat(s.path.c_str(), &st) == 0 && S_ISBLK(st.st_mode))
            s.devnum = {major(st.st_rdev), minor(st.st_rdev)};
        out.push_back(s);
    }
    return out;
}

std::optional<ActiveSwap> find_active_swap(DevNum d) {
    for (const auto& s : active_swaps())
        if (s.devnum.major == d.major && s.devnum.minor == d.minor) return s;
    return std::nullopt;
}

}  // namespace aeadswap
