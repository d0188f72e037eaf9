// Loading kernel modules through libkmod, as modprobe would (dependencies, blacklist of aliases).
#pragma once

#include <string>
#include <vector>

#include "result.h"

namespace aeadswap {

// Loads each of `required` (a module name or alias); one that is built in counts as loaded.
// `optional` ones (faster implementations) are tried and their absence is not an error.
Status load_modules(const std::vector<std::string>& required, const std::vector<std::string>& optional);

}  // namespace aeadswap
