// SPDX-License-Identifier: GPL-2.0-or-later
// Deciding whether a raw device may be (re)formatted: ours from an earlier boot, plain swap,
// empty, or forced. Pure: it judges bytes and a libblkid probe result, it reads nothing itself.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace aeadswap {

// What libblkid found on the device (empty strings where nothing).
struct ProbeResult {
    std::string type;    // ID_FS_TYPE: ext4, crypto_LUKS, swap, DM_integrity, ...
    std::string usage;   // filesystem, crypto, raid, other
    std::string label;
    std::string pttype;  // gpt, dos, ...
    bool ambiguous = false;
    std::string uuid;  // the filesystem's or swap area's (what fstab's UUID= names)
};

enum class Content { ours, swap, empty, other };

struct Verdict {
    Content content = Content::other;
    bool may_format = false;
    std::string what;  // "an ext4 filesystem labelled 'home'", "a plain swap area", ...
};

// What the verdict reads of a device, start and enable alike.
inline constexpr size_t kHeadBytes = 64 * 1024;

// `head` is the first kHeadBytes (or the whole device when smaller).
Verdict judge_device(std::span<const uint8_t> head, const ProbeResult& probe, unsigned page_size, bool force);

// The one-line refusal for a verdict that does not allow formatting.
std::string refusal_message(const std::string& device, const Verdict& v);

}  // namespace aeadswap
