// SPDX-License-Identifier: GPL-2.0-or-later
// The \xNN escaping that udev (link names) and systemd (unit names) both use; each keeps its own
// set of bytes as they are.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace aeadswap {

// Every byte of s for which keep(index, byte) is false becomes \xNN (two lowercase hex digits).
std::string hex_escape(std::string_view s, const std::function<bool(size_t, unsigned char)>& keep);

}  // namespace aeadswap
