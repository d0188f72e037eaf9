#include "test_hooks.h"

namespace aeadswap {

bool test_hook_no_keyring() { return false; }

}  // namespace aeadswap
