// SPDX-License-Identifier: GPL-2.0-or-later
// Records read from /dev/kmsg: "<prio>,<seq>,<usec>,<flags>;<message>". Only the kernel writes
// records of facility 0; the kernel forces LOG_USER or another facility on what programs write,
// so that a program (or a label it logs) cannot pass for the kernel.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aeadswap {

// The kernel log sequence number of a record; none for a malformed one.
std::optional<uint64_t> record_seq(std::string_view record);

// The device (dm-N, the one below the crypt device) of dm-crypt's own "INTEGRITY AEAD ERROR"
// record; none for any other record. Anchored: the whole first line is dm-crypt's message
// ("device-mapper: crypt: dm-N: INTEGRITY AEAD ERROR, sector S", after "trusted_key: " on Debian's
// kernels), so that a kernel line quoting a name a user chose (a segfault names the program's
// file) cannot pass for one.
std::optional<std::string> kernel_aead_error_device(std::string_view record);

// Whether the record is dm-crypt's own "INTEGRITY AEAD ERROR" for the device below it, `kname`
// (the integrity device, dm-N).
bool is_kernel_aead_error(std::string_view record, std::string_view kname);

// The leg (dm-N) md's raid1 rewrote after a read error on it, as is_kernel_md_repair matches.
std::optional<std::string> kernel_md_repair_device(std::string_view record);

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
