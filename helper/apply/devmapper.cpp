// SPDX-License-Identifier: GPL-2.0-or-later
#include "devmapper.h"

#include <libdevmapper.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <memory>
#include <optional>

#include "log.h"

namespace aeadswap {
namespace {

struct TaskFree {
    void operator()(dm_task* t) const { dm_task_destroy(t); }
};
using Task = std::unique_ptr<dm_task, TaskFree>;

std::string last_dm_message;

void dm_logger(int level, const char* file, int line, int, const char* fmt, ...) {
    (void)file;
    (void)line;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if ((level & 7) <= 3) last_dm_message = buf;  // _LOG_ERR and worse: keep for the error message
    log_debug(std::string("libdevmapper: ") + buf);
}

// Keep udev's probing off our devices. With udev sync (a dynamic build), udev makes the
// /dev/mapper link and libdm waits; without it, libdm makes the node and udev's dm rules stay out.
// `others`: also the rules of other packages, UDisks's among them, and dracut's and bcache-tools',
// which probe the device with libblkid (both of its ends: swap_area.h); lvm2's disk rules (blkid,
// the by-* links, the watch) and the dm subsystems' rules stay off either way.
uint16_t udev_flags(bool others = false) {
    uint16_t hide = DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG | DM_UDEV_DISABLE_DISK_RULES_FLAG;
    if (!others) hide |= DM_UDEV_DISABLE_OTHER_RULES_FLAG;
    return dm_udev_get_sync_support() ? (hide | DM_UDEV_DISABLE_LIBRARY_FALLBACK)
                                      : (hide | DM_UDEV_DISABLE_DM_RULES_FLAG);
}

Error dm_error(const std::string& what, dm_task* t) {
    int e = t ? dm_task_get_errno(t) : 0;
    std::string detail = !last_dm_message.empty() ? last_dm_message : (e ? std::strerror(e) : "unknown error");
    last_dm_message.clear();
    return fail(Exit::dm, what + ": " + detail + " (the kernel log may say more)");
}

// A task on one device by name; with udev flags for a task that makes a uevent (remove, resume),
// whose processing is waited for. A suspend makes none: a cookie would be waited for forever.
Status run_simple(int type, const std::string& name, const std::string& what, std::optional<uint16_t> flags) {
    Task t(dm_task_create(type));
    uint32_t cookie = 0;
    if (!t || !dm_task_set_name(t.get(), name.c_str()) ||
        (type == DM_DEVICE_REMOVE && !dm_task_retry_remove(t.get())) ||
        (flags && !dm_task_set_cookie(t.get(), &cookie, *flags)))
        return dm_error("cannot prepare to " + what + " " + name, t.get());
    bool ok = dm_task_run(t.get());
    Error e = ok ? Error{} : dm_error("cannot " + what + " device-mapper device " + name, t.get());
    if (flags) dm_udev_wait(cookie);
    if (!ok) return e;
    return {};
}

Expected<DmTarget> one_target(const std::string& name, int type) {
    Task t(dm_task_create(type));
    if (!t || !dm_task_set_name(t.get(), name.c_str()) || !dm_task_run(t.get()))
        return dm_error("cannot read device-mapper device " + name, t.get());
    dm_info info{};
    if (!dm_task_get_info(t.get(), &info) || !info.exists) return fail(Exit::dm, "no device-mapper device " + name);
    uint64_t start = 0, length = 0;
    char *ttype = nullptr, *params = nullptr;
    dm_get_next_target(t.get(), nullptr, &start, &length, &ttype, &params);
    if (!ttype) return fail(Exit::dm, name + " has no table");
    return DmTarget{length, ttype, params ? params : ""};
}

}  // namespace

void dm_init_logging() { dm_log_with_errno_init(dm_logger); }

Expected<DevNum> dm_create(const DmCreate& req) {
    Task t(dm_task_create(DM_DEVICE_CREATE));
    uint32_t cookie = 0;
    if (!t || !dm_task_set_name(t.get(), req.name.c_str()) || !dm_task_set_uuid(t.get(), req.uuid.c_str()) ||
        !dm_task_add_target(t.get(), 0, req.length, req.type.c_str(),
                            req.secret_params ? req.secret_params : req.params.c_str()) ||
        (req.secure && !dm_task_secure_data(t.get())) || !dm_task_set_cookie(t.get(), &cookie, udev_flags()))
        return dm_error("cannot prepare device-mapper device " + req.name, t.get());
    // CREATE with a table is create+load+resume in libdm, which removes the device again if the
    // load or resume fails.
    bool ok = dm_task_run(t.get());
    dm_info info{};
    ok = ok && dm_task_get_info(t.get(), &info) && info.exists;
    Error e = ok ? Error{} : dm_error("cannot create " + req.type + " device " + req.name, t.get());
    dm_udev_wait(cookie);  // always, even on failure: it completes the cookie and makes the nodes
    if (!ok) return e;
    return DevNum{static_cast<unsigned>(info.major), static_cast<unsigned>(info.minor)};
}

Status dm_remove(const std::string& name) { return run_simple(DM_DEVICE_REMOVE, name, "remove", udev_flags()); }

Status dm_reveal(const std::string& name) {
    std::string hidden = "; " + name + " stays hidden from UDisks and audits that ask it";
    if (auto st = run_simple(DM_DEVICE_SUSPEND, name, "suspend", std::nullopt); !st) {
        log_warning(st.error().message + hidden);
        return {};
    }
    auto resumed = run_simple(DM_DEVICE_RESUME, name, "resume", udev_flags(true));
    if (resumed) return {};
    // Left suspended, the device would hang every reader, swapon first: once more as created.
    if (auto again = run_simple(DM_DEVICE_RESUME, name, "resume", udev_flags()); !again)
        return fail(Exit::dm, again.error().message + "; it is suspended");
    log_warning(resumed.error().message + hidden);
    return {};
}

Expected<DmTarget> dm_table(const std::string& name) { return one_target(name, DM_DEVICE_TABLE); }
Expected<DmTarget> dm_status(const std::string& name) { return one_target(name, DM_DEVICE_STATUS); }

Expected<std::vector<DmDevice>> dm_list() {
    Task t(dm_task_create(DM_DEVICE_LIST));
    if (!t || !dm_task_run(t.get())) return dm_error("cannot list device-mapper devices", t.get());
    std::vector<DmDevice> out;
    dm_names* n = dm_task_get_names(t.get());
    if (!n || !n->dev) return out;
    for (;;) {
        DmDevice d{n->name, "", {static_cast<unsigned>(major(n->dev)), static_cast<unsigned>(minor(n->dev))}};
        Task info(dm_task_create(DM_DEVICE_INFO));
        if (info && dm_task_set_name(info.get(), n->name) && dm_task_run(info.get()))
            if (const char* u = dm_task_get_uuid(info.get())) d.uuid = u;
        out.push_back(d);
        if (!n->next) break;
        n = reinterpret_cast<dm_names*>(reinterpret_cast<char*>(n) + n->next);
    }
    return out;
}

Expected<std::optional<DevNum>> dm_find_uuid(const std::string& uuid) {
    // Not loaded (nor built in): nothing can be set up, and libdm would only log its failure.
    if (access("/sys/module/dm_mod", F_OK) != 0) return std::optional<DevNum>{};
    Task t(dm_task_create(DM_DEVICE_INFO));
    if (!t || !dm_task_set_uuid(t.get(), uuid.c_str()) || !dm_task_run(t.get()))
        return dm_error("cannot look up device-mapper UUID " + uuid, t.get());
    dm_info info{};
    if (!dm_task_get_info(t.get(), &info) || !info.exists) return std::optional<DevNum>{};
    return std::optional<DevNum>{DevNum{static_cast<unsigned>(info.major), static_cast<unsigned>(info.minor)}};
}

std::optional<std::string> lvm_volume_of(const std::string& dm_name) {
    struct PoolFree {
        void operator()(dm_pool* p) const { dm_pool_destroy(p); }
    };
    std::unique_ptr<dm_pool, PoolFree> mem(dm_pool_create("aeadswap", 256));
    char *vg = nullptr, *lv = nullptr, *layer = nullptr;
    if (!mem || !dm_split_lvm_name(mem.get(), dm_name.c_str(), &vg, &lv, &layer) || !*vg || !*lv || *layer)
        return std::nullopt;
    return std::string(vg) + "/" + lv;
}

Expected<std::vector<std::pair<std::string, std::vector<unsigned>>>> dm_target_versions() {
    Task t(dm_task_create(DM_DEVICE_LIST_VERSIONS));
    if (!t || !dm_task_run(t.get())) return dm_error("cannot list device-mapper targets", t.get());
    std::vector<std::pair<std::string, std::vector<unsigned>>> out;
    dm_versions* v = dm_task_get_versions(t.get());
    for (;;) {
        out.push_back({v->name, {v->version[0], v->version[1], v->version[2]}});
        if (!v->next) break;
        v = reinterpret_cast<dm_versions*>(reinterpret_cast<char*>(v) + v->next);
    }
    return out;
}

}  // namespace aeadswap
