// SPDX-License-Identifier: GPL-2.0-or-later
// The preflight: modules loaded, the cipher offered by the crypto API, the dm targets present.
#pragma once

#include <string>
#include <vector>

#include "cipher.h"
#include "result.h"

namespace aeadswap {

Status ensure_kernel_support(const Cipher& cipher);

// dm_mod, dm_integrity, dm_crypt: what every cipher needs.
const std::vector<std::string>& device_mapper_modules();

// dm-raid and md's raid1, after ensure_kernel_support: what mirror= needs besides.
Status ensure_mirror_support();
const std::vector<std::string>& mirror_modules();

// brd, what tags=ram needs (ram_disk.h loads it with its own parameters).
const std::vector<std::string>& tag_ram_modules();

// Every name ensure_kernel_support may load, for any cipher, required ones first: what an
// initramfs carries (aeadswap modules, which the dracut and mkinitcpio build hooks call).
std::vector<std::string> image_module_names();

}  // namespace aeadswap
