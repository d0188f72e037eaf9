// What only the VM suite's build of the helper (aeadswap-testhooks, never installed) may do. The
// installed helper links test_hooks_off.cpp: no environment variable or boot parameter (which
// the kernel hands to init's environment) can reach these.
#pragma once

#include <string>

namespace aeadswap {

// Skip the kernel keyring and put the key in the table, as on kernels without keyring support.
bool test_hook_no_keyring();

// Right after the exclusive open of `path`, re-point that link at another device, as a by-* link
// udev changes at that moment would be: what is judged and formatted must stay the device opened.
void test_hook_device_opened(const std::string& path);

}  // namespace aeadswap
