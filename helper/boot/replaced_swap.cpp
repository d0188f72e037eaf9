// SPDX-License-Identifier: GPL-2.0-or-later
#include "replaced_swap.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "boot_cmdline.h"
#include "boot_record.h"
#include "cmdline.h"
#include "enable.h"
#include "log.h"

namespace aeadswap {
namespace {

constexpr const char* kRunDir = "/run/aeadswap";
constexpr const char* kStateDir = "/var/lib/aeadswap";

// Names are letters, digits, '_', '-' and '.', never leading '.' (cmdline.cpp): a file name.
std::string file_in(const char* dir, const std::string& name) { return std::string(dir) + "/" + name + ".replaced"; }

void write_swap(const std::string& path, const ReplacedSwap& s) {
    mkdir(path.substr(0, path.rfind('/')).c_str(), 0755);
    std::ofstream(path) << s.device << "\n" << s.uuid << "\n" << s.label << "\n";
}

bool read_swap(const std::string& path, ReplacedSwap& s) {
    std::ifstream in(path);
    return std::getline(in, s.device) && std::getline(in, s.uuid) && std::getline(in, s.label);
}

// The kernel command line's resume= naming it (the boot loader's, which fstab cannot show).
std::vector<std::string> cmdline_references(const DeviceNames& dev) {
    std::vector<std::string> out;
    auto line = read_boot_cmdline();
    if (!line) return out;
    for (const auto& w : split_kernel_cmdline(*line))
        if (resume_word_names(w, dev)) out.push_back("the kernel command line's " + w);
    return out;
}

}  // namespace

void remember_replaced_swap(const std::string& name, const ReplacedSwap& swap) {
    if (swap.uuid.empty() && swap.label.empty()) return;
    write_swap(file_in(in_initramfs() ? kRunDir : kStateDir, name), swap);
}

void warn_leftover_references(const std::string& name) {
    ReplacedSwap s;
    bool now = read_swap(file_in(kRunDir, name), s);
    if (!now && !read_swap(file_in(kStateDir, name), s)) return;
    DeviceNames old{s.device, {}, s.uuid, s.label, "", ""};
    auto refs = references_to(old, read_config(EnableOptions{}));
    for (auto& r : cmdline_references(old)) refs.push_back(std::move(r));
    if (refs.empty()) {
        unlink(file_in(kStateDir, name).c_str());
        return;
    }
    if (now) write_swap(file_in(kStateDir, name), s);
    std::string where;
    for (size_t i = 0; i < refs.size(); ++i) where += (i ? (i + 1 == refs.size() ? " and " : ", ") : "") + refs[i];
    log_warning(name + ": " + where + " still name" + (refs.size() == 1 ? "s" : "") + " the plain swap that was on " +
                s.device + (s.uuid.empty() ? " (LABEL=" + s.label + ")" : " (UUID=" + s.uuid + ")") +
                ", which aeadswap formatted: the boot waits for it every time. Remove them, or run aeadswap enable " +
                s.device);
}

}  // namespace aeadswap
