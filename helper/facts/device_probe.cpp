// SPDX-License-Identifier: GPL-2.0-or-later
#include "device_probe.h"

#include <blkid/blkid.h>

#include <memory>

namespace aeadswap {
namespace {

struct ProbeFree {
    void operator()(blkid_probe p) const { blkid_free_probe(p); }
};

std::string value(blkid_probe pr, const char* name) {
    const char* v = nullptr;
    return blkid_probe_lookup_value(pr, name, &v, nullptr) == 0 && v ? v : "";
}

// One safe probe: what libblkid finds, or that it found several things.
Expected<ProbeResult> safe_probe(blkid_probe p, const std::string& path) {
    ProbeResult r;
    int rc = blkid_do_safeprobe(p);
    if (rc == -1) return fail(Exit::failure, "libblkid could not read " + path);
    r.ambiguous = rc == -2;
    if (rc == 0) {
        r.type = value(p, "TYPE");
        r.usage = value(p, "USAGE");
        r.label = value(p, "LABEL");
        r.uuid = value(p, "UUID");
        r.pttype = value(p, "PTTYPE");
    }
    return r;
}

}  // namespace

Expected<ProbeResult> probe_device(const std::string& open_path, const std::string& path) {
    std::unique_ptr<blkid_struct_probe, ProbeFree> pr(blkid_new_probe_from_filename(open_path.c_str()));
    if (!pr) return fail(Exit::failure, "cannot probe " + path + " with libblkid");
    blkid_probe p = pr.get();
    blkid_probe_enable_superblocks(p, 1);
    blkid_probe_set_superblocks_flags(p, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE | BLKID_SUBLKS_LABEL |
                                             BLKID_SUBLKS_UUID);
    blkid_probe_enable_partitions(p, 1);
    blkid_probe_set_partitions_flags(p, BLKID_PARTS_MAGIC);
    auto first = safe_probe(p, path);
    if (!first || first->type != "DM_integrity") return first;
    // The safe probe stops at DM_integrity, which libblkid tries before filesystems, and a
    // superblock in bytes 0-63 (an old aeadswap area) can sit beside a whole ext4, whose own
    // superblock is at 1024. Whatever else is there decides.
    static const char* integrity[] = {"DM_integrity", nullptr};
    blkid_probe_filter_superblocks_type(p, BLKID_FLTR_NOTIN, const_cast<char**>(integrity));
    blkid_reset_probe(p);
    auto beside = safe_probe(p, path);
    if (!beside) return beside;
    return beside->type.empty() && !beside->ambiguous && beside->pttype.empty() ? first : beside;
}

Expected<BlkidNames> probe_names(const std::string& open_path, const std::string& path) {
    std::unique_ptr<blkid_struct_probe, ProbeFree> pr(blkid_new_probe_from_filename(open_path.c_str()));
    if (!pr) return fail(Exit::failure, "cannot probe " + path + " with libblkid");
    blkid_probe p = pr.get();
    blkid_probe_enable_superblocks(p, 1);
    blkid_probe_set_superblocks_flags(p, BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL);
    blkid_probe_enable_partitions(p, 1);
    blkid_probe_set_partitions_flags(p, BLKID_PARTS_ENTRY_DETAILS);
    if (blkid_do_safeprobe(p) == -1) return fail(Exit::failure, "libblkid could not read " + path);
    return BlkidNames{value(p, "UUID"), value(p, "LABEL"), value(p, "PART_ENTRY_UUID"), value(p, "PART_ENTRY_NAME")};
}

}  // namespace aeadswap
