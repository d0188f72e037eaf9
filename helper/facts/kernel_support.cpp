// SPDX-License-Identifier: GPL-2.0-or-later
#include "kernel_support.h"

#include <fstream>
#include <string>

#include "devmapper.h"
#include "kmod_loader.h"
#include "ram_disk.h"

namespace aeadswap {
namespace {

bool proc_crypto_has(const std::string& name) {
    std::ifstream in("/proc/crypto");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("name", 0) != 0) continue;
        auto colon = line.find(':');
        if (colon != std::string::npos && line.substr(colon + 2) == name) return true;
    }
    return false;
}

bool fips_mode() {
    std::ifstream in("/proc/sys/crypto/fips_enabled");
    int on = 0;
    return in >> on && on != 0;
}

// Before any module is loaded: under fips=1 the table load would fail with a bare ENOENT.
Status check_fips(const Cipher& cipher) {
    if (cipher.fips_allowed || !fips_mode()) return {};
    std::string allowed;
    for (const auto& c : all_ciphers())
        if (c.fips_allowed) allowed += (allowed.empty() ? "" : " or ") + ("cipher=" + c.name);
    return fail(Exit::unsupported, "the kernel runs in FIPS mode (fips=1), which does not allow " + cipher.name +
                                       "; use " + allowed);
}

Status check_targets() {
    auto versions = dm_target_versions();
    if (!versions) return fail(Exit::unsupported, versions.error().message);
    // crypt 1.17 brought capi:, sector_size and integrity:; integrity 1.0 is the first.
    bool crypt = false, integrity = false;
    for (const auto& [name, v] : *versions) {
        if (name == "crypt") crypt = v[0] > 1 || (v[0] == 1 && v[1] >= 17);
        if (name == "integrity") integrity = true;
    }
    if (!crypt) return fail(Exit::unsupported, "the kernel's dm-crypt target is missing or older than 1.17");
    if (!integrity) return fail(Exit::unsupported, "the kernel has no dm-integrity target");
    return {};
}

Status check_raid_target() {
    auto versions = dm_target_versions();
    if (!versions) return fail(Exit::unsupported, versions.error().message);
    for (const auto& [name, v] : *versions)
        if (name == "raid") return {};
    return fail(Exit::unsupported, "the kernel has no dm-raid target, which mirror= needs");
}

}  // namespace

const std::vector<std::string>& device_mapper_modules() {
    static const std::vector<std::string> names = {"dm_mod", "dm_integrity", "dm_crypt"};
    return names;
}

const std::vector<std::string>& mirror_modules() {
    // dm-raid drives md's raid1 personality, which md would otherwise ask modprobe for.
    static const std::vector<std::string> names = {"dm_raid", "raid1"};
    return names;
}

const std::vector<std::string>& tag_ram_modules() {
    static const std::vector<std::string> names = {kRamDiskModule};
    return names;
}

std::vector<std::string> image_module_names() {
    std::vector<std::string> names = device_mapper_modules();
    names.insert(names.end(), mirror_modules().begin(), mirror_modules().end());
    names.insert(names.end(), tag_ram_modules().begin(), tag_ram_modules().end());
    for (const auto& c : all_ciphers()) names.insert(names.end(), c.modules.begin(), c.modules.end());
    for (const auto& c : all_ciphers())
        names.insert(names.end(), c.optional_modules.begin(), c.optional_modules.end());
    return names;
}

Status ensure_kernel_support(const Cipher& cipher) {
    if (auto st = check_fips(cipher); !st) return st;
    std::vector<std::string> required = device_mapper_modules();
    required.insert(required.end(), cipher.modules.begin(), cipher.modules.end());
    if (auto st = load_modules(required, cipher.optional_modules); !st) return st;
    if (!proc_crypto_has(cipher.proc_crypto))
        return fail(Exit::unsupported, "the kernel does not offer " + cipher.proc_crypto +
                                           " (it is not in /proc/crypto)");
    return check_targets();
}

Status ensure_mirror_support() {
    if (auto st = load_modules(mirror_modules(), {}); !st) return st;
    return check_raid_target();
}

}  // namespace aeadswap
