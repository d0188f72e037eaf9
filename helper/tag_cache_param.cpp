// SPDX-License-Identifier: GPL-2.0-or-later
#include "tag_cache_param.h"

#include <optional>
#include <string>

#include "log.h"
#include "mem_total.h"
#include "sysctl.h"
#include "tag_ram_size.h"

namespace aeadswap {
namespace {

// Writable at run time; dm_bufio is loaded with dm-integrity, before any of this runs.
constexpr const char* kCache = "/sys/module/dm_bufio/parameters/max_cache_size_bytes";
constexpr const char* kRetain = "/sys/module/dm_bufio/parameters/retain_bytes";

// The cache in force afterwards, or nothing when it cannot be read.
std::optional<uint64_t> raise_cache(uint64_t total, std::string& said) {
    auto read = sysctl_read(kCache);
    if (!read) {
        log_warning(std::string("cannot read ") + kCache + "; dm-bufio's cache for the tags is left as it is");
        return std::nullopt;
    }
    uint64_t current = static_cast<uint64_t>(*read);
    auto value = bufio_cache_to_set(current, mem_total(), total);
    if (!value) return current;
    if (!sysctl_write(kCache, static_cast<long>(value->bytes))) {
        log_warning(std::string("cannot write ") + kCache + "; with " + mib(current) + " for " + mib(total) +
                    " of tags, swap can crawl under memory pressure");
        return current;
    }
    said = "dm-bufio's cache raised from " + mib(current) + " to " + mib(value->bytes) +
           (value->capped ? " (an eighth of the RAM, its limit here)" : "");
    return value->bytes;
}

void raise_retain(uint64_t largest, uint64_t cache, std::string& said) {
    auto read = sysctl_read(kRetain);
    if (!read) {
        log_warning(std::string("cannot read ") + kRetain + "; dm-bufio frees the tags under memory pressure");
        return;
    }
    auto value = bufio_retain_to_set(static_cast<uint64_t>(*read), largest, cache);
    if (!value) return;
    if (!sysctl_write(kRetain, static_cast<long>(*value))) {
        log_warning(std::string("cannot write ") + kRetain + "; dm-bufio frees the tags under memory pressure");
        return;
    }
    std::string range = " from " + mib(static_cast<uint64_t>(*read)) + " to " + mib(*value);
    said += said.empty() ? "what dm-bufio keeps of each device under memory pressure raised" + range
                         : " and what it keeps of each device under memory pressure" + range;
}

}  // namespace

void raise_tag_cache(const TagsOnDisk& entry) {
    static TagsOnDisk all;
    all.add(entry);
    std::string said;
    auto cache = raise_cache(all.total, said);
    if (!cache) return;
    raise_retain(all.largest, *cache, said);
    if (said.empty()) return;
    log(Level::notice, said + ": the " + mib(all.total) +
                           " of tags of the swap go through it, and a tag it lets go of is read again into memory "
                           "allocated while memory is short");
}

}  // namespace aeadswap
