// SPDX-License-Identifier: GPL-2.0-or-later
#include "kmod_loader.h"

#include <libkmod.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <memory>

#include "log.h"

namespace aeadswap {
namespace {

struct CtxFree {
    void operator()(kmod_ctx* c) const { kmod_unref(c); }
};

void quiet(void*, int, const char*, int, const char*, const char*, va_list) {}

// 0 when at least one module behind `name` is live or built in, else a negative errno.
int load_one(kmod_ctx* ctx, const std::string& name) {
    kmod_list* list = nullptr;
    int r = kmod_module_new_from_lookup(ctx, name.c_str(), &list);
    if (r < 0) return r;
    if (!list) return -ENOENT;
    int result = -ENOENT;
    kmod_list* l = nullptr;
    kmod_list_foreach(l, list) {
        kmod_module* m = kmod_module_get_module(l);
        // No install commands: a static binary in an initramfs has no shell to run them with.
        r = kmod_module_get_initstate(m) == KMOD_MODULE_BUILTIN
                ? 0
                : kmod_module_probe_insert_module(
                      m, KMOD_PROBE_APPLY_BLACKLIST_ALIAS_ONLY | KMOD_PROBE_IGNORE_COMMAND, nullptr, nullptr,
                      nullptr, nullptr);
        if (r == 0 || result == -ENOENT) result = r > 0 ? -EPERM : r;
        kmod_module_unref(m);
    }
    kmod_module_unref_list(list);
    return result;
}

// Adds the modules behind `name`; false when nothing, not even a built-in one, matches.
bool lookup_one(kmod_ctx* ctx, const std::string& name, std::vector<std::string>& out) {
    kmod_list* list = nullptr;
    if (kmod_module_new_from_lookup(ctx, name.c_str(), &list) < 0 || !list) return false;
    kmod_list* l = nullptr;
    kmod_list_foreach(l, list) {
        kmod_module* m = kmod_module_get_module(l);
        std::string mod = kmod_module_get_name(m);
        if (kmod_module_get_path(m) && std::find(out.begin(), out.end(), mod) == out.end()) out.push_back(mod);
        kmod_module_unref(m);
    }
    kmod_module_unref_list(list);
    return true;
}

std::unique_ptr<kmod_ctx, CtxFree> running_kernel_ctx() {
    std::unique_ptr<kmod_ctx, CtxFree> ctx(kmod_new(nullptr, nullptr));
    if (!ctx) return ctx;
    kmod_set_log_fn(ctx.get(), quiet, nullptr);
    kmod_load_resources(ctx.get());
    return ctx;
}

struct ModFree {
    void operator()(kmod_module* m) const { kmod_module_unref(m); }
};

}  // namespace

Expected<ModuleState> module_state(const std::string& name) {
    auto ctx = running_kernel_ctx();
    if (!ctx) return fail(Exit::unsupported, "cannot open the kernel module index (is /lib/modules there?)");
    kmod_module* raw = nullptr;
    if (kmod_module_new_from_name(ctx.get(), name.c_str(), &raw) < 0) return ModuleState::missing;
    std::unique_ptr<kmod_module, ModFree> m(raw);
    int state = kmod_module_get_initstate(m.get());
    if (state == KMOD_MODULE_BUILTIN || state == KMOD_MODULE_LIVE || state == KMOD_MODULE_COMING)
        return ModuleState::loaded;
    return kmod_module_get_path(m.get()) ? ModuleState::available : ModuleState::missing;
}

Status load_module_with(const std::string& name, const std::string& options) {
    auto ctx = running_kernel_ctx();
    if (!ctx) return fail(Exit::unsupported, "cannot open the kernel module index (is /lib/modules there?)");
    kmod_module* raw = nullptr;
    if (kmod_module_new_from_name(ctx.get(), name.c_str(), &raw) < 0)
        return fail(Exit::unsupported, "cannot find kernel module " + name);
    std::unique_ptr<kmod_module, ModFree> m(raw);
    int r = kmod_module_probe_insert_module(m.get(), KMOD_PROBE_IGNORE_COMMAND | KMOD_PROBE_FAIL_ON_LOADED,
                                            options.c_str(), nullptr, nullptr, nullptr);
    if (r == -EEXIST)
        return fail(Exit::unsupported, "kernel module " + name + " is already loaded, with parameters set by "
                                           "whoever loaded it");
    if (r != 0)
        return fail(Exit::unsupported, "cannot load kernel module " + name + " (" + options + "): " +
                                           std::strerror(r < 0 ? -r : EPERM) + " (is it in the initramfs?)");
    return {};
}

Status unload_module(const std::string& name) {
    auto ctx = running_kernel_ctx();
    kmod_module* raw = nullptr;
    if (!ctx || kmod_module_new_from_name(ctx.get(), name.c_str(), &raw) < 0)
        return fail(Exit::failure, "cannot find kernel module " + name);
    std::unique_ptr<kmod_module, ModFree> m(raw);
    int r = kmod_module_remove_module(m.get(), KMOD_REMOVE_NOWAIT);
    if (r < 0) return fail(Exit::failure, "cannot unload " + name + ": " + std::strerror(-r));
    return {};
}

Expected<ModuleLookup> lookup_modules(const std::string& dir, const std::vector<std::string>& names) {
    std::unique_ptr<kmod_ctx, CtxFree> ctx(kmod_new(dir.c_str(), nullptr));
    if (!ctx || kmod_load_resources(ctx.get()) < 0)
        return fail(Exit::unsupported, "cannot read the module index in " + dir + " (has depmod run there?)");
    kmod_set_log_fn(ctx.get(), quiet, nullptr);
    ModuleLookup found;
    for (const auto& n : names)
        if (!lookup_one(ctx.get(), n, found.modules)) found.missing.push_back(n);
    return found;
}

Status load_modules(const std::vector<std::string>& required, const std::vector<std::string>& optional) {
    auto ctx = running_kernel_ctx();
    if (!ctx) return fail(Exit::unsupported, "cannot open the kernel module index (is /lib/modules there?)");
    for (const auto& m : required) {
        int r = load_one(ctx.get(), m);
        if (r < 0)
            return fail(Exit::unsupported, "cannot load kernel module " + m + ": " + std::strerror(-r) +
                                               " (is it in the initramfs?)");
        log_debug("module " + m + " is loaded");
    }
    for (const auto& m : optional) {
        int r = load_one(ctx.get(), m);
        log_debug("optional module " + m + (r == 0 ? " is loaded" : std::string(": ") + std::strerror(-r)));
    }
    return {};
}

}  // namespace aeadswap
