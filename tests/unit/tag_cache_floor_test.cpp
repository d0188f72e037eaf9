// SPDX-License-Identifier: GPL-2.0-or-later
#include "tag_cache_floor.h"

#include <gtest/gtest.h>

using namespace aeadswap;

namespace {
constexpr uint64_t MiB = 1 << 20;
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
