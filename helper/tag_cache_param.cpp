#include "tag_cache_param.h"

#include <string>

#include "log.h"
#include "mem_total.h"
#include "sysctl.h"
#include "tag_cache_floor.h"
#include "tag_ram_size.h"

namespace aeadswap {
namespace {

// Writable at run time; dm_bufio is loaded with dm-integrity, before any of this runs.
constexpr const char* kParam = "/sys/module/dm_bufio/parameters/max_cache_size_bytes";

}  // namespace

void raise_tag_cache(uint64_t tag_bytes) {
    static uint64_t total = 0;
    total += tag_bytes;
    auto read = sysctl_read(kParam);
    if (!read) {
        log_warning(std::string("cannot read ") + kParam + "; dm-bufio's cache for the tags is left as it is");
        return;
    }
    uint64_t current = static_cast<uint64_t>(*read);
    auto value = bufio_cache_to_set(current, mem_total(), total);
    if (!value) return;
    if (!sysctl_write(kParam, static_cast<long>(value->bytes))) {
        log_warning(std::string("cannot write ") + kParam + "; with " + mib(current) + " for " + mib(total) +
                    " of tags, swap can crawl under memory pressure");
        return;
    }
    log(Level::notice, "dm-bufio's cache raised from " + mib(current) + " to " + mib(value->bytes) +
                           (value->capped ? " (an eighth of the RAM, its limit here)" : "") + ": the " + mib(total) +
                           " of tags of the swap go through it, and tags that do not fit are read again under "
                           "memory pressure");
}

}  // namespace aeadswap
