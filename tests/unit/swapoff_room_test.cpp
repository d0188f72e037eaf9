// SPDX-License-Identifier: GPL-2.0-or-later
#include "swapoff_room.h"

#include <gtest/gtest.h>

using namespace aeadswap;

TEST(SwapoffRoom, ReserveIsAThirtySecondOfRamAtLeast64MiB) {
    EXPECT_EQ(swapoff_reserve_kib(256 * 1024), 64u * 1024);
    EXPECT_EQ(swapoff_reserve_kib(64ull * 1024 * 1024), 2u * 1024 * 1024);
}

TEST(SwapoffRoom, RefusedWhenThePagesAndTheReserveDoNotFit) {
    // 4 GiB of RAM: 128 MiB reserve.
    uint64_t total = 4 * 1024 * 1024;
    EXPECT_TRUE(swapoff_fits("aeadswap0", 100 * 1024, 228 * 1024, total));
    auto st = swapoff_fits("aeadswap0", 100 * 1024 + 1, 228 * 1024, total);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, Exit::refused);
    EXPECT_EQ(st.error().message,
              "aeadswap0: 100 MiB of swap in use and 228 MiB of memory available, of which 128 MiB must stay "
              "free; turning it off now would push other pages out or wake the OOM killer. Free memory and try "
              "again");
    // An empty swap always goes when the reserve is there.
    EXPECT_TRUE(swapoff_fits("aeadswap0", 0, 128 * 1024, total));
}
