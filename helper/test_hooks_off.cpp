#include "test_hooks.h"

namespace aeadswap {

bool test_hook_no_keyring() { return false; }
void test_hook_device_opened(const std::string&) {}

}  // namespace aeadswap
