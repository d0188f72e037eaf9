// SPDX-License-Identifier: GPL-2.0-or-later
#include "kmsg_record.h"

#include <charconv>
#include <cstdint>
#include <string>

namespace aeadswap {

namespace {

// The first line of a record of the kernel's own facility; none for anything else.
std::optional<std::string_view> kernel_message(std::string_view record) {
    size_t semi = record.find(';');
    if (semi == std::string_view::npos) return std::nullopt;
    unsigned prio = 0;
    auto [end, ec] = std::from_chars(record.data(), record.data() + semi, prio);
    if (ec != std::errc() || end == record.data() || *end != ',' || (prio >> 3) != 0) return std::nullopt;
    std::string_view message = record.substr(semi + 1);
    return message.substr(0, message.find('\n'));
}

// Whether a record of the kernel's own facility has `want` in its first line.
bool kernel_says(std::string_view record, const std::string& want) {
    auto m = kernel_message(record);
    return m && m->find(want) != std::string_view::npos;
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<uint64_t> record_seq(std::string_view record) {
    size_t comma = record.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    uint64_t seq = 0;
    auto [end, ec] = std::from_chars(record.data() + comma + 1, record.data() + record.size(), seq);
    if (ec != std::errc() || end == record.data() + record.size() || *end != ',') return std::nullopt;
    return seq;
}

std::optional<std::string> kernel_aead_error_device(std::string_view record) {
    auto m = kernel_message(record);
    if (!m) return std::nullopt;
    // Debian's 6.1, 6.12 and 7.3 print it after "trusted_key: " (dm-crypt includes
    // keys/trusted-type.h, whose pr_fmt wins).
    constexpr std::string_view dm_crypt = "device-mapper: crypt: ", debian = "trusted_key: ";
    if (m->substr(0, debian.size()) == debian) m->remove_prefix(debian.size());
    if (m->substr(0, dm_crypt.size()) != dm_crypt) return std::nullopt;
    m->remove_prefix(dm_crypt.size());
    if (m->substr(0, 3) != "dm-") return std::nullopt;
    size_t colon = m->find(": INTEGRITY AEAD ERROR, sector ");
    if (colon == std::string_view::npos || !all_digits(m->substr(3, colon - 3))) return std::nullopt;
    if (!all_digits(m->substr(colon + 31))) return std::nullopt;
    return std::string(m->substr(0, colon));
}

bool is_kernel_aead_error(std::string_view record, std::string_view kname) {
    auto dev = kernel_aead_error_device(record);
    return dev && *dev == kname;
}

std::optional<std::string> kernel_md_repair_device(std::string_view record) {
    auto m = kernel_message(record);
    if (!m || m->substr(0, 9) != "md/raid1:" || m->find(": read error corrected (") == std::string_view::npos)
        return std::nullopt;
    size_t on = m->rfind(" on ");
    if (on == std::string_view::npos || m->back() != ')') return std::nullopt;
    return std::string(m->substr(on + 4, m->size() - on - 5));
}

bool is_kernel_md_repair(std::string_view record, std::string_view kname) {
    auto dev = kernel_md_repair_device(record);
    return dev && *dev == kname;
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
