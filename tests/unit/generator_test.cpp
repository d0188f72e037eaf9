// SPDX-License-Identifier: GPL-2.0-or-later
#include "generator.h"

#include <gtest/gtest.h>

#include "hex_escape.h"
#include "udev_link.h"

using namespace aeadswap;

namespace {

const GeneratedFile* find(const std::vector<GeneratedFile>& files, const std::string& path) {
    for (const auto& f : files)
        if (f.path == path) return &f;
    return nullptr;
}

}  // namespace

TEST(Generator, EscapesPathsLikeSystemdEscape) {
    EXPECT_EQ(systemd_escape_path("/dev/vdb"), "dev-vdb");
    EXPECT_EQ(systemd_escape_path("/dev/disk/by-partuuid/0fc6-aa"), "dev-disk-by\\x2dpartuuid-0fc6\\x2daa");
    EXPECT_EQ(systemd_escape_path("/dev/disk/by-partlabel/my\\x20swap"), "dev-disk-by\\x2dpartlabel-my\\x5cx20swap");
    EXPECT_EQ(systemd_escape_path("/dev/.hidden"), "dev-.hidden");
    EXPECT_EQ(systemd_escape_path("/"), "-");
}

TEST(Generator, DeviceNodesAreUdevLinks) {
    auto cfg = parse_cmdline("aeadswap=PARTUUID=ABC-1 aeadswap=\"PARTLABEL=my swap\" aeadswap=/dev/vdc");
    EXPECT_EQ(device_node(*cfg.specs[0]), "/dev/disk/by-partuuid/abc-1");
    EXPECT_EQ(device_node(*cfg.specs[1]), "/dev/disk/by-partlabel/my\\x20swap");
    EXPECT_EQ(device_node(*cfg.specs[2]), "/dev/vdc");
}

TEST(Generator, OneUnitPerEntryThatWaitsForItsDeviceItselfAfterUdevStarted) {
    auto files = generate_units(parse_cmdline("aeadswap=/dev/vdb,timeout=7 aeadswap=/dev/vdc,name=fast"), "/usr/bin/aeadswap", GeneratorStage::initrd);
    ASSERT_EQ(files.size(), 4u);
    auto* unit = find(files, "aeadswap@aeadswap0.service");
    ASSERT_TRUE(unit);
    for (const char* line : {"Before=initrd.target\n", "After=systemd-hibernate-resume.service",
                             " systemd-udev-trigger.service\n", "DefaultDependencies=no\n", "TimeoutStartSec=67\n",
                             "After=initrd-root-fs.target\n",
                             "ExecStart=\"/usr/bin/aeadswap\" --log kmsg start --sysroot /sysroot \"/dev/vdb,timeout=7,name=aeadswap0\"\n"})
        EXPECT_NE(unit->content.find(line), std::string::npos) << line;
    // A .device dependency would start the timeout before udevd runs. No IgnoreOnIsolate and no
    // ExecStop: the isolate to initrd-switch-root.target stops it and leaves the swap on, so that
    // the real root's unit of the same name runs; a failure is a failure.
    for (const char* absent : {".device", "IgnoreOnIsolate", "ExecStop", "SuccessExitStatus"})
        EXPECT_EQ(unit->content.find(absent), std::string::npos) << absent;
    auto* want = find(files, "initrd.target.wants/aeadswap@fast.service");
    ASSERT_TRUE(want);
    EXPECT_EQ(want->symlink_to, "../aeadswap@fast.service");
    EXPECT_NE(find(files, "aeadswap@fast.service")->content.find("start --sysroot /sysroot \"/dev/vdc,name=fast\"\n"),
              std::string::npos);
}

// The real root's units: before swap.target as fstab's swaps, on whatever initramfs came first.
TEST(Generator, InTheRealRootSwapTargetWantsAUnitWithoutSysroot) {
    auto files = generate_units(parse_cmdline("aeadswap=/dev/vdb,timeout=7"), "/usr/sbin/aeadswap", GeneratorStage::system);
    ASSERT_EQ(files.size(), 2u);
    auto* unit = find(files, "aeadswap@aeadswap0.service");
    ASSERT_TRUE(unit);
    for (const char* line : {"ConditionPathExists=!/etc/initrd-release\n",
                             " systemd-udev-trigger.service\n", "DefaultDependencies=no\n", "TimeoutStartSec=67\n",
                             "IgnoreOnIsolate=yes\n", "Conflicts=umount.target\n", "Before=umount.target\n",
                             "Before=swap.target dev-mapper-aeadswap0.swap\n", "SourcePath=/proc/cmdline\n",
                             "ExecStart=\"/usr/sbin/aeadswap\" start \"/dev/vdb,timeout=7,name=aeadswap0\"\n",
                             "ExecStop=\"/usr/sbin/aeadswap\" stop aeadswap0\n"})
        EXPECT_NE(unit->content.find(line), std::string::npos) << line;
    // Its lines go to the journal, under the unit; its failures fail it.
    for (const char* absent : {"initrd.target", "sysroot", ".device", "--log", "SuccessExitStatus"})
        EXPECT_EQ(unit->content.find(absent), std::string::npos) << absent;
    auto* want = find(files, "swap.target.wants/aeadswap@aeadswap0.service");
    ASSERT_TRUE(want);
    EXPECT_EQ(want->symlink_to, "../aeadswap@aeadswap0.service");
}

TEST(Generator, TheSwapUnitNameIsEscapedAsSystemdEscapesIt) {
    auto files = generate_units(parse_cmdline("aeadswap=/dev/vdb,name=my-swap"), "/h", GeneratorStage::system);
    auto* unit = find(files, "aeadswap@my-swap.service");
    ASSERT_TRUE(unit);
    EXPECT_NE(unit->content.find("Before=swap.target dev-mapper-my\\x2dswap.swap\n"), std::string::npos);
}

TEST(Generator, NothingForOffOrBadEntries) {
    EXPECT_TRUE(generate_units(parse_cmdline("aeadswap=/dev/vdb rd.aeadswap=0"), "x", GeneratorStage::initrd).empty());
    EXPECT_TRUE(generate_units(parse_cmdline("aeadswap=UUID=1 aeadswap=/dev/vdb,bogus"), "x", GeneratorStage::system).empty());
}

TEST(Generator, ExecStartCannotBeSubverted) {
    auto files = generate_units(parse_values({"PARTLABEL=a\"b\\c%n$X"}), "/h", GeneratorStage::initrd);
    ASSERT_FALSE(files.empty());
    EXPECT_NE(files[0].content.find("ExecStart=\"/h\" --log kmsg start --sysroot /sysroot \"PARTLABEL=a\\\"b\\\\c%%n$$X,name=aeadswap0\"\n"),
              std::string::npos)
        << files[0].content;
}

// Description= and the comment are not unescaped by systemd: a '%' there is a specifier, a
// trailing backslash continues the line, and a byte that is not UTF-8 drops the line.
TEST(Generator, DescriptionAndCommentCannotBeSubverted) {
    auto files = generate_units(parse_values({"PARTLABEL=a%n\xe9\\"}), "/usr/sbin/aeadswap", GeneratorStage::system);
    ASSERT_FALSE(files.empty());
    const auto& u = files[0].content;
    EXPECT_NE(u.find("# Generated by aeadswap-generator from aeadswap=PARTLABEL=a%n\\xe9\\x5c\n"), std::string::npos) << u;
    EXPECT_NE(u.find("Description=Authenticated encrypted swap aeadswap0 on PARTLABEL=a%%n\\xe9\\x5c\n"), std::string::npos) << u;
    EXPECT_NE(u.find(" start \"PARTLABEL=a%%n\\xe9\\\\,name=aeadswap0\"\n"), std::string::npos) << u;
    for (char c : u) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
}

// systemd 252 has only systemd-hibernate-resume@.service, before local-fs-pre.target.
TEST(Generator, OrderedAfterResumeOnEverySystemd) {
    for (auto stage : {GeneratorStage::initrd, GeneratorStage::system}) {
        auto files = generate_units(parse_cmdline("aeadswap=/dev/vdb"), "/h", stage);
        ASSERT_FALSE(files.empty());
        EXPECT_NE(files[0].content.find("After=systemd-hibernate-resume.service local-fs-pre.target\n"), std::string::npos);
    }
}

TEST(HexEscape, EscapesEveryByteTheCallerDoesNotKeepInLowercaseHex) {
    auto alnum = [](size_t, unsigned char c) { return std::isalnum(c) != 0; };
    EXPECT_EQ(hex_escape("a/b\xff\x01", alnum), "a\\x2fb\\xff\\x01");
    EXPECT_EQ(hex_escape("", alnum), "");
    EXPECT_EQ(hex_escape("..", [](size_t i, unsigned char) { return i > 0; }), "\\x2e.");
}
