// SPDX-License-Identifier: GPL-2.0-or-later
// Running another program and waiting for it: the boot tools enable runs, and systemctl.
#pragma once

#include <string>
#include <vector>

namespace aeadswap {

// Runs ARGV (ARGV[0] searched in PATH) and waits: its exit status, -1 when it could not be run or
// did not exit. Its standard output goes to *out when given, else where the helper's goes.
int run_program(const std::vector<std::string>& argv, std::string* out = nullptr);

}  // namespace aeadswap
