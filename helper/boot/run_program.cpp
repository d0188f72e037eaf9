// SPDX-License-Identifier: GPL-2.0-or-later
#include "run_program.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

namespace aeadswap {

int run_program(const std::vector<std::string>& argv, std::string* out) {
    int pipefd[2] = {-1, -1};
    if (out && pipe2(pipefd, O_CLOEXEC) != 0) return -1;
    std::fflush(stdout);  // what the helper printed comes first
    pid_t pid = fork();
    if (pid == 0) {
        if (out) dup2(pipefd[1], STDOUT_FILENO);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    if (out) {
        close(pipefd[1]);
        char buf[256];
        for (ssize_t n; pid > 0 && (n = read(pipefd[0], buf, sizeof buf)) > 0;) out->append(buf, static_cast<size_t>(n));
        close(pipefd[0]);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

}  // namespace aeadswap
