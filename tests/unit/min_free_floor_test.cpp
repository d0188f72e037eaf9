// SPDX-License-Identifier: GPL-2.0-or-later
#include "min_free_floor.h"

#include <gtest/gtest.h>

using namespace aeadswap;

TEST(MinFreeFloor, RaisesASmallReserve) {
    // A 192 MiB VM (MemTotal ~150 MiB) keeps 1.4 MiB by the kernel's formula.
    EXPECT_EQ(min_free_kbytes_to_set(1380, 153600), kMinFreeFloorKiB);
    // 4 GiB with transparent hugepages off.
    EXPECT_EQ(min_free_kbytes_to_set(8192, 4L << 20), kMinFreeFloorKiB);
}

TEST(MinFreeFloor, LeavesAReserveThatIsBigEnough) {
    EXPECT_FALSE(min_free_kbytes_to_set(kMinFreeFloorKiB, 4L << 20));
    // The kernel's own value with transparent hugepages on, 1 GiB and up.
    EXPECT_FALSE(min_free_kbytes_to_set(45056, 1L << 20));
}

TEST(MinFreeFloor, TakesAtMostAnEighthOfTheRam) {
    EXPECT_EQ(min_free_kbytes_to_set(700, 64L << 10), 8192);
    EXPECT_FALSE(min_free_kbytes_to_set(8192, 64L << 10));
}
