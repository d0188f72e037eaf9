#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tags=inline (and tags=auto): on an NVMe namespace formatted with per-block metadata
# and no protection information, dm-crypt sits directly on the partition and each block's IV and
# tag go into the drive's own metadata, written with the data; no dm-integrity, no tag I/O. qemu
# emulates the drive (nvme-ns ms=64) and keeps the metadata after the data in the image.
# Two boots on one disk (round trip, then recognized again and tampered with), one boot with every
# unsuitable format (each falls back to the tags beside the data, saying why), and 6.1, whose
# kernel cannot do it. The first four on 6.12 and 7.3, the last on 6.1 (tests/CMakeLists.txt).

load lib

setup_file() {
    vm_prepare
    export INLINE_DISK=$VM_DIR/disks/inline.img
}

# The namespace of the first two cases: 1 GiB of 4096-byte blocks with 64 bytes of metadata, one
# partition from 1 MiB on (nvme0n1p1).
inline_disk() {
    local d
    d=$(vm_nvme_disk inline 262144 4096 64) && vm_partition "$d" 4096 && printf '%s\n' "$d"
}

# bats test_tags=ci:trixie-backports
@test "tags=auto, the default, on NVMe with 64 bytes of metadata: dm-crypt directly on the partition, every page right, no tag I/O" {
    local disk
    disk=$(inline_disk)
    # No tags= at all: what a user who only names the device gets.
    vm_boot "inline-$(vm_kver)" "aeadswap=/dev/nvme0n1p1 aeadswap_test.case=inline aeadswap_test.mib=256" "$disk"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: tags in the drive.s metadata on /dev/nvme0n1p1 (no dm-integrity)$'
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (1.0 GiB, aegis128, from /dev/nvme0n1p1)'
    # The crypt table on the partition itself (259:N), past the header block; nothing else.
    vm_lines '^@@ table=aeadswap0: 0 [0-9]* crypt capi:aegis128-random :16:logon:aeadswap:aeadswap0 0 259:[0-9]* 8 4 no_read_workqueue no_write_workqueue integrity:32:aead sector_size:4096|$'
    vm_lines '^@@ status   tags:        in the drive.s per-block metadata of /dev/nvme0n1p1, written with the data$'
    vm_lines '^@@ status_json=.*"tag_bytes":32,"sector_size":4096,"integrity_mode":"none","tags":"inline",'
    [ "$(vm_lines '^@@ child=.* good=16384 wrong=0 sigbus=0' | wc -l)" = 4 ]
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
    # Only the pages swapped reach the namespace: no tags.
    vm_assert_only_pages_reach nvme0n1
    # aeadswap's header at the partition's start, for the next boot and anything that might swapon it.
    [ "$(dd if="$INLINE_DISK" bs=1M skip=1 count=1 status=none | head -c 13)" = "aeadswap area" ]
}

# bats test_tags=ci:trixie-backports
@test "tags=inline, the same disk booted again: recognized; changed data, tag or IV and a moved block SIGBUS, never wrong data" {
    [ -s "$INLINE_DISK" ] || {
        echo "needs the disk of the case before (run the whole file)" >&2
        return 1
    }
    vm_boot "inline-tamper-$(vm_kver)" "aeadswap=/dev/nvme0n1p1,tags=inline aeadswap_test.case=tamper aeadswap_test.layout=inline" \
        "nvme:$INLINE_DISK:logical_block_size=4096,physical_block_size=4096,ms=64"
    vm_assert_finished
    vm_lines "aeadswap: aeadswap0: /dev/nvme0n1p1 holds an aeadswap area (tags in the drive's metadata, header version 1) from an earlier boot; formatting it$"
    vm_lines '^@@ tamper layout=inline tampered=4096 good=12288 wrong=0 sigbus=4096 child_signal=7$'
    local c
    for c in data tag moved iv; do
        vm_lines "^@@ tamper_class=$c good=0 wrong=0 sigbus=1024$"
    done
    vm_lines '^@@ tamper_class=clean good=12288 wrong=0 sigbus=0$'
}

@test "tags=inline where the drive cannot hold the tags: each format falls back to the tags beside the data, saying why; interleaved metadata is refused" {
    local none small pi small_blocks interleaved
    none=$(vm_nvme_disk inline-none 16384 4096 0)
    small=$(vm_nvme_disk inline-16 16384 4096 16)
    pi=$(vm_nvme_disk inline-pi1 16384 4096 64 pi=1)
    small_blocks=$(vm_nvme_disk inline-512 131072 512 64)
    interleaved=$(vm_nvme_disk inline-interleaved 16384 4096 64 mset=1)
    # The guest names namespaces in the order it finds them, not by id: the case starts the
    # helper after boot on each namespace by its id, named nsN (case_inline_fallback).
    vm_boot "inline-fallback-$(vm_kver)" "aeadswap_test.case=inline_fallback" "$none" "$small" "$pi" "$small_blocks" \
        "$interleaved"
    vm_assert_finished
    [ "$(vm_value swaps)" = 4 ]
    vm_lines "^@@ helper aeadswap: tags=inline: ns1: /dev/nvme0n[1-5]: nvme0n[1-5] has no per-block metadata (its format has none); the tags go beside the data$"
    vm_lines "^@@ helper aeadswap: ns2: /dev/nvme0n[1-5]: nvme0n[1-5] has 16 bytes of metadata a block; the tag needs 32; the tags go beside the data$"
    vm_lines "^@@ helper aeadswap: ns3: /dev/nvme0n[1-5]: nvme0n[1-5] uses its metadata for protection information (T10-DIF-TYPE1-CRC), not free for tags; the tags go beside the data$"
    vm_lines "^@@ helper aeadswap: tags=inline: ns4: /dev/nvme0n[1-5]: nvme0n[1-5] has metadata per 512-byte block; the tags need it per 4096-byte block (a 4096-byte format with metadata); the tags go beside the data$"
    # Interleaved metadata: the kernel gives the namespace no capacity, so nothing can use it.
    vm_lines "^@@ helper aeadswap: /dev/nvme0n[1-5] has no capacity (0 bytes; an NVMe format with the metadata interleaved with the data is one Linux cannot use); no swap on it$"
    # Each on dm-integrity as without tags=: its superblock where the header would have been.
    [ "$(vm_lines '^@@ status   tags:        on the disk, beside the data$' | wc -l)" = 4 ]
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
}

@test "tags=inline that sysfs allows and the kernel refuses: the kernel's reason logged, the tags beside the data" {
    local disk img
    disk=$(vm_nvme_disk inline-refused 16384 4096 64)
    img=${disk#nvme:}
    img=${img%%:*}
    vm_boot "inline-refused-$(vm_kver)" "aeadswap_test.case=inline_refused" "$disk"
    vm_assert_finished
    vm_lines "^@@ helper aeadswap: aeadswap0: /dev/nvme0n1: the kernel refused dm-crypt on the drive's metadata (device-mapper: table: 25[0-9]:[0-9]*: crypt: [^;]*); the tags go beside the data$"
    [ "$(vm_value swaps)" = 1 ]
    vm_lines '^@@ status   tags:        on the disk, beside the data$'
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value stop_rc)" = 0 ]
    # dm-integrity's superblock where aeadswap's header was.
    [ "$(head -c 7 "$img")" = integrt ]
}

@test "6.1: a drive with metadata the kernel cannot use for tags falls back to the tags beside the data, saying why" {
    local disk
    disk=$(inline_disk)
    vm_boot "inline-6.1-$(vm_kver)" "aeadswap=/dev/nvme0n1p1 aeadswap_test.case=clean" "$disk"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    vm_lines "aeadswap: aeadswap0: /dev/nvme0n1p1: nvme0n1 has no metadata_bytes in sysfs (this kernel cannot put tags in a drive's metadata; 6.11 or later); the tags go beside the data$"
    vm_lines '^@@ status   tags:        on the disk, beside the data$'
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
}
