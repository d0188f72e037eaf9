// SPDX-License-Identifier: GPL-2.0-or-later
#include "drive_metadata.h"

#include <gtest/gtest.h>

using namespace aeadswap;

namespace {

// What 6.12 and 7.3 show for qemu's nvme-ns with logical_block_size=4096 and ms=64 (VM suite).
DriveMetadata nvme_4096_64() { return {"nvme0n1", 64u, "nop", 4096}; }

std::string why_not(const DriveMetadata& m, unsigned tag = 32) {
    auto st = metadata_holds_tags(m, tag);
    return st ? "" : st.error().message;
}

}  // namespace

TEST(DriveMetadata, FourKiBBlocksWithRoomForTheTag) {
    EXPECT_EQ(why_not(nvme_4096_64()), "");
    auto m = nvme_4096_64();
    m.metadata_bytes = 32;
    EXPECT_EQ(why_not(m), "");
    m.metadata_bytes = 28;
    EXPECT_EQ(why_not(m, 28), "");
}

TEST(DriveMetadata, EachUnsuitableFormatSaysWhy) {
    auto m = nvme_4096_64();
    m.metadata_bytes.reset();  // 6.1: no such attribute
    EXPECT_EQ(why_not(m), "nvme0n1 has no metadata_bytes in sysfs (this kernel cannot put tags in a drive's "
                          "metadata; 6.11 or later)");
    m = nvme_4096_64();
    m.metadata_bytes = 0;
    m.format = "none";
    EXPECT_EQ(why_not(m), "nvme0n1 has no per-block metadata (its format has none)");
    m = nvme_4096_64();
    m.metadata_bytes = 16;
    EXPECT_EQ(why_not(m), "nvme0n1 has 16 bytes of metadata a block; the tag needs 32");
    m = nvme_4096_64();
    m.format = "T10-DIF-TYPE1-CRC";
    EXPECT_EQ(why_not(m), "nvme0n1 uses its metadata for protection information (T10-DIF-TYPE1-CRC), not free for tags");
    m = nvme_4096_64();
    m.interval = 512;
    EXPECT_EQ(why_not(m), "nvme0n1 has metadata per 512-byte block; the tags need it per 4096-byte block (a "
                          "4096-byte format with metadata)");
    EXPECT_EQ(metadata_holds_tags(m, 32).error().code, Exit::unsupported);
}
