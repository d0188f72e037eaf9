// SPDX-License-Identifier: GPL-2.0-or-later
#include "swap_readahead.h"

#include <gtest/gtest.h>

using namespace aeadswap;

TEST(SwapReadahead, ReleasesOfDebianAndOthers) {
    auto k = parse_kernel_release("6.12.117+deb13-amd64");
    ASSERT_TRUE(k);
    EXPECT_EQ(k->major, 6u);
    EXPECT_EQ(k->minor, 12u);
    k = parse_kernel_release("6.1.0-41-amd64");
    ASSERT_TRUE(k);
    EXPECT_EQ(to_string(*k), "6.1");
    k = parse_kernel_release("7.3.4+deb13-amd64");
    ASSERT_TRUE(k);
    EXPECT_EQ(to_string(*k), "7.3");
    EXPECT_TRUE(parse_kernel_release("6.10"));
    EXPECT_FALSE(parse_kernel_release("6"));
    EXPECT_FALSE(parse_kernel_release("6."));
    EXPECT_FALSE(parse_kernel_release("linux-6.1"));
    EXPECT_FALSE(parse_kernel_release(""));
}

// Only the series the VM suite proved; 6.1 is not 6.10 or 6.11, and 7.x merges the window.
TEST(SwapReadahead, OnlyProvenSeriesKeepReadahead) {
    EXPECT_TRUE(reads_swap_page_by_page({6, 1}));
    EXPECT_TRUE(reads_swap_page_by_page({6, 12}));
    EXPECT_FALSE(reads_swap_page_by_page({6, 10}));
    EXPECT_FALSE(reads_swap_page_by_page({6, 11}));
    EXPECT_FALSE(reads_swap_page_by_page({7, 0}));
    EXPECT_FALSE(reads_swap_page_by_page({7, 3}));
    EXPECT_FALSE(reads_swap_page_by_page({5, 10}));
}
