// SPDX-License-Identifier: GPL-2.0-or-later
#include "device_stack.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "area_header.h"
#include "block_device.h"
#include "device_probe.h"
#include "device_verdict.h"
#include "devmapper.h"
#include "drive_metadata_probe.h"
#include "hibernation.h"
#include "key.h"
#include "kernel_log.h"
#include "log.h"
#include "replaced_swap.h"
#include "mem_total.h"
#include "min_free_sysctl.h"
#include "page_cluster_sysctl.h"
#include "ram_disk.h"
#include "swap_area.h"
#include "sysroot_dev.h"
#include "tag_cache_param.h"
#include "tag_ram_size.h"
#include "test_hooks.h"

namespace aeadswap {
namespace {

constexpr size_t kHeadBytes = 64 * 1024;
constexpr uint64_t kMinBytes = 4 * 1024 * 1024;  // superblock, journal, one tag run and some pages

// Lets the kernel write a fresh superblock through a one-block table; returns the usable sectors.
Expected<uint64_t> format_integrity(const SwapSpec& spec, DevNum raw, const TagLayout& tags) {
    std::string name = integrity_name(spec.name) + "_fmt";
    auto made = dm_create({name, format_uuid(spec.name), "integrity", integrity_format_params(raw, spec.cipher, tags),
                           kFormatSectors, false});
    if (!made) return made.error();
    auto status = dm_status(name);
    auto removed = dm_remove(name);
    if (!status) return status.error();
    if (!removed) return removed.error();
    // Status: "<mismatches> <provided_data_sectors> <recalc>"
    std::istringstream in(status->params);
    uint64_t mismatches = 0, provided = 0;
    if (!(in >> mismatches >> provided) || provided < 16)
        return fail(Exit::dm, "dm-integrity reported no usable space on the device (status '" + status->params + "')");
    return provided / 8 * 8;
}

Expected<DevNum> create_crypt(const SwapSpec& spec, DevNum integrity, uint64_t sectors, uint64_t offset) {
    auto key = random_key(spec.cipher.key_bytes);
    if (!key) return key.error();
    DmCreate req{spec.name, crypt_uuid(spec.name), "crypt", "", sectors, true};
    // Only aeadswap-testhooks, a build for the VM suite, can skip the keyring (test_hooks.h).
    auto kkey = test_hook_no_keyring() ? Expected<KernelKey>(fail(Exit::unsupported, "keyring disabled for a test"))
                                       : KernelKey::add("aeadswap:" + spec.name, *key);
    if (kkey) {
        req.params = crypt_params(integrity, spec.cipher, kkey->table_spec(), spec.crypt_workqueues, offset);
        return dm_create(req);  // kkey is revoked when it goes out of scope, after the load
    }
    log_warning(kkey.error().message + "; passing the key in the table instead (hidden by secure-data ioctls)");
    // libdevmapper copies the table into its own heap buffers (wiped, with secure data, when freed).
    if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
        return fail(Exit::failure, std::string("cannot lock the helper's memory for a key in the table (") +
                                       std::strerror(errno) + "); no swap without a kernel keyring");
    auto around = crypt_params_around_key(integrity, spec.cipher, spec.crypt_workqueues, offset);
    auto line = hex_key_between(around.before_key, *key, around.after_key);
    if (!line) return line.error();
    req.secret_params = reinterpret_cast<const char*>(line->data());
    return dm_create(req);
}

// The node swapon opens: under the new root's /dev in a systemd initramfs (sysroot_dev.h).
std::string node_of(const std::string& name, DevNum d, const std::string& sysroot) {
    std::string dev = "/dev";
    if (!sysroot.empty()) {
        auto below = dev_below_sysroot(sysroot);
        if (below)
            dev = *below;
        else
            log_warning(name + ": " + below.error().message +
                        "; after switch-root the swap may show under a path that does not exist");
    }
    std::string mapper = dev + "/mapper/" + name;
    return access(mapper.c_str(), F_OK) == 0 ? mapper : dev + "/dm-" + std::to_string(d.minor);
}

// tags=ram: refused up front, before anything is written, when the tags would not fit the cap.
Status check_ram_cap(const SwapSpec& spec, const std::string& path, uint64_t raw_bytes) {
    if (spec.tags != TagPlacement::ram) return {};
    auto over = over_ram_cap(tag_ram_bytes(raw_bytes, spec.cipher.tag_bytes), mem_total(), spec.ram_cap_percent);
    if (over) return fail(Exit::refused, spec.name + ": " + path + ": " + *over + "; not touching it");
    return {};
}

// tags=auto and tags=inline: the drive's metadata when sysfs says it can hold the tags. The reason
// it cannot is worth a line unless, under tags=auto, the disk has neither metadata nor an
// integrity profile (nearly every disk, where the default needs no explanation).
TagPlacement choose_tags(const SwapSpec& spec, DevNum raw, const std::string& path) {
    if (spec.tags != TagPlacement::automatic && spec.tags != TagPlacement::drive) return spec.tags;
    auto m = read_drive_metadata(raw);
    auto fits = metadata_holds_tags(m, spec.cipher.tag_bytes);
    if (fits) return TagPlacement::drive;
    std::string line = spec.name + ": " + path + ": " + fits.error().message + "; the tags go beside the data";
    if (spec.tags == TagPlacement::drive)
        log_warning("tags=inline: " + line);
    else if (m.metadata_bytes.value_or(0) > 0 || (!m.format.empty() && m.format != "none"))
        log_info(line);
    return TagPlacement::disk;
}

// dm-integrity formats only over a zeroed first block. The second block says first that the zeros
// are a format of ours (area_header.h): cut short there, by a failed table load or a power loss,
// the next boot recognizes the device instead of refusing it for good. `write(block, offset)`.
template <class Write>
Status zero_for_format(Write write) {
    if (auto st = write(make_format_pending(), kBlockSize); !st) return st;
    if (auto st = write(std::vector<uint8_t>(kBlockSize, 0), 0); !st) return st;
    if (test_hook_stop_after_zeroing()) return fail(Exit::failure, "stopped after zeroing the first block (a test)");
    return {};
}

// The first block: the header that lets the next boot recognize the area, or (tags beside the
// data) the zeros where dm-integrity's superblock goes.
Status write_first_block(const BlockDevice& dev, TagPlacement tags) {
    if (tags == TagPlacement::ram) return dev.write_block(0, make_area_header({}));
    if (tags == TagPlacement::drive)
        return dev.write_block(0, make_area_header({.layout = static_cast<uint16_t>(AreaLayout::tags_in_drive)}));
    return zero_for_format([&](const std::vector<uint8_t>& b, uint64_t off) { return dev.write_block(off, b); });
}

// dm-crypt directly on the device, past the header block; its IV and tag go into each block's
// metadata. An error carries the kernel's own reason.
Expected<CryptStack> crypt_on_drive(const SwapSpec& spec, const RawDevice& raw) {
    uint64_t data = (raw.bytes / 512 - kFormatSectors) / 8 * 8;
    KernelLog kmsg(KernelLog::From::now);
    SwapSpec on_drive = spec;
    on_drive.cipher.tag_bytes = test_hook_drive_tag_bytes(spec.cipher.tag_bytes);
    auto crypt = create_crypt(on_drive, raw.num, data, kFormatSectors);
    if (!crypt) return fail(crypt.error().code, kmsg.dm_table_errors(crypt.error().message));
    return CryptStack{*crypt, data};
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

Rollback::~Rollback() {
    for (auto it = names_.rbegin(); it != names_.rend(); ++it)
        if (auto st = dm_remove(*it); !st) log_error(st.error().message);
}

std::string gib(uint64_t bytes) {
    std::ostringstream s;
    s.precision(bytes >= (10ull << 30) ? 0 : 1);
    s << std::fixed << static_cast<double>(bytes) / (1ull << 30) << " GiB";
    return s.str();
}

uint64_t tag_ram_of(const SwapSpec& spec, const RawDevice& raw) {
    return spec.tags == TagPlacement::ram ? tag_ram_bytes(raw.bytes, spec.cipher.tag_bytes) : 0;
}

Expected<RawDevice> prepare_raw(const SwapSpec& spec, const std::string& path, const StartOptions& opts) {
    auto dev = BlockDevice::open_exclusive(path);
    if (!dev) return dev.error();
    test_hook_device_opened(path);
    // Linux shows an NVMe namespace whose metadata is interleaved with the data (extended LBAs)
    // with no capacity at all: it cannot use that format.
    if (dev->size_bytes() == 0)
        return fail(Exit::refused, path + " has no capacity (0 bytes; an NVMe format with the metadata interleaved "
                                          "with the data is one Linux cannot use); no swap on it");
    if (dev->size_bytes() < kMinBytes) return fail(Exit::refused, path + " is smaller than 4 MiB; too small for swap");
    // Before the verdict's line, which would say "formatting it".
    if (auto st = check_ram_cap(spec, path, dev->size_bytes()); !st) return st.error();
    auto head = dev->read_head(kHeadBytes);
    if (!head) return head.error();
    auto probe = probe_device(dev->same_device_path(), path);
    if (!probe) return probe.error();
    auto v = judge_device(*head, *probe, static_cast<unsigned>(sysconf(_SC_PAGESIZE)), spec.force);
    if (!v.may_format) return fail(Exit::refused, refusal_message(path, v));
    if (v.content == Content::other)
        log_warning(path + " holds " + v.what + (opts.writes() ? "; overwriting it (force)" : "; force would overwrite it"));
    else
        log_info(spec.name + ": " + path + " holds " + v.what + (opts.writes() ? "; formatting it" : "; it may be formatted"));
    if (v.content == Content::swap && opts.writes()) remember_replaced_swap(spec.name, {path, probe->uuid, probe->label});
    if (auto st = check_hibernation(spec); !st) return st.error();
    RawDevice raw{dev->devnum(), dev->size_bytes(), path, choose_tags(spec, dev->devnum(), path)};
    if (!opts.writes()) return raw;
    if (auto st = write_first_block(*dev, raw.tags); !st) return st.error();
    return raw;  // the exclusive open ends here: dm must claim the device next
}

Expected<CryptStack> build_crypt_stack(const SwapSpec& spec, RawDevice& raw, Rollback& rollback,
                                       RamDisks* ram) {
    if (raw.tags == TagPlacement::drive) {
        auto on_drive = crypt_on_drive(spec, raw);
        if (on_drive) {
            rollback.add(spec.name);
            log_info(spec.name + ": tags in the drive's metadata on " + raw.path + " (no dm-integrity)");
            return on_drive;
        }
        log_warning(spec.name + ": " + raw.path + ": the kernel refused dm-crypt on the drive's metadata (" +
                    on_drive.error().message + "); the tags go beside the data");
        // dm-integrity formats over aeadswap's header: zeroed the way the first format does it.
        auto write = [&](const std::vector<uint8_t>& b, uint64_t off) { return write_page_direct(raw.path, raw.num, b, off); };
        if (auto st = zero_for_format(write); !st) return st.error();
        raw.tags = TagPlacement::disk;
    }
    TagLayout tags;
    if (raw.tags == TagPlacement::ram) {
        if (!ram) return fail(Exit::failure, spec.name + ": tags=ram without a RAM disk (a bug in aeadswap)");
        uint64_t bytes = tag_ram_of(spec, raw);
        auto disk = ram->take(bytes);
        if (!disk) return fail(disk.error().code, spec.name + ": " + disk.error().message);
        log_info(spec.name + ": tags in RAM: " + mib(bytes) + " on /dev/" + kernel_name(*disk) + ", allocated");
        tags.tag_device = *disk;
    }
    auto sectors = format_integrity(spec, raw.num, tags);
    if (!sectors) return sectors.error();
    auto integrity = dm_create({integrity_name(spec.name), integrity_uuid(spec.name), "integrity",
                                integrity_params(raw.num, spec.cipher, tags), *sectors, false});
    if (!integrity) return integrity.error();
    rollback.add(integrity_name(spec.name));
    uint64_t data = *sectors - tags.data_offset();  // the header block is not swap
    auto crypt = create_crypt(spec, *integrity, data, tags.data_offset());
    if (!crypt) return crypt.error();
    rollback.add(spec.name);
    // Tags on a RAM disk are read from RAM when they miss dm-bufio's cache; tags on the disk are not.
    // Their size is the RAM disk's arithmetic: a tag per 4 KiB block, in whole tag buffers.
    uint64_t disk_tags = raw.tags == TagPlacement::disk ? tag_ram_bytes(raw.bytes, spec.cipher.tag_bytes) : 0;
    return CryptStack{*crypt, data, disk_tags};
}

Status swap_on_top(const SwapSpec& spec, DevNum top, uint64_t sectors, const TagsOnDisk& tags,
                   const StartOptions& opts, const std::string& what, std::chrono::steady_clock::time_point t0) {
    std::string node = node_of(spec.name, top, opts.sysroot);
    double mapped = seconds_since(t0);
    raise_min_free_kbytes();
    if (tags.total) raise_tag_cache(tags);
    apply_swap_readahead(spec.readahead);
    if (auto st = activate_swap(node, spec.name, top, sectors * 512, spec.priority); !st) return st;
    // swapon's share grows with the size (the kernel allocates ~3 bytes per page); ours does not.
    char took[96];
    std::snprintf(took, sizeof took, "%.2f s (mappings ready after %.2f s, then swapon)", seconds_since(t0), mapped);
    // What the root sees after switch-root, not the new root's mount point.
    std::string shown = node.rfind(opts.sysroot + "/dev/", 0) == 0 ? node.substr(opts.sysroot.size()) : node;
    log(Level::notice, spec.name + ": swap on " + shown + " (" + gib(sectors * 512) + ", " + what + ") in " + took);
    return {};
}

}  // namespace aeadswap
