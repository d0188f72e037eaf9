// SPDX-License-Identifier: GPL-2.0-or-later
// Device-mapper table parameter strings for the three mappings aeadswap creates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cipher.h"

namespace aeadswap {

inline constexpr unsigned kBlockSize = 4096;        // dm-integrity block_size and dm-crypt sector_size
inline constexpr unsigned kTagBufferSectors = 32;  // dm-integrity buffer_sectors (16 KiB)
inline constexpr uint64_t kFormatSectors = 8;       // one 4 KiB block: the shortest table the kernel accepts

struct DevNum {
    unsigned major = 0, minor = 0;
    std::string str() const { return std::to_string(major) + ":" + std::to_string(minor); }
    bool operator==(const DevNum&) const = default;
};

// Where the tags go: interleaved on the raw device (no tag device), or on `tag_device` (a RAM
// disk), dm-integrity's superblock with them. With a tag device the raw device holds data only, and
// its first 4 KiB are aeadswap's own header (area_header.h), which the crypt device skips.
// Devices are named as a table line names them: "254:16", or a plan's "<aeadswap0_tags>" (plan.h).
struct TagLayout {
    std::optional<std::string> tag_device;
    uint64_t data_offset() const { return tag_device ? kFormatSectors : 0; }  // crypt sectors skipped
};

// The short-lived table whose constructor writes a fresh superblock: mode D, one journal section.
std::string integrity_format_params(const std::string& raw, const Cipher& c, const TagLayout& tags = {});

// The integrity device proper (runtime options only; geometry comes from the superblock).
std::string integrity_params(const std::string& raw, const Cipher& c, const TagLayout& tags = {});

// The crypt device over the integrity device, from `data_offset` sectors on. `key` is either
// ":<n>:logon:<description>" or the key in hex.
std::string crypt_params(const std::string& integrity, const Cipher& c, const std::string& key, bool workqueues,
                         uint64_t data_offset = 0);

// The same table in the two parts around the key, so that a key in hex is put between them in
// locked memory (key.h) and never passes through a std::string.
struct KeyedParams {
    std::string before_key, after_key;
};
KeyedParams crypt_params_around_key(const std::string& integrity, const Cipher& c, bool workqueues, uint64_t data_offset = 0);

// DM UUIDs: CRYPT-SUBDEV- makes LVM skip the devices and systemd leave them alone.
std::string crypt_uuid(const std::string& name);
std::string integrity_uuid(const std::string& name);
std::string format_uuid(const std::string& name);
inline constexpr const char* kUuidPrefix = "CRYPT-SUBDEV-aeadswap-";
std::string integrity_name(const std::string& name);
// A mirror's legs, each a crypt device over its own integrity device: NAME_leg0, NAME_leg1.
std::string leg_name(const std::string& name, unsigned leg);

// The mirror over the legs' crypt devices (a missing leg is nullopt): dm-raid raid1 without
// metadata devices (nothing persists; the swap is new at every boot) and without the initial
// sync, which would read sectors that were never written and fail their tags.
std::string raid_params(const std::vector<std::optional<std::string>>& legs);

}  // namespace aeadswap
