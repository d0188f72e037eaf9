// SPDX-License-Identifier: GPL-2.0-or-later
#include "kernel_counts.h"

#include <gtest/gtest.h>

using namespace aeadswap;

namespace {

std::string aead(uint64_t seq, const std::string& dev) {
    return "3," + std::to_string(seq) + ",1000,-;trusted_key: device-mapper: crypt: " + dev +
           ": INTEGRITY AEAD ERROR, sector 8\n";
}

}  // namespace

// The ring buffer drops old records: a count taken before keeps them, and never goes down.
TEST(KernelCounts, ACountNeverGoesDownWhenTheRingBufferWraps) {
    KernelCounts c;
    add_records(c, {aead(10, "dm-0"), aead(11, "dm-0"), aead(12, "dm-2"), "6,13,1,-;other\n"});
    EXPECT_EQ(c.aead["dm-0"], 2u);
    EXPECT_EQ(c.aead["dm-2"], 1u);
    EXPECT_EQ(c.next_seq, 14u);
    // Later: records 10-12 overwritten, one new error.
    auto kept = parse_counts(format_counts(c));
    add_records(kept, {"6,13,1,-;other\n", aead(20, "dm-0")});
    EXPECT_EQ(kept.aead["dm-0"], 3u);
    EXPECT_EQ(kept.aead["dm-2"], 1u);
    // The same records read again count nothing twice.
    add_records(kept, {aead(20, "dm-0")});
    EXPECT_EQ(kept.aead["dm-0"], 3u);
}

TEST(KernelCounts, OnlyTheKernelsOwnRecordsCount) {
    KernelCounts c;
    add_records(c, {"14,5,1,-;device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector 8\n",
                    "6,6,1,-;a[1]: segfault at 0 ip 0 sp 0 error 6 in device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, "
                    "sector 8[401000+1000]\n",
                    "6,7,1,-;md/raid1:mdX: read error corrected (8 sectors at 8 on dm-1)\n"});
    EXPECT_EQ(c.aead.count("dm-0"), 0u);
    EXPECT_EQ(c.repairs["dm-1"], 1u);
    EXPECT_EQ(c.next_seq, 8u);
}
