// SPDX-License-Identifier: GPL-2.0-or-later
#include "cmdline.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace aeadswap {
namespace {

constexpr size_t kMaxValue = 1024;
constexpr size_t kMaxName = 64;

constexpr SpecOption kSpecOptions[] = {
    {"name", "N", "device-mapper name (default aeadswap0, aeadswap1, ...)", "fast"},
    {"prio", "P", "swap priority 0..32767 (default: the kernel's)", "5"},
    {"cipher", "C", "aegis128, gcm-aes or chacha20-poly1305", "gcm-aes", "", "aegis128"},
    {"timeout", "S", "seconds to wait for the device, 0..3600", "30", "", "10"},
    {"force", "", "overwrite whatever the device holds", ""},
    {"hibernate", "warn|refuse", "what to do when hibernation could pick this swap", "refuse", "", "warn"},
    {"workqueue", "on|off", "dm-crypt kcryptd workqueues", "on", "", "off"},
    {"mirror", "DEV", "a second device (path, PARTUUID=, PARTLABEL=): the swap is mirrored over both", "/dev/vdc"},
    {"tags", "disk|ram|inline|auto",
     "where the tags live: beside the data (disk); in RAM, where a replayed sector fails (ram); in the drive's "
     "own metadata (inline); inline when the drive has room, else disk (auto)", "ram", "", "auto"},
    {"ram_cap", "PCT", "largest share of RAM, 1..50 percent, the tags may take", "10", "tags=ram", "5"},
    {"readahead", "auto|on|off",
     "swap readahead (vm.page-cluster, for the whole system): kept where the kernel is proven to read each "
     "page on its own, else off (auto); left as it is (on); off", "off", "", "auto"},
};

std::string known_options() {
    std::string out;
    for (const auto& o : kSpecOptions) {
        if (!out.empty()) out += ", ";
        out += std::string(o.key) + (o.operand.empty() ? "" : "=");
    }
    return out;
}

// Values are echoed in messages; keep them short and printable whatever the user typed.
std::string shown(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 80)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    if (s.size() > 80) out += "...";
    return out;
}

Error bad(std::string_view value, const std::string& why) {
    return fail(Exit::usage, "aeadswap=" + shown(value) + ": " + why);
}

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool valid_name(std::string_view n) {
    if (n.empty() || n.size() > kMaxName || n[0] == '-' || n[0] == '.') return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '-' || c == '.';
    });
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

Status parse_device(std::string_view value, std::string_view dev, DeviceRef& spec) {
    if (dev.empty()) return bad(value, "no device given; use a /dev/ path, PARTUUID= or PARTLABEL=");
    if (has_control(dev)) return bad(value, "the device name contains control characters");
    if (starts_with(dev, "UUID=") || starts_with(dev, "LABEL="))
        return bad(value, std::string(dev.substr(0, dev.find('=') + 1)) +
                              " names a filesystem, which aeadswap rewrites at every boot; use PARTUUID=, "
                              "PARTLABEL= or a /dev/disk/by-partuuid/ path instead");
    if (starts_with(dev, "PARTUUID=")) {
        auto v = dev.substr(9);
        bool hex = !v.empty() && v.size() <= 36 && std::all_of(v.begin(), v.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
        });
        if (!hex) return bad(value, "PARTUUID= takes a partition UUID such as 0fc63daf-8483-4772-8e79-3d69d8477de4");
        spec.kind = DeviceKind::partuuid;
        spec.device = std::string(v);
        std::transform(spec.device.begin(), spec.device.end(), spec.device.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return {};
    }
    if (starts_with(dev, "PARTLABEL=")) {
        auto v = dev.substr(10);
        // 36 UTF-16 code units in the GPT entry: up to 108 bytes of UTF-8 (3 for each in the BMP).
        if (v.empty() || v.size() > 108) return bad(value, "PARTLABEL= takes a GPT partition name of 1 to 108 bytes");
        spec.kind = DeviceKind::partlabel;
        spec.device = std::string(v);
        return {};
    }
    if (!starts_with(dev, "/dev/") || dev.size() == 5)
        return bad(value, "'" + shown(dev) + "' is not a device; use a /dev/ path, PARTUUID= or PARTLABEL=");
    spec.kind = DeviceKind::path;
    spec.device = std::string(dev);
    return {};
}

Status parse_option(std::string_view value, std::string_view opt, SwapSpec& spec, std::set<std::string>& seen) {
    auto eq = opt.find('=');
    std::string key(opt.substr(0, eq));
    bool has_value = eq != std::string_view::npos;
    std::string_view v = has_value ? opt.substr(eq + 1) : std::string_view{};
    if (key.empty()) return bad(value, "empty option");
    if (std::none_of(std::begin(kSpecOptions), std::end(kSpecOptions), [&](const SpecOption& o) { return o.key == key; }) &&
        key != "discard")
        return bad(value, "unknown option '" + shown(key) + "'; known: " + known_options());
    if (!seen.insert(key).second) return bad(value, "option '" + shown(key) + "' is given twice");
    auto flag = [&](bool& out) -> Status {
        if (has_value) return bad(value, "'" + key + "' takes no value");
        out = true;
        return {};
    };
    if (key == "force") return flag(spec.force);
    if (key == "discard")
        return bad(value, "discard is not possible with authenticated encryption: dm-integrity keeps a tag "
                          "for every sector and cannot forget them; remove the option");
    if (!has_value) return bad(value, "option '" + shown(key) + "' needs a value (" + shown(key) + "=...)");
    if (key == "name") {
        if (!valid_name(v)) return bad(value, "name= takes 1 to 64 letters, digits, '_', '-' or '.'");
        // /dev/mapper/control is the dm control node, and the helper's own devices are NAME_dif and
        // NAME_fmt: such a name would write the swap header elsewhere, or hide the device from
        // status and stop.
        if (v == "control" || ends_with(v, "_dif") || ends_with(v, "_fmt") || ends_with(v, "_leg0") ||
            ends_with(v, "_leg1"))
            return bad(value, "name= cannot be 'control' or end in '_dif', '_fmt', '_leg0' or '_leg1' "
                              "(device-mapper's and aeadswap's own names)");
        spec.name = std::string(v);
    } else if (key == "prio") {
        auto n = parse_number(v, 0, 32767);
        if (!n) return bad(value, "prio= takes a number from 0 to 32767");
        spec.priority = static_cast<int>(*n);
    } else if (key == "timeout") {
        auto n = parse_number(v, 0, 3600);
        if (!n) return bad(value, "timeout= takes a number of seconds from 0 to 3600");
        spec.timeout_s = static_cast<unsigned>(*n);
    } else if (key == "cipher") {
        auto c = find_cipher(v);
        if (!c) return bad(value, "cipher= takes aegis128, gcm-aes or chacha20-poly1305");
        spec.cipher = *c;
    } else if (key == "hibernate") {
        if (v == "warn") spec.hibernate = HibernatePolicy::warn;
        else if (v == "refuse") spec.hibernate = HibernatePolicy::refuse;
        else return bad(value, "hibernate= takes warn or refuse");
    } else if (key == "mirror") {
        DeviceRef leg;
        if (auto st = parse_device(value, v, leg); !st) return st;
        if (leg.kind == spec.kind && leg.device == spec.device)
            return bad(value, "mirror= names the entry's own device; give a second, different device");
        spec.mirror = leg;
    } else if (key == "tags") {
        if (v == "auto") spec.tags = TagPlacement::automatic;
        else if (v == "disk") spec.tags = TagPlacement::disk;
        else if (v == "ram") spec.tags = TagPlacement::ram;
        else if (v == "inline") spec.tags = TagPlacement::drive;
        else return bad(value, "tags= takes disk, ram, inline or auto");
    } else if (key == "ram_cap") {
        auto n = parse_number(v, 1, 50);
        if (!n) return bad(value, "ram_cap= takes a percentage of RAM from 1 to 50");
        spec.ram_cap_percent = static_cast<unsigned>(*n);
    } else if (key == "workqueue") {
        if (v == "on") spec.crypt_workqueues = true;
        else if (v == "off") spec.crypt_workqueues = false;
        else return bad(value, "workqueue= takes on or off");
    } else if (key == "readahead") {
        if (v == "auto") spec.readahead = Readahead::automatic;
        else if (v == "on") spec.readahead = Readahead::on;
        else if (v == "off") spec.readahead = Readahead::off;
        else return bad(value, "readahead= takes auto, on or off");
    } else {
        // Unknown keys were turned away above; this is a table entry without its branch here.
        return bad(value, "option '" + shown(key) + "' is listed but not parsed (a bug in aeadswap)");
    }
    return {};
}

// Options that are valid alone but not together.
Status check_combination(std::string_view value, const SwapSpec& spec, const std::set<std::string>& seen) {
    if (seen.count("ram_cap") && spec.tags != TagPlacement::ram)
        return bad(value, "ram_cap= only applies to tags=ram; add tags=ram or remove ram_cap=");
    // Each leg would need a RAM disk of its own; not built yet (docs/layouts.md, "Tags in RAM").
    if (spec.tags == TagPlacement::ram && spec.mirror)
        return bad(value, "tags=ram does not work with mirror= yet; use tags=disk for a mirror");
    if (spec.tags == TagPlacement::drive && spec.mirror)
        return bad(value, "tags=inline does not work with mirror= yet; use tags=disk for a mirror");
    return {};
}

std::string device_key(DeviceKind kind, const std::string& device) {
    return std::to_string(static_cast<int>(kind)) + device;
}

void check_unique(std::vector<ParsedSpec>& specs) {
    std::set<std::string> names, devices;
    for (auto& s : specs) {
        if (!s) continue;
        std::vector<std::string> devs = {device_key(s->kind, s->device)};
        if (s->mirror) devs.push_back(device_key(s->mirror->kind, s->mirror->device));
        bool reused = std::any_of(devs.begin(), devs.end(), [&](const std::string& d) { return devices.count(d) > 0; });
        if (!names.insert(s->name).second)
            s = bad(s->text, "the name '" + s->name + "' is already used by an earlier aeadswap= entry");
        else if (reused)
            s = bad(s->text, "the device is already named by an earlier aeadswap= entry");
        else
            devices.insert(devs.begin(), devs.end());
    }
}

}  // namespace

std::span<const SpecOption> spec_options() { return kSpecOptions; }

std::string spec_options_help() {
    auto head = [](const SpecOption& o) {
        return "  " + std::string(o.key) + (o.operand.empty() ? "" : "=" + std::string(o.operand));
    };
    size_t width = 0;
    for (const auto& o : kSpecOptions) width = std::max(width, head(o).size() + 2);
    std::string out;
    for (const auto& o : kSpecOptions) {
        auto h = head(o);
        h.resize(width, ' ');
        out += h + std::string(o.help) + (o.default_value.empty() ? "" : " (default " + std::string(o.default_value) + ")") +
               (o.needs.empty() ? "" : "; with " + std::string(o.needs)) + "\n";
    }
    return out;
}

std::optional<long> parse_number(std::string_view s, long lo, long hi) {
    long v = 0;
    if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    std::from_chars(s.data(), s.data() + s.size(), v);
    if (v < lo || v > hi) return std::nullopt;
    return v;
}

bool is_disable_value(std::string_view v) { return v == "off" || v == "0" || v == "no" || v == "false"; }

std::vector<std::string> split_kernel_cmdline(std::string_view line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false, any = false;
    for (char c : line) {
        if (c == '"') {
            quoted = !quoted;
            any = true;
        } else if (!quoted && (c == ' ' || c == '\t' || c == '\n')) {
            if (any) out.push_back(cur);
            cur.clear();
            any = false;
        } else {
            cur += c;
            any = true;
        }
    }
    if (any) out.push_back(cur);
    return out;
}

ParsedSpec parse_spec(std::string_view value, unsigned index) {
    if (value.size() > kMaxValue) return bad(value, "the value is longer than 1024 bytes");
    SwapSpec spec;
    spec.text = std::string(value);
    spec.name = "aeadswap" + std::to_string(index);
    size_t comma = value.find(',');
    DeviceRef first;
    if (auto st = parse_device(value, value.substr(0, comma), first); !st) return st.error();
    spec.kind = first.kind;
    spec.device = first.device;
    std::set<std::string> seen;
    while (comma != std::string_view::npos) {
        size_t next = value.find(',', comma + 1);
        auto opt = value.substr(comma + 1, next == std::string_view::npos ? next : next - comma - 1);
        if (auto st = parse_option(value, opt, spec, seen); !st) return st.error();
        comma = next;
    }
    if (auto st = check_combination(value, spec, seen); !st) return st.error();
    // A mirror's legs keep their tags beside the data (tags=auto with mirror= means disk).
    if (spec.mirror) spec.tags = TagPlacement::disk;
    return spec;
}

CmdlineConfig parse_values(const std::vector<std::string>& values) {
    CmdlineConfig cfg;
    unsigned index = 0;
    for (const auto& v : values) {
        if (is_disable_value(v)) {
            cfg.disabled = true;
            continue;
        }
        cfg.specs.push_back(parse_spec(v, index++));
    }
    check_unique(cfg.specs);
    return cfg;
}

CmdlineConfig parse_cmdline(std::string_view line) {
    std::vector<std::string> values;
    for (const auto& arg : split_kernel_cmdline(line)) {
        for (std::string_view key : {"aeadswap=", "rd.aeadswap="})
            if (starts_with(arg, key)) values.push_back(arg.substr(key.size()));
    }
    return parse_values(values);
}

std::string describe_device(const DeviceRef& ref) {
    switch (ref.kind) {
        case DeviceKind::partuuid: return "PARTUUID=" + ref.device;
        case DeviceKind::partlabel: return "PARTLABEL=" + ref.device;
        default: return ref.device;
    }
}

std::string describe_device(const SwapSpec& spec) {
    std::string first = describe_device(DeviceRef{spec.kind, spec.device});
    return spec.mirror ? first + " and " + describe_device(*spec.mirror) : first;
}

}  // namespace aeadswap
