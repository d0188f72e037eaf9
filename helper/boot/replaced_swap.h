// SPDX-License-Identifier: GPL-2.0-or-later
// The plain swap aeadswap formatted, by the names fstab, crypttab and resume settings give it (its
// UUID and label), kept so that the real root can say which of its lines still name it: systemd
// waits 90 s for such a fstab line at every boot, the initramfs 30 s for such a RESUME=. Said at
// the boot that formatted it and at every later one, until no line names it.
#pragma once

#include <string>

namespace aeadswap {

struct ReplacedSwap {
    std::string device, uuid, label;
};

// At the format: in the initramfs into /run/aeadswap (which it hands on to the root), in the
// root into /var/lib/aeadswap.
void remember_replaced_swap(const std::string& name, const ReplacedSwap& swap);

// In the real root: one warning for the entry while the root's files or the kernel command line
// still name the swap it replaced; the names kept in /var/lib/aeadswap until then.
void warn_leftover_references(const std::string& name);

}  // namespace aeadswap
