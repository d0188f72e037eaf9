#include "status.h"

#include <fcntl.h>
#include <sys/swap.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "block_device.h"
#include "devmapper.h"
#include "dm_table.h"
#include "kmsg_record.h"
#include "log.h"
#include "swap_area.h"

namespace aeadswap {
namespace {

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> w;
    for (std::string x; in >> x;) w.push_back(x);
    return w;
}

bool is_crypt_uuid(const std::string& uuid) {
    return uuid.rfind(kUuidPrefix, 0) == 0 && uuid.size() > 4 && uuid.substr(uuid.size() - 4) != "_dif";
}

DevNum parse_devnum(const std::string& s) {
    DevNum d;
    std::sscanf(s.c_str(), "%u:%u", &d.major, &d.minor);
    return d;
}

// Counts "INTEGRITY AEAD ERROR" records that name `kname` in the kernel log ring since boot.
unsigned count_aead_errors(const std::string& kname) {
    int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return 0;
    unsigned n = 0;
    char buf[8192];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EPIPE) continue;  // overwritten records: skip on
        if (r <= 0) break;
        if (is_kernel_aead_error(std::string_view(buf, static_cast<size_t>(r)), kname)) ++n;
    }
    close(fd);
    return n;
}

// crypt params: <cipher> <key> <iv_offset> <dev> <start> <#opts> <opts...>
void fill_from_crypt(DeviceStatus& st, const DmTarget& t, DevNum& integrity) {
    auto w = words(t.params);
    if (w.size() < 5) return;
    st.cipher = w[0];
    st.key_storage = w[1].rfind(':', 0) == 0 && w[1].find(":logon:") != std::string::npos
                         ? "kernel keyring (logon key, revoked after load)"
                         : "in the table (hidden by secure-data ioctls)";
    integrity = parse_devnum(w[3]);
    st.size_bytes = t.length * 512;
    for (size_t i = 6; i < w.size(); ++i) {
        if (w[i].rfind("sector_size:", 0) == 0) st.sector_size = static_cast<unsigned>(std::stoul(w[i].substr(12)));
        if (w[i] == "no_write_workqueue") st.workqueues = false;
    }
}

// integrity params: <dev> <start> <tag> <mode> ...
void fill_from_integrity(DeviceStatus& st, const DmTarget& t) {
    auto w = words(t.params);
    if (w.size() < 4) return;
    st.backing = "/dev/" + kernel_name(parse_devnum(w[0]));
    st.tag_bytes = static_cast<unsigned>(std::stoul(w[2]));
    st.mode = w[3] == "D" ? "D (direct, no journal)" : w[3];
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

}  // namespace

Expected<std::vector<DeviceStatus>> collect_status() {
    auto list = dm_list();
    if (!list) return list.error();
    std::vector<DeviceStatus> out;
    for (const auto& d : *list) {
        if (!is_crypt_uuid(d.uuid)) continue;
        DeviceStatus st;
        st.name = d.name;
        st.node = "/dev/mapper/" + d.name;
        auto crypt = dm_table(d.name);
        if (!crypt) return crypt.error();
        DevNum integrity;
        fill_from_crypt(st, *crypt, integrity);
        if (auto t = dm_table(integrity_name(d.name))) fill_from_integrity(st, *t);
        if (auto sw = find_active_swap(d.devnum)) {
            st.swap_active = true;
            st.swap_priority = sw->priority;
            st.swap_used_kib = sw->used_kib;
            st.node = sw->path;
        }
        st.aead_errors = count_aead_errors(kernel_name(integrity));
        out.push_back(st);
    }
    return out;
}

std::string format_status_text(const std::vector<DeviceStatus>& devices) {
    std::ostringstream o;
    if (devices.empty()) o << "no aeadswap devices\n";
    for (const auto& d : devices) {
        o << d.name << ":\n"
          << "  device:      " << d.node << " (" << d.size_bytes / (1024 * 1024) << " MiB)\n"
          << "  backing:     " << d.backing << "\n"
          << "  cipher:      " << d.cipher << ", tag " << d.tag_bytes << " bytes, sector " << d.sector_size << "\n"
          << "  integrity:   mode " << d.mode << "\n"
          << "  workqueues:  " << (d.workqueues ? "dm-crypt's kcryptd queues" : "off (inline)") << "\n"
          << "  key:         " << d.key_storage << "\n"
          << "  swap:        ";
        if (d.swap_active)
            o << "active, priority " << d.swap_priority << ", " << d.swap_used_kib << " KiB used\n";
        else
            o << "not active\n";
        o << "  AEAD errors: " << d.aead_errors << " since boot\n";
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
          << ",\"sector_size\":" << d.sector_size << ",\"integrity_mode\":" << json_str(d.mode.substr(0, 1))
          << ",\"crypt_workqueues\":" << (d.workqueues ? "true" : "false")
          << ",\"key_storage\":" << json_str(d.key_storage.substr(0, d.key_storage.find(' ')))
          << ",\"swap_active\":" << (d.swap_active ? "true" : "false") << ",\"swap_priority\":" << d.swap_priority
          << ",\"swap_used_kib\":" << d.swap_used_kib << ",\"aead_errors\":" << d.aead_errors << "}";
    }
    o << "]\n";
    return o.str();
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
        if (!is_crypt_uuid(d.uuid)) continue;
        auto it = std::find(wanted.begin(), wanted.end(), d.name);
        if (!names.empty() && it == wanted.end()) continue;
        if (it != wanted.end()) wanted.erase(it);
        if (auto sw = find_active_swap(d.devnum); sw && swapoff(sw->path.c_str()) != 0) {
            log_error(d.name + ": swapoff " + sw->path + " failed: " + std::strerror(errno));
            result = Exit::failure;
            continue;
        }
        for (const auto& n : {d.name, integrity_name(d.name)}) {
            if (auto st = dm_remove(n); !st) {
                log_error(st.error().message);
                result = Exit::dm;
                break;
            }
        }
        log_info(d.name + ": stopped");
    }
    for (const auto& n : wanted) {
        log_error(n + ": no such aeadswap device");
        result = Exit::usage;
    }
    return result;
}

}  // namespace aeadswap
