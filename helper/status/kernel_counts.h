// SPDX-License-Identifier: GPL-2.0-or-later
// Counters from the kernel's own records, per device (dm-N) and since boot: dm-crypt's AEAD errors
// and md's repaired reads. The kernel log is a ring buffer and drops old records; the counts are
// kept in /run/aeadswap with the sequence number of the next record to count, so that a count
// never goes down within a boot (a monitoring system would read a reset). Still a lower bound:
// the kernel rate-limits the AEAD lines, and records dropped before a first count are not seen.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace aeadswap {

struct KernelCounts {
    uint64_t next_seq = 0;  // the first record not counted yet
    std::map<std::string, uint64_t> aead, repairs;
};

// Adds the records from next_seq on.
void add_records(KernelCounts& counts, const std::vector<std::string>& records);

std::string format_counts(const KernelCounts& counts);
KernelCounts parse_counts(const std::string& text);

// The counts kept in /run/aeadswap, with `records` added, kept again where /run/aeadswap is
// writable (root); read-only users get the same figures as long as root's reads keep them.
KernelCounts kernel_counts(const std::vector<std::string>& records);

}  // namespace aeadswap
