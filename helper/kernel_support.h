// The preflight: modules loaded, the cipher offered by the crypto API, the dm targets present.
#pragma once

#include "cipher.h"
#include "result.h"

namespace aeadswap {

Status ensure_kernel_support(const Cipher& cipher);

}  // namespace aeadswap
