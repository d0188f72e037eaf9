// SPDX-License-Identifier: GPL-2.0-or-later
#include "mirror_legs.h"

#include <gtest/gtest.h>

#include "dm_table.h"

using namespace aeadswap;

TEST(MirrorLegs, EachLegIsAnEntryOfItsOwn) {
    auto spec = parse_spec("PARTLABEL=a,mirror=/dev/vdc,name=fast,prio=4,timeout=30,cipher=gcm-aes", 0);
    ASSERT_TRUE(spec);
    auto legs = device_specs(*spec);
    ASSERT_EQ(legs.size(), 2u);
    EXPECT_EQ(legs[0].name, "fast_leg0");
    EXPECT_EQ(legs[0].kind, DeviceKind::partlabel);
    EXPECT_EQ(legs[0].device, "a");
    EXPECT_EQ(legs[1].name, "fast_leg1");
    EXPECT_EQ(legs[1].kind, DeviceKind::path);
    EXPECT_EQ(legs[1].device, "/dev/vdc");
    for (const auto& l : legs) {
        EXPECT_FALSE(l.mirror.has_value());
        EXPECT_EQ(l.timeout_s, 30u);
        EXPECT_EQ(l.cipher.name, "gcm-aes");
    }
}

TEST(MirrorLegs, ASingleEntryIsItsOwnDevice) {
    auto spec = parse_spec("/dev/vdb", 2);
    ASSERT_TRUE(spec);
    auto legs = device_specs(*spec);
    ASSERT_EQ(legs.size(), 1u);
    EXPECT_EQ(legs[0].name, "aeadswap2");
}

// No metadata devices and nosync: nothing reads a sector that was never written.
TEST(MirrorLegs, RaidTableWithAMissingLeg) {
    EXPECT_EQ(raid_params({"254:1", "254:3"}), "raid1 2 0 nosync 2 - 254:1 - 254:3");
    EXPECT_EQ(raid_params({"254:1", std::nullopt}), "raid1 2 0 nosync 2 - 254:1 - -");
    EXPECT_EQ(raid_params({std::nullopt, "254:3"}), "raid1 2 0 nosync 2 - - - 254:3");
}
