// SPDX-License-Identifier: GPL-2.0-or-later
#include "enable_plan.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <sstream>

#include "cmdline.h"

namespace aeadswap {
namespace {

constexpr const char* kFstab = "/etc/fstab";
constexpr const char* kCrypttab = "/etc/crypttab";
constexpr const char* kDefaultGrub = "/etc/default/grub";
constexpr const char* kKernelCmdline = "/etc/kernel/cmdline";
constexpr const char* kInitramfsConf = "/etc/initramfs-tools/initramfs.conf";
constexpr const char* kInitramfsConfD = "/etc/initramfs-tools/conf.d/";
constexpr const char* kGrubD = "/etc/default/grub.d/";
constexpr const char* kDracutConfD = "/etc/dracut.conf.d/";
// The resume= words enable took off /etc/kernel/cmdline, which takes no comment; disable puts them
// back.
constexpr const char* kKernelCmdlineAside = "/etc/kernel/cmdline.aeadswap-resume";

bool iequal(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string unquote(std::string s) {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
    return s;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::string text_of(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line);
    for (std::string f; in >> f;) out.push_back(f);
    return out;
}

bool is_comment(const std::string& line) {
    auto f = line.find_first_not_of(" \t");
    return f == std::string::npos || line[f] == '#';
}

// Files of a drop-in folder present in `files`, in name order (the order their tools read them).
std::vector<std::string> under(const FileTexts& files, const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& [path, text] : files)
        if (path.starts_with(dir) && path.find('/', dir.size()) == std::string::npos) out.push_back(path);
    return out;
}

// The edits to one file, line by line, and whether any was made.
struct Edited {
    std::vector<std::string> lines;
    bool changed = false;
};

// crypttab lines whose source is the device: turned off; their mapped names are returned, since
// fstab names the swap on them by /dev/mapper/NAME.
std::vector<std::string> disable_crypttab(Edited& e, const DeviceNames& dev) {
    std::vector<std::string> mapped;
    for (auto& l : e.lines) {
        if (is_comment(l)) continue;
        auto f = fields_of(l);
        if (f.size() < 2 || !names_device(f[1], dev)) continue;
        mapped.push_back("/dev/mapper/" + f[0]);
        l = kDisabledMark + l;
        e.changed = true;
    }
    return mapped;
}

// fstab lines that name the device (or a crypttab mapping on it): swap lines are turned off; a
// line that mounts it as anything else means it holds data, and enable refuses.
Status disable_fstab(Edited& e, const DeviceNames& dev, const std::vector<std::string>& mapped) {
    for (size_t i = 0; i < e.lines.size(); ++i) {
        auto& l = e.lines[i];
        if (is_comment(l)) continue;
        auto f = fields_of(l);
        if (f.empty()) continue;
        bool ours = names_device(f[0], dev) || std::find(mapped.begin(), mapped.end(), f[0]) != mapped.end();
        if (!ours) continue;
        if (f.size() < 3 || f[2] != "swap")
            return fail(Exit::refused, std::string(kFstab) + " line " + std::to_string(i + 1) + " mounts " + dev.node +
                                           " as " + (f.size() < 3 ? "something" : f[2]) + ", not swap; not using it");
        l = kDisabledMark + l;
        e.changed = true;
    }
    return {};
}

// The value of an initramfs-tools line that sets RESUME= ("[export] RESUME=value"), unquoted.
std::optional<std::string> resume_value(const std::string& line) {
    if (is_comment(line)) return std::nullopt;
    auto f = fields_of(line);
    if (f.empty()) return std::nullopt;
    const std::string& word = f[0] == "export" && f.size() > 1 ? f[1] : f[0];
    if (!word.starts_with("RESUME=")) return std::nullopt;
    return unquote(word.substr(7));
}

// RESUME=... in initramfs-tools' configuration, naming the device: turned off.
void disable_resume_setting(Edited& e, const DeviceNames& dev) {
    for (auto& l : e.lines) {
        auto v = resume_value(l);
        if (!v || !names_device(*v, dev)) continue;
        l = kDisabledMark + l;
        e.changed = true;
    }
}

// Whether any RESUME= is left on in initramfs-tools' files.
bool resume_set(const std::vector<std::string>& lines) {
    return std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return resume_value(l).has_value(); });
}

// Appends a word to a space-separated command line.
void append_word(std::string& words, const std::string& w) { words += (words.empty() ? "" : " ") + w; }

// A GRUB_CMDLINE_LINUX(_DEFAULT)="..." line without its resume= words that name the device, or
// the line itself when it has none.
std::string without_resume(const std::string& line, const DeviceNames& dev) {
    auto q1 = line.find('"'), q2 = line.rfind('"');
    if (q1 == std::string::npos || q2 <= q1) return line;
    std::string kept;
    for (const auto& w : split_kernel_cmdline(line.substr(q1 + 1, q2 - q1 - 1))) {
        if (!resume_word_names(w, dev)) append_word(kept, w);
    }
    return line.substr(0, q1 + 1) + kept + line.substr(q2);
}

// GRUB's GRUB_CMDLINE_LINUX(_DEFAULT)= and dracut.conf's kernel_cmdline(+)= lines: the old line
// turned off, the line without the resume= that names the device after it.
void disable_resume_words(Edited& e, const DeviceNames& dev) {
    std::vector<std::string> out;
    for (const auto& l : e.lines) {
        bool cmdline = l.starts_with("GRUB_CMDLINE_LINUX=") || l.starts_with("GRUB_CMDLINE_LINUX_DEFAULT=") ||
                       l.starts_with("kernel_cmdline=") || l.starts_with("kernel_cmdline+=");
        std::string fixed = cmdline ? without_resume(l, dev) : l;
        if (fixed == l) {
            out.push_back(l);
            continue;
        }
        out.push_back(kDisabledMark + l);
        out.push_back(fixed + kAddedMark);
        e.changed = true;
    }
    e.lines = out;
}

// The drop-in's line for one entry: GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX aeadswap=VALUE".
constexpr std::string_view kGrubEntryHead = "GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX aeadswap=";

std::string grub_line(const std::string& value) { return std::string(kGrubEntryHead) + value + "\""; }

// The drop-in's entries, with `value` in place of an entry for the same device or after them.
std::string grub_drop_in(const std::vector<std::string>& entries) {
    std::string out = std::string(kOwnedHeader) + "\n";
    for (const auto& e : entries) out += grub_line(e) + "\n";
    return out;
}

std::string device_of(const std::string& value) {
    auto comma = value.find(',');
    return value.substr(0, comma);
}

std::vector<std::string> with_entry(std::vector<std::string> entries, const std::string& value) {
    auto same = std::find_if(entries.begin(), entries.end(),
                             [&](const std::string& e) { return device_of(e) == device_of(value); });
    if (same != entries.end())
        *same = value;
    else
        entries.push_back(value);
    return entries;
}

// The file's new text goes into the plan when it changed.
bool keep(Plan& plan, const std::string& path, const Edited& e) {
    if (e.changed) plan.after[path] = text_of(e.lines);
    return e.changed;
}

Edited edit(const FileTexts& files, const std::string& path) {
    auto it = files.find(path);
    return {it == files.end() ? std::vector<std::string>{} : lines_of(it->second), false};
}

// A tool's main file and its drop-in folder's files, in the order it reads them, but `skip`
// (enable's own file there).
std::vector<std::string> read_by_tool(const FileTexts& files, const std::string& main, const std::string& dir,
                                      const std::string& skip) {
    std::vector<std::string> out = {main};
    for (auto& p : under(files, dir))
        if (p != skip) out.push_back(p);
    return out;
}

// Each file edited by `change`, the changed ones into the plan.
template <class Change>
void edit_each(Plan& plan, const FileTexts& files, const std::vector<std::string>& paths, Change change) {
    for (const auto& path : paths) {
        auto e = edit(files, path);
        change(e);
        keep(plan, path, e);
    }
}

bool changes_under(const Plan& plan, const std::string& prefix) {
    auto touched = [&](const std::string& p) { return p.starts_with(prefix); };
    return std::any_of(plan.after.begin(), plan.after.end(), [&](const auto& f) { return touched(f.first); }) ||
           std::any_of(plan.removed.begin(), plan.removed.end(), touched);
}

// What must run after the files changed: the boot loader's configuration, and every initramfs
// image that carries a resume setting (initramfs-tools' RESUME=, dracut's host-only resume= from
// fstab); the command itself, or a line saying what to run where the tool is missing.
void add_commands(Plan& plan, const BootSetup& boot) {
    auto need = [&](bool changed, bool present, std::vector<std::string> cmd, const char* todo) {
        if (!changed) return;
        if (present)
            plan.run.push_back(std::move(cmd));
        else
            plan.todo.push_back(todo);
    };
    need(changes_under(plan, "/etc/default/grub"), boot.update_grub, {"update-grub"},
         "grub-mkconfig -o /boot/grub/grub.cfg");
    need(changes_under(plan, kKernelCmdline), boot.kernel_install, {"kernel-install", "add-all"},
         "kernel-install add-all (or your boot loader's own update)");
    need(changes_under(plan, "/etc/initramfs-tools/"), boot.update_initramfs, {"update-initramfs", "-u", "-k", "all"},
         "your initramfs tool, to rebuild every image with the new resume setting");
    if (boot.dracut &&
        (changes_under(plan, kFstab) || changes_under(plan, kCrypttab) || changes_under(plan, kDracutConfD)))
        plan.run.push_back({"dracut", "--regenerate-all", "--force"});
}

Status boot_loader_part(Plan& plan, const std::string& value, const FileTexts& files, const BootSetup& boot,
                        const DeviceNames& dev) {
    if (boot.grub) {
        edit_each(plan, files, read_by_tool(files, kDefaultGrub, kGrubD, kGrubDropIn),
                  [&](Edited& e) { disable_resume_words(e, dev); });
        auto drop_in = grub_drop_in(with_entry(enabled_entries(files), value));
        auto old = files.find(kGrubDropIn);
        if (old == files.end() || old->second != drop_in) plan.after[kGrubDropIn] = drop_in;
        return {};
    }
    if (boot.kernel_cmdline) {
        std::string line = files.at(kKernelCmdline);
        while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
        std::string words;
        bool present = false;
        std::string set_aside;
        for (const auto& w : split_kernel_cmdline(line)) {
            // This file takes no comment: the word goes to a file of enable's, for disable.
            if (resume_word_names(w, dev)) {
                set_aside += w + "\n";
                continue;
            }
            if (w.starts_with("aeadswap=") && device_of(w.substr(9)) == device_of(value)) {
                present = w == "aeadswap=" + value;
                if (!present) continue;
            }
            append_word(words, w);
        }
        if (!present) append_word(words, "aeadswap=" + value);
        if (words + "\n" != files.at(kKernelCmdline)) plan.after[kKernelCmdline] = words + "\n";
        if (!set_aside.empty()) {
            auto kept = files.find(kKernelCmdlineAside);
            plan.after[kKernelCmdlineAside] =
                (kept == files.end() ? std::string(kOwnedHeader) + "\n" : kept->second) + set_aside;
        }
        return {};
    }
    return fail(Exit::unsupported, "neither /etc/default/grub (GRUB) nor /etc/kernel/cmdline (kernel-install, "
                                   "systemd-boot) is there: add aeadswap=" +
                                       value + " to your boot loader's kernel command line yourself");
}

}  // namespace

bool names_device(const std::string& raw, const DeviceNames& dev) {
    std::string spec = unquote(raw);
    auto is = [&](const char* key, const std::string& v) {
        return spec.starts_with(key) && !v.empty() && iequal(spec.substr(std::string(key).size()), v);
    };
    if (is("UUID=", dev.uuid) || is("PARTUUID=", dev.partuuid)) return true;
    if (spec.starts_with("LABEL=")) return !dev.label.empty() && spec.substr(6) == dev.label;
    if (spec.starts_with("PARTLABEL=")) return !dev.partlabel.empty() && spec.substr(10) == dev.partlabel;
    if (!spec.starts_with("/dev/")) return false;
    return spec == dev.node || std::find(dev.links.begin(), dev.links.end(), spec) != dev.links.end();
}

bool resume_word_names(const std::string& word, const DeviceNames& dev) {
    return word.starts_with("resume=") && names_device(word.substr(7), dev);
}

Expected<std::string> stable_name(const DeviceNames& dev) {
    if (!dev.partuuid.empty()) return "PARTUUID=" + dev.partuuid;
    // by-path last: it stays while the disk stays in its slot (qemu's virtio disks have no other).
    for (const char* dir : {"/dev/disk/by-id/", "/dev/mapper/", "/dev/disk/by-path/"})
        for (const auto& l : dev.links)
            if (l.starts_with(dir) && !l.starts_with("/dev/disk/by-id/dm-uuid-")) return l;
    return fail(Exit::refused, dev.node + " has no name that stays the same across reboots (no PARTUUID, no "
                                          "/dev/disk/by-id/ or by-path/ link); name it in aeadswap= by hand");
}

std::vector<std::string> references_to(const DeviceNames& dev, const FileTexts& files) {
    std::vector<std::string> out;
    for (const auto& [path, text] : files) {
        bool fstab = path == kFstab, crypttab = path == kCrypttab, resume = path.starts_with("/etc/initramfs-tools/");
        if (!fstab && !crypttab && !resume) continue;
        auto lines = lines_of(text);
        for (size_t i = 0; i < lines.size(); ++i) {
            if (is_comment(lines[i])) continue;
            auto f = fields_of(lines[i]);
            if (f.empty()) continue;
            auto resume_of = resume_value(lines[i]);
            bool names = fstab      ? names_device(f[0], dev)
                         : crypttab ? f.size() > 1 && names_device(f[1], dev)
                                    : resume_of && names_device(*resume_of, dev);
            if (names) out.push_back(path + " line " + std::to_string(i + 1));
        }
    }
    return out;
}

std::vector<std::string> config_paths() {
    return {kFstab, kCrypttab, kDefaultGrub, kKernelCmdline, kKernelCmdlineAside, kInitramfsConf};
}

std::vector<std::string> config_dirs() { return {kInitramfsConfD, kGrubD, kDracutConfD}; }

std::vector<std::string> enabled_entries(const FileTexts& files) {
    std::vector<std::string> out;
    if (auto it = files.find(kGrubDropIn); it != files.end()) {
        for (const auto& l : lines_of(it->second))
            if (l.starts_with(kGrubEntryHead) && l.ends_with("\""))
                out.push_back(l.substr(kGrubEntryHead.size(), l.size() - kGrubEntryHead.size() - 1));
        return out;
    }
    if (auto it = files.find(kKernelCmdline); it != files.end())
        for (const auto& w : split_kernel_cmdline(it->second))
            if (w.starts_with("aeadswap=")) out.push_back(w.substr(9));
    return out;
}

Expected<Plan> plan_enable(const DeviceNames& dev, const std::string& options, const FileTexts& files,
                           const BootSetup& boot) {
    auto name = stable_name(dev);
    if (!name) return name.error();
    std::string value = *name + (options.empty() ? "" : "," + options);
    if (auto parsed = parse_values({value}); !parsed.specs.at(0)) return parsed.specs[0].error();
    Plan plan;
    auto crypttab = edit(files, kCrypttab);
    auto mapped = disable_crypttab(crypttab, dev);
    keep(plan, kCrypttab, crypttab);
    auto fstab = edit(files, kFstab);
    if (auto st = disable_fstab(fstab, dev, mapped); !st) return st.error();
    keep(plan, kFstab, fstab);
    bool resume_left = false;
    edit_each(plan, files, read_by_tool(files, kInitramfsConf, kInitramfsConfD, kResumeNone), [&](Edited& e) {
        disable_resume_setting(e, dev);
        resume_left = resume_left || resume_set(e.lines);
    });
    edit_each(plan, files, under(files, kDracutConfD), [&](Edited& e) { disable_resume_words(e, dev); });
    if (boot.update_initramfs && !resume_left && !files.count(kResumeNone))
        plan.after[kResumeNone] = std::string(kOwnedHeader) + "\nRESUME=none\n";
    if (auto st = boot_loader_part(plan, value, files, boot, dev); !st) return st.error();
    add_commands(plan, boot);
    return plan;
}

Plan plan_disable(const FileTexts& files, const BootSetup& boot) {
    Plan plan;
    for (const auto& [path, text] : files) {
        if (text.starts_with(kOwnedHeader)) {
            plan.removed.push_back(path);
            continue;
        }
        if (path == kKernelCmdline) {
            std::string words;
            for (const auto& w : split_kernel_cmdline(text))
                if (!w.starts_with("aeadswap=")) append_word(words, w);
            if (auto aside = files.find(kKernelCmdlineAside); aside != files.end())
                for (const auto& w : lines_of(aside->second))
                    if (w.starts_with("resume=")) append_word(words, w);
            if (words + "\n" != text) plan.after[path] = words + "\n";
            continue;
        }
        Edited e{{}, false};
        for (const auto& l : lines_of(text)) {
            if (l.ends_with(kAddedMark)) {
                e.changed = true;
                continue;
            }
            e.lines.push_back(l.starts_with(kDisabledMark) ? l.substr(std::string(kDisabledMark).size()) : l);
            e.changed = e.changed || e.lines.back() != l;
        }
        keep(plan, path, e);
    }
    add_commands(plan, boot);
    return plan;
}

}  // namespace aeadswap
