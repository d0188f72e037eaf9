// libFuzzer target: hostile bytes as the head of a device, through the superblock reader and the
// verdict. Invariants: no undefined behaviour (UBSan), and a device is only formattable without
// force when it is ours, plain swap, or all zeros.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "device_verdict.h"
#include "integrity_superblock.h"

using namespace aeadswap;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::span<const uint8_t> head(data, size);
    if (auto sb = parse_integrity_superblock(head)) {
        (void)describe(*sb);
        (void)is_aeadswap_superblock(*sb);
    }
    for (const char* type : {"", "swap", "DM_integrity", "ext4"}) {
        ProbeResult probe{type, "", "", "", false};
        auto v = judge_device(head, probe, 4096, false);
        if (!v.may_format) continue;
        bool zeros = std::all_of(head.begin(), head.end(), [](uint8_t b) { return b == 0; });
        if (v.content == Content::empty && !zeros) std::abort();
        if (v.content == Content::other) std::abort();
        if (std::string(type) == "ext4") std::abort();
    }
    return 0;
}
