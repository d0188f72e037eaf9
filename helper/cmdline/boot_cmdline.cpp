// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot_cmdline.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "boot_record.h"

namespace aeadswap {
namespace {

namespace fs = std::filesystem;

// getcmdline's glob, /etc/cmdline.d/*.conf, in the shell's (byte) order.
std::vector<std::string> cmdline_d_files() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/etc/cmdline.d", ec))
        if (e.path().extension() == ".conf") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

Expected<std::string> read_cmdline_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return fail(Exit::usage, "cannot read " + path);
    std::string out;
    for (std::string line; std::getline(in, line);) out += line + " ";
    return out;
}

Expected<std::string> read_boot_cmdline() {
    std::string line;
    if (in_initramfs()) {
        auto files = cmdline_d_files();
        if (fs::exists("/etc/cmdline")) files.push_back("/etc/cmdline");
        for (const auto& f : files)
            if (auto words = read_cmdline_file(f)) line += *words;
    }
    // systemd's own override of /proc/cmdline, for its generators' tests and for containers.
    if (const char* env = std::getenv("SYSTEMD_PROC_CMDLINE")) return line + env;
    auto proc = read_cmdline_file("/proc/cmdline");
    if (!proc) return proc.error();
    return line + *proc;
}

}  // namespace aeadswap
