// SPDX-License-Identifier: GPL-2.0-or-later
// Every layout's whole plan, and every refusal, from facts as the helper reads them.
#include "planner.h"

#include <gtest/gtest.h>

#include "area_header.h"
#include "integrity_geometry.h"
#include "plan_print.h"
#include "swap_header.h"

using namespace aeadswap;

namespace {

constexpr uint64_t GiB = 1ull << 30, MiB = 1ull << 20;

DeviceFacts empty_disk(const std::string& path, DevNum num, uint64_t bytes = GiB) {
    DeviceFacts d;
    d.path = path;
    d.num = num;
    d.bytes = bytes;
    d.head.assign(64 * 1024, 0);
    d.metadata.disk = path.substr(5);
    return d;
}

// A 2 GiB machine on 6.12 with the kernel's own settings.
SystemFacts system_facts() {
    SystemFacts s;
    s.page_size = 4096;
    s.tunables.mem_total = 2 * GiB;
    s.tunables.min_free_kbytes = 8192;
    s.tunables.page_cluster = 3;
    s.tunables.bufio_cache = 40 * MiB;
    s.tunables.bufio_retain = 256 * 1024;
    s.tunables.kernel = KernelVersion{6, 12};
    return s;
}

SwapSpec spec_of(const std::string& value) {
    auto s = parse_spec(value, 0);
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return *s;
}

PlanInput input(const std::string& value, std::vector<Expected<DeviceFacts>> devices) {
    return {spec_of(value), std::move(devices), system_facts(), {}, true, {}};
}

std::string text(const PlanInput& in) {
    auto p = plan_entry(in);
    if (!p) return "error " + std::to_string(static_cast<int>(p.error().code)) + ": " + p.error().message;
    return format_plan_text(p->plan);
}

std::string notes(const PlanInput& in) {
    auto p = plan_entry(in);
    std::string out;
    if (p)
        for (const auto& n : p->plan.notes) out += n.text + "\n";
    return out;
}

const std::string kHeading =
    "aeadswap0: plan, nothing done yet (table lines name the key <key>, and a device the plan makes <NAME>):\n";
const std::string kCrypt = " 4 integrity:32:aead sector_size:4096 no_read_workqueue no_write_workqueue\n";
// 1 GiB: 2080496 sectors after the superblock, one journal section and the tag runs; dm-bufio's
// cache 2 % of the RAM plus the 8.1 MiB of tags, and each device keeps all of its tags.
const std::string kSwapTail =
    "  set /proc/sys/vm/min_free_kbytes = 16384\n"
    "  set /sys/module/dm_bufio/parameters/max_cache_size_bytes = 51477544\n"
    "  set /sys/module/dm_bufio/parameters/retain_bytes = 8527872\n"
    "  set /proc/sys/vm/page-cluster = 0\n";

// The last four steps of a 1 GiB device's plan with its tags beside the data (2080496 sectors).
std::string ends_of_1gib(const std::string& indent, const std::string& priority = "") {
    return indent + "write aeadswap0: 5242880 bytes at 0, the swap header (a new UUID), then zeros\n" + indent +
           "write aeadswap0: 2097152 bytes at 1063116800, zeros\n" + indent + "reveal aeadswap0 to other udev rules\n" +
           indent + "swapon aeadswap0: 1065213952 bytes" + priority + "\n";
}

DeviceFacts ext4_disk() {
    auto d = empty_disk("/dev/vdb", {254, 16});
    d.probe = {"ext4", "filesystem", "home", "", false, ""};
    return d;
}

}  // namespace

TEST(Planner, TagsBesideTheData) {
    auto in = input("/dev/vdb,prio=4", {empty_disk("/dev/vdb", {254, 16})});
    in.system.tunables.kernel = KernelVersion{7, 3};
    EXPECT_EQ(text(in),
              kHeading +
                  "  write /dev/vdb (254:16): 4096 bytes at 4096, aeadswap's format-pending mark\n"
                  "  write /dev/vdb (254:16): 4096 bytes at 0, zeros where dm-integrity's superblock goes\n"
                  "  format aeadswap0_dif_fmt: 0 8 integrity 254:16 0 32 D 2 block_size:4096 journal_sectors:1 "
                  "(then removed; provides 2080496 sectors)\n"
                  "  table aeadswap0_dif: 0 2080496 integrity 254:16 0 32 D 2 block_size:4096 buffer_sectors:32\n"
                  "  table aeadswap0: 0 2080496 crypt capi:aegis128-random <key> 0 <aeadswap0_dif> 0" + kCrypt +
                  kSwapTail +
                  ends_of_1gib("  ", ", priority 4"));
    EXPECT_EQ(notes(in), "aeadswap0: /dev/vdb holds nothing (the first 64 KiB are zero); formatting it\n");
}

TEST(Planner, TheSwapHeaderIsTheKernelsWithAFreshUuidSlot) {
    auto p = plan_entry(input("/dev/vdb", {empty_disk("/dev/vdb", {254, 16})}));
    ASSERT_TRUE(p);
    const auto* head = std::get_if<WriteStep>(&p->plan.steps[p->plan.steps.size() - 4]);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->device, (PlanDevice{"aeadswap0", std::nullopt}));
    EXPECT_EQ(head->data, make_swap_header(2080496ull * 512, 4096, {}));
    EXPECT_EQ(head->fresh_uuid_at, kSwapUuidOffset);
    EXPECT_EQ(head->length, kWrittenHead);
}

TEST(Planner, TagsInRam) {
    auto in = input("/dev/vdb,tags=ram", {empty_disk("/dev/vdb", {254, 16})});
    EXPECT_EQ(text(in),
              kHeading +
                  "  write /dev/vdb (254:16): 4096 bytes at 0, aeadswap's header (tags in RAM)\n"
                  "  ram disk aeadswap0_tags: 8.1 MiB\n"
                  "  format aeadswap0_dif_fmt: 0 8 integrity 254:16 0 32 D 3 block_size:4096 journal_sectors:1 "
                  "meta_device:<aeadswap0_tags> (then removed; provides 2097152 sectors)\n"
                  "  table aeadswap0_dif: 0 2097152 integrity 254:16 0 32 D 3 block_size:4096 buffer_sectors:32 "
                  "meta_device:<aeadswap0_tags>\n"
                  "  table aeadswap0: 0 2097144 crypt capi:aegis128-random <key> 0 <aeadswap0_dif> 8" + kCrypt +
                  "  set /proc/sys/vm/min_free_kbytes = 16384\n"
                  "  write aeadswap0: 5242880 bytes at 0, the swap header (a new UUID), then zeros\n"
                  "  write aeadswap0: 2097152 bytes at 1071640576, zeros\n"
                  "  reveal aeadswap0 to other udev rules\n"
                  "  swapon aeadswap0: 1073737728 bytes\n");
    // 6.12 reads a readahead window page by page: page-cluster stays, and the plan says why.
    EXPECT_EQ(notes(in), "aeadswap0: /dev/vdb holds nothing (the first 64 KiB are zero); formatting it\n"
                         "vm.page-cluster left at 3: Linux 6.12 reads each page of a swap readahead window on its "
                         "own, so one page failing its tag costs that page alone\n");
    auto ram = plan_entry(in);
    ASSERT_TRUE(ram);
    EXPECT_EQ(std::get<RamDiskStep>(ram->plan.steps[1]).bytes, tag_ram_bytes(GiB, 32));
}

TEST(Planner, TagsInTheDrivesMetadataWithItsFallback) {
    auto d = empty_disk("/dev/nvme0n1", {259, 0});
    d.metadata = {"nvme0n1", 64, "nop", 4096};
    auto in = input("/dev/nvme0n1", {d});
    in.system.tunables.page_cluster = 0;
    in.system.tunables.min_free_kbytes = 20000;
    EXPECT_EQ(text(in),
              kHeading +
                  "  write /dev/nvme0n1 (259:0): 4096 bytes at 0, aeadswap's header (tags in the drive's metadata)\n"
                  "  table aeadswap0: 0 2097144 crypt capi:aegis128-random <key> 0 259:0 8" + kCrypt +
                  "  write aeadswap0: 5242880 bytes at 0, the swap header (a new UUID), then zeros\n"
                  "  write aeadswap0: 2097152 bytes at 1071640576, zeros\n"
                  "  reveal aeadswap0 to other udev rules\n"
                  "  swapon aeadswap0: 1073737728 bytes\n"
                  "  if the kernel refuses the table of aeadswap0, after removing what was made:\n"
                  "    write /dev/nvme0n1 (259:0): 4096 bytes at 4096, aeadswap's format-pending mark\n"
                  "    write /dev/nvme0n1 (259:0): 4096 bytes at 0, zeros where dm-integrity's superblock goes\n"
                  "    format aeadswap0_dif_fmt: 0 8 integrity 259:0 0 32 D 2 block_size:4096 journal_sectors:1 "
                  "(then removed; provides 2080496 sectors)\n"
                  "    table aeadswap0_dif: 0 2080496 integrity 259:0 0 32 D 2 block_size:4096 buffer_sectors:32\n"
                  "    table aeadswap0: 0 2080496 crypt capi:aegis128-random <key> 0 <aeadswap0_dif> 0" + kCrypt +
                  "    set /sys/module/dm_bufio/parameters/max_cache_size_bytes = 51477544\n"
                  "    set /sys/module/dm_bufio/parameters/retain_bytes = 8527872\n" +
                  ends_of_1gib("    "));
    auto p = plan_entry(in);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->plan.fallback_note, "aeadswap0: /dev/nvme0n1: the kernel refused dm-crypt on the drive's metadata "
                                     "(<reason>); the tags go beside the data");
    EXPECT_TRUE(std::get<TableStep>(p->plan.steps[1]).fallback_on_refusal);
    EXPECT_EQ(p->tags.total, 0u);  // no tags through dm-bufio, unless the fallback runs
    EXPECT_EQ(p->fallback_tags.total, tag_ram_bytes(GiB, 32));
    // The VM suite's hook makes the kernel refuse: only the table's tag size changes.
    in.hooks.drive_tag_bytes = 96;
    auto hooked = plan_entry(in);
    ASSERT_TRUE(hooked);
    EXPECT_NE(std::get<TableStep>(hooked->plan.steps[1]).params.find("integrity:96:aead"), std::string::npos);
}

TEST(Planner, TagsInlineOnADiskWithoutMetadataSaysWhyAndGoesBesideTheData) {
    auto in = input("/dev/vdb,tags=inline", {empty_disk("/dev/vdb", {254, 16})});
    auto p = plan_entry(in);
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->plan.fallback.empty());
    EXPECT_EQ(std::get<TableStep>(p->plan.steps[3]).name, "aeadswap0_dif");
    ASSERT_GE(p->plan.notes.size(), 2u);
    EXPECT_EQ(p->plan.notes[1].level, NoteLevel::warning);
    EXPECT_EQ(p->plan.notes[1].text.rfind("tags=inline: aeadswap0: /dev/vdb: ", 0), 0u);
}

// Each leg judged, formatted and keyed on its own, then dm-raid over both, as big as the smaller;
// dm-bufio's cache makes room for both legs' tags and keeps the larger leg's.
TEST(Planner, Mirror) {
    auto in = input("/dev/vdb,mirror=/dev/vdc", {empty_disk("/dev/vdb", {254, 16}), empty_disk("/dev/vdc", {254, 32}, 2 * GiB)});
    const std::string leg0 = "aeadswap0_leg0", leg1 = "aeadswap0_leg1";
    EXPECT_EQ(text(in),
              kHeading +
                  "  write /dev/vdb (254:16): 4096 bytes at 4096, aeadswap's format-pending mark\n"
                  "  write /dev/vdb (254:16): 4096 bytes at 0, zeros where dm-integrity's superblock goes\n"
                  "  format " + leg0 + "_dif_fmt: 0 8 integrity 254:16 0 32 D 2 block_size:4096 journal_sectors:1 "
                  "(then removed; provides 2080496 sectors)\n"
                  "  table " + leg0 + "_dif: 0 2080496 integrity 254:16 0 32 D 2 block_size:4096 buffer_sectors:32\n"
                  "  table " + leg0 + ": 0 2080496 crypt capi:aegis128-random <key> 0 <" + leg0 + "_dif> 0" + kCrypt +
                  "  write /dev/vdc (254:32): 4096 bytes at 4096, aeadswap's format-pending mark\n"
                  "  write /dev/vdc (254:32): 4096 bytes at 0, zeros where dm-integrity's superblock goes\n"
                  "  format " + leg1 + "_dif_fmt: 0 8 integrity 254:32 0 32 D 2 block_size:4096 journal_sectors:1 "
                  "(then removed; provides 4161520 sectors)\n"
                  "  table " + leg1 + "_dif: 0 4161520 integrity 254:32 0 32 D 2 block_size:4096 buffer_sectors:32\n"
                  "  table " + leg1 + ": 0 4161520 crypt capi:aegis128-random <key> 0 <" + leg1 + "_dif> 0" + kCrypt +
                  "  table aeadswap0: 0 2080496 raid raid1 2 0 nosync 2 - <" + leg0 + "> - <" + leg1 + ">\n"
                  "  set /proc/sys/vm/min_free_kbytes = 16384\n"
                  "  set /sys/module/dm_bufio/parameters/max_cache_size_bytes = 68394024\n"
                  "  set /sys/module/dm_bufio/parameters/retain_bytes = 16916480\n" +
                  ends_of_1gib("  "));
    auto p = plan_entry(in);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->plan.summary, "aeadswap0: the mirror can be set up (mirrored over /dev/vdb and /dev/vdc)");
    EXPECT_EQ(p->tags.total, tag_ram_bytes(GiB, 32) + tag_ram_bytes(2 * GiB, 32));
    EXPECT_EQ(p->tags.largest, tag_ram_bytes(2 * GiB, 32));
    EXPECT_EQ(std::get<SwapOnStep>(p->plan.steps.back()).what, "aegis128, mirrored over /dev/vdb and /dev/vdc");
}

TEST(Planner, MirrorRunsDegradedOnOneLeg) {
    auto in = input("/dev/vdb,mirror=/dev/vdc",
                    {empty_disk("/dev/vdb", {254, 16}), fail(Exit::no_device, "/dev/vdc did not appear within 10 s")});
    auto p = plan_entry(in);
    ASSERT_TRUE(p);
    EXPECT_EQ(std::get<TableStep>(p->plan.steps[5]).params, "raid1 2 0 nosync 2 - <aeadswap0_leg0> - -");
    EXPECT_EQ(p->plan.notes[1].text,
              "aeadswap0: /dev/vdc did not appear within 10 s; the mirror runs degraded, on its other leg only");
    EXPECT_EQ(p->plan.summary, "aeadswap0: the mirror can be set up (degraded mirror, on /dev/vdb only)");
    // A leg refused for its contents is lost the same way; both lost, the entry fails.
    auto ext4 = ext4_disk();
    auto both = input("/dev/vdb,mirror=/dev/vdc", {ext4, fail(Exit::refused, "/dev/vdc: no")});
    EXPECT_EQ(text(both), "error 3: aeadswap0: neither leg of the mirror can be used: /dev/vdb holds an ext4 "
                          "filesystem labelled 'home'; not touching it (add ,force to its aeadswap= entry to overwrite "
                          "it); /dev/vdc: no");
}

TEST(Planner, Refusals) {
    auto ext4 = ext4_disk();
    EXPECT_EQ(text(input("/dev/vdb", {ext4})),
              "error 3: /dev/vdb holds an ext4 filesystem labelled 'home'; not touching it (add ,force to its "
              "aeadswap= entry to overwrite it)");
    EXPECT_EQ(text(input("/dev/vdb", {empty_disk("/dev/vdb", {254, 16}, 0)})),
              "error 3: /dev/vdb has no capacity (0 bytes; an NVMe format with the metadata interleaved with the "
              "data is one Linux cannot use); no swap on it");
    EXPECT_EQ(text(input("/dev/vdb", {empty_disk("/dev/vdb", {254, 16}, 3 * MiB)})),
              "error 3: /dev/vdb is smaller than 4 MiB; too small for swap");
    // The smallest device taken still leaves swap well past swapon's 10 pages.
    auto smallest = plan_entry(input("/dev/vdb", {empty_disk("/dev/vdb", {254, 16}, kMinBytes)}));
    ASSERT_TRUE(smallest);
    EXPECT_GT(std::get<SwapOnStep>(smallest->plan.steps.back()).bytes, 3 * MiB);
    auto big = input("/dev/vdb,tags=ram", {empty_disk("/dev/vdb", {254, 16}, 64 * GiB)});
    EXPECT_EQ(text(big).rfind("error 3: aeadswap0: /dev/vdb: its tags would take 512.1 MiB of RAM, more than ram_cap=5", 0),
              0u);
    auto hib = input("/dev/vdb,hibernate=refuse", {empty_disk("/dev/vdb", {254, 16})});
    hib.system.hibernation_could_use_any_swap = true;
    EXPECT_EQ(text(hib), "error 3: aeadswap0: the kernel can hibernate and no resume= device is set, so hibernation "
                         "could write its image to this swap and lose it at power-off; boot with nohibernate, or "
                         "resume= naming another swap (hibernate=refuse)");
    hib.spec.hibernate = HibernatePolicy::warn;
    auto warned = plan_entry(hib);
    ASSERT_TRUE(warned);
    EXPECT_EQ(warned->plan.notes[1].level, NoteLevel::warning);
    EXPECT_EQ(text(input("/dev/vdb", {fail(Exit::no_device, "/dev/vdb did not appear")})),
              "error 6: /dev/vdb did not appear");
}

TEST(Planner, ForceAndReplacedSwap) {
    auto ext4 = ext4_disk();
    auto forced = plan_entry(input("/dev/vdb,force", {ext4}));
    ASSERT_TRUE(forced);
    EXPECT_EQ(forced->plan.notes[0], (Note{NoteLevel::warning, "/dev/vdb holds an ext4 filesystem labelled 'home'; "
                                                               "overwriting it (force)"}));
    // A plain swap is remembered first, by the names fstab may give it.
    auto swap = empty_disk("/dev/vdb", {254, 16});
    std::array<uint8_t, 16> uuid{};
    auto header = make_swap_header(GiB, 4096, uuid, "old");
    std::copy(header.begin(), header.end(), swap.head.begin());
    swap.probe = {"swap", "other", "old", "", false, "1111"};
    auto p = plan_entry(input("/dev/vdb", {swap}));
    ASSERT_TRUE(p);
    EXPECT_EQ(std::get<RememberStep>(p->plan.steps[0]), (RememberStep{"aeadswap0", "/dev/vdb", "1111", "old"}));
    // On a drive whose metadata holds the tags, once: the fallback runs after the first plan did it.
    swap.metadata = {"vdb", 64, "nop", 4096};
    auto drive = plan_entry(input("/dev/vdb", {swap}));
    ASSERT_TRUE(drive);
    ASSERT_EQ(drive->plan.fallback.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<RememberStep>(drive->plan.steps[0]));
    for (const auto& s : drive->plan.fallback[0].steps) EXPECT_FALSE(std::holds_alternative<RememberStep>(s));
    // A dry run says so without claiming it.
    auto dry = input("/dev/vdb", {swap});
    dry.for_real = false;
    auto d = plan_entry(dry);
    ASSERT_TRUE(d);
    EXPECT_NE(d->plan.notes[0].text.find("; it may be formatted"), std::string::npos);
}

TEST(Planner, TheVmSuitesStopAfterZeroing) {
    auto in = input("/dev/vdb", {empty_disk("/dev/vdb", {254, 16})});
    in.hooks.stop_after_zeroing = true;
    auto p = plan_entry(in);
    ASSERT_TRUE(p);
    EXPECT_EQ(std::get<StopStep>(p->plan.steps[2]).why, "stopped after zeroing the first block (a test)");
}

TEST(Planner, LaterEntriesAddTheirTagsToTheCache) {
    auto in = input("/dev/vdb", {empty_disk("/dev/vdb", {254, 16})});
    in.earlier.add_device(8 * MiB);
    in.system.tunables.bufio_cache = 51330498;  // what the first entry set
    auto p = plan_entry(in);
    ASSERT_TRUE(p);
    std::vector<std::string> set;
    for (const auto& s : p->plan.steps)
        if (const auto* t = std::get_if<TunableStep>(&s)) set.push_back(t->path + "=" + std::to_string(t->value));
    EXPECT_EQ(set[1], "/sys/module/dm_bufio/parameters/max_cache_size_bytes=" +
                          std::to_string(2 * GiB / 100 * 2 + 8 * MiB + tag_ram_bytes(GiB, 32)));
}

TEST(Planner, UnreadableSettingsAreWarningsNotSteps) {
    auto in = input("/dev/vdb", {empty_disk("/dev/vdb", {254, 16})});
    in.system.tunables = {2 * GiB, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
    auto p = plan_entry(in);
    ASSERT_TRUE(p);
    for (const auto& s : p->plan.steps) EXPECT_FALSE(std::holds_alternative<TunableStep>(s));
    ASSERT_EQ(p->plan.notes.size(), 4u);
    EXPECT_EQ(p->plan.notes[1].text, "cannot read /proc/sys/vm/min_free_kbytes; the kernel's free-memory reserve is "
                                     "left as it is");
}

TEST(PlanPrint, Json) {
    auto p = plan_entry(input("/dev/vdb,tags=ram", {empty_disk("/dev/vdb", {254, 16})}));
    ASSERT_TRUE(p);
    auto json = format_plans_json({{"aeadswap0", p->plan}, {"aeadswap1", fail(Exit::refused, "no \"x\"")}});
    EXPECT_EQ(json.rfind("{\"schema\":1,\"entries\":[{\"name\":\"aeadswap0\",\"plan\":{\"notes\":[{\"level\":\"info\",", 0), 0u);
    EXPECT_NE(json.find("{\"step\":\"write\",\"device\":\"/dev/vdb\",\"devnum\":\"254:16\",\"offset\":0,\"length\":4096,"
                        "\"what\":\"aeadswap's header (tags in RAM)\"}"),
              std::string::npos);
    EXPECT_NE(json.find("{\"step\":\"table\",\"name\":\"aeadswap0_dif\",\"uuid\":\"CRYPT-SUBDEV-aeadswap-aeadswap0_dif\","
                        "\"table\":\"0 2097152 integrity 254:16 0 32 D 3 block_size:4096 buffer_sectors:32 "
                        "meta_device:<aeadswap0_tags>\"}"),
              std::string::npos);
    EXPECT_NE(json.find("{\"step\":\"swapon\",\"name\":\"aeadswap0\",\"bytes\":1073737728,\"priority\":null}]"),
              std::string::npos);
    EXPECT_NE(json.find(",\"fallback\":null}"), std::string::npos);
    EXPECT_NE(json.find("{\"name\":\"aeadswap1\",\"error\":{\"exit_status\":3,\"message\":\"no \\\"x\\\"\"}}]}"),
              std::string::npos);
}
