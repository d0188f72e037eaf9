// SPDX-License-Identifier: GPL-2.0-or-later
#include "device_identity.h"

#include <gtest/gtest.h>

using namespace aeadswap;

TEST(DeviceIdentity, DistinctDevicesShareNothing) {
    EXPECT_TRUE(shared_devices({{1}, {2, 3}, {std::nullopt}, {4}}).empty());
}

// /dev/vdb and its PARTUUID= as the two legs of one mirror: the second leg is the shared one.
TEST(DeviceIdentity, OneMirrorNamingOneDiskTwice) {
    auto s = shared_devices({{0xfe10, 0xfe10}});
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0], (SharedDevice{0, 1, 0, 0}));
}

// The earlier entry, in command-line order, keeps the disk; every later name of it is reported
// against the first.
TEST(DeviceIdentity, EntriesAndLegsAcrossTheCommandLine) {
    auto s = shared_devices({{7}, {8, 7}, {std::nullopt}, {7}, {8}});
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0], (SharedDevice{1, 1, 0, 0}));
    EXPECT_EQ(s[1], (SharedDevice{3, 0, 0, 0}));
    EXPECT_EQ(s[2], (SharedDevice{4, 0, 1, 0}));
}

// A name that did not resolve (missing, not a block device) is nobody's duplicate.
TEST(DeviceIdentity, UnresolvedNamesAreNotCompared) {
    EXPECT_TRUE(shared_devices({{std::nullopt, std::nullopt}, {std::nullopt}}).empty());
}
