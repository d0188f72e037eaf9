// Applies tag_cache_floor.h to the running kernel's dm-bufio module parameter.
#pragma once

#include <cstdint>

namespace aeadswap {

// Adds one entry's tags on disk (`tag_bytes`, both legs of a mirror) to those of the entries this
// process set up before it, and raises dm-bufio's cache to hold them all. One helper process
// starts every entry of the command line, so the total covers them all. Swap works without it, so
// a failure is a warning and the setup goes on.
void raise_tag_cache(uint64_t tag_bytes);

}  // namespace aeadswap
