// SPDX-License-Identifier: GPL-2.0-or-later
#include "test_hooks.h"

namespace aeadswap {

bool test_hook_no_keyring() { return false; }
void test_hook_device_opened(const std::string&) {}
unsigned test_hook_drive_tag_bytes(unsigned tag_bytes) { return tag_bytes; }

bool test_hook_stop_after_zeroing() { return false; }

}  // namespace aeadswap
