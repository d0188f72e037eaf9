// SPDX-License-Identifier: GPL-2.0-or-later
#include "partition_scan.h"

#include <gtest/gtest.h>

using namespace aeadswap;

TEST(PartitionScan, DisksThatCanHoldSwapAreRead) {
    for (const char* d : {"sda", "vdb", "nvme0n1", "mmcblk0", "xvda", "md0", "pmem0"}) EXPECT_TRUE(scan_candidate(d, 2048)) << d;
}

// The kinds that never hold a swap partition, or whose reads can hang (an nbd without a server)
// or spin up a drive, and disks without a medium (a card reader's empty slot: size 0).
TEST(PartitionScan, TheOthersAreNot) {
    for (const char* d : {"dm-0", "loop0", "nbd0", "sr0", "fd0", "zram0", "ram0", "mtdblock0", "ubiblock0_0"})
        EXPECT_FALSE(scan_candidate(d, 2048)) << d;
    EXPECT_FALSE(scan_candidate("sdb", 0));
}

TEST(PartitionScan, OneMatchIsTheDevice) {
    auto one = one_partition("PARTLABEL=swap", {"/dev/sda2"});
    ASSERT_TRUE(one);
    EXPECT_EQ(*one, "/dev/sda2");
}

// A USB stick carrying the same label must not take the swap: refused, naming every partition.
TEST(PartitionScan, SeveralMatchesAreRefusedByName) {
    auto two = one_partition("PARTLABEL=swap", {"/dev/sda2", "/dev/sdb1"});
    ASSERT_FALSE(two);
    EXPECT_EQ(two.error().code, Exit::refused);
    EXPECT_EQ(two.error().message, "PARTLABEL=swap names 2 partitions, /dev/sda2 and /dev/sdb1; not choosing one "
                                   "(give each a name of its own, or name the device by path)");
    auto three = one_partition("PARTUUID=x", {"/dev/sda2", "/dev/sdb1", "/dev/sdc1"});
    ASSERT_FALSE(three);
    EXPECT_NE(three.error().message.find("3 partitions, /dev/sda2, /dev/sdb1 and /dev/sdc1;"), std::string::npos);
}
