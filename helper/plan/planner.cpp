// SPDX-License-Identifier: GPL-2.0-or-later
#include "planner.h"

#include <algorithm>
#include <limits>

#include "area_header.h"
#include "dm_table.h"
#include "integrity_geometry.h"
#include "mirror_legs.h"
#include "swap_header.h"

namespace aeadswap {
namespace {

// One device's stack, as an entry or each leg of a mirror has it.
struct Stack {
    std::vector<Step> steps;
    std::string top;          // the crypt device's name
    uint64_t sectors = 0;     // what it provides, a whole number of 4 KiB blocks
    uint64_t disk_tags = 0;   // the tags dm-bufio reads from the disk; 0 in RAM or the drive
    bool on_drive = false;    // crypt directly on the drive's metadata (its refusal falls back)
};

constexpr const char* kRefusedOnDrive = "the kernel refused dm-crypt on the drive's metadata (<reason>); the tags go "
                                        "beside the data";

std::string plan_ref(const std::string& name) { return "<" + name + ">"; }
std::string ram_disk_name(const std::string& name) { return name + "_tags"; }

Note info(std::string t) { return {NoteLevel::info, std::move(t)}; }
Note warning(std::string t) { return {NoteLevel::warning, std::move(t)}; }

WriteStep write_raw(const DeviceFacts& d, uint64_t offset, std::vector<uint8_t> block, std::string what) {
    uint64_t length = block.empty() ? kBlockSize : block.size();
    return {{d.path, d.num}, offset, length, std::move(block), std::nullopt, std::move(what)};
}

// Refusals and notes for the device as it is: size, contents, tags=ram's cap, hibernation.
Status judge(const SwapSpec& spec, const DeviceFacts& d, const PlanInput& in, std::vector<Note>& notes,
             std::vector<Step>& steps) {
    if (d.bytes == 0)
        return fail(Exit::refused, d.path + " has no capacity (0 bytes; an NVMe format with the metadata "
                                            "interleaved with the data is one Linux cannot use); no swap on it");
    if (d.bytes < kMinBytes) return fail(Exit::refused, d.path + " is smaller than 4 MiB; too small for swap");
    // Before the verdict's line, which would say "formatting it".
    if (spec.tags == TagPlacement::ram) {
        auto over = over_ram_cap(tag_ram_bytes(d.bytes, spec.cipher.tag_bytes), in.system.tunables.mem_total,
                                 spec.ram_cap_percent);
        if (over) return fail(Exit::refused, spec.name + ": " + d.path + ": " + *over + "; not touching it");
    }
    auto v = judge_device(d.head, d.probe, in.system.page_size, spec.force);
    if (!v.may_format) return fail(Exit::refused, refusal_message(d.path, v));
    if (v.content == Content::other)
        notes.push_back(warning(d.path + " holds " + v.what +
                                (in.for_real ? "; overwriting it (force)" : "; force would overwrite it")));
    else
        notes.push_back(info(spec.name + ": " + d.path + " holds " + v.what +
                             (in.for_real ? "; formatting it" : "; it may be formatted")));
    if (v.content == Content::swap) steps.push_back(RememberStep{spec.name, d.path, d.probe.uuid, d.probe.label});
    if (in.system.hibernation_could_use_any_swap) {
        std::string why = spec.name +
                          ": the kernel can hibernate and no resume= device is set, so hibernation could write its "
                          "image to this swap and lose it at power-off; boot with nohibernate, or resume= naming "
                          "another swap";
        if (spec.hibernate == HibernatePolicy::refuse) return fail(Exit::refused, why + " (hibernate=refuse)");
        notes.push_back(warning(why));
    }
    return {};
}

// tags=auto and tags=inline: the drive's metadata when sysfs says it can hold the tags. The reason
// it cannot is worth a line unless, under tags=auto, the disk has neither metadata nor an
// integrity profile (nearly every disk, where the default needs no explanation).
TagPlacement choose_tags(const SwapSpec& spec, const DeviceFacts& d, std::vector<Note>& notes) {
    if (spec.tags != TagPlacement::automatic && spec.tags != TagPlacement::drive) return spec.tags;
    const auto& m = d.metadata;
    auto fits = metadata_holds_tags(m, spec.cipher.tag_bytes);
    if (fits) return TagPlacement::drive;
    std::string line = spec.name + ": " + d.path + ": " + fits.error().message + "; the tags go beside the data";
    if (spec.tags == TagPlacement::drive)
        notes.push_back(warning("tags=inline: " + line));
    else if (m.metadata_bytes.value_or(0) > 0 || (!m.format.empty() && m.format != "none"))
        notes.push_back(info(line));
    return TagPlacement::disk;
}

TableStep crypt_table(const SwapSpec& spec, const std::string& below, uint64_t sectors, uint64_t offset,
                      const Cipher& cipher) {
    TableStep t;
    t.name = spec.name;
    t.uuid = crypt_uuid(spec.name);
    t.sectors = sectors;
    t.target = "crypt";
    t.params = crypt_params(below, cipher, kKeyPlaceholder, spec.crypt_workqueues, offset);
    t.key_bytes = cipher.key_bytes;
    return t;
}

// dm-crypt directly on the device, past the header block; its IV and tag go into each block's
// metadata.
Stack stack_on_drive(const SwapSpec& spec, const DeviceFacts& d, const PlanHooks& hooks) {
    Stack s{{}, spec.name, (d.bytes / 512 - kFormatSectors) / 8 * 8, 0, true};
    AreaHeader h{.layout = static_cast<uint16_t>(AreaLayout::tags_in_drive)};
    s.steps.push_back(write_raw(d, 0, make_area_header(h), "aeadswap's header (tags in the drive's metadata)"));
    Cipher on_drive = spec.cipher;
    on_drive.tag_bytes = hooks.drive_tag_bytes.value_or(spec.cipher.tag_bytes);
    auto crypt = crypt_table(spec, d.num.str(), s.sectors, kFormatSectors, on_drive);
    crypt.fallback_on_refusal = true;
    crypt.done = spec.name + ": tags in the drive's metadata on " + d.path + " (no dm-integrity)";
    s.steps.push_back(std::move(crypt));
    return s;
}

// dm-integrity formats only over a zeroed first block. The second block says first that the zeros
// are a format of ours (area_header.h): cut short there, by a failed table load or a power loss,
// the next boot recognizes the device instead of refusing it for good.
void zero_for_format(const DeviceFacts& d, const PlanHooks& hooks, std::vector<Step>& steps) {
    steps.push_back(write_raw(d, kBlockSize, make_format_pending(), "aeadswap's format-pending mark"));
    steps.push_back(write_raw(d, 0, {}, "zeros where dm-integrity's superblock goes"));
    if (hooks.stop_after_zeroing) steps.push_back(StopStep{"stopped after zeroing the first block (a test)"});
}

// dm-integrity on the device (its tags beside the data, or on a RAM disk), dm-crypt over it.
Expected<Stack> stack_on_integrity(const SwapSpec& spec, const DeviceFacts& d, TagPlacement tags,
                                   const PlanHooks& hooks) {
    Stack s;
    s.top = spec.name;
    TagLayout layout;
    uint64_t device_sectors = d.bytes / 512;
    if (tags == TagPlacement::ram) {
        s.steps.push_back(write_raw(d, 0, make_area_header({}), "aeadswap's header (tags in RAM)"));
        uint64_t bytes = tag_ram_bytes(d.bytes, spec.cipher.tag_bytes);
        s.steps.push_back(RamDiskStep{ram_disk_name(spec.name), bytes});
        layout.tag_device = plan_ref(ram_disk_name(spec.name));
    } else {
        zero_for_format(d, hooks, s.steps);
        s.disk_tags = tag_ram_bytes(d.bytes, spec.cipher.tag_bytes);  // the same arithmetic: a tag per block
    }
    // At least kMinBytes: 4 MiB less the superblock, one journal section and a tag run.
    uint64_t provided = integrity_provided_sectors(device_sectors, spec.cipher.tag_bytes, layout.tag_device.has_value());
    std::string dif = integrity_name(spec.name);
    TableStep format;
    format.kind = TableStep::Kind::format;
    format.name = dif + "_fmt";
    format.uuid = format_uuid(spec.name);
    format.sectors = kFormatSectors;
    format.target = "integrity";
    format.params = integrity_format_params(d.num.str(), spec.cipher, layout);
    format.provides = provided;
    s.steps.push_back(std::move(format));
    TableStep integrity;
    integrity.name = dif;
    integrity.uuid = integrity_uuid(spec.name);
    integrity.sectors = provided;
    integrity.target = "integrity";
    integrity.params = integrity_params(d.num.str(), spec.cipher, layout);
    s.steps.push_back(std::move(integrity));
    s.sectors = provided - layout.data_offset();  // the header block is not swap
    s.steps.push_back(crypt_table(spec, plan_ref(dif), s.sectors, layout.data_offset(), spec.cipher));
    return s;
}

// One device judged and its stack planned; `no_drive` plans tags beside the data where the
// drive's metadata would have held them (the fallback after the kernel refused that table).
Expected<Stack> plan_stack(const SwapSpec& spec, const DeviceFacts& d, const PlanInput& in, bool no_drive,
                           std::vector<Note>& notes, std::vector<Step>& before) {
    if (auto st = judge(spec, d, in, notes, before); !st) return st.error();
    auto tags = choose_tags(spec, d, notes);
    if (tags == TagPlacement::drive && !no_drive) return stack_on_drive(spec, d, in.hooks);
    if (tags == TagPlacement::drive) tags = TagPlacement::disk;
    return stack_on_integrity(spec, d, tags, in.hooks);
}

// The header and zeros up to kWrittenHead, zeros over the last kWrittenTail bytes (the whole
// device when they would meet), then the device revealed and swapped on.
void plan_swap(const SwapSpec& spec, const std::string& top, uint64_t bytes, unsigned page, std::string what,
               std::vector<Step>& steps) {
    uint64_t tail = std::min(kWrittenTail, bytes > kWrittenHead ? bytes - kWrittenHead : 0);
    std::array<uint8_t, 16> no_uuid{};
    steps.push_back(WriteStep{{top, std::nullopt}, 0, std::min(bytes - tail, kWrittenHead),
                              make_swap_header(bytes, page, no_uuid), kSwapUuidOffset,
                              "the swap header (a new UUID), then zeros"});
    if (tail) steps.push_back(WriteStep{{top, std::nullopt}, bytes - tail, tail, {}, std::nullopt, "zeros"});
    steps.push_back(RevealStep{top});
    steps.push_back(SwapOnStep{top, bytes, spec.priority, std::move(what)});
}

void append(std::vector<Step>& to, std::vector<Step> from) {
    for (auto& s : from) to.push_back(std::move(s));
}

Expected<Planned> plan_one(const PlanInput& in, bool no_drive) {
    const auto& spec = in.spec;
    if (!in.devices[0]) return in.devices[0].error();
    Planned p;
    p.plan.entry = spec.name;
    const auto& d = *in.devices[0];
    std::vector<Step> before;
    auto stack = plan_stack(spec, d, in, no_drive, p.plan.notes, before);
    if (!stack) return stack.error();
    p.plan.summary = spec.name + ": " + d.path + " can be used";
    p.plan.steps = std::move(before);
    append(p.plan.steps, std::move(stack->steps));
    p.tags.add_device(stack->disk_tags);
    if (stack->on_drive) p.plan.fallback_note = spec.name + ": " + d.path + ": " + kRefusedOnDrive;
    plan_tunables(in.system.tunables, spec.readahead, in.earlier, p.tags, p.plan.steps, p.plan.notes);
    plan_swap(spec, stack->top, stack->sectors * 512, in.system.page_size, spec.cipher.name + ", from " + d.path,
              p.plan.steps);
    return p;
}

// Both legs judged before anything is written; a lost leg is one warning, and the mirror runs on
// the other. Fails only when both are lost.
Expected<Planned> plan_mirror(const PlanInput& in, bool no_drive) {
    const auto& spec = in.spec;
    Planned p;
    p.plan.entry = spec.name;
    std::vector<Step> before, stacks;
    std::vector<std::optional<std::string>> tops;
    std::vector<std::string> used;
    std::vector<Error> lost;
    uint64_t sectors = std::numeric_limits<uint64_t>::max();
    bool on_drive = false;
    for (unsigned i = 0; i < 2; ++i) {
        tops.emplace_back();
        auto leg = leg_spec(spec, i);
        Expected<Stack> stack = in.devices[i] ? plan_stack(leg, *in.devices[i], in, no_drive, p.plan.notes, before)
                                              : Expected<Stack>(in.devices[i].error());
        if (!stack) {
            lost.push_back(stack.error());
            continue;
        }
        tops.back() = plan_ref(stack->top);
        used.push_back(in.devices[i]->path);
        sectors = std::min(sectors, stack->sectors);  // the mirror is as big as the smaller leg
        p.tags.add_device(stack->disk_tags);
        on_drive = on_drive || stack->on_drive;
        append(stacks, std::move(stack->steps));
    }
    if (lost.size() == 2) {
        Exit code = lost[0].code == lost[1].code ? lost[0].code : Exit::failure;
        return fail(code, spec.name + ": neither leg of the mirror can be used: " + lost[0].message + "; " +
                              lost[1].message);
    }
    if (!lost.empty())
        p.plan.notes.push_back(warning(spec.name + ": " + lost[0].message + "; the mirror " +
                                       (in.for_real ? "runs degraded, on its other leg only" : "would run degraded")));
    std::string legs = used.size() == 2 ? "mirrored over " + used[0] + " and " + used[1]
                                        : "degraded mirror, on " + used[0] + " only";
    p.plan.summary = spec.name + ": the mirror can be set up (" + legs + ")";
    p.plan.steps = std::move(before);
    append(p.plan.steps, std::move(stacks));
    TableStep raid;
    raid.name = spec.name;
    raid.uuid = crypt_uuid(spec.name);
    raid.sectors = sectors;
    raid.target = "raid";
    raid.params = raid_params(tops);
    p.plan.steps.push_back(std::move(raid));
    if (on_drive) p.plan.fallback_note = spec.name + ": " + kRefusedOnDrive;
    plan_tunables(in.system.tunables, spec.readahead, in.earlier, p.tags, p.plan.steps, p.plan.notes);
    plan_swap(spec, spec.name, sectors * 512, in.system.page_size, spec.cipher.name + ", " + legs, p.plan.steps);
    return p;
}

Expected<Planned> plan_with(const PlanInput& in, bool no_drive) {
    return in.spec.mirror ? plan_mirror(in, no_drive) : plan_one(in, no_drive);
}

}  // namespace

Expected<Planned> plan_entry(const PlanInput& in) {
    if (in.devices.size() != (in.spec.mirror ? 2u : 1u))
        return fail(Exit::failure, in.spec.name + ": facts for the wrong number of devices (a bug in aeadswap)");
    auto p = plan_with(in, false);
    if (!p || p->plan.fallback_note.empty()) return p;
    // The kernel may still refuse dm-crypt on a drive's metadata that sysfs said could hold the
    // tags: then the tags go beside the data after all, over the header the plan wrote first.
    auto fallback = plan_with(in, true);
    if (!fallback) {
        p->plan.fallback_note.clear();
        return p;
    }
    p->fallback_tags = fallback->tags;
    StartPlan f = std::move(fallback->plan);
    // Said and done by the first plan before the kernel refused its table.
    f.notes.clear();
    std::erase_if(f.steps, [](const Step& s) { return std::holds_alternative<RememberStep>(s); });
    f.fallback_note.clear();
    p->plan.fallback.push_back(std::move(f));
    return p;
}

}  // namespace aeadswap
