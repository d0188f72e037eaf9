#include <cstdlib>

#include "test_hooks.h"

namespace aeadswap {

bool test_hook_no_keyring() { return std::getenv("AEADSWAP_TEST_NO_KEYRING") != nullptr; }

}  // namespace aeadswap
