// SPDX-License-Identifier: GPL-2.0-or-later
// What aeadswap status reports, and its three forms: text for people, JSON (schema 1, documented
// field by field in aeadswap(8)) and the Prometheus text format for node_exporter's textfile
// collector; and the health verdict its --check exit status gives. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "result.h"

namespace aeadswap {

// One leg of a mirror: its crypt device over its integrity device over a raw device.
struct LegStatus {
    std::string name, backing;
    std::string state;  // "in_use", "failed" (md stopped using it), "missing" (since setup), "syncing"
    uint64_t aead_errors = 0;
    uint64_t repairs = 0;  // reads md repaired from the other leg (its "read error corrected" lines)
};

struct DeviceStatus {
    std::string name, node, backing, cipher, mode;
    bool key_in_keyring = false;
    uint64_t size_bytes = 0;
    unsigned tag_bytes = 0, sector_size = 0;
    bool swap_active = false;
    int swap_priority = 0;
    uint64_t swap_used_bytes = 0;
    uint64_t aead_errors = 0;  // dm-crypt's INTEGRITY AEAD ERROR lines since boot (kernel_counts.h)
    bool workqueues = true;
    std::string tag_device;      // tags=ram: the RAM disk ("/dev/ram0"); empty: tags on the data disk
    uint64_t tag_ram_bytes = 0;  // what that RAM disk holds for the tags
    bool tags_in_drive = false;  // tags=inline: dm-crypt directly on the device, no dm-integrity
    std::vector<LegStatus> legs;  // a mirror's two legs; empty for a single device
};

// The devices found, and the aeadswap= entries of this boot's command line that have none.
struct StatusReport {
    std::vector<DeviceStatus> devices;
    std::vector<std::string> not_active;  // configured names with no active swap
};

// The worst of: an entry not active (Exit::not_active), AEAD errors logged (Exit::aead_errors), a
// mirror on one leg (Exit::degraded); Exit::ok when none.
Exit status_health(const StatusReport& report);

std::string format_status_text(const StatusReport& report);
std::string format_status_json(const StatusReport& report);
std::string format_status_prometheus(const StatusReport& report);
// What --json prints when status cannot look (a device-mapper error): still JSON.
std::string format_status_json_error(const Error& e);

// A JSON string literal.
std::string json_str(const std::string& s);

}  // namespace aeadswap
