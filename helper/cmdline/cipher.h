// SPDX-License-Identifier: GPL-2.0-or-later
// The AEAD ciphers the helper offers, with the sizes dm-crypt and dm-integrity need for each.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aeadswap {

struct Cipher {
    std::string name;             // as in cipher=, e.g. "aegis128"
    std::string capi;             // dm-crypt cipher spec, e.g. "capi:aegis128-random"
    unsigned key_bytes;           // key length the algorithm takes
    unsigned tag_bytes;           // dm-integrity tag per sector: IV + auth tag
    std::string proc_crypto;      // a name in /proc/crypto that proves the kernel offers it
    std::vector<std::string> modules;           // must load (or be built in)
    std::vector<std::string> optional_modules;  // faster implementations; absence is fine
    bool fips_allowed = false;  // the kernel's crypto self-test list allows it under fips=1 (crypto/testmgr.c)
};

const std::vector<Cipher>& all_ciphers();
std::optional<Cipher> find_cipher(std::string_view name);
const Cipher& default_cipher();

}  // namespace aeadswap
