// SPDX-License-Identifier: GPL-2.0-or-later
#include "enable.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "block_device.h"
#include "cmdline.h"
#include "device_probe.h"
#include "device_verdict.h"
#include "devmapper.h"
#include "dm_table.h"
#include "enable_plan.h"
#include "log.h"
#include "mirror_legs.h"
#include "run_program.h"
#include "status.h"
#include "swap_header.h"
#include "udev_link.h"
#include "unified_diff.h"

namespace aeadswap {
namespace {

namespace fs = std::filesystem;

std::string in_root(const EnableOptions& o, const std::string& path) {
    return o.root == "/" ? path : (fs::path(o.root) / path.substr(1)).string();
}

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}


bool has_tool(const EnableOptions& o, const std::string& name) {
    for (const char* dir : {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"})
        if (access(in_root(o, dir + name).c_str(), X_OK) == 0) return true;
    return false;
}

BootSetup boot_setup(const EnableOptions& o, const FileTexts& files) {
    return {files.count("/etc/default/grub") > 0, files.count("/etc/kernel/cmdline") > 0, has_tool(o, "update-grub"),
            has_tool(o, "update-initramfs"), has_tool(o, "kernel-install"), has_tool(o, "dracut")};
}

// Every /dev name of the device: the links under /dev/disk/*, /dev/mapper and LVM's /dev/VG.
std::vector<std::string> links_to(DevNum num) {
    std::vector<std::string> dirs = {"/dev/mapper"};
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/dev/disk", ec))
        if (e.is_directory()) dirs.push_back(e.path().string());
    for (const auto& e : fs::directory_iterator("/dev", ec))
        if (e.is_directory() && !e.is_symlink() && e.path() != "/dev/disk") dirs.push_back(e.path().string());
    std::vector<std::string> out;
    for (const auto& d : dirs)
        for (const auto& e : fs::directory_iterator(d, ec)) {
            struct stat st {};
            if (stat(e.path().c_str(), &st) == 0 && S_ISBLK(st.st_mode) && major(st.st_rdev) == num.major &&
                minor(st.st_rdev) == num.minor)
                out.push_back(e.path().string());
        }
    return out;
}

// What the boot would say of the device's contents (the verdict, without force).
Expected<Verdict> judged(const BlockDevice& dev, const std::string& path) {
    auto head = dev.read_head(kHeadBytes);
    if (!head) return head.error();
    auto probe = probe_device(dev.same_device_path(), path);
    if (!probe) return probe.error();
    return judge_device(*head, *probe, static_cast<unsigned>(sysconf(_SC_PAGESIZE)), false);
}

// The device judged with the boot's own rules (it may be the running system's swap), then named.
Expected<DeviceNames> judged_names(const std::string& path) {
    auto dev = BlockDevice::open_to_read(path);
    if (!dev) return dev.error();
    auto verdict = judged(*dev, path);
    if (!verdict) return verdict.error();
    const auto& v = *verdict;
    if (!v.may_format) return fail(Exit::refused, refusal_message(path, v));
    std::printf("%s holds %s: aeadswap formats it at every boot from the next one on\n", path.c_str(), v.what.c_str());
    auto blkid = probe_names(dev->same_device_path(), path);
    if (!blkid) return blkid.error();
    std::error_code ec;
    auto node = fs::canonical(path, ec);
    return DeviceNames{ec ? path : node.string(), links_to(dev->devnum()), blkid->uuid, blkid->label, blkid->partuuid,
                       blkid->partlabel};
}

void print_plan(const Plan& plan, const FileTexts& before) {
    auto old = [&](const std::string& p) {
        auto it = before.find(p);
        return it == before.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    for (const auto& [path, text] : plan.after) std::fputs(unified_diff(path, old(path), text).c_str(), stdout);
    for (const auto& path : plan.removed) std::fputs(unified_diff(path, old(path), std::nullopt).c_str(), stdout);
    for (const auto& cmd : plan.run) {
        std::string line;
        for (const auto& w : cmd) line += (line.empty() ? "" : " ") + w;
        std::printf("run: %s\n", line.c_str());
    }
    for (const auto& t : plan.todo) std::printf("then run yourself: %s\n", t.c_str());
    std::fflush(stdout);  // before the helper's own lines on stderr, when both go to one file
}

// Replaced whole (a new file beside it, then rename), keeping the old file's mode.
Status write_file(const std::string& path, const std::string& text) {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    struct stat st {};
    mode_t mode = stat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 0644;
    std::string tmp = path + ".aeadswap-new";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text;
        out.flush();
        if (!out) return fail(Exit::failure, "cannot write " + tmp);
    }
    if (chmod(tmp.c_str(), mode) != 0 || rename(tmp.c_str(), path.c_str()) != 0) {
        unlink(tmp.c_str());
        return fail(Exit::failure, "cannot replace " + path);
    }
    return {};
}

Status run_command(const std::vector<std::string>& cmd) {
    if (run_program(cmd) == 0) return {};
    return fail(Exit::failure, cmd[0] + " failed; the files are changed already: run it again by hand");
}

Status apply(const Plan& plan, const EnableOptions& o) {
    for (const auto& [path, text] : plan.after)
        if (auto st = write_file(in_root(o, path), text); !st) return st;
    for (const auto& path : plan.removed)
        if (unlink(in_root(o, path).c_str()) != 0 && errno != ENOENT) return fail(Exit::failure, "cannot remove " + path);
    for (const auto& cmd : plan.run) {
        if (o.root != "/") {
            std::printf("not run (another root): %s\n", cmd[0].c_str());
            continue;
        }
        if (auto st = run_command(cmd); !st) return st;
    }
    return {};
}

bool empty(const Plan& p) { return p.after.empty() && p.removed.empty() && p.run.empty(); }

Status need_root(const EnableOptions& o, const char* what) {
    if (o.dry_run || geteuid() == 0) return {};
    return fail(Exit::refused, std::string("aeadswap ") + what +
                                   " changes /etc and the boot configuration: run it as root (--dry-run shows the plan)");
}

// The old swap's UUID and label, from the fstab line enable turned off (UUID= or LABEL=).
std::pair<std::string, std::string> old_swap_names(const FileTexts& files) {
    std::string uuid, label;
    auto it = files.find("/etc/fstab");
    if (it == files.end()) return {uuid, label};
    std::istringstream in(it->second);
    for (std::string l; std::getline(in, l);) {
        if (l.rfind(kDisabledMark, 0) != 0) continue;
        std::istringstream f(l.substr(std::string(kDisabledMark).size()));
        std::string spec, mnt, type;
        if (!(f >> spec >> mnt >> type) || type != "swap") continue;
        if (spec.rfind("UUID=", 0) == 0) uuid = spec.substr(5);
        if (spec.rfind("LABEL=", 0) == 0) label = spec.substr(6);
    }
    return {uuid, label};
}

// A plain swap area again on `path`, only over aeadswap's own area (or zeros).
Status restore_plain_swap(const std::string& path, const std::string& uuid_text, const std::string& label) {
    auto dev = BlockDevice::open_exclusive(path);
    if (!dev) return dev.error();
    auto v = judged(*dev, path);
    if (!v) return v.error();
    if (v->content != Content::ours && v->content != Content::empty)
        return fail(Exit::refused, path + " holds " + v->what + " now, not aeadswap's area; left as it is");
    auto uuid = parse_uuid(uuid_text);
    std::array<uint8_t, 16> bytes{};
    if (uuid) bytes = *uuid;
    else if (getentropy(bytes.data(), bytes.size()) != 0)
        return fail(Exit::failure, "getentropy failed");
    if (!uuid) {
        bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);
        bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);
    }
    if (auto st = dev->write_zeros(kHeadBytes); !st) return st;
    auto page = make_swap_header(dev->size_bytes(), static_cast<unsigned>(sysconf(_SC_PAGESIZE)), bytes, label);
    if (auto st = dev->write_block(0, page); !st) return st;
    std::printf("%s is plain swap again%s\n", path.c_str(), uuid ? (" (UUID " + uuid_text + ")").c_str() : "");
    return {};
}

// Each entry's swap off and devices removed, then its partitions plain swap again.
Status undo_devices(const std::vector<std::string>& entries, const FileTexts& files) {
    auto cfg = parse_values(entries);
    auto [uuid, label] = old_swap_names(files);
    for (const auto& s : cfg.specs) {
        if (!s) return s.error();
        auto found = dm_find_uuid(crypt_uuid(s->name));
        if (!found) return found.error();
        if (*found && stop_devices({s->name}) != Exit::ok)
            return fail(Exit::refused, s->name + " is still on (the line above says why); nothing changed");
        bool one = cfg.specs.size() == 1 && !s->mirror;
        for (const auto& leg : device_specs(*s))
            if (auto st = restore_plain_swap(device_node(leg), one ? uuid : "", one ? label : ""); !st) return st;
    }
    return {};
}

}  // namespace

FileTexts read_config(const EnableOptions& o) {
    FileTexts files;
    for (const auto& p : config_paths())
        if (auto t = read_text(in_root(o, p))) files[p] = *t;
    for (const auto& d : config_dirs()) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(in_root(o, d), ec))
            if (e.is_regular_file())
                if (auto t = read_text(e.path().string())) files[d + e.path().filename().string()] = *t;
    }
    return files;
}

Exit enable_device(const std::string& device, const std::string& options, const EnableOptions& opts) {
    auto fail_with = [](const Error& e) {
        log_error(e.message);
        return e.code;
    };
    if (auto st = need_root(opts, "enable"); !st) return fail_with(st.error());
    auto names = judged_names(device);
    if (!names) return fail_with(names.error());
    auto files = read_config(opts);
    auto plan = plan_enable(*names, options, files, boot_setup(opts, files));
    if (!plan) return fail_with(plan.error());
    if (empty(*plan)) {
        std::printf("nothing to change: %s is enabled already\n", device.c_str());
        return Exit::ok;
    }
    print_plan(*plan, files);
    if (opts.dry_run) {
        std::printf("dry run: nothing changed\n");
        return Exit::ok;
    }
    if (auto st = apply(*plan, opts); !st) return fail_with(st.error());
    std::printf("done: reboot to have authenticated swap on %s (until then it stays as it is)\n", device.c_str());
    return Exit::ok;
}

Exit disable_all(const EnableOptions& opts) {
    auto fail_with = [](const Error& e) {
        log_error(e.message);
        return e.code;
    };
    if (auto st = need_root(opts, "disable"); !st) return fail_with(st.error());
    auto files = read_config(opts);
    auto entries = enabled_entries(files);
    auto plan = plan_disable(files, boot_setup(opts, files));
    if (entries.empty() && empty(plan)) {
        std::printf("nothing to undo: aeadswap enable changed nothing here\n");
        return Exit::ok;
    }
    print_plan(plan, files);
    for (const auto& e : entries) std::printf("%s: swap off, devices removed, plain swap again\n", e.c_str());
    if (opts.dry_run) {
        std::printf("dry run: nothing changed\n");
        return Exit::ok;
    }
    if (opts.root == "/")
        if (auto st = undo_devices(entries, files); !st) return fail_with(st.error());
    if (auto st = apply(plan, opts); !st) return fail_with(st.error());
    std::printf("done: swapon -a (or a reboot) puts the old swap back to use\n");
    return Exit::ok;
}

}  // namespace aeadswap
