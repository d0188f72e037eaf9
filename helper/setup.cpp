// SPDX-License-Identifier: GPL-2.0-or-later
#include "setup.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "applier.h"
#include "boot_record.h"
#include "device_identity.h"
#include "device_resolve.h"
#include "devmapper.h"
#include "kernel_support.h"
#include "log.h"
#include "mirror_legs.h"
#include "plan_print.h"
#include "planner.h"
#include "ram_disk.h"
#include "replaced_swap.h"
#include "start_facts.h"
#include "test_hooks.h"

namespace aeadswap {
namespace {

// The real root's unit after an initramfs that set the device up (dracut, mkinitcpio): its swap
// stays as it is, and the raw device is not even opened (it is busy, and its tags are not ours to
// read).
Expected<bool> already_set_up(const SwapSpec& spec) {
    auto found = dm_find_uuid(crypt_uuid(spec.name));
    if (!found) return found.error();
    if (!*found) return false;
    log_info(spec.name + ": already set up in this boot (device-mapper " + (*found)->str() +
             ", by the initramfs); nothing to do");
    return true;
}

// A device the initramfs refused in this boot holds the same bytes now: not judged again, but the
// real root's unit fails with the initramfs's reason, where systemctl status shows it. Anything
// else (a device that came late, a module only the root has) is tried again.
std::optional<Error> refused_by_initramfs(const SwapSpec& spec, const StartOptions& opts) {
    if (!opts.writes()) return std::nullopt;
    auto outcome = initramfs_outcome(spec.name);
    if (!outcome || outcome->code != Exit::refused) return std::nullopt;
    return fail(Exit::refused, spec.name + ": the initramfs refused " + describe_device(spec) +
                                   " in this boot; not trying again: " + outcome->message);
}

// Every device of every entry resolved at once (N missing devices cost one timeout); each entry
// gets its devices' results back, in order.
std::vector<std::vector<Expected<std::string>>> resolve_entries(const std::vector<const SwapSpec*>& todo) {
    std::vector<SwapSpec> devices;
    for (const auto* s : todo)
        for (auto& d : device_specs(*s)) devices.push_back(std::move(d));
    std::vector<const SwapSpec*> ptrs;
    for (const auto& d : devices) ptrs.push_back(&d);
    auto found = resolve_devices(ptrs);
    std::vector<std::vector<Expected<std::string>>> out;
    size_t next = 0;
    for (const auto* s : todo) {
        out.emplace_back();
        for (size_t n = s->mirror ? 2 : 1; n > 0; --n) out.back().push_back(std::move(found[next++]));
    }
    return out;
}

// The block device a resolved name opens, none for anything else (the open will say what).
std::optional<uint64_t> block_device_number(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0 || !S_ISBLK(st.st_mode)) return std::nullopt;
    return st.st_rdev;
}

// Two names of one disk, in one mirror or in two entries: the later one is refused, by name
// (device_identity.h). A mirror then runs on its first leg, with its one warning.
void refuse_shared_devices(const std::vector<const SwapSpec*>& todo,
                           std::vector<std::vector<Expected<std::string>>>& paths) {
    std::vector<std::vector<std::optional<uint64_t>>> numbers;
    for (const auto& entry : paths) {
        numbers.emplace_back();
        for (const auto& p : entry) numbers.back().push_back(p ? block_device_number(*p) : std::nullopt);
    }
    const std::string why = ": two keys over the same sectors would fail every page; not using it twice";
    for (const auto& s : shared_devices(numbers)) {
        std::string path = *paths[s.entry][s.leg], first = *paths[s.first_entry][s.first_leg];
        paths[s.entry][s.leg] =
            s.entry == s.first_entry
                ? fail(Exit::refused, "mirror=" + path + " is the disk of the first leg, " + first + why)
                : fail(Exit::refused, todo[s.entry]->name + ": " + path + " is the disk that " +
                                          todo[s.first_entry]->name + " uses (" + first + ")" + why);
    }
}

// The modules and targets the entry needs, loaded: what the kernel offers is a fact the plan
// does not decide.
Status prepare_kernel(const SwapSpec& spec) {
    auto st = ensure_kernel_support(spec.cipher);
    if (st && spec.mirror) st = ensure_mirror_support();
    if (st && spec.tags == TagPlacement::ram) st = ram_disks_available();
    if (!st) return fail(st.error().code, describe_device(spec) + ": " + st.error().message);
    return {};
}

// Each device's facts, read through an exclusive open that stays held for the applier.
std::vector<Expected<DeviceFacts>> read_devices(const std::vector<Expected<std::string>>& paths,
                                                std::list<BlockDevice>& held) {
    std::vector<Expected<DeviceFacts>> out;
    for (const auto& p : paths) {
        auto d = p ? read_device(*p) : Expected<HeldDevice>(p.error());
        if (!d) {
            out.emplace_back(d.error());
            continue;
        }
        if (d->open) held.push_back(std::move(*d->open));
        out.emplace_back(std::move(d->facts));
    }
    return out;
}

PlanHooks plan_hooks(const Cipher& c) {
    PlanHooks h;
    if (unsigned n = test_hook_drive_tag_bytes(c.tag_bytes); n != c.tag_bytes) h.drive_tag_bytes = n;
    h.stop_after_zeroing = test_hook_stop_after_zeroing();
    return h;
}

void say(const std::vector<Note>& notes) {
    for (const auto& n : notes) {
        if (n.level == NoteLevel::warning)
            log_warning(n.text);
        else if (n.level == NoteLevel::notice)
            log(Level::notice, n.text);
        else
            log_info(n.text);
    }
}

// One entry: its facts read, its plan made, then checked, printed or applied.
struct Starter {
    const StartOptions& opts;
    RamDisks ram;
    TagsOnDisk earlier;  // the tags on disk of the entries set up so far
    std::vector<PlanOutcome> printed;

    Status start(const SwapSpec& spec, const std::vector<Expected<std::string>>& paths) {
        auto st = plan_and_apply(spec, paths);
        // --json shows every entry: one that failed before it was planned with its error.
        bool shown = !printed.empty() && printed.back().entry == spec.name;
        if (opts.json && !st && !shown) printed.push_back({spec.name, st.error()});
        return st;
    }

    Status plan_and_apply(const SwapSpec& spec, const std::vector<Expected<std::string>>& paths) {
        auto t0 = std::chrono::steady_clock::now();
        // A device that is not there says so first, whatever the kernel lacks.
        bool any = std::any_of(paths.begin(), paths.end(), [](const auto& p) { return static_cast<bool>(p); });
        if (auto st = any ? prepare_kernel(spec) : Status(); !st) return st;
        std::list<BlockDevice> held;
        PlanInput in{spec, read_devices(paths, held), read_system(), earlier, opts.writes(), plan_hooks(spec.cipher)};
        auto planned = plan_entry(in);
        if (opts.json) printed.push_back({spec.name, planned ? Expected<StartPlan>(planned->plan)
                                                                            : Expected<StartPlan>(planned.error())});
        if (!planned) return planned.error();
        say(planned->plan.notes);
        if (!opts.writes()) {
            if (opts.check_only) log_info(planned->plan.summary);
            if (!opts.json) std::fputs(format_plan_text(planned->plan).c_str(), stdout);
            return {};
        }
        ApplyContext ctx{std::move(held), ram, opts.sysroot, t0};
        auto fell_back = apply_plan(planned->plan, ctx);
        if (!fell_back) return fell_back.error();
        earlier.add(*fell_back ? planned->fallback_tags : planned->tags);
        return {};
    }
};

}  // namespace

Exit start_all(const CmdlineConfig& cfg, const StartOptions& opts) {
    if (cfg.disabled) {
        log_info("disabled on the kernel command line (aeadswap=off); no swap set up");
        return Exit::ok;
    }
    if (cfg.specs.empty()) {
        log_info("no aeadswap= device configured; nothing to do");
        return Exit::ok;
    }
    Exit worst = Exit::ok;
    auto failed = [&worst](const Error& e) {
        log_error(e.message);
        worst = (worst == Exit::ok || worst == e.code) ? e.code : Exit::failure;
    };
    if (opts.writes()) record_initramfs_ran();
    std::vector<const SwapSpec*> todo;
    for (const auto& s : cfg.specs) {
        auto done = s ? already_set_up(*s) : Expected<bool>(s.error());
        if (!done) {
            failed(done.error());
        } else if (!*done) {
            if (auto refused = refused_by_initramfs(*s, opts))
                failed(*refused);
            else
                todo.push_back(&*s);
        }
    }
    auto paths = resolve_entries(todo);
    refuse_shared_devices(todo, paths);
    Starter starter{opts, {}, {}, {}};
    for (size_t i = 0; i < todo.size(); ++i) {
        Status st = starter.start(*todo[i], paths[i]);
        if (opts.writes()) record_outcome(todo[i]->name, st ? Error{Exit::ok, ""} : st.error());
        if (!st) failed(st.error());
    }
    // The root's files are readable only here, whoever formatted the swap they still name.
    if (opts.writes() && !in_initramfs())
        for (const auto& s : cfg.specs)
            if (s) warn_leftover_references(s->name);
    if (opts.json) std::fputs(format_plans_json(starter.printed).c_str(), stdout);
    return worst;
}

}  // namespace aeadswap
