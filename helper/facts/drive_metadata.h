// SPDX-License-Identifier: GPL-2.0-or-later
// tags=inline: whether a drive's own per-block metadata can hold dm-crypt's IV and tag, so that
// dm-crypt sits directly on the device and no dm-integrity is needed (Linux 6.11 and later, NVMe
// namespaces formatted with metadata and no protection information).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "result.h"

namespace aeadswap {

// What sysfs says of the whole disk a device is on.
struct DriveMetadata {
    std::string disk;                       // "nvme0n1"
    std::optional<unsigned> metadata_bytes;  // /sys/block/<disk>/metadata_bytes; absent before 6.11
    std::string format;                     // integrity/format: "nop", "T10-DIF-TYPE1-CRC", "none"
    unsigned interval = 0;                  // integrity/protection_interval_bytes
};

// As cryptsetup 2.8 decides it: format "nop", one metadata interval per 4096-byte block, and at
// least `tag_bytes` of metadata (integrity/tag_size reads 0 on NVMe, so it is not used). The
// error says why not, in words a user can act on (Exit::unsupported).
Status metadata_holds_tags(const DriveMetadata& m, unsigned tag_bytes);

}  // namespace aeadswap
