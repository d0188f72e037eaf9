// SPDX-License-Identifier: GPL-2.0-or-later
#include "device_verdict.h"

#include <gtest/gtest.h>

#include "area_header.h"
#include "device_probe.h"
#include "test_image.h"

using namespace aeadswap;

namespace {

constexpr uint64_t kSize = 64ull << 20;

Verdict judge(const test::TempImage& img, bool force = false) {
    auto probe = probe_device(img.path(), img.path());
    EXPECT_TRUE(probe) << (probe ? "" : probe.error().message);
    return judge_device(img.head(64 * 1024), probe ? *probe : ProbeResult{}, 4096, force);
}

}  // namespace

TEST(DeviceVerdict, ZerosAreEmpty) {
    test::TempImage img(kSize);
    auto v = judge(img);
    EXPECT_EQ(v.content, Content::empty);
    EXPECT_TRUE(v.may_format);
}

TEST(DeviceVerdict, OurSuperblockIsOurs) {
    test::TempImage img(kSize);
    img.write_at(0, test::our_superblock());
    auto v = judge(img);
    EXPECT_EQ(v.content, Content::ours);
    EXPECT_TRUE(v.may_format);
}

// ext4 leaves its first 1024 bytes alone: an old aeadswap superblock there sits beside a clean,
// mountable filesystem. libblkid's safe probe stops at DM_integrity, which it tries first.
TEST(DeviceVerdict, OurSuperblockOverAFilesystemIsRefused) {
    test::TempImage img(kSize);
    ASSERT_TRUE(img.run("mkfs.ext4 -q -F -L home {}"));
    auto sb = test::our_superblock();
    sb.resize(64);
    img.write_at(0, sb);
    ASSERT_TRUE(img.run("e2fsck -n -f {} >/dev/null 2>&1"));  // still a clean ext4
    auto v = judge(img);
    EXPECT_FALSE(v.may_format);
    EXPECT_EQ(v.what, "an ext4 filesystem labelled 'home', beside an aeadswap area from an earlier boot");
}

TEST(DeviceVerdict, ForeignIntegritySuperblockIsRefused) {
    test::TempImage img(kSize);
    img.write_at(0, test::our_superblock(4, 62));
    auto v = judge(img);
    EXPECT_FALSE(v.may_format);
    EXPECT_NE(v.what.find("that aeadswap did not make"), std::string::npos);
}

TEST(DeviceVerdict, PlainSwapIsAccepted) {
    test::TempImage img(kSize);
    ASSERT_TRUE(img.run("mkswap {}"));
    auto v = judge(img);
    EXPECT_EQ(v.content, Content::swap);
    EXPECT_TRUE(v.may_format);
}

TEST(DeviceVerdict, Ext4IsRefusedByNameAndLabel) {
    test::TempImage img(kSize);
    ASSERT_TRUE(img.run("mkfs.ext4 -q -F -L home {}"));
    auto v = judge(img);
    EXPECT_FALSE(v.may_format);
    EXPECT_EQ(refusal_message("/dev/vdb", v),
              "/dev/vdb holds an ext4 filesystem labelled 'home'; not touching it (add ,force to its aeadswap= "
              "entry to overwrite it)");
    EXPECT_TRUE(judge(img, true).may_format);
}

TEST(DeviceVerdict, ALabelCannotForgeALogLine) {
    std::vector<uint8_t> head(65536, 0xa5);
    ProbeResult p{"ext4", "filesystem", "x\naeadswap: dm-0: INTEGRITY AEAD ERROR\x1b[2J'\\", "", false};
    auto v = judge_device(head, p, 4096, false);
    EXPECT_FALSE(v.may_format);
    EXPECT_EQ(v.what, "an ext4 filesystem labelled 'x\\x0aaeadswap: dm-0: INTEGRITY AEAD ERROR\\x1b[2J\\x27\\x5c'");
}

TEST(DeviceVerdict, LuksIsRefused) {
    test::TempImage img(kSize);
    ASSERT_TRUE(img.run("echo -n pw | cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 "
                        "--pbkdf-force-iterations 1000 {} -d -"));
    auto v = judge(img);
    EXPECT_FALSE(v.may_format);
    EXPECT_EQ(v.what, "a LUKS header");
}

TEST(DeviceVerdict, PartitionTableIsRefused) {
    test::TempImage img(kSize);
    ASSERT_TRUE(img.run("sgdisk -n1:0:0 -c1:data {}"));
    auto v = judge(img);
    EXPECT_FALSE(v.may_format);
    EXPECT_EQ(v.what, "a GPT partition table");
}

TEST(DeviceVerdict, UnknownBytesAreRefused) {
    test::TempImage img(kSize);
    img.write_at(8192, {0xde, 0xad, 0xbe, 0xef});
    auto v = judge(img);
    EXPECT_FALSE(v.may_format);
    EXPECT_NE(v.what.find("does not recognize"), std::string::npos);
}

TEST(DeviceVerdict, HibernationImageIsRefused) {
    test::TempImage img(kSize);
    ASSERT_TRUE(img.run("mkswap {}"));
    img.write_at(4086, {'S', '1', 'S', 'U', 'S', 'P', 'E', 'N', 'D', 0});
    auto v = judge(img);
    EXPECT_FALSE(v.may_format);
    EXPECT_NE(v.what.find("hibernation image"), std::string::npos);
}

// tags=ram: our plaintext header in block 0, ciphertext after it; libblkid sees nothing there.
TEST(DeviceVerdict, OurAreaHeaderIsOurs) {
    test::TempImage img(kSize);
    std::vector<uint8_t> noise(60 * 1024);
    for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<uint8_t>(i * 131 + 7);
    img.write_at(4096, noise);
    img.write_at(0, make_area_header({}));
    auto v = judge(img);
    EXPECT_EQ(v.content, Content::ours);
    EXPECT_EQ(v.what, "an aeadswap area (tags in RAM, header version 1) from an earlier boot");
}

// ext4's superblock is at 1 KiB, inside our header block: a filesystem made over the area
// afterwards wipes the header's zeros, and is judged as the filesystem it is.
TEST(DeviceVerdict, AFilesystemOverOurAreaHeaderIsRefused) {
    test::TempImage img(kSize);
    img.write_at(0, make_area_header({}));
    ASSERT_TRUE(img.run("mkfs.ext4 -q -F -L home {}"));
    auto header = make_area_header({});
    header.resize(1024);  // mkfs.ext4 keeps the first 1024 bytes, magic included
    img.write_at(0, header);
    auto v = judge(img);
    EXPECT_FALSE(v.may_format);
    EXPECT_EQ(v.what, "an ext4 filesystem labelled 'home'");
}

// A disk that held one of our formats, or plain swap, then was given a partition table and a
// filesystem in its first partition, as a script does it (sfdisk and sgdisk do not wipe; parted
// may): whatever of ours is left, the table is what the disk is now.
namespace {

enum class Base { superblock, area_header, mkswap, interrupted };

struct Repartition {
    const char* name;
    const char* command;
    const char* table;  // how the verdict names it
};

const Repartition kRepartitions[] = {
    {"sfdisk dos", "printf 'label: dos\\nstart=2048, type=83\\n' | sfdisk -q {}", "an MBR partition table"},
    {"sfdisk gpt", "printf 'label: gpt\\nstart=2048\\n' | sfdisk -q {}", "a GPT partition table"},
    {"sgdisk -o", "sgdisk -o -n1:2048:0 {}", "a GPT partition table"},
    {"parted msdos", "parted -s {} mklabel msdos mkpart primary ext4 1MiB 100%", "an MBR partition table"},
    {"parted gpt", "parted -s {} mklabel gpt mkpart home ext4 1MiB 100%", "a GPT partition table"},
};

void lay_base(const test::TempImage& img, Base base) {
    if (base == Base::superblock) img.write_at(0, test::our_superblock());
    if (base == Base::area_header) img.write_at(0, make_area_header({}));
    if (base == Base::mkswap || base == Base::interrupted) {
        ASSERT_TRUE(img.run("mkswap {}"));
    }
    if (base == Base::interrupted) {
        img.write_at(4096, make_format_pending());
        img.write_at(0, std::vector<uint8_t>(4096, 0));
    }
}

}  // namespace

// A format cut short after the first block was zeroed (a failed table load, a power loss), over
// plain swap or over an earlier area of ours: the next boot formats it again, without force.
TEST(DeviceVerdict, AnInterruptedFormatIsOurs) {
    for (Base base : {Base::mkswap, Base::superblock}) {
        test::TempImage img(kSize);
        lay_base(img, base);
        img.write_at(4096, make_format_pending());
        img.write_at(0, std::vector<uint8_t>(4096, 0));
        auto v = judge(img);
        EXPECT_EQ(v.content, Content::ours);
        EXPECT_TRUE(v.may_format);
        EXPECT_EQ(v.what, "an aeadswap format that did not finish");
    }
}

// The pending header vouches only for zeros before it, and only in its own exact shape.
TEST(DeviceVerdict, APendingHeaderVouchesForNothingElse) {
    test::TempImage img(kSize);
    img.write_at(4096, make_format_pending());
    img.write_at(512, {1});
    EXPECT_FALSE(judge(img).may_format);
    img.write_at(512, {0});
    EXPECT_EQ(judge(img).content, Content::ours);
    img.write_at(4096 + 100, {1});
    EXPECT_FALSE(judge(img).may_format);
}

TEST(DeviceVerdict, ARepartitionedDiskIsRefusedWhateverOfOursIsLeft) {
    for (Base base : {Base::superblock, Base::area_header, Base::mkswap, Base::interrupted}) {
        for (const auto& r : kRepartitions) {
            SCOPED_TRACE(std::string(r.name) + " over base " + std::to_string(static_cast<int>(base)));
            test::TempImage img(kSize);
            lay_base(img, base);
            ASSERT_TRUE(img.run(r.command));
            ASSERT_TRUE(img.run("mkfs.ext4 -q -F -L home -E offset=1048576 {} 32M"));
            auto before = img.head(64 * 1024);
            auto v = judge(img);
            EXPECT_FALSE(v.may_format);
            EXPECT_NE(v.content, Content::ours);
            EXPECT_EQ(v.what.rfind(r.table, 0), 0u) << v.what;
            EXPECT_EQ(img.head(64 * 1024), before);  // judging reads only
            EXPECT_TRUE(judge(img, true).may_format);
        }
    }
}

// The cases the review reproduced, with the whole line a user reads: what is there, and what of
// ours it sits beside.
TEST(DeviceVerdict, ARepartitionedAreaNamesTheTableAndWhatItSitsBeside) {
    test::TempImage img(kSize);
    img.write_at(0, test::our_superblock());
    ASSERT_TRUE(img.run(kRepartitions[0].command));
    ASSERT_TRUE(img.run("mkfs.ext4 -q -F -L home -E offset=1048576 {} 32M"));
    EXPECT_EQ(refusal_message("/dev/vdb", judge(img)),
              "/dev/vdb holds an MBR partition table, beside an aeadswap area from an earlier boot; not touching "
              "it (add ,force to its aeadswap= entry to overwrite it)");

    test::TempImage swap(kSize);
    ASSERT_TRUE(swap.run("mkswap {}"));
    ASSERT_TRUE(swap.run(kRepartitions[0].command));
    EXPECT_EQ(judge(swap).what, "an MBR partition table, beside a plain swap area");
}

// libblkid's safe probe answers "ambiguous" when two signatures conflict: never ours then.
TEST(DeviceVerdict, AnAmbiguousProbeIsNeverOurs) {
    auto sb = test::our_superblock();
    sb.resize(65536);
    for (bool ambiguous : {false, true}) {
        for (const char* pttype : {"", "dos", "gpt", "atari"}) {
            ProbeResult p{"", "", "", pttype, ambiguous};
            auto v = judge_device(sb, p, 4096, false);
            EXPECT_EQ(v.may_format, !ambiguous && std::string(pttype).empty()) << pttype << ambiguous;
        }
    }
}
