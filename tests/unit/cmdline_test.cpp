// SPDX-License-Identifier: GPL-2.0-or-later
#include "cmdline.h"

#include <gtest/gtest.h>

#include <tuple>

using namespace aeadswap;

namespace {

SwapSpec ok(const std::string& v, unsigned index = 0) {
    auto s = parse_spec(v, index);
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return s ? *s : SwapSpec{};
}

std::string error_of(const std::string& v) {
    auto s = parse_spec(v, 0);
    EXPECT_FALSE(s) << v << " was accepted";
    if (!s) {
        EXPECT_EQ(s.error().code, Exit::usage);
    }
    return s ? "" : s.error().message;
}

}  // namespace

TEST(Cmdline, PlainPathGetsDefaults) {
    auto s = ok("/dev/vdb", 3);
    EXPECT_EQ(s.kind, DeviceKind::path);
    EXPECT_EQ(s.device, "/dev/vdb");
    EXPECT_EQ(s.name, "aeadswap3");
    EXPECT_FALSE(s.priority.has_value());
    EXPECT_EQ(s.cipher.name, "aegis128");
    EXPECT_EQ(s.timeout_s, 10u);
    EXPECT_FALSE(s.force);
    EXPECT_FALSE(s.crypt_workqueues);
    EXPECT_EQ(s.hibernate, HibernatePolicy::warn);
}

TEST(Cmdline, AllOptions) {
    auto s = ok("/dev/disk/by-id/nvme-X-part3,name=fast,prio=32767,cipher=gcm-aes,timeout=0,force,hibernate=refuse,"
                "workqueue=on");
    EXPECT_EQ(s.name, "fast");
    EXPECT_EQ(*s.priority, 32767);
    EXPECT_EQ(s.cipher.name, "gcm-aes");
    EXPECT_EQ(s.cipher.tag_bytes, 28u);
    EXPECT_EQ(s.timeout_s, 0u);
    EXPECT_TRUE(s.force);
    EXPECT_EQ(s.hibernate, HibernatePolicy::refuse);
    EXPECT_TRUE(s.crypt_workqueues);
}

TEST(Cmdline, Readahead) {
    EXPECT_EQ(ok("/dev/vdb").readahead, Readahead::automatic);
    EXPECT_EQ(ok("/dev/vdb,readahead=auto").readahead, Readahead::automatic);
    EXPECT_EQ(ok("/dev/vdb,readahead=on").readahead, Readahead::on);
    EXPECT_EQ(ok("/dev/vdb,readahead=off").readahead, Readahead::off);
    EXPECT_NE(error_of("/dev/vdb,readahead=3").find("readahead= takes auto, on or off"), std::string::npos);
}

// The default the help states (and the man page's test holds the man page to) is what an entry
// without the option gets.
TEST(Cmdline, EachStatedDefaultIsTheParsersDefault) {
    auto fields = [](const SwapSpec& s) {
        return std::tuple(s.name, s.priority, s.cipher.name, s.timeout_s, s.force, s.hibernate, s.crypt_workqueues,
                          s.tags, s.ram_cap_percent, s.readahead);
    };
    int n = 0;
    for (const auto& o : spec_options()) {
        if (o.default_value.empty()) continue;
        std::string with = o.needs.empty() ? "" : "," + std::string(o.needs);
        EXPECT_EQ(fields(ok("/dev/vdb" + with)),
                  fields(ok("/dev/vdb" + with + "," + std::string(o.key) + "=" + std::string(o.default_value))))
            << o.key << "=" << o.default_value;
        ++n;
    }
    EXPECT_GE(n, 7);
}

// The table that help, messages and the man page's test take the options from is the parser's.
TEST(Cmdline, EveryListedOptionParsesWithItsExample) {
    ASSERT_FALSE(spec_options().empty());
    for (const auto& o : spec_options()) {
        std::string opt(o.key);
        if (!o.operand.empty()) opt += "=" + std::string(o.example);
        if (!o.needs.empty()) {
            error_of("/dev/vdb," + opt);  // alone, it is turned away
            opt += "," + std::string(o.needs);
        }
        ok("/dev/vdb," + opt);
    }
}

TEST(Cmdline, TagsInRam) {
    EXPECT_EQ(ok("/dev/vdb").tags, TagPlacement::automatic);
    auto s = ok("/dev/vdb,tags=ram");
    EXPECT_EQ(s.tags, TagPlacement::ram);
    EXPECT_EQ(s.ram_cap_percent, 5u);
    EXPECT_EQ(ok("/dev/vdb,tags=ram,ram_cap=50").ram_cap_percent, 50u);
    EXPECT_EQ(ok("/dev/vdb,tags=disk").tags, TagPlacement::disk);
    EXPECT_EQ(error_of("/dev/vdb,tags=nvram"), "aeadswap=/dev/vdb,tags=nvram: tags= takes disk, ram, inline or auto");
    EXPECT_EQ(error_of("/dev/vdb,tags=ram,ram_cap=51"),
              "aeadswap=/dev/vdb,tags=ram,ram_cap=51: ram_cap= takes a percentage of RAM from 1 to 50");
    EXPECT_NE(error_of("/dev/vdb,ram_cap=0,tags=ram").find(": ram_cap= takes"), std::string::npos);
    EXPECT_EQ(error_of("/dev/vdb,ram_cap=10"),
              "aeadswap=/dev/vdb,ram_cap=10: ram_cap= only applies to tags=ram; add tags=ram or remove ram_cap=");
    EXPECT_EQ(error_of("/dev/vdb,tags=ram,mirror=/dev/vdc"),
              "aeadswap=/dev/vdb,tags=ram,mirror=/dev/vdc: tags=ram does not work with mirror= yet; use tags=disk "
              "for a mirror");
}

TEST(Cmdline, TagsInTheDrivesMetadata) {
    EXPECT_EQ(ok("/dev/nvme0n1p2,tags=inline").tags, TagPlacement::drive);
    EXPECT_EQ(ok("/dev/nvme0n1p2,tags=auto").tags, TagPlacement::automatic);
    // A mirror's legs keep their tags beside the data: auto means disk there, inline is refused.
    EXPECT_EQ(ok("/dev/vdb,mirror=/dev/vdc").tags, TagPlacement::disk);
    EXPECT_EQ(error_of("/dev/vdb,tags=inline,mirror=/dev/vdc"),
              "aeadswap=/dev/vdb,tags=inline,mirror=/dev/vdc: tags=inline does not work with mirror= yet; use "
              "tags=disk for a mirror");
}

TEST(Cmdline, UnknownOptionNamesEveryListedOne) {
    auto msg = error_of("/dev/vdb,size=1G");
    EXPECT_NE(msg.find("unknown option 'size'"), std::string::npos) << msg;
    for (const auto& o : spec_options()) EXPECT_NE(msg.find(std::string(o.key)), std::string::npos) << o.key;
    EXPECT_NE(error_of("/dev/vdb,bogus").find("unknown option 'bogus'"), std::string::npos);
}

TEST(Cmdline, PartuuidIsLowercasedAndPartlabelKept) {
    // A GPT name is 36 UTF-16 units: 36 three-byte characters are 108 bytes of UTF-8.
    std::string cjk;
    for (int i = 0; i < 36; ++i) cjk += "\xe4\xb8\xad";
    EXPECT_EQ(ok("PARTLABEL=" + cjk).device, cjk);
    EXPECT_NE(error_of("PARTLABEL=" + cjk + "x").find("1 to 108 bytes"), std::string::npos);
    auto u = ok("PARTUUID=0FC63DAF-8483-4772-8E79-3D69D8477DE4");
    EXPECT_EQ(u.kind, DeviceKind::partuuid);
    EXPECT_EQ(u.device, "0fc63daf-8483-4772-8e79-3d69d8477de4");
    auto l = ok("PARTLABEL=my swap,prio=1");
    EXPECT_EQ(l.kind, DeviceKind::partlabel);
    EXPECT_EQ(l.device, "my swap");
}

TEST(Cmdline, RefusalsNameTheProblem) {
    EXPECT_NE(error_of("UUID=1234").find("UUID= names a filesystem"), std::string::npos);
    EXPECT_NE(error_of("LABEL=swap").find("LABEL= names a filesystem"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,discard").find("discard is not possible"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,bogus=1").find("unknown option 'bogus'"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,prio=32768").find("prio= takes a number from 0 to 32767"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,prio=-1").find("prio="), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,prio=1,prio=2").find("given twice"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,cipher=aes-xts").find("cipher= takes"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,timeout=3601").find("timeout="), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,force=yes").find("'force' takes no value"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,name").find("needs a value"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,name=../x").find("name= takes"), std::string::npos);
    for (const char* n : {"control", "swap_dif", "aeadswap0_fmt", "swap_leg0", "swap_leg1"})
        EXPECT_NE(error_of(std::string("/dev/vdb,name=") + n).find("cannot be 'control'"), std::string::npos) << n;
    EXPECT_TRUE(parse_values({"/dev/vdb,name=dif_x"}).specs[0]);
    EXPECT_NE(error_of("/dev/vdb,hibernate=maybe").find("hibernate= takes warn or refuse"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,,prio=1").find("empty option"), std::string::npos);
    EXPECT_NE(error_of("vdb").find("is not a device"), std::string::npos);
    EXPECT_NE(error_of("/dev/").find("is not a device"), std::string::npos);
    EXPECT_NE(error_of("").find("no device given"), std::string::npos);
    EXPECT_NE(error_of("PARTUUID=zz!").find("PARTUUID= takes"), std::string::npos);
    EXPECT_NE(error_of("PARTLABEL=").find("PARTLABEL= takes"), std::string::npos);
}

TEST(Cmdline, HostileValuesAreBoundedAndPrintable) {
    auto msg = error_of(std::string(5000, 'A'));
    EXPECT_NE(msg.find("longer than 1024"), std::string::npos);
    EXPECT_LT(msg.size(), 200u);
    auto ctl = error_of(std::string("/dev/vdb,\x1b[31mbad=1"));
    EXPECT_EQ(ctl.find('\x1b'), std::string::npos);
    EXPECT_NE(error_of(std::string("/dev/v\ndb")).find("control characters"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,prio=99999999999999999999").find("prio="), std::string::npos);
}

TEST(Cmdline, KernelQuotingAndRepetition) {
    auto words = split_kernel_cmdline("ro  quiet aeadswap=\"PARTLABEL=my swap,prio=5\" x=\"a b\"c\n");
    ASSERT_EQ(words.size(), 4u);
    EXPECT_EQ(words[2], "aeadswap=PARTLABEL=my swap,prio=5");
    EXPECT_EQ(words[3], "x=a bc");
    auto cfg = parse_cmdline("root=/dev/vda aeadswap=/dev/vdb rd.aeadswap=/dev/vdc,prio=2 noaeadswap=/dev/x "
                             "aeadswapx=/dev/y rd.aeadswap");
    EXPECT_FALSE(cfg.disabled);
    ASSERT_EQ(cfg.specs.size(), 2u);
    EXPECT_EQ(cfg.specs[0]->name, "aeadswap0");
    EXPECT_EQ(cfg.specs[1]->name, "aeadswap1");
    EXPECT_EQ(cfg.specs[1]->device, "/dev/vdc");
}

TEST(Cmdline, OffDisablesEverything) {
    for (const char* line : {"aeadswap=/dev/vdb aeadswap=off", "rd.aeadswap=0 aeadswap=/dev/vdb", "aeadswap=no"}) {
        EXPECT_TRUE(parse_cmdline(line).disabled) << line;
    }
    EXPECT_FALSE(parse_cmdline("aeadswap=/dev/vdb").disabled);
}

TEST(Cmdline, DuplicatesAreRejectedAndOthersKept) {
    auto cfg = parse_cmdline("aeadswap=/dev/vdb,name=a aeadswap=/dev/vdc,name=a aeadswap=/dev/vdb aeadswap=/dev/vdd");
    ASSERT_EQ(cfg.specs.size(), 4u);
    EXPECT_TRUE(cfg.specs[0]);
    ASSERT_FALSE(cfg.specs[1]);
    EXPECT_NE(cfg.specs[1].error().message.find("name 'a' is already used"), std::string::npos);
    ASSERT_FALSE(cfg.specs[2]);
    EXPECT_NE(cfg.specs[2].error().message.find("device is already named"), std::string::npos);
    EXPECT_TRUE(cfg.specs[3]);
}

TEST(Cmdline, BadSpecDoesNotHideGoodOnes) {
    auto cfg = parse_cmdline("aeadswap=UUID=x aeadswap=/dev/vdc");
    ASSERT_EQ(cfg.specs.size(), 2u);
    EXPECT_FALSE(cfg.specs[0]);
    EXPECT_TRUE(cfg.specs[1]);
    EXPECT_EQ(cfg.specs[1]->name, "aeadswap1");
}

TEST(Cmdline, MirrorTakesASecondDeviceOfAnyForm) {
    auto s = ok("PARTLABEL=swap-a,mirror=PARTLABEL=swap-b,prio=3");
    ASSERT_TRUE(s.mirror.has_value());
    EXPECT_EQ(s.mirror->kind, DeviceKind::partlabel);
    EXPECT_EQ(s.mirror->device, "swap-b");
    EXPECT_EQ(*s.priority, 3);
    EXPECT_EQ(describe_device(s), "PARTLABEL=swap-a and PARTLABEL=swap-b");
    auto u = ok("/dev/vdb,mirror=PARTUUID=0FC63DAF-8483-4772-8E79-3D69D8477DE4");
    EXPECT_EQ(u.mirror->kind, DeviceKind::partuuid);
    EXPECT_EQ(u.mirror->device, "0fc63daf-8483-4772-8e79-3d69d8477de4");
    EXPECT_FALSE(ok("/dev/vdb").mirror.has_value());
}

TEST(Cmdline, MirrorRefusedWhenMalformed) {
    EXPECT_NE(error_of("/dev/vdb,mirror=").find("no device given"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,mirror").find("needs a value"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,mirror=vdc").find("'vdc' is not a device"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,mirror=LABEL=x").find("names a filesystem"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,mirror=/dev/vdb").find("the entry's own device"), std::string::npos);
    EXPECT_NE(error_of("/dev/vdb,mirror=/dev/vdc,mirror=/dev/vdd").find("given twice"), std::string::npos);
}

TEST(Cmdline, MirrorDeviceCountsAsUsedByItsEntry) {
    auto cfg = parse_cmdline("aeadswap=/dev/vdb,mirror=/dev/vdc aeadswap=/dev/vdc");
    ASSERT_EQ(cfg.specs.size(), 2u);
    EXPECT_TRUE(cfg.specs[0]);
    ASSERT_FALSE(cfg.specs[1]);
    EXPECT_NE(cfg.specs[1].error().message.find("already named"), std::string::npos);
    auto rev = parse_cmdline("aeadswap=/dev/vdc aeadswap=/dev/vdb,mirror=/dev/vdc");
    EXPECT_TRUE(rev.specs[0]);
    EXPECT_FALSE(rev.specs[1]);
}
