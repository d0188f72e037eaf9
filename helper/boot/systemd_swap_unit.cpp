// SPDX-License-Identifier: GPL-2.0-or-later
#include "systemd_swap_unit.h"

#include <unistd.h>

#include <cstdlib>

#include "generator.h"
#include "run_program.h"

namespace aeadswap {
namespace {

// systemctl's first line of output ("" when it could not run).
std::string systemctl(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"systemctl"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string out;
    run_program(argv, &out);
    return out.substr(0, out.find('\n'));
}

}  // namespace

bool under_systemd_unit() { return std::getenv("INVOCATION_ID") && access("/run/systemd/system", F_OK) == 0; }

bool system_stopping() { return systemctl({"is-system-running"}) == "stopping"; }

void stop_swap_unit(const std::string& path) { systemctl({"stop", systemd_escape_path(path) + ".swap"}); }

}  // namespace aeadswap
