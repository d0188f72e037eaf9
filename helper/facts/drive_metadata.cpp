// SPDX-License-Identifier: GPL-2.0-or-later
#include "drive_metadata.h"

#include "dm_table.h"

namespace aeadswap {

Status metadata_holds_tags(const DriveMetadata& m, unsigned tag_bytes) {
    auto no = [&](const std::string& why) { return fail(Exit::unsupported, m.disk + " " + why); };
    if (!m.metadata_bytes)
        return no("has no metadata_bytes in sysfs (this kernel cannot put tags in a drive's metadata; 6.11 or later)");
    if (*m.metadata_bytes == 0) return no("has no per-block metadata (its format has none)");
    if (m.format != "nop")
        return no("uses its metadata for protection information (" + (m.format.empty() ? "none" : m.format) +
                  "), not free for tags");
    if (m.interval != kBlockSize)
        return no("has metadata per " + std::to_string(m.interval) + "-byte block; the tags need it per " +
                  std::to_string(kBlockSize) + "-byte block (a 4096-byte format with metadata)");
    if (*m.metadata_bytes < tag_bytes)
        return no("has " + std::to_string(*m.metadata_bytes) + " bytes of metadata a block; the tag needs " +
                  std::to_string(tag_bytes));
    return {};
}

}  // namespace aeadswap
