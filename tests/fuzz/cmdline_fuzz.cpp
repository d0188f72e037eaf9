// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: a kernel command line through the parser and the generator. Invariants: every
// unit is printable ASCII lines of known keys (nothing injected), and the entry in ExecStart=,
// unquoted the way systemd does it, parses back to the same device and name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>

#include "cmdline.h"
#include "generator.h"

using namespace aeadswap;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

// systemd's order: specifiers (%%) on the line, then the word's C escapes, then $$.
std::string systemd_unquote(const std::string& quoted) {
    std::string s, w, o;
    for (size_t i = 0; i < quoted.size(); ++i) {
        if (quoted[i] == '%') check(i + 1 < quoted.size() && quoted[++i] == '%');
        s += quoted[i];
    }
    check(s.size() >= 2 && s.front() == '"' && s.back() == '"');
    for (size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '"') std::abort();  // an unescaped quote ends the word early
        if (s[i] != '\\') {
            w += s[i];
            continue;
        }
        check(i + 2 < s.size());
        char c = s[++i];
        if (c == 'x') {
            check(i + 3 < s.size());
            w += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            check(c == '\\' || c == '"');
            w += c;
        }
    }
    for (size_t i = 0; i < w.size(); ++i) {
        if (w[i] == '$') check(i + 1 < w.size() && w[++i] == '$');
        o += w[i];
    }
    return o;
}

void check_unit(const std::string& unit, const SwapSpec& spec) {
    static const std::set<std::string> keys = {"Description", "Documentation", "SourcePath", "DefaultDependencies",
                                               "ConditionPathExists", "IgnoreOnIsolate", "Conflicts", "After",
                                               "Before", "Type", "RemainAfterExit", "TimeoutStartSec",
                                               "ExecStart", "ExecStop"};
    for (char c : unit) check(c == '\n' || (c >= 0x20 && c < 0x7f));
    std::istringstream in(unit);
    std::string line, exec;
    while (std::getline(in, line)) {
        check(line.empty() || line.back() != '\\');  // no continuation into the next line
        if (line.empty() || line[0] == '#' || line == "[Unit]" || line == "[Service]") continue;
        auto eq = line.find('=');
        check(eq != std::string::npos && keys.count(line.substr(0, eq)) == 1);
        if (line.compare(0, 10, "ExecStart=") == 0) exec = line;
        // The real root's stop names the entry alone, a name of letters, digits, '_', '-' and '.'.
        if (line.compare(0, 9, "ExecStop=") == 0) check(line == "ExecStop=\"/usr/sbin/aeadswap\" stop " + spec.name);
    }
    auto q = exec.find(" \"", exec.find(" start "));
    check(q != std::string::npos);
    auto back = parse_values({systemd_unquote(exec.substr(q + 1))});
    check(back.specs.size() == 1 && back.specs[0]);
    check(back.specs[0]->device == spec.device && back.specs[0]->name == spec.name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string line(reinterpret_cast<const char*>(data), size);
    auto cfg = parse_cmdline(line);
    for (auto stage : {GeneratorStage::initrd, GeneratorStage::system}) {
        auto files = generate_units(cfg, "/usr/sbin/aeadswap", stage);
        size_t unit = 0;
        for (const auto& s : cfg.specs) {
            if (!s || cfg.disabled) continue;
            check(unit < files.size());
            check_unit(files[unit].content, *s);
            unit += 2;  // the unit and its .wants link
        }
    }
    return 0;
}
