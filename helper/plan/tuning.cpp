// SPDX-License-Identifier: GPL-2.0-or-later
#include "tuning.h"

#include <array>
#include <charconv>

#include "integrity_geometry.h"

namespace aeadswap {

std::optional<long> min_free_kbytes_to_set(long current_kib, long mem_total_kib) {
    long floor = std::min(kMinFreeFloorKiB, mem_total_kib / 8);
    if (current_kib >= floor) return std::nullopt;
    return floor;
}

std::optional<BufioCache> bufio_cache_to_set(uint64_t current, uint64_t mem_total, uint64_t tag_bytes) {
    uint64_t need = mem_total / 100 * kBufioDefaultPercent + tag_bytes;
    BufioCache c{std::min(need, mem_total / kBufioMaxDivisor), need > mem_total / kBufioMaxDivisor};
    if (current >= c.bytes) return std::nullopt;
    return c;
}

std::optional<uint64_t> bufio_retain_to_set(uint64_t current, uint64_t largest_device_tags, uint64_t cache) {
    uint64_t want = std::min(largest_device_tags, cache);
    if (current >= want) return std::nullopt;
    return want;
}

std::optional<KernelVersion> parse_kernel_release(std::string_view release) {
    KernelVersion k;
    const char* end = release.data() + release.size();
    auto a = std::from_chars(release.data(), end, k.major);
    if (a.ec != std::errc() || a.ptr == end || *a.ptr != '.') return std::nullopt;
    auto b = std::from_chars(a.ptr + 1, end, k.minor);
    if (b.ec != std::errc()) return std::nullopt;
    return k;
}

bool reads_swap_page_by_page(KernelVersion k) {
    // tests/vm: the tamper case on 6.1 (integrity.bats, kernel-matrix.bats) and on 6.12 (the
    // matrix and the Debian 13 systems), each at the kernel's page-cluster.
    static constexpr std::array<KernelVersion, 2> proven = {{{6, 1}, {6, 12}}};
    return std::any_of(proven.begin(), proven.end(),
                       [&](const KernelVersion& p) { return p.major == k.major && p.minor == k.minor; });
}

std::string to_string(KernelVersion k) { return std::to_string(k.major) + "." + std::to_string(k.minor); }

namespace {

void plan_min_free(const TunableFacts& f, std::vector<Step>& steps, std::vector<Note>& notes) {
    if (!f.min_free_kbytes) {
        notes.push_back({NoteLevel::warning, std::string("cannot read ") + kMinFreeKbytes +
                                                 "; the kernel's free-memory reserve is left as it is"});
        return;
    }
    long current = *f.min_free_kbytes;
    auto value = min_free_kbytes_to_set(current, static_cast<long>(f.mem_total / 1024));
    if (!value) return;
    steps.push_back(TunableStep{
        kMinFreeKbytes, *value,
        "vm.min_free_kbytes raised from " + std::to_string(current) + " to " + std::to_string(*value) +
            ": writing swap through dm-crypt and dm-integrity needs free memory when the kernel is short of it "
            "(a value set in /etc/sysctl.d is applied later and wins)",
        std::string("cannot write ") + kMinFreeKbytes + "; with the kernel's reserve of " + std::to_string(current) +
            " KiB, swap can stall under heavy memory pressure"});
}

void plan_tag_cache(const TunableFacts& f, const TagsOnDisk& all, std::vector<Step>& steps, std::vector<Note>& notes) {
    if (!f.bufio_cache) {
        notes.push_back({NoteLevel::warning, std::string("cannot read ") + kBufioCache +
                                                 "; dm-bufio's cache for the tags is left as it is"});
        return;
    }
    auto current = static_cast<uint64_t>(*f.bufio_cache);
    auto cache = bufio_cache_to_set(current, f.mem_total, all.total);
    if (cache)
        steps.push_back(TunableStep{
            kBufioCache, static_cast<long>(cache->bytes),
            "dm-bufio's cache raised from " + mib(current) + " to " + mib(cache->bytes) +
                (cache->capped ? " (an eighth of the RAM, its limit here)" : "") + ": the " + mib(all.total) +
                " of tags of the swap go through it",
            std::string("cannot write ") + kBufioCache + "; with " + mib(current) + " for " + mib(all.total) +
                " of tags, swap can crawl under memory pressure"});
    const std::string lost = "; dm-bufio frees the tags under memory pressure";
    if (!f.bufio_retain) {
        notes.push_back({NoteLevel::warning, std::string("cannot read ") + kBufioRetain + lost});
        return;
    }
    auto retain_now = static_cast<uint64_t>(*f.bufio_retain);
    auto retain = bufio_retain_to_set(retain_now, all.largest, cache ? cache->bytes : current);
    if (!retain) return;
    steps.push_back(TunableStep{kBufioRetain, static_cast<long>(*retain),
                                "what dm-bufio keeps of each device under memory pressure raised from " +
                                    mib(retain_now) + " to " + mib(*retain) +
                                    ": a tag it lets go of is read again into memory allocated while memory is short",
                                std::string("cannot write ") + kBufioRetain + lost});
}

void plan_readahead(const TunableFacts& f, Readahead policy, std::vector<Step>& steps, std::vector<Note>& notes) {
    if (!f.page_cluster) {
        notes.push_back({NoteLevel::warning, std::string("cannot read ") + kPageCluster + "; swap readahead left as it is"});
        return;
    }
    long current = *f.page_cluster;
    if (current == 0 || policy == Readahead::on) return;
    std::string why = "readahead=off";
    if (policy == Readahead::automatic) {
        if (f.kernel && reads_swap_page_by_page(*f.kernel)) {
            notes.push_back({NoteLevel::info, "vm.page-cluster left at " + std::to_string(current) + ": Linux " +
                                                  to_string(*f.kernel) +
                                                  " reads each page of a swap readahead window on its own, so one "
                                                  "page failing its tag costs that page alone"});
            return;
        }
        why = "this kernel may read a readahead window in one request, and one page failing its tag would fail "
              "its neighbours too";
    }
    steps.push_back(TunableStep{
        kPageCluster, 0,
        "vm.page-cluster set from " + std::to_string(current) + " to 0 (no swap readahead): " + why +
            " (a value set in /etc/sysctl.d is applied later and wins)",
        std::string("cannot set ") + kPageCluster + " to 0; with swap readahead on, one page that fails its tag can "
            "take the pages read with it (up to " + std::to_string(1L << std::clamp(current, 0L, 30L)) + ")"});
}

}  // namespace

void plan_tunables(const TunableFacts& f, Readahead policy, const TagsOnDisk& earlier, const TagsOnDisk& entry,
                   std::vector<Step>& steps, std::vector<Note>& notes) {
    plan_min_free(f, steps, notes);
    if (entry.total) {
        TagsOnDisk all = earlier;
        all.add(entry);
        plan_tag_cache(f, all, steps, notes);
    }
    plan_readahead(f, policy, steps, notes);
}

}  // namespace aeadswap
