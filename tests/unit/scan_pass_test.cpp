// SPDX-License-Identifier: GPL-2.0-or-later
#include "scan_pass.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

using namespace aeadswap;
using namespace std::chrono_literals;

namespace {

// "hang" never returns (a read stuck in a disk's error handling); the others hold one match each.
std::vector<std::string> scan(const std::string& disk) {
    if (disk == "hang") std::this_thread::sleep_for(1h);
    if (disk == "none") return {};
    return {"/dev/" + disk + "1"};
}

}  // namespace

TEST(ScanPass, EveryDiskAnswers) {
    auto r = scan_pass({"vda", "none", "vdb"}, scan, 2s);
    EXPECT_EQ(r.found, (std::vector<std::string>{"/dev/vda1", "/dev/vdb1"}));
    EXPECT_TRUE(r.unanswered.empty());
}

// The pass goes on past the disk that hangs, and costs about the bound for it.
TEST(ScanPass, AHangingReadCostsTheBoundAndNoMore) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = scan_pass({"vda", "hang", "vdb", "hang", "vdc"}, scan, 300ms);
    auto took = std::chrono::steady_clock::now() - t0;
    EXPECT_EQ(r.found, (std::vector<std::string>{"/dev/vda1", "/dev/vdb1", "/dev/vdc1"}));
    EXPECT_EQ(r.unanswered, (std::vector<std::string>{"hang", "hang"}));
    EXPECT_GE(took, 600ms);
    EXPECT_LT(took, 10s);
}

TEST(ScanPass, NoDisksIsNoMatch) {
    auto r = scan_pass({}, scan, 1s);
    EXPECT_TRUE(r.found.empty());
    EXPECT_TRUE(r.unanswered.empty());
}
