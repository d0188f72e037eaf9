// SPDX-License-Identifier: GPL-2.0-or-later
// Loading kernel modules through libkmod, as modprobe would (dependencies, blacklist of aliases).
#pragma once

#include <string>
#include <vector>

#include "result.h"

namespace aeadswap {

// Loads each of `required` (a module name or alias); one that is built in counts as loaded.
// `optional` ones (faster implementations) are tried and their absence is not an error.
Status load_modules(const std::vector<std::string>& required, const std::vector<std::string>& optional);

// One module by name: whether the module index has it, and whether it is loaded (or built in).
enum class ModuleState { missing, available, loaded };
Expected<ModuleState> module_state(const std::string& name);

// Loads `name` with `options` ("rd_nr=1 rd_size=8192"), after any modprobe.d options for it, so
// that ours win; fails when it is already loaded, since its parameters could not apply then.
Status load_module_with(const std::string& name, const std::string& options);

// Unloads `name` without waiting; fails (EBUSY) while anything holds it.
Status unload_module(const std::string& name);

// What names and aliases stand for in another kernel's module tree (`dir`, its /lib/modules/KVER),
// as modprobe would resolve them: the modules with a file there, in order and once each. Built-in
// ones need no file and are left out; `missing` lists the names that match nothing at all.
struct ModuleLookup {
    std::vector<std::string> modules;
    std::vector<std::string> missing;
};
Expected<ModuleLookup> lookup_modules(const std::string& dir, const std::vector<std::string>& names);

}  // namespace aeadswap
