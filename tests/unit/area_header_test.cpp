// SPDX-License-Identifier: GPL-2.0-or-later
#include "area_header.h"

#include <gtest/gtest.h>

using namespace aeadswap;

TEST(AreaHeader, RoundTrip) {
    auto b = make_area_header({});
    ASSERT_EQ(b.size(), 4096u);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(b.data()), 13), "aeadswap area");
    auto h = parse_area_header(b);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->version, 1);
    EXPECT_EQ(h->layout, static_cast<uint16_t>(AreaLayout::tags_in_ram));
    EXPECT_EQ(h->data_offset_sectors, 8u);
}

// Never swap: "SWAPSPACE2" belongs 10 bytes before the end of the first page.
TEST(AreaHeader, HasNoSwapSignature) {
    auto b = make_area_header({});
    EXPECT_EQ(std::string(b.end() - 10, b.end()), std::string(10, '\0'));
}

TEST(AreaHeader, AnyOtherByteAfterTheFieldsIsNotOurs) {
    auto b = make_area_header({});
    b[4095] = 1;
    EXPECT_FALSE(parse_area_header(b));
    b = make_area_header({});
    b[0] = 'A';
    EXPECT_FALSE(parse_area_header(b));
    EXPECT_FALSE(parse_area_header(std::span<const uint8_t>(b.data(), 100)));
}

TEST(AreaHeader, ANewerLayoutIsStillRecognized) {
    auto h = parse_area_header(make_area_header({2, 7, 8}));
    ASSERT_TRUE(h);
    EXPECT_EQ(describe(*h), "an aeadswap area (layout 7, from a newer aeadswap, header version 2)");
    h = parse_area_header(make_area_header({.layout = static_cast<uint16_t>(AreaLayout::tags_in_drive)}));
    ASSERT_TRUE(h);
    EXPECT_EQ(describe(*h), "an aeadswap area (tags in the drive's metadata, header version 1)");
}

TEST(AreaHeader, APendingFormatIsRecognizedOnlyAfterAZeroBlock) {
    std::vector<uint8_t> head(8192, 0);
    auto pending = make_format_pending();
    std::copy(pending.begin(), pending.end(), head.begin() + 4096);
    EXPECT_TRUE(is_interrupted_format(head));
    EXPECT_FALSE(is_interrupted_format(std::span<const uint8_t>(head.data(), 8191)));
    head[4095] = 1;
    EXPECT_FALSE(is_interrupted_format(head));
    EXPECT_EQ(describe(*parse_area_header(pending)), "an aeadswap area (a format that did not finish, header version 1)");
}
