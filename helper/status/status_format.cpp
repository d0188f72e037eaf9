// SPDX-License-Identifier: GPL-2.0-or-later
#include "status_format.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "integrity_geometry.h"

namespace aeadswap {
namespace {

bool degraded(const DeviceStatus& d) {
    return std::any_of(d.legs.begin(), d.legs.end(), [](const LegStatus& l) { return l.state != "in_use"; });
}

long legs_in_use(const DeviceStatus& d) {
    return std::count_if(d.legs.begin(), d.legs.end(), [](const LegStatus& l) { return l.state == "in_use"; });
}

const char* health_word(Exit e) {
    switch (e) {
        case Exit::not_active: return "not_active";
        case Exit::aead_errors: return "aead_errors";
        case Exit::degraded: return "degraded";
        default: return "ok";
    }
}

std::string leg_state_text(const LegStatus& l) {
    if (l.state == "in_use") return "in use";
    if (l.state == "failed") return "FAILED: md stopped using it after read errors; the swap runs on the other leg";
    if (l.state == "missing") return "missing since setup (the mirror runs degraded)";
    return l.state;
}

std::string mirror_text(const DeviceStatus& d) {
    std::ostringstream o;
    o << "  mirror:      dm-raid raid1, " << legs_in_use(d) << " of " << d.legs.size() << " legs in use"
      << (degraded(d) ? " (DEGRADED)" : "") << "\n";
    for (const auto& l : d.legs) {
        o << "  " << l.name << ": " << (l.backing.empty() ? "-" : l.backing) << ", " << leg_state_text(l);
        if (l.state != "missing") o << ", " << l.aead_errors << " AEAD errors, " << l.repairs << " repaired reads";
        o << "\n";
    }
    return o.str();
}

std::string tags_text(const DeviceStatus& d) {
    if (d.tags_in_drive) return "in the drive's per-block metadata of " + d.backing + ", written with the data";
    if (d.tag_device.empty()) return "on the disk, beside the data";
    return "in RAM, " + mib(d.tag_ram_bytes) + " on " + d.tag_device + " (the disk holds only ciphertext)";
}

std::string device_text(const DeviceStatus& d) {
    std::ostringstream o;
    o << d.name << ":\n"
      << "  device:      " << d.node << " (" << d.size_bytes / (1024 * 1024) << " MiB)\n"
      << "  backing:     " << d.backing << "\n";
    if (!d.legs.empty()) o << mirror_text(d);
    o << "  cipher:      " << d.cipher << ", tag " << d.tag_bytes << " bytes, sector " << d.sector_size << "\n"
      << "  integrity:   mode " << d.mode << "\n"
      << "  tags:        " << tags_text(d) << "\n"
      << "  workqueues:  " << (d.workqueues ? "dm-crypt's kcryptd queues" : "off (inline)") << "\n"
      << "  key:         "
      << (d.key_in_keyring ? "kernel keyring (logon key, revoked after load)"
                           : "in the table (hidden by secure-data ioctls)")
      << "\n"
      << "  swap:        ";
    if (d.swap_active)
        o << "active, priority " << d.swap_priority << ", " << d.swap_used_bytes / 1024 << " KiB used\n";
    else
        o << "not active\n";
    o << "  AEAD errors: " << d.aead_errors << " since boot" << (d.legs.empty() ? "" : " (both legs)") << "\n";
    return o.str();
}

std::string legs_json(const DeviceStatus& d) {
    std::ostringstream o;
    o << "[";
    for (size_t i = 0; i < d.legs.size(); ++i) {
        const auto& l = d.legs[i];
        o << (i ? "," : "") << "{\"name\":" << json_str(l.name) << ",\"backing\":" << json_str(l.backing)
          << ",\"state\":" << json_str(l.state) << ",\"aead_errors\":" << l.aead_errors
          << ",\"repaired_reads\":" << l.repairs << "}";
    }
    return o.str() + "]";
}

std::string device_json(const DeviceStatus& d) {
    std::ostringstream o;
    o << "{\"name\":" << json_str(d.name) << ",\"device\":" << json_str(d.node) << ",\"backing\":" << json_str(d.backing)
      << ",\"size_bytes\":" << d.size_bytes << ",\"cipher\":" << json_str(d.cipher) << ",\"tag_bytes\":" << d.tag_bytes
      << ",\"sector_size\":" << d.sector_size
      << ",\"integrity_mode\":" << json_str(d.tags_in_drive ? "none" : d.mode.substr(0, 1))
      << ",\"tags\":" << (d.tags_in_drive ? "\"inline\"" : d.tag_device.empty() ? "\"disk\"" : "\"ram\"")
      << ",\"tag_device\":" << (d.tag_device.empty() ? "null" : json_str(d.tag_device))
      << ",\"tag_ram_bytes\":" << d.tag_ram_bytes << ",\"crypt_workqueues\":" << (d.workqueues ? "true" : "false")
      << ",\"key_storage\":" << (d.key_in_keyring ? "\"keyring\"" : "\"table\"")
      << ",\"swap_active\":" << (d.swap_active ? "true" : "false") << ",\"swap_priority\":" << d.swap_priority
      << ",\"swap_used_bytes\":" << d.swap_used_bytes << ",\"aead_errors\":" << d.aead_errors
      << ",\"layout\":" << (d.legs.empty() ? "\"single\"" : "\"mirror\"") << ",\"degraded\":"
      << (degraded(d) ? "true" : "false") << ",\"legs\":" << legs_json(d) << "}";
    return o.str();
}

// One metric family: HELP, TYPE, then its samples.
void family(std::ostringstream& o, const std::string& name, const char* type, const char* help,
            const std::vector<std::pair<std::string, uint64_t>>& samples) {
    o << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
    for (const auto& [labels, value] : samples) o << name << "{" << labels << "} " << value << "\n";
}

std::string label(const std::string& name) { return "name=\"" + name + "\""; }

}  // namespace

std::string json_str(const std::string& s) {
    std::string o = "\"";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') o += '\\';
        if (u < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", u);
            o += esc;
            continue;
        }
        o += c;
    }
    return o + "\"";
}

Exit status_health(const StatusReport& r) {
    bool inactive = !r.not_active.empty();
    bool aead = false, deg = false;
    for (const auto& d : r.devices) {
        inactive = inactive || !d.swap_active;
        aead = aead || d.aead_errors > 0;
        deg = deg || degraded(d);
    }
    return inactive ? Exit::not_active : aead ? Exit::aead_errors : deg ? Exit::degraded : Exit::ok;
}

std::string format_status_text(const StatusReport& r) {
    std::string o;
    if (r.devices.empty() && r.not_active.empty()) o = "no aeadswap devices\n";
    for (const auto& d : r.devices) o += device_text(d);
    for (const auto& n : r.not_active)
        o += n + ":\n  swap:        not active (configured on the kernel command line; no device)\n";
    return o;
}

std::string format_status_json(const StatusReport& r) {
    std::ostringstream o;
    Exit health = status_health(r);
    o << "{\"schema\":1,\"devices\":[";
    for (size_t i = 0; i < r.devices.size(); ++i) o << (i ? "," : "") << device_json(r.devices[i]);
    o << "],\"not_active\":[";
    for (size_t i = 0; i < r.not_active.size(); ++i) o << (i ? "," : "") << json_str(r.not_active[i]);
    o << "],\"health\":\"" << health_word(health) << "\",\"check_exit_status\":" << static_cast<int>(health) << "}\n";
    return o.str();
}

std::string format_status_json_error(const Error& e) {
    return "{\"schema\":1,\"error\":" + json_str(e.message) + ",\"exit_status\":" +
           std::to_string(static_cast<int>(e.code)) + "}\n";
}

std::string format_status_prometheus(const StatusReport& r) {
    std::vector<std::pair<std::string, uint64_t>> active, size, used, aead, legs, in_use, leg_aead, repairs;
    for (const auto& d : r.devices) {
        auto n = label(d.name);
        active.emplace_back(n, d.swap_active ? 1 : 0);
        size.emplace_back(n, d.size_bytes);
        used.emplace_back(n, d.swap_used_bytes);
        aead.emplace_back(n, d.aead_errors);
        if (d.legs.empty()) continue;
        legs.emplace_back(n, d.legs.size());
        in_use.emplace_back(n, static_cast<uint64_t>(legs_in_use(d)));
        for (const auto& l : d.legs) {
            leg_aead.emplace_back(n + ",leg=\"" + l.name + "\"", l.aead_errors);
            repairs.emplace_back(n + ",leg=\"" + l.name + "\"", l.repairs);
        }
    }
    for (const auto& n : r.not_active) active.emplace_back(label(n), 0);
    std::ostringstream o;
    family(o, "aeadswap_swap_active", "gauge",
           "1 when the aeadswap device's swap is on; 0 for one that is not, or an aeadswap= entry with no device.",
           active);
    family(o, "aeadswap_size_bytes", "gauge", "Size of the aeadswap device.", size);
    family(o, "aeadswap_swap_used_bytes", "gauge", "Swap in use on the aeadswap device.", used);
    family(o, "aeadswap_aead_errors_total", "counter",
           "INTEGRITY AEAD ERROR lines dm-crypt logged for the device since boot (all legs; a lower bound).", aead);
    family(o, "aeadswap_mirror_legs", "gauge", "Legs of a mirror.", legs);
    family(o, "aeadswap_mirror_legs_in_use", "gauge", "Legs of a mirror md is using; fewer than the legs: degraded.",
           in_use);
    family(o, "aeadswap_leg_aead_errors_total", "counter", "INTEGRITY AEAD ERROR lines for one leg since boot.",
           leg_aead);
    family(o, "aeadswap_leg_repaired_reads_total", "counter",
           "Reads md repaired on one leg from the other since boot.", repairs);
    return o.str();
}

}  // namespace aeadswap
