// SPDX-License-Identifier: GPL-2.0-or-later
#include "kernel_counts.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "kmsg_record.h"

namespace aeadswap {
namespace {

constexpr const char* kDir = "/run/aeadswap";
constexpr const char* kFile = "/run/aeadswap/kernel-counts";

}  // namespace

void add_records(KernelCounts& counts, const std::vector<std::string>& records) {
    uint64_t next = counts.next_seq;
    for (const auto& r : records) {
        auto seq = record_seq(r);
        if (!seq || *seq < counts.next_seq) continue;
        if (auto dev = kernel_aead_error_device(r)) ++counts.aead[*dev];
        if (auto dev = kernel_md_repair_device(r)) ++counts.repairs[*dev];
        next = std::max(next, *seq + 1);
    }
    counts.next_seq = next;
}

std::string format_counts(const KernelCounts& counts) {
    std::string out = "next_seq " + std::to_string(counts.next_seq) + "\n";
    for (const auto& [dev, n] : counts.aead) out += "aead " + dev + " " + std::to_string(n) + "\n";
    for (const auto& [dev, n] : counts.repairs) out += "repair " + dev + " " + std::to_string(n) + "\n";
    return out;
}

KernelCounts parse_counts(const std::string& text) {
    KernelCounts c;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::istringstream f(line);
        std::string kind, dev;
        uint64_t n = 0;
        if (!(f >> kind)) continue;
        if (kind == "next_seq" && f >> n) c.next_seq = n;
        if (kind == "aead" && f >> dev >> n) c.aead[dev] = n;
        if (kind == "repair" && f >> dev >> n) c.repairs[dev] = n;
    }
    return c;
}

KernelCounts kernel_counts(const std::vector<std::string>& records) {
    std::stringstream kept;
    kept << std::ifstream(kFile).rdbuf();
    auto counts = parse_counts(kept.str());
    add_records(counts, records);
    // Replaced whole, so that a reader never sees half of it.
    mkdir(kDir, 0755);
    std::string tmp = std::string(kFile) + ".new";
    if (std::ofstream(tmp) << format_counts(counts)) rename(tmp.c_str(), kFile);
    return counts;
}

}  // namespace aeadswap
