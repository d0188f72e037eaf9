// SPDX-License-Identifier: GPL-2.0-or-later
// One device's stack, as every entry and each leg of a mirror has it: the raw device judged and
// claimed, dm-integrity formatted on it (mode D, 4096-byte blocks), dm-crypt AEAD above with a
// fresh key; then swap on the top device.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "cmdline.h"
#include "dm_table.h"
#include "result.h"
#include "start_options.h"
#include "tag_cache_floor.h"

namespace aeadswap {

// Removes what was created, newest first, unless dismissed once the swap is on.
class Rollback {
public:
    Rollback() = default;
    Rollback(const Rollback&) = delete;
    Rollback& operator=(const Rollback&) = delete;
    void add(std::string name) { names_.push_back(std::move(name)); }
    void dismiss() { names_.clear(); }
    ~Rollback();

private:
    std::vector<std::string> names_;
};

class RamDisks;

struct RawDevice {
    DevNum num;
    uint64_t bytes = 0;
    std::string path;
    TagPlacement tags = TagPlacement::disk;  // where the tags go: disk, ram or drive, never automatic
};

// Checks the raw device (size, contents, verdict, hibernation, and for tags=ram the RAM its tags
// need), decides where its tags go (tags=auto and tags=inline take the drive's metadata when it
// can hold them, and say why not otherwise) and, when writing, leaves it ready for formatting: a
// zeroed superblock block, or aeadswap's header (area_header.h). Refusals carry Exit::refused.
Expected<RawDevice> prepare_raw(const SwapSpec& spec, const std::string& path, const StartOptions& opts);

// The RAM tags=ram takes for `raw`, as the dry run and status show it.
uint64_t tag_ram_of(const SwapSpec& spec, const RawDevice& raw);

struct CryptStack {
    DevNum crypt;
    uint64_t sectors = 0;  // what the crypt device provides, a whole number of 4 KiB blocks
    uint64_t disk_tag_bytes = 0;  // the tags dm-bufio reads from the disk; 0 in RAM or the drive
};

// dm-integrity formatted on `raw` (its tags on a disk from `ram` for tags=ram), then the crypt
// device over it, both added to `rollback`; for tags in the drive's metadata, the crypt device
// directly on `raw`, and when the kernel refuses that table, the kernel's reason logged and
// dm-integrity after all (`raw.tags` then says disk).
Expected<CryptStack> build_crypt_stack(const SwapSpec& spec, RawDevice& raw, Rollback& rollback,
                                       RamDisks* ram = nullptr);

// The system settings (free-memory reserve, readahead, dm-bufio's cache for the `tags` on disk),
// the swap header through `top`'s node, then swapon; logs the one notice line with `what`
// ("aegis128, from /dev/vdb") and the times since `t0`.
Status swap_on_top(const SwapSpec& spec, DevNum top, uint64_t sectors, const TagsOnDisk& tags,
                   const StartOptions& opts, const std::string& what, std::chrono::steady_clock::time_point t0);

std::string gib(uint64_t bytes);

}  // namespace aeadswap
