// SPDX-License-Identifier: GPL-2.0-or-later
#include "plan_print.h"

#include <sstream>

#include "integrity_geometry.h"
#include "status_format.h"

namespace aeadswap {
namespace {

std::string table_line(const TableStep& t) {
    return "0 " + std::to_string(t.sectors) + " " + t.target + " " + t.params;
}

std::string device_text(const PlanDevice& d) { return d.num ? d.name + " (" + d.num->str() + ")" : d.name; }

struct TextStep {
    std::string operator()(const WriteStep& s) const {
        return "write " + device_text(s.device) + ": " + std::to_string(s.length) + " bytes at " +
               std::to_string(s.offset) + ", " + s.what;
    }
    std::string operator()(const RamDiskStep& s) const { return "ram disk " + s.name + ": " + mib(s.bytes); }
    std::string operator()(const TableStep& s) const {
        if (s.kind == TableStep::Kind::format)
            return "format " + s.name + ": " + table_line(s) + " (then removed; provides " +
                   std::to_string(s.provides) + " sectors)";
        return "table " + s.name + ": " + table_line(s);
    }
    std::string operator()(const RevealStep& s) const { return "reveal " + s.name + " to other udev rules"; }
    std::string operator()(const TunableStep& s) const { return "set " + s.path + " = " + std::to_string(s.value); }
    std::string operator()(const RememberStep& s) const {
        return "remember the plain swap on " + s.device + " (UUID " + (s.uuid.empty() ? "none" : s.uuid) + ")";
    }
    std::string operator()(const StopStep& s) const { return "stop: " + s.why; }
    std::string operator()(const SwapOnStep& s) const {
        return "swapon " + s.name + ": " + std::to_string(s.bytes) + " bytes" +
               (s.priority ? ", priority " + std::to_string(*s.priority) : "");
    }
};

void steps_text(const std::vector<Step>& steps, const std::string& indent, std::string& out) {
    for (const auto& s : steps) out += indent + std::visit(TextStep{}, s) + "\n";
}

std::string num(uint64_t v) { return std::to_string(v); }
std::string field(const char* k, const std::string& json) { return std::string(",\"") + k + "\":" + json; }

struct JsonStep {
    std::string operator()(const WriteStep& s) const {
        return "{\"step\":\"write\"" + field("device", json_str(s.device.name)) +
               field("devnum", s.device.num ? json_str(s.device.num->str()) : "null") + field("offset", num(s.offset)) +
               field("length", num(s.length)) + field("what", json_str(s.what)) + "}";
    }
    std::string operator()(const RamDiskStep& s) const {
        return "{\"step\":\"ram_disk\"" + field("name", json_str(s.name)) + field("bytes", num(s.bytes)) + "}";
    }
    std::string operator()(const TableStep& s) const {
        bool format = s.kind == TableStep::Kind::format;
        return std::string("{\"step\":") + (format ? "\"format\"" : "\"table\"") + field("name", json_str(s.name)) +
               field("uuid", json_str(s.uuid)) + field("table", json_str(table_line(s))) +
               (format ? field("provides", num(s.provides)) : "") + "}";
    }
    std::string operator()(const RevealStep& s) const {
        return "{\"step\":\"reveal\"" + field("name", json_str(s.name)) + "}";
    }
    std::string operator()(const TunableStep& s) const {
        return "{\"step\":\"set\"" + field("path", json_str(s.path)) + field("value", std::to_string(s.value)) + "}";
    }
    std::string operator()(const RememberStep& s) const {
        return "{\"step\":\"remember\"" + field("device", json_str(s.device)) + field("uuid", json_str(s.uuid)) +
               field("label", json_str(s.label)) + "}";
    }
    std::string operator()(const StopStep& s) const { return "{\"step\":\"stop\"" + field("why", json_str(s.why)) + "}"; }
    std::string operator()(const SwapOnStep& s) const {
        return "{\"step\":\"swapon\"" + field("name", json_str(s.name)) + field("bytes", num(s.bytes)) +
               field("priority", s.priority ? std::to_string(*s.priority) : "null") + "}";
    }
};

const char* level_name(NoteLevel l) {
    switch (l) {
    case NoteLevel::info: return "info";
    case NoteLevel::notice: return "notice";
    case NoteLevel::warning: return "warning";
    }
    return "info";
}

std::string steps_json(const std::vector<Step>& steps) {
    std::string o = "[";
    for (size_t i = 0; i < steps.size(); ++i) o += (i ? "," : "") + std::visit(JsonStep{}, steps[i]);
    return o + "]";
}

std::string plan_json(const StartPlan& p) {
    std::string notes = "[";
    for (size_t i = 0; i < p.notes.size(); ++i)
        notes += std::string(i ? "," : "") + "{\"level\":\"" + level_name(p.notes[i].level) + "\"" +
                 field("text", json_str(p.notes[i].text)) + "}";
    notes += "]";
    std::string fallback = "null";
    if (!p.fallback.empty())
        fallback = "{\"note\":" + json_str(p.fallback_note) + field("steps", steps_json(p.fallback.front().steps)) + "}";
    return "{\"notes\":" + notes + field("steps", steps_json(p.steps)) + field("fallback", fallback) + "}";
}

}  // namespace

std::string format_plan_text(const StartPlan& plan) {
    std::string out = plan.entry + ": plan, nothing done yet (table lines name the key <key>, and a device the plan "
                                   "makes <NAME>):\n";
    steps_text(plan.steps, "  ", out);
    if (!plan.fallback.empty()) {
        std::string refused;
        for (const auto& s : plan.steps)
            if (const auto* t = std::get_if<TableStep>(&s); t && t->fallback_on_refusal) refused = t->name;
        out += "  if the kernel refuses the table of " + refused + ", after removing what was made:\n";
        steps_text(plan.fallback.front().steps, "    ", out);
    }
    return out;
}

std::string format_plans_json(const std::vector<PlanOutcome>& outcomes) {
    std::string o = "{\"schema\":1,\"entries\":[";
    for (size_t i = 0; i < outcomes.size(); ++i) {
        const auto& e = outcomes[i];
        o += std::string(i ? "," : "") + "{\"name\":" + json_str(e.entry);
        if (e.plan)
            o += field("plan", plan_json(*e.plan));
        else
            o += field("error", "{\"exit_status\":" + std::to_string(static_cast<int>(e.plan.error().code)) +
                                    field("message", json_str(e.plan.error().message)) + "}");
        o += "}";
    }
    return o + "]}\n";
}

}  // namespace aeadswap
