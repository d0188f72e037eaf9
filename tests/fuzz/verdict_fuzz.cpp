// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: hostile bytes as the head of a device, through the superblock reader and the
// verdict, under every kind of probe result (signature, partition table, ambiguity, label).
// Invariants: no undefined behaviour (UBSan); a device is only formattable without force when it is
// ours (an interrupted format of ours included), plain swap, or all zeros, with nothing else on it (no foreign signature, no partition
// table, no ambiguity); what the verdict says stays one printable line.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "device_verdict.h"
#include "integrity_superblock.h"

using namespace aeadswap;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::span<const uint8_t> head(data, size);
    if (auto sb = parse_integrity_superblock(head)) {
        (void)describe(*sb);
        (void)is_aeadswap_superblock(*sb);
    }
    // The label is whatever the disk says: the input's last bytes, up to 64.
    size_t label_size = std::min<size_t>(size, 64);
    std::string label = size ? std::string(reinterpret_cast<const char*>(data) + size - label_size, label_size) : "";
    bool zeros = std::all_of(head.begin(), head.end(), [](uint8_t b) { return b == 0; });
    for (const char* type : {"", "swap", "DM_integrity", "ext4", "crypto_LUKS", "swsuspend"}) {
        for (const char* pttype : {"", "dos", "gpt", "atari"}) {
            for (bool ambiguous : {false, true}) {
                ProbeResult probe{type, "filesystem", label, pttype, ambiguous};
                auto v = judge_device(head, probe, 4096, false);
                // One log line: a label cannot end it or send escape codes.
                if (std::any_of(v.what.begin(), v.what.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
                    std::abort();
                if (!v.may_format) continue;
                bool alone = std::string(pttype).empty() && !ambiguous;
                bool ours_or_none = std::string(type).empty() || std::string(type) == "swap" ||
                                    std::string(type) == "DM_integrity";
                if (!alone || !ours_or_none) std::abort();
                if (v.content == Content::empty && !zeros) std::abort();
                if (v.content == Content::other) std::abort();
            }
        }
    }
    return 0;
}
