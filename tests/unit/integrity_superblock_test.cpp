// SPDX-License-Identifier: GPL-2.0-or-later
#include "integrity_superblock.h"

#include <gtest/gtest.h>

#include "test_image.h"

using namespace aeadswap;

TEST(IntegritySuperblock, ParsesFields) {
    auto sb = parse_integrity_superblock(test::our_superblock());
    ASSERT_TRUE(sb);
    EXPECT_EQ(sb->version, 1);
    EXPECT_EQ(sb->log2_interleave_sectors, 15);
    EXPECT_EQ(sb->tag_size, 32);
    EXPECT_EQ(sb->journal_sections, 1u);
    EXPECT_EQ(sb->provided_data_sectors, 2080496u);
    EXPECT_EQ(sb->log2_sectors_per_block, 3);
    EXPECT_TRUE(is_aeadswap_superblock(*sb));
}

TEST(IntegritySuperblock, DescribesAnyBlockSizeByteWithoutOverflow) {
    auto sb = test::our_superblock();
    EXPECT_NE(describe(*parse_integrity_superblock(sb)).find(", 4096-byte blocks,"), std::string::npos);
    sb[28] = 200;  // a hostile byte: the shift it names is far past any integer
    EXPECT_NE(describe(*parse_integrity_superblock(sb)).find(", blocks of 2^200 sectors,"), std::string::npos);
}

TEST(IntegritySuperblock, NoMagicNoSuperblock) {
    std::vector<uint8_t> zeros(4096, 0);
    EXPECT_FALSE(parse_integrity_superblock(zeros));
    auto bad = test::our_superblock();
    bad[7] = 'x';
    EXPECT_FALSE(parse_integrity_superblock(bad));
    EXPECT_FALSE(parse_integrity_superblock(std::vector<uint8_t>(10, 0)));
}

TEST(IntegritySuperblock, OtherLayoutsAreNotOurs) {
    // integritysetup's defaults: a real journal, tag 4 (crc32c), or flags such as fix_padding.
    EXPECT_FALSE(is_aeadswap_superblock(*parse_integrity_superblock(test::our_superblock(32, 62))));
    EXPECT_FALSE(is_aeadswap_superblock(*parse_integrity_superblock(test::our_superblock(4, 1))));
    EXPECT_FALSE(is_aeadswap_superblock(*parse_integrity_superblock(test::our_superblock(32, 1, 0x8))));
    EXPECT_TRUE(is_aeadswap_superblock(*parse_integrity_superblock(test::our_superblock(28, 1))));
    auto sb = test::our_superblock();
    sb[28] = 0;  // 512-byte blocks
    EXPECT_FALSE(is_aeadswap_superblock(*parse_integrity_superblock(sb)));
}
