// SPDX-License-Identifier: GPL-2.0-or-later
#include "integrity_geometry.h"

#include <gtest/gtest.h>

using namespace aeadswap;

// 1 GiB: 262144 blocks x 32 bytes = 8 MiB of tags (128 buffers of 64 KiB), after 8 + 264 sectors.
TEST(TagRamSize, KernelArithmetic) {
    EXPECT_EQ(tag_ram_bytes(1ull << 30, 32), (8 + 264) * 512 + (8ull << 20));
    // 28-byte tags: 262144 x 28 = 7 MiB exactly; the journal entry rounds to the same 104 bytes.
    EXPECT_EQ(tag_ram_bytes(1ull << 30, 28), (8 + 264) * 512 + (7ull << 20));
    // A partial buffer counts whole, and a partial 4 KiB block not at all.
    EXPECT_EQ(tag_ram_bytes(4096 * 3 + 100, 32), (8 + 264 + 128) * 512);
}

TEST(TagRamSize, Cap) {
    uint64_t ram = 512ull << 20;
    EXPECT_FALSE(over_ram_cap(25ull << 20, ram, 5));  // 25.6 MiB allowed
    auto msg = over_ram_cap(64ull << 20, ram, 5);
    ASSERT_TRUE(msg);
    EXPECT_EQ(*msg, "its tags would take 64.0 MiB of RAM, more than ram_cap=5 (5 % of 512.0 MiB is 25.6 MiB); "
                    "raise it with ram_cap=13 or more (at most 50), or use tags=disk");
    EXPECT_TRUE(over_ram_cap(1, 0, 50));  // no figure for the RAM: refused, not divided by zero
}

// What Linux 6.1 reported for a 1 GiB device with 32-byte tags (test_image.h); the VM suite
// compares every layout's plan with the kernel's tables on 6.1, 6.12 and 7.x.
TEST(IntegrityGeometry, ProvidedSectorsAsTheKernelFormats) {
    EXPECT_EQ(integrity_provided_sectors(2097152, 32, false), 2080496u);
    // 8 GiB (the reference notes' simulation; 7.3 gave the 256 MiB and 160 MiB figures).
    EXPECT_EQ(integrity_provided_sectors(16777216, 32, false), 16646640u);
    EXPECT_EQ(integrity_provided_sectors(524288, 32, false), 519920u);
    EXPECT_EQ(integrity_provided_sectors(327680, 32, false), 324848u);
    // 28-byte tags round to the same journal entry and tag run: the same size.
    EXPECT_EQ(integrity_provided_sectors(2097152, 28, false), 2080496u);
    // With a tag device the data device is all data, in whole 4 KiB blocks.
    EXPECT_EQ(integrity_provided_sectors(2097159, 32, true), 2097152u);
    // Too small for the superblock, the journal and one sector of data.
    EXPECT_EQ(integrity_provided_sectors(280, 32, false), 0u);
    for (uint64_t s : {8192ull, 131072ull, 2097152ull, 134217728ull}) {
        uint64_t p = integrity_provided_sectors(s, 32, false);
        EXPECT_EQ(p % 8, 0u) << s;
        EXPECT_LT(p, s) << s;
    }
}
