// SPDX-License-Identifier: GPL-2.0-or-later
// Parsing of the kernel command line (aeadswap= / rd.aeadswap=) into one SwapSpec per swap area.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cipher.h"
#include "result.h"

namespace aeadswap {

enum class DeviceKind { path, partuuid, partlabel };
enum class HibernatePolicy { warn, refuse };
// Where each block's IV and tag live: interleaved with the data by dm-integrity (disk); on a RAM
// disk, so that the device holds only ciphertext and a replayed sector fails its tag (ram); in the
// drive's own per-block metadata, dm-crypt directly on the device (drive: tags=inline); or the
// drive's metadata when it can hold them, else beside the data (automatic, the default: nearly
// every disk has no metadata, and gets disk without a line).
enum class TagPlacement { automatic, disk, ram, drive };
// Swap readahead (vm.page-cluster, system-wide): left on where the running kernel is proven to read
// each page of a window on its own (automatic), turned off (off), or left as it is (on).
enum class Readahead { automatic, on, off };

// A device as the user named it: a /dev/ path, or a PARTUUID=/PARTLABEL= value.
struct DeviceRef {
    DeviceKind kind = DeviceKind::path;
    std::string device;
};

struct SwapSpec {
    std::string text;  // the parameter value as given, for messages
    DeviceKind kind = DeviceKind::path;
    std::string device;  // path, or the PARTUUID/PARTLABEL value
    std::string name;    // dm name of the crypt device
    std::optional<int> priority;
    Cipher cipher = default_cipher();
    unsigned timeout_s = 10;
    bool wait = true;  // false when the initramfs already waited timeout_s for the device
    bool force = false;
    bool crypt_workqueues = false;  // dm-crypt's kcryptd queues; off by default (docs/design.md)
    HibernatePolicy hibernate = HibernatePolicy::warn;
    std::optional<DeviceRef> mirror;  // mirror=: a second leg, joined with the first by dm-raid raid1
    TagPlacement tags = TagPlacement::automatic;
    unsigned ram_cap_percent = 5;  // tags=ram is refused when its tags need more of MemTotal
    Readahead readahead = Readahead::automatic;
};

// One spec, or the reason it was rejected.
using ParsedSpec = Expected<SwapSpec>;

struct CmdlineConfig {
    bool disabled = false;         // aeadswap=off or rd.aeadswap=0 anywhere
    std::vector<ParsedSpec> specs;  // in command-line order; names already assigned
};

// Splits a kernel command line the way the kernel does (double quotes group, and are removed).
std::vector<std::string> split_kernel_cmdline(std::string_view line);

// Parses one aeadswap= value. `index` picks the default name aeadswap<index>.
ParsedSpec parse_spec(std::string_view value, unsigned index);

// Every aeadswap=/rd.aeadswap= parameter of a command line; checks names and devices are unique.
CmdlineConfig parse_cmdline(std::string_view line);

// Same, for values given directly (aeadswap start SPEC...).
CmdlineConfig parse_values(const std::vector<std::string>& values);

bool is_disable_value(std::string_view value);

// Up to six decimal digits (leading zeros are not octal) within lo..hi, or nothing.
std::optional<long> parse_number(std::string_view s, long lo, long hi);

// The options of an aeadswap= entry, as help texts, messages, the man page's test and parse_spec's
// own test list them (parse_spec is the parser).
struct SpecOption {
    std::string_view key;      // "prio"
    std::string_view operand;  // "P", or "" for a flag
    std::string_view help;
    std::string_view example;  // a value parse_spec accepts ("" for a flag)
    std::string_view needs = "";  // another option it only works with ("tags=ram"), or ""
    std::string_view default_value = "";  // what an entry without it gets, as the user would write it
};
std::span<const SpecOption> spec_options();

// "  prio=P     swap priority 0..32767\n..." for --help.
std::string spec_options_help();

// "PARTLABEL=a", or "PARTLABEL=a and PARTLABEL=b" for a mirror.
std::string describe_device(const SwapSpec& spec);
std::string describe_device(const DeviceRef& ref);

}  // namespace aeadswap
