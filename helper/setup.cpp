// SPDX-License-Identifier: GPL-2.0-or-later
#include "setup.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "boot_record.h"
#include "device_identity.h"
#include "device_resolve.h"
#include "device_stack.h"
#include "devmapper.h"
#include "kernel_support.h"
#include "log.h"
#include "mirror_legs.h"
#include "mirror_setup.h"
#include "ram_disk.h"
#include "replaced_swap.h"
#include "tag_ram_size.h"

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

std::string tags_plan(const SwapSpec& spec, const RawDevice& raw) {
    if (raw.tags != TagPlacement::ram) return "";
    return ", its tags in RAM (" + mib(tag_ram_of(spec, raw)) + " on a brd RAM disk) and its data after aeadswap's "
           "4 KiB header";
}

void print_plan(const SwapSpec& spec, const std::string& path, const RawDevice& raw) {
    std::string prio = spec.priority ? " with priority " + std::to_string(*spec.priority) : "";
    if (raw.tags == TagPlacement::drive) {
        std::printf("%s: would put %s directly on %s (%s), its tags (%u bytes) in the drive's per-block metadata "
                    "and its data after aeadswap's 4 KiB header (no dm-integrity), and swapon /dev/mapper/%s%s\n",
                    spec.name.c_str(), spec.cipher.capi.c_str(), path.c_str(), raw.num.str().c_str(),
                    spec.cipher.tag_bytes, spec.name.c_str(), prio.c_str());
        return;
    }
    std::printf("%s: would format %s (%s) as dm-integrity (tag %u, 4096-byte blocks, mode D%s) under %s, "
                "and swapon /dev/mapper/%s%s\n",
                spec.name.c_str(), path.c_str(), raw.num.str().c_str(), spec.cipher.tag_bytes,
                tags_plan(spec, raw).c_str(), spec.cipher.capi.c_str(), spec.name.c_str(), prio.c_str());
}

}  // namespace

Status start_one(const SwapSpec& spec, const std::string& path, const StartOptions& opts, RamDisks& ram) {
    auto t0 = std::chrono::steady_clock::now();
    if (auto st = ensure_kernel_support(spec.cipher); !st)
        return fail(st.error().code, describe_device(spec) + ": " + st.error().message);
    if (spec.tags == TagPlacement::ram)
        if (auto st = ram_disks_available(); !st)
            return fail(st.error().code, describe_device(spec) + ": " + st.error().message);
    auto raw = prepare_raw(spec, path, opts);
    if (!raw) return raw.error();
    if (opts.check_only) {
        log_info(spec.name + ": " + path + " can be used");
        return {};
    }
    if (opts.dry_run) {
        print_plan(spec, path, *raw);
        return {};
    }
    Rollback rollback;
    auto stack = build_crypt_stack(spec, *raw, rollback, &ram);
    if (!stack) return stack.error();
    std::string what = spec.cipher.name + ", from " + path;
    TagsOnDisk tags;
    tags.add_device(stack->disk_tag_bytes);
    if (auto st = swap_on_top(spec, stack->crypt, stack->sectors, tags, opts, what, t0); !st)
        return st;
    rollback.dismiss();
    return {};
}

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
    RamDisks ram;
    for (size_t i = 0; i < todo.size(); ++i) {
        const auto& p = paths[i];
        Status st = todo[i]->mirror ? start_mirror(*todo[i], p, opts)
                    : p[0]          ? start_one(*todo[i], *p[0], opts, ram)
                                    : Status(p[0].error());
        if (opts.writes()) record_outcome(todo[i]->name, st ? Error{Exit::ok, ""} : st.error());
        if (!st) failed(st.error());
    }
    // The root's files are readable only here, whoever formatted the swap they still name.
    if (opts.writes() && !in_initramfs())
        for (const auto& s : cfg.specs)
            if (s) warn_leftover_references(s->name);
    return worst;
}

}  // namespace aeadswap
