// SPDX-License-Identifier: GPL-2.0-or-later
#include "dm_table_parse.h"

#include <gtest/gtest.h>

using namespace aeadswap;

// What aeadswap loads reads back the same.
TEST(DmTableParse, OurTablesReadBack) {
    for (const auto& c : all_ciphers()) {
        auto crypt = parse_crypt_table(crypt_params("253:1", c, ":16:logon:aeadswap:aeadswap0", false, 8));
        ASSERT_TRUE(crypt) << crypt.error().message;
        EXPECT_EQ(crypt->cipher, c.capi);
        EXPECT_TRUE(crypt->key_in_keyring);
        EXPECT_EQ(crypt->device.str(), "253:1");
        EXPECT_EQ(crypt->sector_size, 4096u);
        EXPECT_EQ(crypt->tag_bytes, c.tag_bytes);
        EXPECT_FALSE(crypt->workqueues);
    }
    auto integrity = parse_integrity_table(integrity_params("254:16", *find_cipher("aegis128"), {"1:0"}));
    ASSERT_TRUE(integrity);
    EXPECT_EQ(integrity->device.str(), "254:16");
    EXPECT_EQ(integrity->tag_bytes, 32u);
    EXPECT_EQ(integrity->mode, "D");
    ASSERT_TRUE(integrity->tag_device);
    EXPECT_EQ(integrity->tag_device->str(), "1:0");
    auto legs = parse_raid_legs(raid_params({"253:3", std::nullopt}));
    ASSERT_TRUE(legs);
    EXPECT_EQ(*legs, (std::vector<std::string>{"253:3", "-"}));
}

// Of the kind the kernel prints back (dmsetup table): its own option order (the crypt line as the
// VM suite matches it), options it adds, the key hidden, and the raid parameter count deciding
// where the devices start.
TEST(DmTableParse, TheKernelsOwnText) {
    auto crypt = parse_crypt_table("capi:aegis128-random :16:logon:aeadswap:aeadswap0 0 259:1 8 4 no_read_workqueue "
                                   "no_write_workqueue integrity:32:aead sector_size:4096");
    ASSERT_TRUE(crypt);
    EXPECT_EQ(crypt->tag_bytes, 32u);
    EXPECT_EQ(crypt->sector_size, 4096u);
    auto hidden = parse_crypt_table("capi:aegis128-random - 0 253:0 0");
    ASSERT_TRUE(hidden);
    EXPECT_FALSE(hidden->key_in_keyring);
    EXPECT_EQ(hidden->sector_size, 512u);
    auto integrity = parse_integrity_table("254:16 0 32 D 7 journal_sectors:264 interleave_sectors:32768 "
                                           "buffer_sectors:32 journal_watermark:50 commit_time:10000 "
                                           "fix_padding block_size:4096");
    ASSERT_TRUE(integrity);
    EXPECT_FALSE(integrity->tag_device);
    auto legs = parse_raid_legs("raid1 4 0 nosync region_size 1024 2 - 253:2 - 253:5");
    ASSERT_TRUE(legs);
    EXPECT_EQ(*legs, (std::vector<std::string>{"253:2", "253:5"}));
}

// Anything else is an error value naming the table, never an exception (fuzzed: status_table_fuzz).
TEST(DmTableParse, OtherShapesAreErrors) {
    for (const char* p : {"", "capi:x key 0 253:0", "capi:x key 0 253 0", "capi:x key x 253:0 0", "capi:x key 0 253:0 0 2 a",
                          "capi:x key 0 253:0 0 1 sector_size:", "capi:x key 0 253:0 0 1 sector_size:99999999999",
                          "capi:x key 0 253:0 0 1 integrity:x:aead", "capi:x key 0 :0 0", "capi:x key 0 1:2:3 0"})
        EXPECT_FALSE(parse_crypt_table(p)) << p;
    for (const char* p : {"254:16 0 32", "254:16 0 x D", "254:16 0 32 D 1 meta_device:1", "254:16 0 32 D 2 a"})
        EXPECT_FALSE(parse_integrity_table(p)) << p;
    for (const char* p : {"", "raid1", "raid1 9 0", "raid1 2 0 nosync 2 - 253:2", "raid1 2 0 nosync 1 - x:y",
                          "raid5 2 0 nosync 1 - 253:2", "raid1 2 0 nosync 99999999999999999999 - -"})
        EXPECT_FALSE(parse_raid_legs(p)) << p;
    auto e = parse_crypt_table("capi:x key 0 253 0");
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().message, "a crypt table of a shape aeadswap did not load: 'capi:x key 0 253 0'");
}
