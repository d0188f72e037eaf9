// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot_record.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace aeadswap {
namespace {

constexpr const char* kDir = "/run/aeadswap";

// Names are letters, digits, '_', '-' and '.', never leading '.' (cmdline.cpp): a file name.
std::string outcome_path(const std::string& name) { return std::string(kDir) + "/" + name + ".outcome"; }

void write_file(const std::string& path, const std::string& text) {
    mkdir(kDir, 0755);
    std::ofstream(path) << text << "\n";
}

}  // namespace

// systemd's own test is /etc/initrd-release, which dracut's shell images (--omit systemd) lack:
// they have /usr/lib/initrd-release only, which no installed system has.
bool in_initramfs() {
    return access("/etc/initrd-release", F_OK) == 0 || access("/usr/lib/initrd-release", F_OK) == 0;
}

void record_initramfs_ran() {
    if (in_initramfs()) write_file(std::string(kDir) + "/initramfs", "ran");
}

void record_outcome(const std::string& name, const Error& outcome) {
    if (in_initramfs())
        write_file(outcome_path(name), std::to_string(static_cast<int>(outcome.code)) + "\n" + outcome.message);
}

bool initramfs_ran() { return !in_initramfs() && access((std::string(kDir) + "/initramfs").c_str(), F_OK) == 0; }

std::optional<Error> initramfs_outcome(const std::string& name) {
    if (in_initramfs()) return std::nullopt;
    std::ifstream in(outcome_path(name));
    int code = -1;
    if (!(in >> code) || code < 0 || code > static_cast<int>(Exit::no_device)) return std::nullopt;
    std::string message;
    in >> std::ws;
    std::getline(in, message);
    return Error{static_cast<Exit>(code), message};
}

}  // namespace aeadswap
