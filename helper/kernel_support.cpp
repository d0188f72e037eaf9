#include "kernel_support.h"

#include <fstream>
#include <string>

#include "devmapper.h"
#include "kmod_loader.h"

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

}  // namespace

Status ensure_kernel_support(const Cipher& cipher) {
    std::vector<std::string> required = {"dm_mod", "dm_integrity", "dm_crypt"};
    required.insert(required.end(), cipher.modules.begin(), cipher.modules.end());
    if (auto st = load_modules(required, cipher.optional_modules); !st) return st;
    if (!proc_crypto_has(cipher.proc_crypto))
        return fail(Exit::unsupported, "the kernel does not offer " + cipher.proc_crypto +
                                           " (not in /proc/crypto; with fips=1 use cipher=gcm-aes)");
    return check_targets();
}

}  // namespace aeadswap
