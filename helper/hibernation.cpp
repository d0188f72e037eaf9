// SPDX-License-Identifier: GPL-2.0-or-later
#include "hibernation.h"

#include <fstream>
#include <string>

#include "log.h"

namespace aeadswap {
namespace {

std::string first_line(const char* path) {
    std::ifstream in(path);
    std::string s;
    std::getline(in, s);
    return s;
}

}  // namespace

bool hibernation_could_use_any_swap() {
    bool can = first_line("/sys/power/state").find("disk") != std::string::npos;
    std::string resume = first_line("/sys/power/resume");
    return can && (resume.empty() || resume == "0:0");
}

Status check_hibernation(const SwapSpec& spec) {
    if (!hibernation_could_use_any_swap()) return {};
    std::string why = spec.name +
                      ": the kernel can hibernate and no resume= device is set, so hibernation could write its "
                      "image to this swap and lose it at power-off; boot with nohibernate, or resume= naming "
                      "another swap";
    if (spec.hibernate == HibernatePolicy::refuse) return fail(Exit::refused, why + " (hibernate=refuse)");
    log_warning(why);
    return {};
}

}  // namespace aeadswap
