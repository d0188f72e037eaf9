// SPDX-License-Identifier: GPL-2.0-or-later
#include "unified_diff.h"

#include <sstream>
#include <vector>

namespace aeadswap {
namespace {

std::vector<std::string> lines_of(const std::optional<std::string>& text) {
    std::vector<std::string> out;
    if (!text) return out;
    std::istringstream in(*text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// "start,count" as diff writes a range: a one-line range without its count, an empty one at the
// line before it.
std::string range(size_t start, size_t count) {
    if (count == 1) return std::to_string(start + 1);
    return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(const std::string& path, const std::optional<std::string>& before,
                         const std::optional<std::string>& after) {
    auto a = lines_of(before), b = lines_of(after);
    // Longest common subsequence, from the ends (configuration files are small).
    std::vector<std::vector<size_t>> lcs(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
    for (size_t i = a.size(); i-- > 0;)
        for (size_t j = b.size(); j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::string out = "--- " + (before ? path : "/dev/null") + "\n+++ " + (after ? path : "/dev/null") + "\n";
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            ++i, ++j;
            continue;
        }
        size_t i0 = i, j0 = j;
        while ((i < a.size() || j < b.size()) && !(i < a.size() && j < b.size() && a[i] == b[j])) {
            if (j >= b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1]))
                ++i;
            else
                ++j;
        }
        out += "@@ -" + range(i0, i - i0) + " +" + range(j0, j - j0) + " @@\n";
        for (size_t k = i0; k < i; ++k) out += "-" + a[k] + "\n";
        for (size_t k = j0; k < j; ++k) out += "+" + b[k] + "\n";
    }
    return out;
}

}  // namespace aeadswap
