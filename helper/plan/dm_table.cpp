// SPDX-License-Identifier: GPL-2.0-or-later
#include "dm_table.h"

namespace aeadswap {

namespace {

std::string integrity_line(const std::string& raw, const Cipher& c, std::vector<std::string> opts, const TagLayout& tags) {
    opts.insert(opts.begin(), "block_size:" + std::to_string(kBlockSize));
    if (tags.tag_device) opts.push_back("meta_device:" + *tags.tag_device);
    std::string line = raw + " 0 " + std::to_string(c.tag_bytes) + " D " + std::to_string(opts.size());
    for (const auto& o : opts) line += " " + o;
    return line;
}

}  // namespace

std::string integrity_format_params(const std::string& raw, const Cipher& c, const TagLayout& tags) {
    // journal_sectors:1 keeps the journal to one section: mode D never uses it, and the default
    // (up to 64 MiB) would be written at every boot and held in RAM.
    return integrity_line(raw, c, {"journal_sectors:1"}, tags);
}

std::string integrity_params(const std::string& raw, const Cipher& c, const TagLayout& tags) {
    // A swap page read at random nearly always misses the tag cache, and a miss reads one whole
    // buffer: 16 KiB buffers instead of the kernel's 64 KiB halve the disk's reads per page
    // (BENCHMARKS.md), and dm-bufio gets each from an order-2 allocation instead of order 4.
    return integrity_line(raw, c, {"buffer_sectors:" + std::to_string(kTagBufferSectors)}, tags);
}

KeyedParams crypt_params_around_key(const std::string& integrity, const Cipher& c, bool workqueues, uint64_t data_offset) {
    std::string opts = "integrity:" + std::to_string(c.tag_bytes) + ":aead sector_size:" + std::to_string(kBlockSize);
    int n = 2;
    if (!workqueues) {
        // Encrypt and submit in the reclaiming task's context: with kcryptd's queues, 6.1 livelocks
        // in bio_integrity_alloc under memory pressure (vm-recipe.md pitfall 2).
        opts += " no_read_workqueue no_write_workqueue";
        n += 2;
    }
    return {c.capi + " ",
            " 0 " + integrity + " " + std::to_string(data_offset) + " " + std::to_string(n) + " " + opts};
}

std::string crypt_params(const std::string& integrity, const Cipher& c, const std::string& key, bool workqueues,
                         uint64_t data_offset) {
    auto p = crypt_params_around_key(integrity, c, workqueues, data_offset);
    return p.before_key + key + p.after_key;
}

std::string crypt_uuid(const std::string& name) { return kUuidPrefix + name; }
std::string integrity_uuid(const std::string& name) { return kUuidPrefix + name + "_dif"; }
std::string format_uuid(const std::string& name) { return "CRYPT-TEMP-aeadswap-" + name + "_fmt"; }
std::string integrity_name(const std::string& name) { return name + "_dif"; }
std::string leg_name(const std::string& name, unsigned leg) { return name + "_leg" + std::to_string(leg); }

std::string raid_params(const std::vector<std::optional<std::string>>& legs) {
    // <#params> <chunk_size> nosync, then <#devs> and a "<meta> <data>" pair per leg, "-" for none.
    std::string p = "raid1 2 0 nosync " + std::to_string(legs.size());
    for (const auto& d : legs) p += d ? " - " + *d : " - -";
    return p;
}

}  // namespace aeadswap
