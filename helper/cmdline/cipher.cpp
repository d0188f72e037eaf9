// SPDX-License-Identifier: GPL-2.0-or-later
#include "cipher.h"

namespace aeadswap {

// Under fips=1 the kernel offers only what crypto/testmgr.c marks fips_allowed: gcm(aes) is,
// aegis128 and rfc7539(chacha20,poly1305) are not.
// Sizes from crypto/aegis128-core.c, crypto/gcm.c, crypto/chacha20poly1305.c: the random IV is
// stored per sector beside the 16-byte auth tag, so the integrity tag is IV + 16.
const std::vector<Cipher>& all_ciphers() {
    static const std::vector<Cipher> ciphers = {
        {"aegis128", "capi:aegis128-random", 16, 32, "aegis128", {"aegis128"}, {"aegis128_aesni"}},
        // Templates are listed by their crypto-* aliases: the kernel would otherwise need a
        // usermode modprobe when the table is loaded, which an initramfs may not have. GHASH,
        // CTR and Poly1305 are optional: since 7.x the gcm and rfc7539 templates carry GHASH and
        // Poly1305 from the crypto library, and the crypto-ghash and crypto-poly1305 aliases are
        // gone (Debian's 7.3); the table load is the judge of what remains.
        {"gcm-aes", "capi:gcm(aes)-random", 32, 28, "aes", {"crypto-gcm", "crypto-aes"},
         {"crypto-ghash", "crypto-ctr", "aesni_intel"}, true},
        {"chacha20-poly1305", "capi:rfc7539(chacha20,poly1305)-random", 32, 28, "chacha20",
         {"crypto-rfc7539", "crypto-chacha20"}, {"crypto-poly1305"}},
    };
    return ciphers;
}

std::optional<Cipher> find_cipher(std::string_view name) {
    for (const auto& c : all_ciphers())
        if (c.name == name) return c;
    return std::nullopt;
}

const Cipher& default_cipher() { return all_ciphers().front(); }

}  // namespace aeadswap
