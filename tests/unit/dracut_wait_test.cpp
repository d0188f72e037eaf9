// SPDX-License-Identifier: GPL-2.0-or-later
#include "dracut_wait.h"

#include <gtest/gtest.h>

namespace aeadswap {
namespace {

TEST(DracutWaitCap, ThreeQuartersOfTheLastRdRetry) {
    EXPECT_EQ(dracut_wait_cap("root=/dev/vda"), 135u);  // dracut's 180
    EXPECT_EQ(dracut_wait_cap("rd.retry=40"), 30u);
    EXPECT_EQ(dracut_wait_cap("rd.retry=400 rd_retry=40"), 30u);  // getarg: the last one
    EXPECT_EQ(dracut_wait_cap("rd.retry=09"), 6u);                // decimal, not octal
    EXPECT_EQ(dracut_wait_cap("rd.retry=x"), 135u);
    EXPECT_EQ(dracut_wait_cap("rd.retry="), 135u);
    EXPECT_EQ(dracut_wait_cap("rd.retry=0"), 0u);
}

TEST(DracutWaits, OnePerValidEntryWithinTheCap) {
    auto cfg = parse_cmdline("aeadswap=/dev/vdb,timeout=300 aeadswap=UUID=x \"aeadswap=PARTLABEL=my swap\",timeout=09");
    auto waits = dracut_waits(cfg, 30);
    ASSERT_EQ(waits.size(), 2u);
    EXPECT_EQ(waits[0].node, "/dev/vdb");
    EXPECT_EQ(waits[0].timeout_s, 30u);
    EXPECT_EQ(waits[0].asked_s, 300u);
    EXPECT_EQ(waits[1].node, "/dev/disk/by-partlabel/my\\x20swap");
    EXPECT_EQ(waits[1].timeout_s, 9u);
    EXPECT_TRUE(dracut_waits(parse_cmdline("aeadswap=/dev/vdb aeadswap=off"), 30).empty());
}

// The initqueue waits for both legs, each for the entry's timeout; a missing one costs that wait.
TEST(DracutWaits, AMirrorWaitsForBothLegs) {
    auto waits = dracut_waits(parse_cmdline("aeadswap=PARTLABEL=a,mirror=/dev/vdc,timeout=20"), 135);
    ASSERT_EQ(waits.size(), 2u);
    EXPECT_EQ(waits[0].node, "/dev/disk/by-partlabel/a");
    EXPECT_EQ(waits[1].node, "/dev/vdc");
    EXPECT_EQ(waits[1].timeout_s, 20u);
}

TEST(ShQuoted, SingleQuotesSurviveAsWords) {
    EXPECT_EQ(sh_quoted("/dev/vdb"), "'/dev/vdb'");
    EXPECT_EQ(sh_quoted("/dev/x';reboot;'"), "'/dev/x'\\'';reboot;'\\'''");
    EXPECT_EQ(sh_quoted("/dev/$(reboot)"), "'/dev/$(reboot)'");
}

}  // namespace
}  // namespace aeadswap
