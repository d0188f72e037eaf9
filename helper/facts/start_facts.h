// SPDX-License-Identifier: GPL-2.0-or-later
// What a start reads before it plans (planner.h): each device's size, head, libblkid's names and
// the drive's metadata, read through one exclusive open; and the system's RAM, page size, kernel
// settings and hibernation. Nothing here writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "block_device.h"
#include "device_verdict.h"
#include "drive_metadata.h"
#include "result.h"
#include "tuning.h"

namespace aeadswap {

struct DeviceFacts {
    std::string path;  // as found (device_resolve.h)
    DevNum num;        // of the open descriptor: what a by-* link said at that moment
    uint64_t bytes = 0;
    std::vector<uint8_t> head;  // the first kHeadBytes, or the whole device when smaller
    ProbeResult probe;
    DriveMetadata metadata;
};

// One device's facts, and the exclusive open they were read through: kept until the applier has
// written the device's first block, so that nothing mounts or claims it in between.
struct HeldDevice {
    DeviceFacts facts;
    std::optional<BlockDevice> open;
};
Expected<HeldDevice> read_device(const std::string& path);

struct SystemFacts {
    unsigned page_size = 4096;
    // True when the kernel could hibernate and no resume= device was named, so it would pick the
    // first active swap, possibly one whose key dies at power-off.
    bool hibernation_could_use_any_swap = false;
    TunableFacts tunables;
};
SystemFacts read_system();

// The RAM as the kernel counts it (MemTotal), in bytes; 0 when the kernel does not say. It grows
// once the kernel frees its init memory and the initramfs, so the initramfs and the real root
// see slightly different figures.
uint64_t mem_total();

}  // namespace aeadswap
