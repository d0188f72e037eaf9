// `aeadswap status` and `aeadswap stop`: finding our devices by their DM UUID and reporting on them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "result.h"

namespace aeadswap {

struct DeviceStatus {
    std::string name, node, backing, cipher, mode, key_storage;
    uint64_t size_bytes = 0;
    unsigned tag_bytes = 0, sector_size = 0;
    bool swap_active = false;
    int swap_priority = 0;
    uint64_t swap_used_kib = 0;
    unsigned aead_errors = 0;  // INTEGRITY AEAD ERROR lines in the kernel log (rate-limited there)
    bool workqueues = true;
};

Expected<std::vector<DeviceStatus>> collect_status();
std::string format_status_text(const std::vector<DeviceStatus>& devices);
std::string format_status_json(const std::vector<DeviceStatus>& devices);

// Swapoff and removal of the named devices (all of ours when `names` is empty).
Exit stop_devices(const std::vector<std::string>& names);

}  // namespace aeadswap
