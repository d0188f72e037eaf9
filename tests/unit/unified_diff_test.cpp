// SPDX-License-Identifier: GPL-2.0-or-later
// The diffs aeadswap enable prints, checked by patch(1) itself: applied to the old text, each
// gives the new one.
#include "unified_diff.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace aeadswap;

namespace {

std::string patched(const std::string& before, const std::string& diff) {
    char dir[] = "/tmp/aeadswap-diff-XXXXXX";
    EXPECT_TRUE(mkdtemp(dir));
    std::string d = dir;
    std::ofstream(d + "/f") << before;
    std::ofstream(d + "/p") << diff;
    EXPECT_EQ(std::system(("patch -s -u " + d + "/f " + d + "/p").c_str()), 0) << diff;
    std::ifstream in(d + "/f");
    std::stringstream out;
    out << in.rdbuf();
    std::system(("rm -rf " + d).c_str());
    return out.str();
}

}  // namespace

TEST(UnifiedDiff, ZeroContextHunks) {
    EXPECT_EQ(unified_diff("/etc/fstab", "a\nb\nc\n", "a\n# b\nc\n"),
              "--- /etc/fstab\n+++ /etc/fstab\n@@ -2 +2 @@\n-b\n+# b\n");
    EXPECT_EQ(unified_diff("/etc/x", std::nullopt, "one\n"), "--- /dev/null\n+++ /etc/x\n@@ -0,0 +1 @@\n+one\n");
    EXPECT_EQ(unified_diff("/etc/x", "one\ntwo\n", std::nullopt), "--- /etc/x\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-one\n-two\n");
    EXPECT_EQ(unified_diff("/etc/x", "a\n", "a\n"), "--- /etc/x\n+++ /etc/x\n");
}

TEST(UnifiedDiff, PatchAppliesIt) {
    const std::pair<std::string, std::string> cases[] = {
        {"a\nb\nc\nd\n", "a\n# b\nnew\nc\nd\nend\n"},
        {"x\ny\n", "y\n"},
        {"GRUB_A=1\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet resume=UUID=1\"\nGRUB_B=2\n",
         "GRUB_A=1\n# aeadswap enable: GRUB_CMDLINE_LINUX_DEFAULT=\"quiet resume=UUID=1\"\n"
         "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\" # aeadswap enable\nGRUB_B=2\n"},
        {"1\n2\n3\n4\n5\n", "0\n1\n3\n5\n6\n"}};
    for (const auto& [before, after] : cases) EXPECT_EQ(patched(before, unified_diff("f", before, after)), after);
}
