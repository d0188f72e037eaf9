// SPDX-License-Identifier: GPL-2.0-or-later
// A start plan: everything one entry's start does, decided before anything is done (planner.h),
// in the order the applier does it (applier.h). The dry run prints it, --json as data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dm_table.h"

namespace aeadswap {

// Where a step's device is: a block device that exists (its path and number, as judged), or one
// this plan makes (a device-mapper device or a RAM disk), by its plan name. Table lines name the
// latter as <NAME>; the applier puts in the number the kernel gave it.
struct PlanDevice {
    std::string name;           // "/dev/vdb", or "aeadswap0_dif", "aeadswap0_tags"
    std::optional<DevNum> num;  // only for a device that exists
    bool operator==(const PlanDevice&) const = default;
};

// `length` bytes at `offset`: `data` first, zeros after. A device of the plan is written through
// its node, O_DIRECT (so every block gets its tag); an existing one through the descriptor that
// judged it while the helper still holds it.
struct WriteStep {
    PlanDevice device;
    uint64_t offset = 0;
    uint64_t length = 0;
    std::vector<uint8_t> data;
    std::optional<size_t> fresh_uuid_at;  // 16 random bytes there, a version-4 UUID (the swap header's)
    std::string what;                     // "the swap header, then zeros"
    bool operator==(const WriteStep&) const = default;
};

// A RAM disk of at least `bytes`, its first `bytes` zeroed (ram_disk.h).
struct RamDiskStep {
    std::string name;
    uint64_t bytes = 0;
    bool operator==(const RamDiskStep&) const = default;
};

inline constexpr const char* kKeyPlaceholder = "<key>";
inline constexpr const char* kReasonPlaceholder = "<reason>";

// One device-mapper device with a one-target table `0 sectors target params`. `params` names the
// plan's devices as <NAME> and, with key_bytes, the per-boot key as <key>.
struct TableStep {
    enum class Kind {
        create,  // stays, removed again only when a later step fails
        format,  // created, its status read (dm-integrity's provided sectors), removed
    };
    Kind kind = Kind::create;
    std::string name, uuid;
    uint64_t sectors = 0;
    std::string target, params;
    unsigned key_bytes = 0;
    uint64_t provides = 0;        // format: the sectors dm-integrity must provide
    bool fallback_on_refusal = false;  // the kernel's refusal runs the plan's fallback instead
    std::string done;                  // logged once it is loaded
    bool operator==(const TableStep&) const = default;
};

// Lets other packages' udev rules see a device the plan made (devmapper.h, dm_reveal).
struct RevealStep {
    std::string name;
    bool operator==(const RevealStep&) const = default;
};

// One integer in /proc/sys or /sys/module. Swap works without it: a failure is `failed`, a warning.
struct TunableStep {
    std::string path;
    long value = 0;
    std::string done, failed;
    bool operator==(const TunableStep&) const = default;
};

// Keeps the names of the plain swap being replaced (replaced_swap.h).
struct RememberStep {
    std::string entry, device, uuid, label;
    bool operator==(const RememberStep&) const = default;
};

// Stops the plan with an error: only the VM suite's build plans one (test_hooks.h).
struct StopStep {
    std::string why;
    bool operator==(const StopStep&) const = default;
};

struct SwapOnStep {
    std::string name;  // the plan's top device
    uint64_t bytes = 0;
    std::optional<int> priority;
    std::string what;  // "aegis128, from /dev/vdb", for the notice line
    bool operator==(const SwapOnStep&) const = default;
};

using Step = std::variant<WriteStep, RamDiskStep, TableStep, RevealStep, TunableStep, RememberStep, StopStep, SwapOnStep>;

enum class NoteLevel { info, notice, warning };
struct Note {
    NoteLevel level = NoteLevel::info;
    std::string text;
    bool operator==(const Note&) const = default;
};

struct StartPlan {
    std::string entry;
    std::vector<Note> notes;  // said before the steps run, or instead of them (check, dry run)
    std::string summary;      // check's line: "/dev/vdb can be used"
    std::vector<Step> steps;
    // What runs instead when a table marked fallback_on_refusal is refused, after what was made is
    // removed, with `fallback_note` said first, the kernel's reason in place of <reason>. At most one.
    std::vector<StartPlan> fallback;
    std::string fallback_note;
    bool operator==(const StartPlan&) const = default;
};

}  // namespace aeadswap
