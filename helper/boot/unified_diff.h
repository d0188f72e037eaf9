// SPDX-License-Identifier: GPL-2.0-or-later
// A unified diff without context lines (diff -U0), which patch(1) applies: what aeadswap enable
// and disable print of each file they would change.
#pragma once

#include <optional>
#include <string>

namespace aeadswap {

// `before` or `after` absent: the file is created or deleted.
std::string unified_diff(const std::string& path, const std::optional<std::string>& before,
                         const std::optional<std::string>& after);

}  // namespace aeadswap
