// SPDX-License-Identifier: GPL-2.0-or-later
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

// The tag size of the crypt table on a drive's metadata (tags=inline), made larger than the drive
// holds, so that the kernel refuses the table after sysfs said yes.
unsigned test_hook_drive_tag_bytes(unsigned tag_bytes);

// Stop a format right after the first block was zeroed, as a failed table load or a power loss
// there would: the next boot must still recognize the device.
bool test_hook_stop_after_zeroing();

}  // namespace aeadswap
