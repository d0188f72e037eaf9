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
#include "tag_ram_size.h"

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
    st.key_storage = c->key_in_keyring ? "kernel keyring (logon key, revoked after load)"
                                       : "in the table (hidden by secure-data ioctls)";
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

std::string json_str(const std::string& s) {
    std::string o = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') o += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        o += c;
    }
    return o + "\"";
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
    leg.aead_errors = static_cast<unsigned>(counts.aead[kernel_name(integrity)]);
    leg.repairs = static_cast<unsigned>(counts.repairs[md_name]);
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
            st.aead_errors = static_cast<unsigned>(counts.aead[kernel_name(integrity)]);
        }
        if (auto sw = find_active_swap(d.devnum)) {
            st.swap_active = true;
            st.swap_priority = sw->priority;
            st.swap_used_kib = sw->used_kib;
            st.node = sw->path;
        }
        out.push_back(st);
    }
    return out;
}

namespace {

std::string leg_state_text(const LegStatus& l) {
    if (l.state == "in_use") return "in use";
    if (l.state == "failed") return "FAILED: md stopped using it after read errors; the swap runs on the other leg";
    if (l.state == "missing") return "missing since setup (the mirror runs degraded)";
    return l.state;
}

std::string mirror_text(const DeviceStatus& d) {
    auto in_use = std::count_if(d.legs.begin(), d.legs.end(), [](const LegStatus& l) { return l.state == "in_use"; });
    std::ostringstream o;
    o << "  mirror:      dm-raid raid1, " << in_use << " of " << d.legs.size() << " legs in use"
      << (in_use < static_cast<long>(d.legs.size()) ? " (DEGRADED)" : "") << "\n";
    for (const auto& l : d.legs) {
        o << "  " << l.name << ": " << (l.backing.empty() ? "-" : l.backing) << ", " << leg_state_text(l);
        if (l.state != "missing") o << ", " << l.aead_errors << " AEAD errors, " << l.repairs << " repaired reads";
        o << "\n";
    }
    return o.str();
}

std::string legs_json(const DeviceStatus& d) {
    std::ostringstream o;
    o << "[";
    for (size_t i = 0; i < d.legs.size(); ++i) {
        const auto& l = d.legs[i];
        o << (i ? "," : "") << "{\"name\":" << json_str(l.name) << ",\"backing\":" << json_str(l.backing)
          << ",\"state\":" << json_str(l.state) << ",\"aead_errors\":" << l.aead_errors
          << ",\"repairs\":" << l.repairs << "}";
    }
    return o.str() + "]";
}

}  // namespace

std::string format_status_text(const std::vector<DeviceStatus>& devices) {
    std::ostringstream o;
    if (devices.empty()) o << "no aeadswap devices\n";
    for (const auto& d : devices) {
        o << d.name << ":\n"
          << "  device:      " << d.node << " (" << d.size_bytes / (1024 * 1024) << " MiB)\n"
          << "  backing:     " << d.backing << "\n";
        if (!d.legs.empty()) o << mirror_text(d);
        o << "  cipher:      " << d.cipher << ", tag " << d.tag_bytes << " bytes, sector " << d.sector_size << "\n"
          << "  integrity:   mode " << d.mode << "\n"
          << "  tags:        "
          << (d.tags_in_drive          ? "in the drive's per-block metadata of " + d.backing + ", written with the data"
              : d.tag_device.empty() ? std::string("on the disk, beside the data")
                                     : "in RAM, " + mib(d.tag_ram_bytes) + " on " + d.tag_device +
                                           " (the disk holds only ciphertext)")
          << "\n"
          << "  workqueues:  " << (d.workqueues ? "dm-crypt's kcryptd queues" : "off (inline)") << "\n"
          << "  key:         " << d.key_storage << "\n"
          << "  swap:        ";
        if (d.swap_active)
            o << "active, priority " << d.swap_priority << ", " << d.swap_used_kib << " KiB used\n";
        else
            o << "not active\n";
        o << "  AEAD errors: " << d.aead_errors << " since boot" << (d.legs.empty() ? "" : " (both legs)") << "\n";
    }
    return o.str();
}

std::string format_status_json(const std::vector<DeviceStatus>& devices) {
    std::ostringstream o;
    o << "[";
    for (size_t i = 0; i < devices.size(); ++i) {
        const auto& d = devices[i];
        o << (i ? "," : "") << "{\"name\":" << json_str(d.name) << ",\"device\":" << json_str(d.node)
          << ",\"backing\":" << json_str(d.backing) << ",\"size_bytes\":" << d.size_bytes
          << ",\"cipher\":" << json_str(d.cipher) << ",\"tag_bytes\":" << d.tag_bytes
          << ",\"sector_size\":" << d.sector_size
          << ",\"integrity_mode\":" << json_str(d.tags_in_drive ? "none" : d.mode.substr(0, 1))
          << ",\"tags\":" << (d.tags_in_drive ? "\"inline\"" : d.tag_device.empty() ? "\"disk\"" : "\"ram\"")
          << ",\"tag_device\":" << json_str(d.tag_device) << ",\"tag_ram_bytes\":" << d.tag_ram_bytes
          << ",\"crypt_workqueues\":" << (d.workqueues ? "true" : "false")
          << ",\"key_storage\":" << json_str(d.key_storage.substr(0, d.key_storage.find(' ')))
          << ",\"swap_active\":" << (d.swap_active ? "true" : "false") << ",\"swap_priority\":" << d.swap_priority
          << ",\"swap_used_kib\":" << d.swap_used_kib << ",\"aead_errors\":" << d.aead_errors
          << ",\"layout\":" << (d.legs.empty() ? "\"single\"" : "\"mirror\"") << ",\"legs\":" << legs_json(d) << "}";
    }
    o << "]\n";
    return o.str();
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
