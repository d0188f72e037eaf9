// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: hostile text as the parameters of a device-mapper table that `aeadswap status`
// reads back (crypt, integrity, raid). Invariants: no exception, no undefined behaviour (UBSan),
// and a table that parses names well-formed devices.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dm_table_parse.h"

using namespace aeadswap;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string params(reinterpret_cast<const char*>(data), size);
    if (auto c = parse_crypt_table(params)) {
        if (!parse_devnum(c->device.str())) std::abort();
    }
    if (auto i = parse_integrity_table(params)) {
        if (i->tag_device && !parse_devnum(i->tag_device->str())) std::abort();
    }
    if (auto legs = parse_raid_legs(params)) {
        for (const auto& l : *legs)
            if (l != "-" && !parse_devnum(l)) std::abort();
    }
    return 0;
}
