// SPDX-License-Identifier: GPL-2.0-or-later
#include "kmsg_record.h"

#include <gtest/gtest.h>

using namespace aeadswap;

TEST(KmsgRecord, CountsDmCryptsOwnRecordForItsDevice) {
    EXPECT_TRUE(is_kernel_aead_error("3,812,39033053,-;device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector 8\n", "dm-0"));
    // As Debian's kernels print it (6.1, 6.12, 7.3).
    EXPECT_TRUE(is_kernel_aead_error("3,812,39033053,-;trusted_key: device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector 8\n", "dm-0"));
    EXPECT_FALSE(is_kernel_aead_error("3,812,39033053,-;device-mapper: crypt: dm-10: INTEGRITY AEAD ERROR, sector 8\n", "dm-1"));
    EXPECT_FALSE(is_kernel_aead_error("3,812,39033053,-;device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector 8\n", "dm-1"));
}

// What a program writes to /dev/kmsg gets facility LOG_USER (or its own, never 0): a filesystem
// label in one of aeadswap's lines, or any program, cannot add to the count.
TEST(KmsgRecord, RecordsProgramsWroteAreNotCounted) {
    EXPECT_FALSE(is_kernel_aead_error("11,900,40000000,-;aeadswap: /dev/vdc holds an ext4 filesystem labelled "
                                      "'device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR'\n",
                                      "dm-0"));
    EXPECT_FALSE(is_kernel_aead_error("14,901,40000001,-;device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector 8\n", "dm-0"));
    EXPECT_FALSE(is_kernel_aead_error("device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR", "dm-0"));
    EXPECT_FALSE(is_kernel_aead_error(",1,2,-;device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR", "dm-0"));
    // The dictionary lines after a record are not its message.
    EXPECT_FALSE(is_kernel_aead_error("3,1,2,-;x\n DEVICE=device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR\n", "dm-0"));
}

// As 6.1 prints them for a dm-raid mirror (seen in the VM suite).
TEST(KmsgRecord, MdRepairsAndFailuresOfOneLeg) {
    EXPECT_TRUE(is_kernel_md_repair("6,900,85440536,-;md/raid1:mdX: read error corrected (8 sectors at 8 on dm-1)\n", "dm-1"));
    EXPECT_FALSE(is_kernel_md_repair("6,900,85440536,-;md/raid1:mdX: read error corrected (8 sectors at 8 on dm-10)\n", "dm-1"));
    EXPECT_FALSE(is_kernel_md_repair("6,900,85440536,-;md/raid1:mdX: redirecting sector 8 to other mirror: dm-1\n", "dm-1"));
    EXPECT_FALSE(is_kernel_md_repair("14,900,85440536,-;md/raid1:mdX: read error corrected (8 sectors at 8 on dm-1)\n", "dm-1"));
    EXPECT_TRUE(is_kernel_md_failure("2,901,9,-;md/raid1:mdX: Disk failure on dm-1, disabling device.\n", "dm-1"));
    EXPECT_FALSE(is_kernel_md_failure("2,901,9,-;md/raid1:mdX: Disk failure on dm-11, disabling device.\n", "dm-1"));
}

// As 6.1 refuses dm-crypt on an NVMe namespace with metadata (seen in the VM suite).
TEST(KmsgRecord, TheKernelsReasonForRefusingATable) {
    EXPECT_EQ(kernel_dm_table_error("3,700,14131568,-;device-mapper: table: 254:0: crypt: Integrity profile not "
                                    "supported. (-EINVAL)\n"),
              "device-mapper: table: 254:0: crypt: Integrity profile not supported. (-EINVAL)");
    EXPECT_EQ(kernel_dm_table_error("3,701,14132885,-;device-mapper: ioctl: error adding target to table\n"), std::nullopt);
    EXPECT_EQ(kernel_dm_table_error("12,702,1,-;device-mapper: table: 254:0: crypt: written by a program\n"), std::nullopt);
}

// The kernel's own segfault line names the program's file, which any user can call
// "device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector 8": facility 0, the words inside.
// Only a record that is dm-crypt's message from its first byte counts.
TEST(KmsgRecord, ASegfaultLineQuotingTheWordsIsNotAnAeadError) {
    const char* trick = "6,950,41000000,-;device-mapper[4321]: segfault at 0 ip 0000000000401000 sp 00007ffd0 error 6 in "
                        "device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector 8[401000+1000]\n";
    EXPECT_FALSE(is_kernel_aead_error(trick, "dm-0"));
    EXPECT_FALSE(kernel_aead_error_device(trick));
    EXPECT_FALSE(kernel_aead_error_device("3,1,2,-;x device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector 8\n"));
    EXPECT_FALSE(kernel_aead_error_device("3,1,2,-;device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector 8 x\n"));
    EXPECT_FALSE(kernel_aead_error_device("3,1,2,-;dm-0: INTEGRITY AEAD ERROR, sector 8\n"));
    EXPECT_EQ(kernel_aead_error_device("3,1,2,-;trusted_key: device-mapper: crypt: dm-12: INTEGRITY AEAD ERROR, sector 80\n"),
              "dm-12");
    EXPECT_EQ(kernel_md_repair_device("6,900,85440536,-;md/raid1:mdX: read error corrected (8 sectors at 8 on dm-1)\n"),
              "dm-1");
    EXPECT_EQ(record_seq("3,812,39033053,-;x"), 812u);
    EXPECT_FALSE(record_seq("3,812"));
}
