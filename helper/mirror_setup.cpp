// SPDX-License-Identifier: GPL-2.0-or-later
#include "mirror_setup.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <optional>

#include "device_stack.h"
#include "devmapper.h"
#include "kernel_support.h"
#include "log.h"
#include "mirror_legs.h"

namespace aeadswap {
namespace {

struct LegPlan {
    SwapSpec spec;
    std::string path;
    std::optional<RawDevice> raw;  // none: missing or refused
};

// Judges both legs before anything is written; a lost leg is one warning. Fails only when both are lost.
Expected<std::vector<LegPlan>> plan_legs(const SwapSpec& spec, const std::vector<Expected<std::string>>& paths,
                                         const StartOptions& opts) {
    std::vector<LegPlan> legs;
    std::vector<Error> lost;
    for (unsigned i = 0; i < 2; ++i) {
        LegPlan leg{leg_spec(spec, i), paths[i] ? *paths[i] : "", std::nullopt};
        auto raw = paths[i] ? prepare_raw(leg.spec, leg.path, opts) : Expected<RawDevice>(paths[i].error());
        if (raw)
            leg.raw = *raw;
        else
            lost.push_back(raw.error());
        legs.push_back(std::move(leg));
    }
    if (lost.size() == 2) {
        Exit code = lost[0].code == lost[1].code ? lost[0].code : Exit::failure;
        return fail(code, spec.name + ": neither leg of the mirror can be used: " + lost[0].message + "; " +
                              lost[1].message);
    }
    if (!lost.empty())
        log_warning(spec.name + ": " + lost[0].message + "; the mirror " +
                    (opts.writes() ? "runs degraded, on its other leg only" : "would run degraded"));
    return legs;
}

void print_plan(const SwapSpec& spec, const std::vector<LegPlan>& legs) {
    std::printf("%s: would mirror (dm-raid raid1, no metadata, no initial sync) over:\n", spec.name.c_str());
    for (const auto& l : legs) {
        if (!l.raw) {
            std::printf("  %s: missing (the mirror runs degraded)\n", l.spec.name.c_str());
            continue;
        }
        std::printf("  %s: format %s (%s) as dm-integrity (tag %u, 4096-byte blocks, mode D) under %s\n",
                    l.spec.name.c_str(), l.path.c_str(), l.raw->num.str().c_str(), spec.cipher.tag_bytes,
                    spec.cipher.capi.c_str());
    }
    std::printf("  and swapon /dev/mapper/%s%s\n", spec.name.c_str(),
                spec.priority ? (" with priority " + std::to_string(*spec.priority)).c_str() : "");
}

std::string legs_text(const std::vector<LegPlan>& legs) {
    if (legs[0].raw && legs[1].raw) return "mirrored over " + legs[0].path + " and " + legs[1].path;
    return "degraded mirror, on " + (legs[0].raw ? legs[0].path : legs[1].path) + " only";
}

}  // namespace

Status start_mirror(const SwapSpec& spec, const std::vector<Expected<std::string>>& paths, const StartOptions& opts) {
    auto t0 = std::chrono::steady_clock::now();
    if (auto st = ensure_kernel_support(spec.cipher); !st)
        return fail(st.error().code, describe_device(spec) + ": " + st.error().message);
    if (auto st = ensure_mirror_support(); !st)
        return fail(st.error().code, describe_device(spec) + ": " + st.error().message);
    auto legs = plan_legs(spec, paths, opts);
    if (!legs) return legs.error();
    if (opts.check_only) {
        log_info(spec.name + ": the mirror can be set up (" + legs_text(*legs) + ")");
        return {};
    }
    if (opts.dry_run) {
        print_plan(spec, *legs);
        return {};
    }
    Rollback rollback;
    std::vector<std::optional<DevNum>> crypts;
    uint64_t sectors = std::numeric_limits<uint64_t>::max();
    TagsOnDisk tags;
    for (auto& l : *legs) {
        crypts.emplace_back();
        if (!l.raw) continue;
        auto stack = build_crypt_stack(l.spec, *l.raw, rollback);
        if (!stack) return stack.error();
        crypts.back() = stack->crypt;
        sectors = std::min(sectors, stack->sectors);  // the mirror is as big as the smaller leg
        tags.add_device(stack->disk_tag_bytes);
    }
    auto raid = dm_create({spec.name, crypt_uuid(spec.name), "raid", raid_params(crypts), sectors, false});
    if (!raid) return raid.error();
    rollback.add(spec.name);
    std::string what = spec.cipher.name + ", " + legs_text(*legs);
    if (auto st = swap_on_top(spec, *raid, sectors, tags, opts, what, t0); !st) return st;
    rollback.dismiss();
    return {};
}

}  // namespace aeadswap
