// SPDX-License-Identifier: GPL-2.0-or-later
// One device, one identity: two names of one block device (/dev/vdb and its PARTUUID=, a by-id
// link) in two legs of a mirror, or in two entries, would put two keys over the same sectors.
// Pure: it compares device numbers the caller read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace aeadswap {

// Entry `entry`'s device `leg` (0, or 1 for a mirror=) is the block device that entry
// `first_entry`'s device `first_leg` already is: the earlier one, in command-line order, keeps it.
struct SharedDevice {
    size_t entry, leg, first_entry, first_leg;
    bool operator==(const SharedDevice&) const = default;
};

// devices[entry][leg]: the device number each name resolved to, none where it did not resolve.
std::vector<SharedDevice> shared_devices(const std::vector<std::vector<std::optional<uint64_t>>>& devices);

}  // namespace aeadswap
