// SPDX-License-Identifier: GPL-2.0-or-later
#include "device_verdict.h"

#include <algorithm>
#include <optional>

#include "area_header.h"
#include "hex_escape.h"
#include "integrity_superblock.h"
#include "swap_header.h"

namespace aeadswap {
namespace {

std::string article(const std::string& word) {
    return (std::string("aeiouAEIOU").find(word.empty() ? 'x' : word[0]) != std::string::npos ? "an " : "a ") + word;
}

// A label is whatever the disk says: escaped, so that it cannot end the log line and forge
// another, reach the console as escape codes, or be counted by status as a kernel message.
std::string quoted_label(const std::string& label) {
    return "'" + hex_escape(label, [](size_t, unsigned char c) { return c >= 0x20 && c < 0x7f && c != '\\' && c != '\''; }) +
           "'";
}

std::string describe_probe(const ProbeResult& p) {
    std::string label = p.label.empty() ? "" : " labelled " + quoted_label(p.label);
    if (p.type == "crypto_LUKS") return "a LUKS header" + label;
    if (p.type == "swsuspend") return "a hibernation image (resume it or boot with noresume first)";
    if (p.usage == "filesystem") return article(p.type) + " filesystem" + label;
    if (p.usage == "raid") return article(p.type) + " RAID member" + label;
    if (p.usage == "crypto") return article(p.type) + " encrypted volume" + label;
    return article(p.type) + " signature" + label;
}

std::string describe_pttype(const std::string& pttype) {
    if (pttype == "dos") return "an MBR partition table";
    if (pttype == "gpt") return "a GPT partition table";
    return article(pttype) + " partition table";
}

// What the probe found that is not ours: a foreign signature, several signatures libblkid cannot
// choose between, or a partition table. Empty when there is nothing of the kind.
std::string foreign_content(const ProbeResult& probe) {
    if (!probe.type.empty() && probe.type != "swap" && probe.type != "DM_integrity") return describe_probe(probe);
    if (probe.ambiguous) return "several conflicting signatures";
    if (!probe.pttype.empty()) return describe_pttype(probe.pttype);
    return "";
}

// Ours from an earlier boot, or plain swap, by its own bytes.
std::optional<Verdict> ours_or_swap(std::span<const uint8_t> head, unsigned page_size) {
    auto sb = parse_integrity_superblock(head);
    if (sb && is_aeadswap_superblock(*sb)) return Verdict{Content::ours, true, "an aeadswap area from an earlier boot"};
    if (auto area = parse_area_header(head)) return Verdict{Content::ours, true, describe(*area) + " from an earlier boot"};
    // Zeroed for dm-integrity's format, and cut short before the kernel wrote its superblock.
    if (is_interrupted_format(head)) return Verdict{Content::ours, true, "an aeadswap format that did not finish"};
    if (has_swap_signature(head.data(), head.size(), page_size)) return Verdict{Content::swap, true, "a plain swap area"};
    return std::nullopt;
}

}  // namespace

// Ours or plain swap may be formatted only alone: a disk given a partition table and filesystems
// after it held one keeps our bytes (sfdisk and sgdisk -o leave sector 0's first bytes, where our
// superblock's fields are; an MBR leaves a swap signature at 4086), and the table is then what the
// disk is.
Verdict judge_device(std::span<const uint8_t> head, const ProbeResult& probe, unsigned page_size, bool force) {
    Verdict v;
    auto mine = ours_or_swap(head, page_size);
    auto other = foreign_content(probe);
    auto sb = parse_integrity_superblock(head);
    if (mine && other.empty()) {
        v = *mine;
    } else if (!other.empty()) {
        v.what = mine ? other + ", beside " + mine->what : other;
    } else if (sb) {
        v.what = describe(*sb) + " that aeadswap did not make";
    } else if (!probe.type.empty()) {
        v.what = describe_probe(probe);
    } else if (std::all_of(head.begin(), head.end(), [](uint8_t b) { return b == 0; })) {
        v = {Content::empty, true, "nothing (the first 64 KiB are zero)"};
    } else {
        v.what = "data aeadswap does not recognize (the first 64 KiB are not zero)";
    }
    if (!v.may_format && force) v.may_format = true;
    return v;
}

std::string refusal_message(const std::string& device, const Verdict& v) {
    return device + " holds " + v.what + "; not touching it (add ,force to its aeadswap= entry to overwrite it)";
}

}  // namespace aeadswap
