// SPDX-License-Identifier: GPL-2.0-or-later
// A plan as the dry run prints it: lines for a person, or JSON (schema 1, aeadswap(8)) for a
// script and for the VM suite, which compares its tables with the kernel's after the real start.
#pragma once

#include <string>
#include <vector>

#include "plan.h"
#include "result.h"

namespace aeadswap {

// "aeadswap0: plan, nothing done yet:" and one indented line a step.
std::string format_plan_text(const StartPlan& plan);

// One entry's plan, or why there is none.
struct PlanOutcome {
    std::string entry;
    Expected<StartPlan> plan;
};
// {"schema":1,"entries":[{"name":..., "plan":{...}} or {"name":..., "error":{"exit_status":N,"message":...}}]}
std::string format_plans_json(const std::vector<PlanOutcome>& outcomes);

}  // namespace aeadswap
