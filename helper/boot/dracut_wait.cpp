// SPDX-License-Identifier: GPL-2.0-or-later
#include "dracut_wait.h"

#include <algorithm>
#include <optional>

#include "mirror_legs.h"
#include "udev_link.h"

namespace aeadswap {
namespace {

constexpr unsigned kDracutRetry = 180;

constexpr long kMaxRetry = 999999;

}  // namespace

unsigned dracut_wait_cap(std::string_view cmdline) {
    std::optional<std::string> retry;
    for (const auto& arg : split_kernel_cmdline(cmdline))
        for (std::string_view key : {"rd.retry=", "rd_retry="})
            if (arg.rfind(key, 0) == 0) retry = arg.substr(key.size());
    auto seconds = retry ? parse_number(*retry, 0, kMaxRetry) : std::nullopt;
    return static_cast<unsigned>(seconds.value_or(kDracutRetry)) * 3 / 4;
}

std::vector<DeviceWait> dracut_waits(const CmdlineConfig& cfg, unsigned cap) {
    std::vector<DeviceWait> out;
    if (cfg.disabled) return out;
    for (const auto& s : cfg.specs)
        if (s)
            for (const auto& d : device_specs(*s)) out.push_back({device_node(d), std::min(d.timeout_s, cap), d.timeout_s});
    return out;
}

std::string sh_quoted(std::string_view s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace aeadswap
