// SPDX-License-Identifier: GPL-2.0-or-later
#include "status.h"

#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "block_device.h"
#include "boot_cmdline.h"
#include "cmdline.h"
#include "devmapper.h"
#include "dm_table.h"
#include "dm_table_parse.h"
#include "kernel_counts.h"
#include "kernel_log.h"
#include "kmsg_record.h"
#include "log.h"
#include "ram_disk.h"
#include "swap_area.h"
#include "swapoff_room.h"
#include "systemd_swap_unit.h"
#include "integrity_geometry.h"

namespace aeadswap {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The device swap is on: a crypt device, or a mirror's raid device (not their _dif or _legN below).
bool is_top_uuid(const std::string& uuid) {
    return uuid.rfind(kUuidPrefix, 0) == 0 && !ends_with(uuid, "_dif") && !ends_with(uuid, "_leg0") &&
           !ends_with(uuid, "_leg1");
}

unsigned count_records(const std::vector<std::string>& records, bool (*match)(std::string_view, std::string_view),
                       const std::string& kname) {
    return static_cast<unsigned>(
        std::count_if(records.begin(), records.end(), [&](const std::string& r) { return match(r, kname); }));
}

void fill_from_crypt(DeviceStatus& st, const DmTarget& t, DevNum& integrity) {
    auto c = parse_crypt_table(t.params);
    if (!c) return log_warning(st.name + ": " + c.error().message);
    st.cipher = c->cipher;
    st.key_in_keyring = c->key_in_keyring;
    integrity = c->device;
    st.size_bytes = t.length * 512;
    st.sector_size = c->sector_size;
    st.workqueues = c->workqueues;
    st.tag_bytes = c->tag_bytes;
}

void fill_from_integrity(DeviceStatus& st, const DmTarget& t) {
    auto i = parse_integrity_table(t.params);
    if (!i) return log_warning(st.name + ": " + i.error().message);
    st.backing = "/dev/" + kernel_name(i->device);
    st.tag_bytes = i->tag_bytes;
    st.mode = i->mode == "D" ? "D (direct, no journal)" : i->mode;
    if (i->tag_device) {
        st.tag_device = "/dev/" + kernel_name(*i->tag_device);
        st.tag_ram_bytes = tag_ram_bytes(t.length * 512, st.tag_bytes);
    }
}

// Cipher, key, size and the integrity device below, from a crypt device's tables.
void fill_from_stack(DeviceStatus& st, const std::string& crypt_name, DevNum& integrity) {
    if (auto crypt = dm_table(crypt_name)) fill_from_crypt(st, *crypt, integrity);
    if (auto t = dm_table(integrity_name(crypt_name))) fill_from_integrity(st, *t);
}

// One leg: `data` is its crypt device as the raid table names it ("-": missing since setup),
// `health` dm-raid's character for it (A in sync, D dead). Cipher and mode go into `mirror`.
LegStatus leg_status(DeviceStatus& mirror, unsigned i, const std::string& data, char health,
                     const std::vector<std::string>& records, KernelCounts& counts) {
    LegStatus leg{leg_name(mirror.name, i), "", "missing", 0, 0};
    if (data == "-") return leg;
    DeviceStatus one;
    one.name = leg.name;
    DevNum integrity;
    fill_from_stack(one, leg.name, integrity);
    std::string md_name = kernel_name(parse_devnum(data).value_or(DevNum{}));  // md names the leg by its crypt device
    leg.backing = one.backing;
    leg.state = health == 'A' ? "in_use" : health == 'D' ? "failed" : "syncing";
    if (count_records(records, is_kernel_md_failure, md_name) > 0) leg.state = "failed";
    leg.aead_errors = counts.aead[kernel_name(integrity)];
    leg.repairs = counts.repairs[md_name];
    if (mirror.cipher.empty()) {  // the legs share cipher, tag, mode and key storage
        one.size_bytes = mirror.size_bytes;
        one.name = mirror.name;
        one.node = mirror.node;
        mirror = one;
    }
    return leg;
}

// status: raid1 <#devs> <health> ...
void fill_mirror(DeviceStatus& st, const DmTarget& table, const std::vector<std::string>& records,
                 KernelCounts& counts) {
    auto data = parse_raid_legs(table.params);
    if (!data) return log_warning(st.name + ": " + data.error().message);
    auto status = dm_status(st.name);
    auto health = status ? table_words(status->params) : std::vector<std::string>{};
    std::string chars = health.size() > 2 ? health[2] : "";
    std::vector<LegStatus> legs;
    for (size_t i = 0; i < data->size(); ++i)
        legs.push_back(
            leg_status(st, static_cast<unsigned>(i), (*data)[i], i < chars.size() ? chars[i] : '?', records, counts));
    st.backing.clear();
    for (const auto& l : legs) {
        st.aead_errors += l.aead_errors;
        if (!l.backing.empty()) st.backing += (st.backing.empty() ? "" : " and ") + l.backing;
    }
    st.legs = std::move(legs);
}

}  // namespace

Expected<std::vector<DeviceStatus>> collect_status() {
    auto list = dm_list();
    if (!list) return list.error();
    auto records = KernelLog(KernelLog::From::boot).records();
    auto counts = kernel_counts(records);
    std::vector<DeviceStatus> out;
    for (const auto& d : *list) {
        if (!is_top_uuid(d.uuid)) continue;
        DeviceStatus st;
        st.name = d.name;
        st.node = "/dev/mapper/" + d.name;
        auto top = dm_table(d.name);
        if (!top) return top.error();
        if (top->type == "raid") {
            st.size_bytes = top->length * 512;
            fill_mirror(st, *top, records, counts);
        } else {
            DevNum integrity;
            fill_from_crypt(st, *top, integrity);
            if (auto t = dm_table(integrity_name(d.name))) {
                fill_from_integrity(st, *t);
            } else {  // tags=inline: the crypt table names the raw device itself
                st.tags_in_drive = true;
                st.backing = "/dev/" + kernel_name(integrity);
                st.mode = "none (dm-crypt on the drive's metadata)";
            }
            st.aead_errors = counts.aead[kernel_name(integrity)];
        }
        if (auto sw = find_active_swap(d.devnum)) {
            st.swap_active = true;
            st.swap_priority = sw->priority;
            st.swap_used_bytes = sw->used_kib * 1024;
            st.node = sw->path;
        }
        out.push_back(st);
    }
    return out;
}


namespace {

// The devices under a top device, top first: its integrity device, or a mirror's two legs with
// theirs (a leg missing since setup has none).
std::vector<std::string> stack_names(const std::string& top, const std::vector<DmDevice>& list) {
    std::vector<std::string> names = {top};
    for (const auto& below : {integrity_name(top), leg_name(top, 0), integrity_name(leg_name(top, 0)),
                              leg_name(top, 1), integrity_name(leg_name(top, 1))})
        if (std::any_of(list.begin(), list.end(), [&](const DmDevice& d) { return d.name == below; }))
            names.push_back(below);
    return names;
}

// EINVAL: the swap is no longer one swapoff(2) can take, because another swapoff has it (systemd's
// swap unit at shutdown). Its end is waited for, so that the devices are not removed under it.
Status turn_swap_off(const ActiveSwap& sw) {
    if (under_systemd_unit()) stop_swap_unit(sw.path);
    if (!find_active_swap(sw.devnum)) return {};
    if (swapoff(sw.path.c_str()) == 0) return {};
    int err = errno;
    if (err == EINVAL)
        for (int i = 0; i < 1200 && find_active_swap(sw.devnum); ++i) usleep(100000);
    if (err == EINVAL && !find_active_swap(sw.devnum)) return {};
    return fail(Exit::failure, "swapoff " + sw.path + " failed: " + std::strerror(err));
}

}  // namespace

Expected<StatusReport> collect_report() {
    auto devices = collect_status();
    if (!devices) return devices.error();
    StatusReport r{*devices, {}};
    auto line = read_boot_cmdline();
    if (!line) return r;
    auto cfg = parse_cmdline(*line);
    if (cfg.disabled) return r;
    for (const auto& s : cfg.specs)
        if (s && std::none_of(r.devices.begin(), r.devices.end(), [&](const DeviceStatus& d) { return d.name == s->name; }))
            r.not_active.push_back(s->name);
    return r;
}

Exit stop_devices(const std::vector<std::string>& names) {
    auto list = dm_list();
    if (!list) {
        log_error(list.error().message);
        return Exit::dm;
    }
    Exit result = Exit::ok;
    std::vector<std::string> wanted = names;
    for (const auto& d : *list) {
        if (!is_top_uuid(d.uuid)) continue;
        auto it = std::find(wanted.begin(), wanted.end(), d.name);
        if (!names.empty() && it == wanted.end()) continue;
        if (it != wanted.end()) wanted.erase(it);
        if (auto sw = find_active_swap(d.devnum)) {
            // At poweroff systemd turns the swap off whatever memory is left; only a stop asked
            // for while the system runs is refused.
            bool poweroff = under_systemd_unit() && system_stopping();
            auto mem = read_meminfo();
            if (auto room = swapoff_fits(d.name, sw->used_kib, mem.available_kib, mem.total_kib); !room && !poweroff) {
                log_error(room.error().message);
                result = result == Exit::ok ? Exit::refused : Exit::failure;
                continue;
            }
            if (auto off = turn_swap_off(*sw); !off) {
                log_error(d.name + ": " + off.error().message);
                result = Exit::failure;
                continue;
            }
        }
        // tags=ram: the RAM disk under the integrity device, released once the stack is gone.
        std::optional<DevNum> tags;
        if (auto integrity = dm_table(integrity_name(d.name)))
            if (auto t = parse_integrity_table(integrity->params)) tags = t->tag_device;
        bool removed = true;
        for (const auto& n : stack_names(d.name, *list)) {
            if (auto st = dm_remove(n); !st) {
                log_error(st.error().message);
                result = Exit::dm;
                removed = false;
                break;
            }
        }
        if (removed && tags) release_ram_disk(*tags);
        log_info(d.name + ": stopped");
    }
    for (const auto& n : wanted) {
        log_error(n + ": no such aeadswap device");
        result = Exit::usage;
    }
    return result;
}

Exit owns_device(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0 || !S_ISBLK(st.st_mode)) return Exit::failure;
    auto list = dm_list();
    if (!list) return Exit::failure;
    for (const auto& d : *list)
        if (d.devnum.major == major(st.st_rdev) && d.devnum.minor == minor(st.st_rdev) &&
            d.uuid.rfind(kUuidPrefix, 0) == 0)
            return Exit::ok;
    return Exit::failure;
}

}  // namespace aeadswap
