// SPDX-License-Identifier: GPL-2.0-or-later
#include "systemd_swap_unit.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "generator.h"

namespace aeadswap {
namespace {

// systemctl with ARGS; its first line of output, "" when it could not run.
std::string systemctl(const char* a, const char* b) {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return "";
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        execlp("systemctl", "systemctl", a, b, static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buf[256];
    for (ssize_t n; pid > 0 && (n = read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
    close(out[0]);
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    return text.substr(0, text.find('\n'));
}

}  // namespace

bool under_systemd_unit() { return std::getenv("INVOCATION_ID") && access("/run/systemd/system", F_OK) == 0; }

bool system_stopping() { return systemctl("is-system-running", nullptr) == "stopping"; }

void stop_swap_unit(const std::string& path) { systemctl("stop", (systemd_escape_path(path) + ".swap").c_str()); }

}  // namespace aeadswap
