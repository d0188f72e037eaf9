// SPDX-License-Identifier: GPL-2.0-or-later
#include "device_identity.h"

#include <map>
#include <utility>

namespace aeadswap {

std::vector<SharedDevice> shared_devices(const std::vector<std::vector<std::optional<uint64_t>>>& devices) {
    std::map<uint64_t, std::pair<size_t, size_t>> first;
    std::vector<SharedDevice> shared;
    for (size_t e = 0; e < devices.size(); ++e) {
        for (size_t l = 0; l < devices[e].size(); ++l) {
            if (!devices[e][l]) continue;
            auto [at, fresh] = first.emplace(*devices[e][l], std::make_pair(e, l));
            if (!fresh) shared.push_back({e, l, at->second.first, at->second.second});
        }
    }
    return shared;
}

}  // namespace aeadswap
