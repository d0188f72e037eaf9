// SPDX-License-Identifier: GPL-2.0-or-later
#include "drive_metadata_probe.h"

#include <climits>
#include <cstdlib>
#include <fstream>

namespace aeadswap {
namespace {

std::optional<std::string> first_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) return std::nullopt;
    return line;
}

unsigned number(const std::optional<std::string>& s) {
    return s ? static_cast<unsigned>(std::strtoul(s->c_str(), nullptr, 10)) : 0;
}

}  // namespace

DriveMetadata read_drive_metadata(DevNum dev) {
    char real[PATH_MAX];
    std::string link = "/sys/dev/block/" + dev.str();
    std::string dir = realpath(link.c_str(), real) ? real : link;
    if (first_line(dir + "/partition")) dir = dir.substr(0, dir.rfind('/'));
    DriveMetadata m;
    m.disk = dir.substr(dir.rfind('/') + 1);
    if (auto md = first_line(dir + "/metadata_bytes")) m.metadata_bytes = number(md);
    m.format = first_line(dir + "/integrity/format").value_or("");
    m.interval = number(first_line(dir + "/integrity/protection_interval_bytes"));
    return m;
}

}  // namespace aeadswap
