// SPDX-License-Identifier: GPL-2.0-or-later
#include "swap_header.h"

#include <gtest/gtest.h>

#include <cstring>

#include "test_image.h"

using namespace aeadswap;

namespace {
constexpr uint64_t kSize = 64ull << 20;
const std::array<uint8_t, 16> kUuid = {1, 2, 3, 4, 5, 6, 0x47, 8, 0x89, 10, 11, 12, 13, 14, 15, 16};
}  // namespace

TEST(SwapHeader, FieldsAndSignature) {
    auto h = make_swap_header(kSize, 4096, kUuid);
    ASSERT_EQ(h.size(), 4096u);
    uint32_t v[3];
    std::memcpy(v, &h[1024], 12);
    EXPECT_EQ(v[0], 1u);
    EXPECT_EQ(v[1], kSize / 4096 - 1);
    EXPECT_EQ(v[2], 0u);
    EXPECT_EQ(std::memcmp(&h[4086], "SWAPSPACE2", 10), 0);
    EXPECT_TRUE(has_swap_signature(h.data(), h.size(), 4096));
    EXPECT_FALSE(has_swap_signature(h.data(), 100, 4096));
}

TEST(SwapHeader, LastPageIsCappedAt32Bits) {
    auto h = make_swap_header(20ull << 40, 4096, kUuid);
    uint32_t last;
    std::memcpy(&last, &h[1028], 4);
    EXPECT_EQ(last, UINT32_MAX - 1);
}

// Byte for byte what mkswap writes for the same size, apart from the UUID it draws itself.
TEST(SwapHeader, SameBytesAsMkswap) {
    test::TempImage img(kSize);
    ASSERT_TRUE(img.run("mkswap --pagesize 4096 -U 01020304-0506-4708-890a-0b0c0d0e0f10 {}"));
    auto theirs = img.head(4096);
    auto ours = make_swap_header(kSize, 4096, kUuid);
    ASSERT_EQ(theirs.size(), ours.size());
    for (size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], theirs[i]) << "byte " << i;
}

TEST(SwapHeader, BlkidReadsOursAsSwap) {
    test::TempImage img(kSize);
    img.write_at(0, make_swap_header(kSize, 4096, kUuid));
    EXPECT_TRUE(img.run("test \"$(blkid -p -o value -s TYPE {})\" = swap"));
    EXPECT_TRUE(img.run("test \"$(blkid -p -o value -s UUID {})\" = 01020304-0506-4708-890a-0b0c0d0e0f10"));
}

// What aeadswap disable writes back: the old swap's UUID and label, as mkswap -U -L writes them.
TEST(SwapHeader, UuidAndLabelAsMkswapWritesThem) {
    test::TempImage img(kSize);
    ASSERT_TRUE(img.run("mkswap --pagesize 4096 -L oldswap -U 0b7f3a5e-2c51-4c39-9d1e-6a4f6a1c2b11 {}"));
    auto uuid = parse_uuid("0b7f3a5e-2c51-4c39-9D1E-6a4f6a1c2b11");
    ASSERT_TRUE(uuid);
    EXPECT_EQ(make_swap_header(kSize, 4096, *uuid, "oldswap"), img.head(4096));
    for (const char* bad : {"", "0b7f3a5e2c514c399d1e6a4f6a1c2b11", "0b7f3a5e-2c51-4c39-9d1e-6a4f6a1c2b1g",
                            "0b7f3a5e-2c51-4c39-9d1e-6a4f6a1c2b11a"})
        EXPECT_FALSE(parse_uuid(bad)) << bad;
}
