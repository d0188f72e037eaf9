// SPDX-License-Identifier: GPL-2.0-or-later
// LVM's device-mapper names, split by libdevmapper, as the dracut module's rd.lvm.lv= needs them.
#include <gtest/gtest.h>

#include "devmapper.h"

using namespace aeadswap;

TEST(LvmName, VolumeGroupAndVolumeFromTheDeviceMapperName) {
    EXPECT_EQ(lvm_volume_of("pve-swap"), "pve/swap");
    EXPECT_EQ(lvm_volume_of("my--vg-my--swap"), "my-vg/my-swap");
    EXPECT_FALSE(lvm_volume_of("aeadswap0"));
    EXPECT_FALSE(lvm_volume_of("pve-data-tpool"));  // a hidden layer, not a volume to activate
}
