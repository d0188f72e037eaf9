#include "kmsg_record.h"

#include <charconv>
#include <string>

namespace aeadswap {

bool is_kernel_aead_error(std::string_view record, std::string_view kname) {
    size_t semi = record.find(';');
    if (semi == std::string_view::npos) return false;
    unsigned prio = 0;
    auto [end, ec] = std::from_chars(record.data(), record.data() + semi, prio);
    if (ec != std::errc() || end == record.data() || *end != ',' || (prio >> 3) != 0) return false;
    // Not anchored: Debian's 6.1, 6.12 and 7.3 print it as "trusted_key: device-mapper: crypt: ..." (it
    // includes keys/trusted-type.h, whose pr_fmt wins).
    std::string want = "device-mapper: crypt: " + std::string(kname) + ": INTEGRITY AEAD ERROR";
    std::string_view message = record.substr(semi + 1);
    return message.substr(0, message.find('\n')).find(want) != std::string_view::npos;
}

}  // namespace aeadswap
