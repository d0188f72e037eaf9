// SPDX-License-Identifier: GPL-2.0-or-later
#include "kmsg_record.h"

#include <charconv>
#include <string>

namespace aeadswap {

namespace {

// Whether a record of the kernel's own facility has `want` in its first line.
bool kernel_says(std::string_view record, const std::string& want) {
    size_t semi = record.find(';');
    if (semi == std::string_view::npos) return false;
    unsigned prio = 0;
    auto [end, ec] = std::from_chars(record.data(), record.data() + semi, prio);
    if (ec != std::errc() || end == record.data() || *end != ',' || (prio >> 3) != 0) return false;
    std::string_view message = record.substr(semi + 1);
    return message.substr(0, message.find('\n')).find(want) != std::string_view::npos;
}

}  // namespace

bool is_kernel_aead_error(std::string_view record, std::string_view kname) {
    // Not anchored: Debian's 6.1, 6.12 and 7.3 print it as "trusted_key: device-mapper: crypt: ..." (it
    // includes keys/trusted-type.h, whose pr_fmt wins).
    return kernel_says(record, "device-mapper: crypt: " + std::string(kname) + ": INTEGRITY AEAD ERROR");
}

bool is_kernel_md_repair(std::string_view record, std::string_view kname) {
    return kernel_says(record, "md/raid1:") && kernel_says(record, " on " + std::string(kname) + ")") &&
           kernel_says(record, ": read error corrected (");
}

std::optional<std::string> kernel_dm_table_error(std::string_view record) {
    if (!kernel_says(record, "device-mapper: table: ")) return std::nullopt;
    std::string_view message = record.substr(record.find(';') + 1);
    message = message.substr(0, message.find('\n'));
    return std::string(message.substr(message.find("device-mapper: table: ")));
}

bool is_kernel_md_failure(std::string_view record, std::string_view kname) {
    return kernel_says(record, "md/raid1:") && kernel_says(record, ": Disk failure on " + std::string(kname) + ",");
}

}  // namespace aeadswap
