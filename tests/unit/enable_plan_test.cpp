// SPDX-License-Identifier: GPL-2.0-or-later
// aeadswap enable and disable as plans over the files the Debian installer and others write: each
// layout, the refusals, a second run that changes nothing, and disable giving back every byte.
#include "enable_plan.h"

#include <gtest/gtest.h>

using namespace aeadswap;

namespace {

const std::string kUuid = "0b7f3a5e-2c51-4c39-9d1e-6a4f6a1c2b11";

DeviceNames swap_partition() {
    return {"/dev/vdb1",
            {"/dev/disk/by-uuid/" + kUuid, "/dev/disk/by-partuuid/5d2f1e4a-01",
             "/dev/disk/by-id/virtio-disk1-part1", "/dev/disk/by-path/pci-0000:00:05.0-part1"},
            kUuid, "oldswap", "5d2f1e4a-01", "swap"};
}

// What the Debian 13 installer leaves: the swap in fstab by UUID and in initramfs-tools' RESUME=.
FileTexts debian_install() {
    return {{"/etc/fstab", "# /etc/fstab: static file system information.\n"
                           "UUID=11111111-2222-3333-4444-555555555555 /  ext4 errors=remount-ro 0 1\n"
                           "# swap was on /dev/vdb1 during installation\n"
                           "UUID=" + kUuid + " none swap sw 0 0\n"},
            {"/etc/initramfs-tools/conf.d/resume", "RESUME=UUID=" + kUuid + "\n"},
            {"/etc/default/grub", "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"\"\n"}};
}

BootSetup debian_boot() { return {true, false, true, true, false}; }

// The files after a plan.
FileTexts applied(FileTexts files, const Plan& plan) {
    for (const auto& [path, text] : plan.after) files[path] = text;
    for (const auto& path : plan.removed) files.erase(path);
    return files;
}

}  // namespace

TEST(EnablePlan, NamesADeviceByEveryNameItHas) {
    auto d = swap_partition();
    for (const char* n : {"UUID=0B7F3A5E-2C51-4C39-9D1E-6A4F6A1C2B11", "PARTUUID=5d2f1e4a-01", "LABEL=oldswap",
                          "PARTLABEL=swap", "/dev/vdb1", "/dev/disk/by-id/virtio-disk1-part1", "\"UUID=0b7f3a5e-2c51-4c39-9d1e-6a4f6a1c2b11\""})
        EXPECT_TRUE(names_device(n, d)) << n;
    for (const char* n : {"UUID=", "LABEL=other", "/dev/vdb", "/dev/vdb12", "PARTUUID=5d2f1e4a-02", "tmpfs"})
        EXPECT_FALSE(names_device(n, d)) << n;
}

TEST(EnablePlan, StableNamesPreferPartuuidThenById) {
    EXPECT_EQ(*stable_name(swap_partition()), "PARTUUID=5d2f1e4a-01");
    DeviceNames disk{"/dev/sdb", {"/dev/disk/by-id/ata-DISK_123", "/dev/disk/by-path/pci-1"}, "", "", "", ""};
    EXPECT_EQ(*stable_name(disk), "/dev/disk/by-id/ata-DISK_123");
    DeviceNames lv{"/dev/dm-3", {"/dev/disk/by-id/dm-uuid-LVM-abc", "/dev/mapper/pve-swap", "/dev/pve/swap"}, "", "", "", ""};
    EXPECT_EQ(*stable_name(lv), "/dev/mapper/pve-swap");
    DeviceNames virtio{"/dev/vdb", {"/dev/disk/by-path/pci-0000:00:05.0", "/dev/disk/by-diskseq/3"}, "", "", "", ""};
    EXPECT_EQ(*stable_name(virtio), "/dev/disk/by-path/pci-0000:00:05.0");
    auto none = stable_name({"/dev/vdb", {"/dev/disk/by-diskseq/3"}, "", "", "", ""});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, Exit::refused);
}

TEST(EnablePlan, DebianInstallFstabResumeAndGrubDropIn) {
    auto plan = plan_enable(swap_partition(), "prio=5", debian_install(), debian_boot());
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->after.at("/etc/fstab"),
              "# /etc/fstab: static file system information.\n"
              "UUID=11111111-2222-3333-4444-555555555555 /  ext4 errors=remount-ro 0 1\n"
              "# swap was on /dev/vdb1 during installation\n"
              "# aeadswap enable: UUID=" + kUuid + " none swap sw 0 0\n");
    EXPECT_EQ(plan->after.at("/etc/initramfs-tools/conf.d/resume"), "# aeadswap enable: RESUME=UUID=" + kUuid + "\n");
    // No RESUME left: RESUME=none, or the image made now would pick the old swap, still on.
    EXPECT_EQ(plan->after.at(kResumeNone), std::string(kOwnedHeader) + "\nRESUME=none\n");
    EXPECT_EQ(plan->after.at(kGrubDropIn),
              "# Written by aeadswap enable; aeadswap disable removes it. See aeadswap(8).\n"
              "GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX aeadswap=PARTUUID=5d2f1e4a-01,prio=5\"\n");
    EXPECT_EQ(plan->after.count("/etc/default/grub"), 0u);
    std::vector<std::vector<std::string>> run = {{"update-grub"}, {"update-initramfs", "-u", "-k", "all"}};
    EXPECT_EQ(plan->run, run);
    EXPECT_TRUE(plan->todo.empty());
}

TEST(EnablePlan, EveryWayFstabAndCrypttabNameIt) {
    FileTexts files = {{"/etc/fstab", "PARTUUID=5d2f1e4a-01 none swap sw 0 0\n"
                                      "/dev/vdb1 none swap sw,pri=3 0 0\n"
                                      "/dev/disk/by-id/virtio-disk1-part1 none swap defaults 0 0\n"
                                      "LABEL=oldswap none swap sw 0 0\n"
                                      "/dev/mapper/cswap none swap sw 0 0\n"
                                      "/dev/vdc1 none swap sw 0 0\n"},
                       {"/etc/crypttab", "cswap PARTLABEL=swap /dev/urandom swap,cipher=aes-xts-plain64\n"
                                         "home UUID=abcd none luks\n"},
                       {"/etc/default/grub", "GRUB_CMDLINE_LINUX=\"\"\n"}};
    auto plan = plan_enable(swap_partition(), "", files, debian_boot());
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->after.at("/etc/fstab"), "# aeadswap enable: PARTUUID=5d2f1e4a-01 none swap sw 0 0\n"
                                            "# aeadswap enable: /dev/vdb1 none swap sw,pri=3 0 0\n"
                                            "# aeadswap enable: /dev/disk/by-id/virtio-disk1-part1 none swap defaults 0 0\n"
                                            "# aeadswap enable: LABEL=oldswap none swap sw 0 0\n"
                                            "# aeadswap enable: /dev/mapper/cswap none swap sw 0 0\n"
                                            "/dev/vdc1 none swap sw 0 0\n");
    EXPECT_EQ(plan->after.at("/etc/crypttab"),
              "# aeadswap enable: cswap PARTLABEL=swap /dev/urandom swap,cipher=aes-xts-plain64\nhome UUID=abcd none luks\n");
    // No RESUME named it; none is left either, so RESUME=none and a new image.
    EXPECT_EQ(plan->after.count(kResumeNone), 1u);
    std::vector<std::vector<std::string>> run = {{"update-grub"}, {"update-initramfs", "-u", "-k", "all"}};
    EXPECT_EQ(plan->run, run);
    // A RESUME the administrator set for another swap stays, and so does auto-selection's absence.
    files["/etc/initramfs-tools/conf.d/resume"] = "RESUME=/dev/vdc2\n";
    auto other = plan_enable(swap_partition(), "", files, debian_boot());
    ASSERT_TRUE(other);
    EXPECT_EQ(other->after.count(kResumeNone), 0u);
    EXPECT_EQ(other->after.count("/etc/initramfs-tools/conf.d/resume"), 0u);
    std::vector<std::vector<std::string>> grub_only = {{"update-grub"}};
    EXPECT_EQ(other->run, grub_only);
}

TEST(EnablePlan, ResumeOnGrubsCommandLineIsTakenOffTheLineThatHasIt) {
    auto files = debian_install();
    files["/etc/default/grub"] = "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet resume=UUID=" + kUuid + " splash\"\n";
    files["/etc/default/grub.d/50-cloud.cfg"] = "GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX resume=/dev/vdb1\"\n";
    auto plan = plan_enable(swap_partition(), "", files, debian_boot());
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->after.at("/etc/default/grub"),
              "# aeadswap enable: GRUB_CMDLINE_LINUX_DEFAULT=\"quiet resume=UUID=" + kUuid + " splash\"\n"
              "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash\" # aeadswap enable\n");
    EXPECT_EQ(plan->after.at("/etc/default/grub.d/50-cloud.cfg"),
              "# aeadswap enable: GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX resume=/dev/vdb1\"\n"
              "GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX\" # aeadswap enable\n");
}

TEST(EnablePlan, KernelInstallsCommandLineGetsTheWord) {
    FileTexts files = {{"/etc/kernel/cmdline", "root=UUID=1111 rw quiet\n"}};
    BootSetup boot{false, true, false, false, true};
    auto plan = plan_enable(swap_partition(), "tags=ram", files, boot);
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->after.at("/etc/kernel/cmdline"), "root=UUID=1111 rw quiet aeadswap=PARTUUID=5d2f1e4a-01,tags=ram\n");
    std::vector<std::vector<std::string>> run = {{"kernel-install", "add-all"}};
    EXPECT_EQ(plan->run, run);
    EXPECT_EQ(enabled_entries(applied(files, *plan)), std::vector<std::string>{"PARTUUID=5d2f1e4a-01,tags=ram"});
}

// dracut's host-only images take resume= from fstab's swap: rebuilt when fstab changes.
TEST(EnablePlan, DracutImagesAreRebuiltWhenFstabChanges) {
    BootSetup boot{true, false, true, false, false, true};
    auto plan = plan_enable(swap_partition(), "", debian_install(), boot);
    ASSERT_TRUE(plan);
    std::vector<std::vector<std::string>> run = {{"update-grub"}, {"dracut", "--regenerate-all", "--force"}};
    EXPECT_EQ(plan->run, run);
    auto off = plan_disable(applied(debian_install(), *plan), boot);
    EXPECT_EQ(off.run, run);
}

TEST(EnablePlan, Refusals) {
    auto files = debian_install();
    files["/etc/fstab"] += "/dev/vdb1 /srv ext4 defaults 0 2\n";
    auto mounted = plan_enable(swap_partition(), "", files, debian_boot());
    ASSERT_FALSE(mounted);
    EXPECT_EQ(mounted.error().message, "/etc/fstab line 5 mounts /dev/vdb1 as ext4, not swap; not using it");

    auto no_loader = plan_enable(swap_partition(), "", {{"/etc/fstab", ""}}, BootSetup{});
    ASSERT_FALSE(no_loader);
    EXPECT_NE(no_loader.error().message.find("add aeadswap=PARTUUID=5d2f1e4a-01 to your boot loader"), std::string::npos);


    auto bad_option = plan_enable(swap_partition(), "prio=high", debian_install(), debian_boot());
    ASSERT_FALSE(bad_option);
    EXPECT_EQ(bad_option.error().code, Exit::usage);
}

TEST(EnablePlan, ASecondRunChangesNothing) {
    auto files = debian_install();
    files["/etc/default/grub"] = "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet resume=UUID=" + kUuid + "\"\n";
    auto first = plan_enable(swap_partition(), "prio=5", files, debian_boot());
    ASSERT_TRUE(first);
    auto second = plan_enable(swap_partition(), "prio=5", applied(files, *first), debian_boot());
    ASSERT_TRUE(second);
    EXPECT_TRUE(second->after.empty());
    EXPECT_TRUE(second->run.empty());
    // New options replace the entry for the same device.
    auto third = plan_enable(swap_partition(), "prio=7", applied(files, *first), debian_boot());
    ASSERT_TRUE(third);
    EXPECT_EQ(enabled_entries(applied(applied(files, *first), *third)),
              std::vector<std::string>{"PARTUUID=5d2f1e4a-01,prio=7"});
}

TEST(EnablePlan, DisableGivesBackEveryByte) {
    for (auto files : {debian_install(), FileTexts{{"/etc/kernel/cmdline", "root=UUID=1111 rw\n"}}}) {
        files["/etc/default/grub.d/50-cloud.cfg"] = "GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX resume=/dev/vdb1\"\n";
        BootSetup boot = files.count("/etc/kernel/cmdline") ? BootSetup{false, true, false, false, true} : debian_boot();
        auto on = plan_enable(swap_partition(), "prio=5", files, boot);
        ASSERT_TRUE(on) << on.error().message;
        auto enabled = applied(files, *on);
        EXPECT_NE(enabled, files);
        auto off = plan_disable(enabled, boot);
        EXPECT_EQ(applied(enabled, off), files);
        EXPECT_FALSE(off.run.empty());
        // And a second disable has nothing left to do.
        auto again = plan_disable(applied(enabled, off), boot);
        EXPECT_TRUE(again.after.empty());
        EXPECT_TRUE(again.removed.empty());
        EXPECT_TRUE(again.run.empty());
    }
}

// At boot, the swap aeadswap formatted is known by its old UUID and label only.
TEST(EnablePlan, ReferencesToTheReplacedSwap) {
    DeviceNames old{"/dev/vdb1", {}, kUuid, "oldswap", "", ""};
    auto files = debian_install();
    files["/etc/crypttab"] = "# comment\ncswap LABEL=oldswap /dev/urandom swap\n";
    std::vector<std::string> want = {"/etc/crypttab line 2", "/etc/fstab line 4", "/etc/initramfs-tools/conf.d/resume line 1"};
    EXPECT_EQ(references_to(old, files), want);
    auto enabled = plan_enable(swap_partition(), "", debian_install(), debian_boot());
    ASSERT_TRUE(enabled);
    EXPECT_TRUE(references_to(old, applied(debian_install(), *enabled)).empty());
}

// /etc/kernel/cmdline takes no comment: a resume= naming the device goes to a file of enable's,
// and disable puts it back (at the end of the line); dracut.conf.d's kernel_cmdline is edited as
// GRUB's lines are, and the images rebuilt.
TEST(EnablePlan, ResumeOnKernelInstallsAndDracutsCommandLines) {
    FileTexts files = {{"/etc/kernel/cmdline", "root=UUID=1111 resume=/dev/vdb1 rw\n"},
                       {"/etc/dracut.conf.d/resume.conf", "kernel_cmdline+=\" resume=UUID=" + kUuid + " \"\n"}};
    BootSetup boot{false, true, false, false, true, true};
    auto plan = plan_enable(swap_partition(), "", files, boot);
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->after.at("/etc/kernel/cmdline"), "root=UUID=1111 rw aeadswap=PARTUUID=5d2f1e4a-01\n");
    EXPECT_EQ(plan->after.at("/etc/kernel/cmdline.aeadswap-resume"), std::string(kOwnedHeader) + "\nresume=/dev/vdb1\n");
    EXPECT_EQ(plan->after.at("/etc/dracut.conf.d/resume.conf"),
              "# aeadswap enable: kernel_cmdline+=\" resume=UUID=" + kUuid + " \"\nkernel_cmdline+=\"\" # aeadswap enable\n");
    std::vector<std::vector<std::string>> run = {{"kernel-install", "add-all"}, {"dracut", "--regenerate-all", "--force"}};
    EXPECT_EQ(plan->run, run);
    auto enabled = applied(files, *plan);
    auto back = applied(enabled, plan_disable(enabled, boot));
    EXPECT_EQ(back.at("/etc/kernel/cmdline"), "root=UUID=1111 rw resume=/dev/vdb1\n");
    EXPECT_EQ(back.count("/etc/kernel/cmdline.aeadswap-resume"), 0u);
    EXPECT_EQ(back.at("/etc/dracut.conf.d/resume.conf"), files.at("/etc/dracut.conf.d/resume.conf"));
}
