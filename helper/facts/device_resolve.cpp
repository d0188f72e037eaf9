// SPDX-License-Identifier: GPL-2.0-or-later
#include "device_resolve.h"

#include "devmapper.h"
#include "log.h"
#include "partition_scan.h"
#include "scan_pass.h"
#include "udev_link.h"

#include <blkid/blkid.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <thread>

namespace aeadswap {
namespace {

namespace fs = std::filesystem;

struct ProbeFree {
    void operator()(blkid_probe p) const { blkid_free_probe(p); }
};

bool exists(const std::string& p) {
    struct stat st {};
    return stat(p.c_str(), &st) == 0;
}

// The partition of `disk` with number `partno`, by its sysfs "partition" attribute.
std::optional<std::string> partition_node(const std::string& disk, int partno) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/sys/class/block/" + disk, ec)) {
        std::ifstream in(e.path() / "partition");
        int n = 0;
        if (in >> n && n == partno) return "/dev/" + e.path().filename().string();
    }
    return std::nullopt;
}

bool matches(blkid_partition part, const SwapSpec& spec) {
    const char* v = spec.kind == DeviceKind::partuuid ? blkid_partition_get_uuid(part) : blkid_partition_get_name(part);
    if (!v) return false;
    std::string s(v);
    if (spec.kind == DeviceKind::partuuid)
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s == spec.device;
}

// The partitions of `disk` that carry the name (one, unless someone copied a table).
std::vector<std::string> scan_disk(const std::string& disk, const SwapSpec& spec) {
    std::string node = "/dev/" + disk;
    std::vector<std::string> found;
    std::unique_ptr<blkid_struct_probe, ProbeFree> pr(blkid_new_probe_from_filename(node.c_str()));
    if (!pr) return found;
    blkid_probe_enable_superblocks(pr.get(), 0);
    blkid_probe_enable_partitions(pr.get(), 1);
    blkid_partlist list = blkid_probe_get_partitions(pr.get());
    if (!list) return found;
    for (int i = 0; i < blkid_partlist_numof_partitions(list); ++i) {
        blkid_partition part = blkid_partlist_get_partition(list, i);
        if (!matches(part, spec)) continue;
        if (auto p = partition_node(disk, blkid_partition_get_partno(part))) found.push_back(*p);
    }
    return found;
}

uint64_t size_sectors(const fs::path& sys) {
    std::ifstream in(sys / "size");
    uint64_t n = 0;
    return in >> n ? n : 0;
}

// A disk whose read did not return within this, in one pass, is left out of the later passes.
constexpr std::chrono::seconds kDiskBound{3};

// The disks a read stalled on, left out of every later pass of this run.
struct ScanState {
    std::set<std::string> unanswered;
};

std::vector<std::string> candidate_disks(const ScanState& state) {
    std::vector<std::string> disks;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/sys/class/block", ec)) {
        std::string name = e.path().filename().string();
        if (exists(e.path() / "partition") || !scan_candidate(name, size_sectors(e.path()))) continue;
        if (!state.unanswered.count(name)) disks.push_back(name);
    }
    return disks;
}

// Every partition of every candidate disk that carries the name: two is an error, never the first
// in directory order (partition_scan.h).
std::optional<Expected<std::string>> find_partition(const SwapSpec& spec, ScanState& state) {
    if (auto link = device_node(spec); exists(link)) return Expected<std::string>(link);
    auto pass = scan_pass(candidate_disks(state), [&](const std::string& disk) { return scan_disk(disk, spec); },
                          kDiskBound);
    for (const auto& disk : pass.unanswered) {
        state.unanswered.insert(disk);
        log_warning("/dev/" + disk + " did not answer a read within " + std::to_string(kDiskBound.count()) +
                    " s; the search for " + describe_device(spec) + " goes on without it");
    }
    if (pass.found.empty()) return std::nullopt;
    return one_partition(describe_device(spec), pass.found);
}

// The device, an error that waiting will not cure, or nothing yet.
std::optional<Expected<std::string>> find_once(const SwapSpec& spec, ScanState& state) {
    if (spec.kind == DeviceKind::path)
        return exists(spec.device) ? std::optional(Expected<std::string>(spec.device)) : std::nullopt;
    return find_partition(spec, state);
}

// /dev/VG/LV or /dev/mapper/VG-LV: a name that only exists once LVM activated the volume.
std::optional<std::string> lvm_name(const SwapSpec& spec) {
    if (spec.kind != DeviceKind::path || spec.device.rfind("/dev/", 0) != 0) return std::nullopt;
    std::string rest = spec.device.substr(5);
    if (rest.rfind("mapper/", 0) == 0) return lvm_volume_of(rest.substr(7));
    auto slash = rest.find('/');
    if (slash == std::string::npos || rest.find('/', slash + 1) != std::string::npos || rest.rfind("disk/", 0) == 0)
        return std::nullopt;
    return rest;
}

Error not_found(const SwapSpec& spec) {
    // With --no-wait the initramfs did the waiting, bounded by its own limits (dracut's rd.retry).
    std::string waited = spec.wait ? "within " + std::to_string(spec.timeout_s) + " s" : "while the initramfs waited for it";
    std::string hint = "; check the name, or raise timeout=";
    if (auto lv = lvm_name(spec))
        hint = "; an LVM volume appears once its volume group is activated: a dracut image needs rd.lvm.lv=" + *lv +
               " (host-only images get it from aeadswap's module), and the real root's unit tries again";
    return fail(Exit::no_device, describe_device(spec) + " did not appear " + waited + hint);
}

}  // namespace

std::vector<Expected<std::string>> resolve_devices(const std::vector<const SwapSpec*>& specs) {
    using clock = std::chrono::steady_clock;
    auto start = clock::now();
    std::vector<std::optional<Expected<std::string>>> found(specs.size());
    ScanState state;
    for (size_t pending = specs.size(); pending > 0;) {
        for (size_t i = 0; i < specs.size(); ++i) {
            if (found[i]) continue;
            const SwapSpec& s = *specs[i];
            if (auto path = find_once(s, state))
                found[i] = std::move(*path);
            else if (clock::now() >= start + std::chrono::seconds(s.wait ? s.timeout_s : 0))
                found[i] = Expected<std::string>(not_found(s));
            if (found[i]) --pending;
        }
        if (pending > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::vector<Expected<std::string>> out;
    for (auto& f : found) out.push_back(std::move(*f));
    return out;
}

}  // namespace aeadswap
