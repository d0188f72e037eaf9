// SPDX-License-Identifier: GPL-2.0-or-later
// Records read from /dev/kmsg: "<prio>,<seq>,<usec>,<flags>;<message>". Only the kernel writes
// records of facility 0; the kernel forces LOG_USER or another facility on what programs write,
// so that a program (or a label it logs) cannot pass for the kernel.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aeadswap {

// Whether the record is dm-crypt's own "INTEGRITY AEAD ERROR" for the device below it, `kname`
// (the integrity device, dm-N).
bool is_kernel_aead_error(std::string_view record, std::string_view kname);

// md's raid1 rewriting a sector it read from another leg after `kname` (a mirror leg, dm-N)
// failed it: "md/raid1:mdX: read error corrected (8 sectors at S on dm-N)".
bool is_kernel_md_repair(std::string_view record, std::string_view kname);

// md giving up on leg `kname`: "md/raid1:mdX: Disk failure on dm-N, disabling device."
bool is_kernel_md_failure(std::string_view record, std::string_view kname);

// The message of a kernel record from device-mapper's table loading, which says why a table was
// refused ("device-mapper: table: 254:0: crypt: Integrity profile not supported. (-EINVAL)"),
// without the generic "error adding target to table" line that follows it.
std::optional<std::string> kernel_dm_table_error(std::string_view record);

}  // namespace aeadswap
