#include "udev_link.h"

#include <cctype>
#include <cstdio>

namespace aeadswap {

std::string device_node(const SwapSpec& spec) {
    std::string enc;  // udev's encoding of a link name: unsafe bytes as \xNN
    for (unsigned char c : spec.device) {
        if (std::isalnum(c) || std::string("#+-.:=@_").find(static_cast<char>(c)) != std::string::npos) {
            enc += static_cast<char>(c);
        } else {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            enc += hex;
        }
    }
    switch (spec.kind) {
        case DeviceKind::partuuid: return "/dev/disk/by-partuuid/" + spec.device;
        case DeviceKind::partlabel: return "/dev/disk/by-partlabel/" + enc;
        default: return spec.device;
    }
}

}  // namespace aeadswap
