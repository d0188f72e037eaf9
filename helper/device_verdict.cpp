#include "device_verdict.h"

#include <algorithm>

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

}  // namespace

Verdict judge_device(std::span<const uint8_t> head, const ProbeResult& probe, unsigned page_size, bool force) {
    Verdict v;
    auto sb = parse_integrity_superblock(head);
    auto area = parse_area_header(head);
    bool foreign_probe = !probe.type.empty() && probe.type != "swap" && probe.type != "DM_integrity";
    if (sb && is_aeadswap_superblock(*sb) && !foreign_probe) {
        v = {Content::ours, true, "an aeadswap area from an earlier boot"};
    } else if (area && !foreign_probe) {
        v = {Content::ours, true, describe(*area) + " from an earlier boot"};
    } else if (has_swap_signature(head.data(), head.size(), page_size) && !foreign_probe && !probe.ambiguous) {
        v = {Content::swap, true, "a plain swap area"};
    } else if (foreign_probe) {
        v.what = describe_probe(probe);  // whatever a superblock of ours sits beside
    } else if (sb) {
        v.what = describe(*sb) + " that aeadswap did not make";
    } else if (probe.ambiguous) {
        v.what = "several conflicting signatures";
    } else if (!probe.type.empty()) {
        v.what = describe_probe(probe);
    } else if (!probe.pttype.empty()) {
        v.what = article(probe.pttype == "dos" ? std::string("MBR") : probe.pttype == "gpt" ? "GPT" : probe.pttype) +
                 " partition table";
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
