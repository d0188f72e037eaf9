// SPDX-License-Identifier: GPL-2.0-or-later
// The planner: from one entry and the facts read for it (start_facts.h) to its whole plan (plan.h),
// every layout's decisions in one place: the verdict and the refusals, where the tags go, the
// sizes, the tables, the writes, the kernel settings and the swap. Pure: no I/O, no globals.
#pragma once

#include <optional>
#include <vector>

#include "cmdline.h"
#include "plan.h"
#include "result.h"
#include "start_facts.h"
#include "tuning.h"

namespace aeadswap {

// Room for dm-integrity's superblock, one journal section and a tag run, and still 3.5 MiB of swap,
// far above the 10 pages swapon(2) needs: no plan from a device this big has too little space.
inline constexpr uint64_t kMinBytes = 4 * 1024 * 1024;

// What a plan writes through the top device before anything else may read it: the swap header
// and zeros up to kWrittenHead, and zeros over the last kWrittenTail bytes. libblkid 2.38 and 2.41 read no
// further than 4 MiB + 512 bytes from the start (LUKS2's last secondary header) and from 1543.5 KiB
// before the end (Promise FastTrack's metadata) (tests/bats/blkid-reads.bats). Once the device is
// revealed, dracut's udev rules run blkid on it, and bcache-tools' prober that same probe.
inline constexpr uint64_t kWrittenHead = 5ull << 20;
inline constexpr uint64_t kWrittenTail = 2ull << 20;

// What only the VM suite's build plans differently (test_hooks.h); nothing in the installed helper.
struct PlanHooks {
    std::optional<unsigned> drive_tag_bytes;  // the crypt table's tag size on a drive's metadata
    bool stop_after_zeroing = false;          // a stop right after the first block is zeroed
};

struct PlanInput {
    SwapSpec spec;
    // The entry's device, or a mirror's two legs; for one that could not be found or read, why.
    std::vector<Expected<DeviceFacts>> devices;
    SystemFacts system;
    TagsOnDisk earlier;    // the tags on disk of the entries this process set up before
    bool for_real = true;  // the notes say "formatting it", not "it may be formatted"
    PlanHooks hooks;
};

struct Planned {
    StartPlan plan;
    TagsOnDisk tags;           // this entry's tags on disk, for the next entry's `earlier`
    TagsOnDisk fallback_tags;  // the same when the plan's fallback is what runs
};

// The plan, or the refusal (Exit::refused) or failure that keeps the entry from being set up.
Expected<Planned> plan_entry(const PlanInput& in);

}  // namespace aeadswap
