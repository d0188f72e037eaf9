// SPDX-License-Identifier: GPL-2.0-or-later
#include "dm_table.h"

#include <gtest/gtest.h>

#include <cstring>

#include "key.h"

using namespace aeadswap;

TEST(DmTable, IntegrityFormatAndRuntime) {
    const auto c = *find_cipher("aegis128");
    EXPECT_EQ(integrity_format_params("254:16", c), "254:16 0 32 D 2 block_size:4096 journal_sectors:1");
    EXPECT_EQ(integrity_params("254:16", c), "254:16 0 32 D 2 block_size:4096 buffer_sectors:32");
}

// tags=ram: the tags on a RAM disk (brd's 1:0), the crypt device past aeadswap's header block.
TEST(DmTable, TagsOnAnotherDevice) {
    const auto c = *find_cipher("aegis128");
    TagLayout ram{"1:0"};
    EXPECT_EQ(integrity_format_params("254:16", c, ram),
              "254:16 0 32 D 3 block_size:4096 journal_sectors:1 meta_device:1:0");
    EXPECT_EQ(integrity_params("254:16", c, ram), "254:16 0 32 D 3 block_size:4096 buffer_sectors:32 meta_device:1:0");
    EXPECT_EQ(ram.data_offset(), 8u);
    EXPECT_EQ(TagLayout{}.data_offset(), 0u);
    EXPECT_EQ(crypt_params("253:1", c, ":16:logon:a:b", true, ram.data_offset()),
              "capi:aegis128-random :16:logon:a:b 0 253:1 8 2 integrity:32:aead sector_size:4096");
}

TEST(DmTable, CryptPerCipher) {
    const std::string key = ":16:logon:aeadswap:aeadswap0";
    EXPECT_EQ(crypt_params("253:1", *find_cipher("aegis128"), key, false),
              "capi:aegis128-random :16:logon:aeadswap:aeadswap0 0 253:1 0 4 integrity:32:aead sector_size:4096 "
              "no_read_workqueue no_write_workqueue");
    EXPECT_EQ(crypt_params("253:1", *find_cipher("gcm-aes"), ":32:logon:a:b", true),
              "capi:gcm(aes)-random :32:logon:a:b 0 253:1 0 2 integrity:28:aead sector_size:4096");
    EXPECT_EQ(crypt_params("253:1", *find_cipher("chacha20-poly1305"), ":32:logon:a:b", true),
              "capi:rfc7539(chacha20,poly1305)-random :32:logon:a:b 0 253:1 0 2 integrity:28:aead sector_size:4096");
}

TEST(DmTable, KeySizesMatchTheAlgorithms) {
    EXPECT_EQ(find_cipher("aegis128")->key_bytes, 16u);
    EXPECT_EQ(find_cipher("gcm-aes")->key_bytes, 32u);
    EXPECT_EQ(find_cipher("chacha20-poly1305")->key_bytes, 32u);
    EXPECT_FALSE(find_cipher("aes-xts-plain64"));
}

TEST(DmTable, UuidsAreCryptSubdevices) {
    EXPECT_EQ(crypt_uuid("aeadswap0"), "CRYPT-SUBDEV-aeadswap-aeadswap0");
    EXPECT_EQ(integrity_uuid("aeadswap0"), "CRYPT-SUBDEV-aeadswap-aeadswap0_dif");
    EXPECT_EQ(format_uuid("aeadswap0").rfind("CRYPT-TEMP-", 0), 0u);
    EXPECT_EQ(integrity_name("x"), "x_dif");
}

// Kernels without keyrings get the key in hex inside the table: assembled in locked memory, the
// same line as crypt_params would give.
TEST(DmTable, KeyInHexBetweenTheTwoPartsOfTheTable) {
    const auto c = *find_cipher("aegis128");
    auto key = SecretBuffer::create(16);
    ASSERT_TRUE(key);
    for (size_t i = 0; i < 16; ++i) key->data()[i] = static_cast<uint8_t>(i * 17);
    auto around = crypt_params_around_key("253:1", c, false);
    auto line = hex_key_between(around.before_key, *key, around.after_key);
    ASSERT_TRUE(line);
    const std::string hex = "00112233445566778899aabbccddeeff";
    EXPECT_STREQ(reinterpret_cast<const char*>(line->data()), crypt_params("253:1", c, hex, false).c_str());
    EXPECT_EQ(line->size(), crypt_params("253:1", c, hex, false).size() + 1);
}
