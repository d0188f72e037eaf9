// SPDX-License-Identifier: GPL-2.0-or-later
#include "udev_link.h"

#include <cctype>

#include "hex_escape.h"

namespace aeadswap {

std::string device_node(const SwapSpec& spec) {
    // udev's encoding of a link name
    std::string enc = hex_escape(spec.device, [](size_t, unsigned char c) {
        return std::isalnum(c) || std::string_view("#+-.:=@_").find(static_cast<char>(c)) != std::string_view::npos;
    });
    switch (spec.kind) {
        case DeviceKind::partuuid: return "/dev/disk/by-partuuid/" + spec.device;
        case DeviceKind::partlabel: return "/dev/disk/by-partlabel/" + enc;
        default: return spec.device;
    }
}

}  // namespace aeadswap
