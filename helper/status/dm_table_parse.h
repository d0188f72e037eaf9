// SPDX-License-Identifier: GPL-2.0-or-later
// Reading back the tables aeadswap loaded, as the kernel reports them (dmsetup table's text):
// pure, and an error value for anything of another shape, never an exception.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dm_table.h"
#include "result.h"

namespace aeadswap {

// crypt: <cipher> <key> <iv_offset> <dev> <start> [<#opts> <opts...>]
struct CryptTable {
    std::string cipher;
    bool key_in_keyring = false;  // ":<n>:logon:<description>", not the key itself
    DevNum device;
    unsigned sector_size = 512, tag_bytes = 0;
    bool workqueues = true;
};
Expected<CryptTable> parse_crypt_table(const std::string& params);

// integrity: <dev> <start> <tag size> <mode> [<#opts> <opts...>]
struct IntegrityTable {
    DevNum device;
    unsigned tag_bytes = 0;
    std::string mode;
    std::optional<DevNum> tag_device;  // meta_device:
};
Expected<IntegrityTable> parse_integrity_table(const std::string& params);

// raid (raid1): <#params> <params...> <#devs> then a "<meta> <data>" pair per leg; each leg's data
// device as the table names it ("M:m"), or "-" for a leg missing since setup.
Expected<std::vector<std::string>> parse_raid_legs(const std::string& params);

// The whitespace-separated words of a table or status line.
std::vector<std::string> table_words(const std::string& s);

// "M:m", exactly.
std::optional<DevNum> parse_devnum(const std::string& s);

}  // namespace aeadswap
