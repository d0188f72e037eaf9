// SPDX-License-Identifier: GPL-2.0-or-later
#include <unistd.h>

#include <cstdlib>

#include "test_hooks.h"

namespace aeadswap {

bool test_hook_no_keyring() { return std::getenv("AEADSWAP_TEST_NO_KEYRING") != nullptr; }

void test_hook_device_opened(const std::string& path) {
    const char* to = std::getenv("AEADSWAP_TEST_RELINK_TO");
    if (!to) return;
    std::string tmp = path + ".relink";
    if (symlink(to, tmp.c_str()) == 0) rename(tmp.c_str(), path.c_str());
}

unsigned test_hook_drive_tag_bytes(unsigned tag_bytes) {
    const char* n = std::getenv("AEADSWAP_TEST_DRIVE_TAG_BYTES");
    return n ? static_cast<unsigned>(std::strtoul(n, nullptr, 10)) : tag_bytes;
}

bool test_hook_stop_after_zeroing() { return std::getenv("AEADSWAP_TEST_STOP_AFTER_ZEROING") != nullptr; }

}  // namespace aeadswap
