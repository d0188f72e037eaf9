// SPDX-License-Identifier: GPL-2.0-or-later
#include "applier.h"

#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>

#include "devmapper.h"
#include "integrity_geometry.h"
#include "kernel_log.h"
#include "kernel_tunable.h"
#include "key.h"
#include "log.h"
#include "ram_disk.h"
#include "replaced_swap.h"
#include "swap_area.h"
#include "sysroot_dev.h"
#include "test_hooks.h"

namespace aeadswap {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string gib(uint64_t bytes) {
    std::ostringstream s;
    s.precision(bytes >= (10ull << 30) ? 0 : 1);
    s << std::fixed << static_cast<double>(bytes) / (1ull << 30) << " GiB";
    return s.str();
}

// One run of a plan's steps: what it made, by plan name, and the device-mapper devices to remove
// again, newest first, unless the swap came up.
class Run {
public:
    Run(const StartPlan& plan, ApplyContext& ctx) : plan_(plan), ctx_(ctx) {}
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;
    ~Run() {
        for (auto it = made_.rbegin(); it != made_.rend(); ++it)
            if (auto st = dm_remove(*it); !st) log_error(st.error().message);
    }
    Status run();
    bool refused_for_fallback() const { return refused_for_fallback_; }

private:
    Status step(const WriteStep& s);
    Status step(const RamDiskStep& s);
    Status step(const TableStep& s);
    Status step(const RevealStep& s) { return dm_reveal(s.name); }
    Status step(const TunableStep& s);
    Status step(const RememberStep& s);
    Status step(const StopStep& s) { return fail(Exit::failure, s.why); }
    Status step(const SwapOnStep& s);
    Expected<std::string> resolve(const std::string& params) const;
    Expected<DevNum> made(const std::string& name) const;
    const std::string& dev_dir();
    std::string node(const std::string& name, DevNum d);
    Expected<DevNum> create(const TableStep& s, const std::string& params);

    const StartPlan& plan_;
    ApplyContext& ctx_;
    std::map<std::string, DevNum> devices_;  // the plan's devices made so far
    std::vector<std::string> made_;          // device-mapper devices to remove on failure
    Clock::time_point mapped_ = Clock::now();
    bool refused_for_fallback_ = false;
    std::string dev_;  // dev_dir(), once known
};

Status Run::run() {
    for (const auto& s : plan_.steps)
        if (auto st = std::visit([this](const auto& x) { return step(x); }, s); !st) return st;
    made_.clear();
    return {};
}

Expected<DevNum> Run::made(const std::string& name) const {
    auto it = devices_.find(name);
    if (it == devices_.end()) return fail(Exit::failure, "the plan names " + name + " before making it (a bug in aeadswap)");
    return it->second;
}

// <NAME> -> the number the kernel gave the plan's device NAME; <key> stays for create().
Expected<std::string> Run::resolve(const std::string& params) const {
    std::string out;
    size_t at = 0;
    for (size_t open; (open = params.find('<', at)) != std::string::npos;) {
        size_t close = params.find('>', open);
        if (close == std::string::npos) break;
        std::string name = params.substr(open + 1, close - open - 1);
        out += params.substr(at, open - at);
        if (params.compare(open, close - open + 1, kKeyPlaceholder) == 0) {
            out += kKeyPlaceholder;
        } else {
            auto d = made(name);
            if (!d) return d.error();
            out += d->str();
        }
        at = close + 1;
    }
    return out + params.substr(at);
}

// The /dev a node is taken from: the new root's in a systemd initramfs (sysroot_dev.h), found
// once for the run (its writes and its swapon), with at most one warning.
const std::string& Run::dev_dir() {
    if (!dev_.empty()) return dev_;
    dev_ = "/dev";
    if (!ctx_.sysroot.empty()) {
        auto below = dev_below_sysroot(ctx_.sysroot);
        if (below)
            dev_ = *below;
        else
            log_warning(plan_.entry + ": " + below.error().message +
                        "; after switch-root the swap may show under a path that does not exist");
    }
    return dev_;
}

// The node swapon opens and the top device's ends are written through.
std::string Run::node(const std::string& name, DevNum d) {
    std::string mapper = dev_dir() + "/mapper/" + name;
    return access(mapper.c_str(), F_OK) == 0 ? mapper : dev_dir() + "/dm-" + std::to_string(d.minor);
}

Status Run::step(const WriteStep& s) {
    std::vector<uint8_t> bytes = s.data;
    bytes.resize(s.length, 0);
    if (s.fresh_uuid_at) {
        uint8_t* u = bytes.data() + *s.fresh_uuid_at;
        if (getrandom(u, 16, 0) != 16) return fail(Exit::failure, "getrandom failed");
        u[6] = static_cast<uint8_t>((u[6] & 0x0f) | 0x40);  // a version-4 UUID, as mkswap makes
        u[8] = static_cast<uint8_t>((u[8] & 0x3f) | 0x80);
    }
    if (!s.device.num) {
        auto d = made(s.device.name);
        if (!d) return d.error();
        return write_page_direct(node(s.device.name, *d), *d, bytes, s.offset);
    }
    for (const auto& h : ctx_.held) {
        if (h.devnum() != *s.device.num) continue;
        for (uint64_t off = 0; off < bytes.size(); off += kBlockSize)
            if (auto st = h.write_block(s.offset + off, {bytes.begin() + off, bytes.begin() + off + kBlockSize}); !st)
                return st;
        return {};
    }
    return write_page_direct(s.device.name, *s.device.num, bytes, s.offset);
}

Status Run::step(const RamDiskStep& s) {
    auto disk = ctx_.ram.take(s.bytes);
    if (!disk) return fail(disk.error().code, plan_.entry + ": " + disk.error().message);
    log_info(plan_.entry + ": tags in RAM: " + mib(s.bytes) + " on /dev/" + kernel_name(*disk) + ", allocated");
    devices_[s.name] = *disk;
    return {};
}

// With a key: a fresh one, through the kernel keyring; where the kernel has none, in the table
// (hidden by secure-data ioctls), built in locked memory.
Expected<DevNum> Run::create(const TableStep& s, const std::string& params) {
    DmCreate req{s.name, s.uuid, s.target, params, s.sectors, s.key_bytes > 0};
    size_t at = params.find(kKeyPlaceholder);
    if (s.key_bytes == 0 || at == std::string::npos) return dm_create(req);
    std::string before = params.substr(0, at), after = params.substr(at + std::strlen(kKeyPlaceholder));
    auto key = random_key(s.key_bytes);
    if (!key) return key.error();
    // Only aeadswap-testhooks, a build for the VM suite, can skip the keyring (test_hooks.h).
    auto kkey = test_hook_no_keyring() ? Expected<KernelKey>(fail(Exit::unsupported, "keyring disabled for a test"))
                                       : KernelKey::add("aeadswap:" + s.name, *key);
    if (kkey) {
        req.params = before + kkey->table_spec() + after;
        return dm_create(req);  // kkey is revoked when it goes out of scope, after the load
    }
    log_warning(kkey.error().message + "; passing the key in the table instead (hidden by secure-data ioctls)");
    // libdevmapper copies the table into its own heap buffers (wiped, with secure data, when freed).
    if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
        return fail(Exit::failure, std::string("cannot lock the helper's memory for a key in the table (") +
                                       std::strerror(errno) + "); no swap without a kernel keyring");
    auto line = hex_key_between(before, *key, after);
    if (!line) return line.error();
    req.params.clear();
    req.secret_params = reinterpret_cast<const char*>(line->data());
    return dm_create(req);
}

Status Run::step(const TableStep& s) {
    auto params = resolve(s.params);
    if (!params) return params.error();
    // dm claims the devices this table names: the helper lets go of them first.
    ctx_.held.remove_if([&](const BlockDevice& h) {
        return (" " + *params + " ").find(" " + h.devnum().str() + " ") != std::string::npos;
    });
    KernelLog kmsg(KernelLog::From::now);
    auto made_now = create(s, *params);
    if (!made_now) {
        refused_for_fallback_ = s.fallback_on_refusal;
        return fail(made_now.error().code, kmsg.dm_table_errors(made_now.error().message));
    }
    if (s.kind == TableStep::Kind::create) {
        made_.push_back(s.name);
        devices_[s.name] = *made_now;
        mapped_ = Clock::now();
        if (!s.done.empty()) log_info(s.done);
        return {};
    }
    // A format: the kernel wrote the superblock; its status says what it provides
    // ("<mismatches> <provided_data_sectors> <recalc>").
    auto status = dm_status(s.name);
    auto removed = dm_remove(s.name);
    if (!status) return status.error();
    if (!removed) return removed.error();
    std::istringstream in(status->params);
    uint64_t mismatches = 0, provided = 0;
    if (!(in >> mismatches >> provided))
        return fail(Exit::dm, "cannot read dm-integrity's status after the format ('" + status->params + "')");
    provided = provided / 8 * 8;
    if (provided < s.provides)
        return fail(Exit::dm, plan_.entry + ": dm-integrity provides " + std::to_string(provided) +
                                  " sectors where the plan counted " + std::to_string(s.provides) +
                                  " (its arithmetic differs from this kernel's: please report it); no swap on it");
    if (provided > s.provides)
        log_warning(plan_.entry + ": dm-integrity provides " + std::to_string(provided) + " sectors; the plan uses " +
                    std::to_string(s.provides) + " of them (its arithmetic differs from this kernel's: please report it)");
    return {};
}

Status Run::step(const TunableStep& s) {
    if (!sysctl_write(s.path.c_str(), s.value))
        log_warning(s.failed);
    else
        log(Level::notice, s.done);
    return {};
}

Status Run::step(const RememberStep& s) {
    remember_replaced_swap(s.entry, {s.device, s.uuid, s.label});
    return {};
}

Status Run::step(const SwapOnStep& s) {
    auto d = made(s.name);
    if (!d) return d.error();
    std::string path = node(s.name, *d);
    if (auto st = swap_on(path, s.priority); !st) return st;
    // swapon's share grows with the size (the kernel allocates ~3 bytes per page); ours does not.
    char took[96];
    std::snprintf(took, sizeof took, "%.2f s (mappings ready after %.2f s, then swapon)", seconds_since(ctx_.t0),
                  std::chrono::duration<double>(mapped_ - ctx_.t0).count());
    // What the root sees after switch-root, not the new root's mount point.
    const auto& root = ctx_.sysroot;
    std::string shown = !root.empty() && path.rfind(root + "/dev/", 0) == 0 ? path.substr(root.size()) : path;
    log(Level::notice, plan_.entry + ": swap on " + shown + " (" + gib(s.bytes) + ", " + s.what + ") in " + took);
    return {};
}

}  // namespace

Expected<bool> apply_plan(const StartPlan& plan, ApplyContext& ctx) {
    Status st;
    bool fall_back = false;
    {
        Run run(plan, ctx);
        st = run.run();
        fall_back = !st && run.refused_for_fallback() && !plan.fallback.empty();
    }  // what it made is removed before the fallback starts
    if (!fall_back) return st ? Expected<bool>(false) : Expected<bool>(st.error());
    std::string note = plan.fallback_note;
    if (auto at = note.find(kReasonPlaceholder); at != std::string::npos)
        note.replace(at, std::strlen(kReasonPlaceholder), st.error().message);
    log_warning(note);
    Run again(plan.fallback.front(), ctx);
    if (auto done = again.run(); !done) return done.error();
    return true;
}

}  // namespace aeadswap
