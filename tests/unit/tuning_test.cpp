// SPDX-License-Identifier: GPL-2.0-or-later
#include "tuning.h"

#include <gtest/gtest.h>

using namespace aeadswap;

namespace {
constexpr uint64_t MiB = 1 << 20;
}

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

TEST(TagCacheFloor, MakesRoomForBothLegsOfAMirror) {
    // The 192 MiB VM of the fill (MemTotal ~150 MiB, default cache 3 MiB), two legs of 512 MiB:
    // 4.1 MiB of tags each.
    uint64_t mem = 150 * MiB, tags = 2 * (4 * MiB + 64 * 1024);
    auto c = bufio_cache_to_set(mem / 50, mem, tags);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->bytes, mem / 100 * 2 + tags);
    EXPECT_FALSE(c->capped);
}

TEST(TagCacheFloor, NeverLowersTheCache) {
    uint64_t mem = 16384 * MiB;
    EXPECT_FALSE(bufio_cache_to_set(mem / 50 + 64 * MiB, mem, 64 * MiB));
    EXPECT_FALSE(bufio_cache_to_set(1024 * MiB, mem, 64 * MiB));
}

TEST(TagCacheFloor, TakesAtMostAnEighthOfTheRam) {
    // 1 TiB of swap on 8 GiB: 8 GiB of tags.
    uint64_t mem = 8192 * MiB;
    auto c = bufio_cache_to_set(mem / 50, mem, 8192 * MiB);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->bytes, mem / 8);
    EXPECT_TRUE(c->capped);
    // The same VM with legs of 1 GiB: 3 + 16.3 MiB would be more than its eighth, 18.75 MiB.
    auto vm = bufio_cache_to_set(3 * MiB, 150 * MiB, 2 * (8 * MiB + 64 * 1024));
    ASSERT_TRUE(vm);
    EXPECT_EQ(vm->bytes, 150 * MiB / 8);
    EXPECT_TRUE(vm->capped);
}

TEST(TagCacheFloor, LeavesItWhenTheRamIsUnknown) { EXPECT_FALSE(bufio_cache_to_set(0, 0, 8 * MiB)); }

TEST(TagCacheFloor, EachDeviceKeepsItsTagsUnderPressure) {
    // Two 1 GiB legs in the 192 MiB VM: each keeps its 8.1 MiB, within the 18.75 MiB cache.
    TagsOnDisk tags;
    tags.add_device(8 * MiB + 64 * 1024);
    tags.add_device(8 * MiB + 64 * 1024);
    EXPECT_EQ(tags.total, 2 * (8 * MiB + 64 * 1024));
    EXPECT_EQ(bufio_retain_to_set(256 * 1024, tags.largest, 150 * MiB / 8), 8 * MiB + 64 * 1024);
    // A device with more tags than the cache keeps the cache's worth.
    EXPECT_EQ(bufio_retain_to_set(256 * 1024, 64 * MiB, 18 * MiB), 18 * MiB);
    // Never lowered.
    EXPECT_FALSE(bufio_retain_to_set(16 * MiB, 8 * MiB, 18 * MiB));
}

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
