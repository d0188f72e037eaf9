// SPDX-License-Identifier: GPL-2.0-or-later
#include "mirror_legs.h"

#include "dm_table.h"

namespace aeadswap {

SwapSpec leg_spec(const SwapSpec& spec, unsigned leg) {
    SwapSpec s = spec;
    s.name = leg_name(spec.name, leg);
    if (leg == 1 && spec.mirror) {
        s.kind = spec.mirror->kind;
        s.device = spec.mirror->device;
    }
    s.mirror.reset();
    return s;
}

std::vector<SwapSpec> device_specs(const SwapSpec& spec) {
    if (!spec.mirror) return {spec};
    return {leg_spec(spec, 0), leg_spec(spec, 1)};
}

}  // namespace aeadswap
