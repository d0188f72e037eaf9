// What only the VM suite's build of the helper (aeadswap-testhooks, never installed) may do. The
// installed helper links test_hooks_off.cpp: no environment variable or boot parameter (which
// the kernel hands to init's environment) can reach these.
#pragma once

namespace aeadswap {

// Skip the kernel keyring and put the key in the table, as on kernels without keyring support.
bool test_hook_no_keyring();

}  // namespace aeadswap
