#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tags=ram: dm-integrity keeps the tags on a RAM disk (brd) and the disk holds only ciphertext
# after aeadswap's 4 KiB header, so an attacker with the disk cannot put back an older sector
# either. Two boots on one disk: the round trip with the I/O counted at each device, a second
# entry refused by its RAM cap, stop; then the same disk again (recognized), tamper and replay.
# And the systemd initramfs, where each entry is a unit of its own, so brd loaded by the first
# start must serve the second.

load lib

setup_file() {
    vm_prepare
    export TAGRAM_DISK=$VM_DIR/disks/tagram.img
}

# 1 GiB of swap: 262144 tags of 32 bytes in whole 64 KiB buffers, after the superblock and one
# journal section (8 + 264 sectors): helper/plan/integrity_geometry.cpp.
TAG_RAM_BYTES=$(((8 + 264) * 512 + 8 * 1024 * 1024))

# bats test_tags=ci
@test "tags=ram: every page right, only data reaches the disk, the RAM cap refuses, stop frees the RAM" {
    local capped sums
    vm_disk tagram 1G >/dev/null
    capped=$(vm_disk tagram-capped 1G)
    sums=$(sha256sum "$capped")
    vm_boot tagram "aeadswap=/dev/vdb,tags=ram aeadswap=/dev/vdc,tags=ram,ram_cap=1 aeadswap_test.case=tagram \
aeadswap_test.mib=256" "$TAGRAM_DISK" "$capped"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (1.0 GiB, aegis128, from /dev/vdb)'
    vm_lines '^@@ status   tags:        in RAM, 8.1 MiB on /dev/ram0 (the disk holds only ciphertext)'
    vm_lines "^@@ status_json=.*\"integrity_mode\":\"D\",\"tags\":\"ram\",\"tag_device\":\"/dev/ram0\",\"tag_ram_bytes\":$TAG_RAM_BYTES,"
    # The tags on brd's first disk (1:0), the crypt device past the header block (offset 8).
    vm_lines '^@@ table=.*aeadswap0_dif: 0 [0-9]* integrity [0-9]*:16 0 32 D [0-9]* meta_device:1:0 block_size:4096 '
    vm_lines '^@@ table=.*aeadswap0: 0 [0-9]* crypt capi:aegis128-random :16:logon:aeadswap:aeadswap0 0 [0-9]*:[0-9]* 8 4 '
    [ "$(vm_lines '^@@ child=.* good=16384 wrong=0 sigbus=0' | wc -l)" = 4 ]
    vm_assert_only_pages_reach vdb
    # brd keeps no I/O statistics; the helper says it wrote the tag disk over (allocated it).
    vm_lines 'aeadswap: aeadswap0: tags in RAM: 8.1 MiB on /dev/ram0, allocated$'
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
    # The capped entry: refused by name and figure, its disk untouched.
    vm_lines 'aeadswap: aeadswap1: /dev/vdc: its tags would take 8.1 MiB of RAM, more than ram_cap=1 (1 % of [0-9.]* MiB is [0-9.]* MiB); raise it with ram_cap=[0-9]* or more (at most 50), or use tags=disk; not touching it$'
    [ "$(sha256sum "$capped")" = "$sums" ]
    vm_lines '^@@ stop_rc=0 after_stop_swaps=0 brd=unloaded$'
    # What the disk shows the next boot, and anything that might swapon it: aeadswap's header,
    # no swap signature, nothing libblkid knows.
    [ "$(head -c 13 "$TAGRAM_DISK")" = "aeadswap area" ]
    run blkid -p "$TAGRAM_DISK"
    [ "$status" -eq 2 ]
    [ "$(dd if="$TAGRAM_DISK" bs=1 skip=4086 count=10 status=none | tr -d '\0')" = "" ]
}

# bats test_tags=ci
@test "tags=ram, the same disk booted again: recognized; changed and moved data SIGBUS, and a replayed sector fails" {
    [ -s "$TAGRAM_DISK" ] || {
        echo "needs the disk of the case before (run the whole file)" >&2
        return 1
    }
    vm_boot tagram-tamper "aeadswap=/dev/vdb,tags=ram aeadswap_test.case=tagram_tamper" "$TAGRAM_DISK"
    vm_assert_finished
    vm_lines 'aeadswap: aeadswap0: /dev/vdb holds an aeadswap area (tags in RAM, header version 1) from an earlier boot; formatting it'
    [ "$(vm_value swaps)" = 1 ]
    vm_lines '^@@ tamper_prep pages=16384 .* not_swapped=0$'
    vm_lines '^@@ tamper layout=ram tampered=2048 good=14336 wrong=0 sigbus=2048 child_signal=7$'
    vm_lines '^@@ tamper_class=data good=0 wrong=0 sigbus=1024$'
    vm_lines '^@@ tamper_class=moved good=0 wrong=0 sigbus=1024$'
    vm_lines '^@@ tamper_class=clean good=14336 wrong=0 sigbus=0$'
    # The replay that reads back stale with the tags on the disk (integrity.bats) fails here.
    vm_lines '^@@ replay_check data_differ=1$'
    vm_lines '^@@ replay slot=100 result=error '
    vm_lines 'device-mapper: crypt: dm-[0-9]*: INTEGRITY AEAD ERROR, sector [0-9]'
    [ "$(vm_value aead_errors)" -gt 0 ]
}

@test "tags=ram in the systemd initramfs: two entries, one unit each, each on a RAM disk of its own" {
    local a b
    a=$(vm_disk tagram-sd-a 256M)
    b=$(vm_disk tagram-sd-b 256M)
    VM_INITRD=initrd-systemd vm_boot tagram-sd \
        "aeadswap=/dev/vdb,tags=ram aeadswap=/dev/vdc,tags=ram,prio=3 aeadswap_test.case=clean" "$a" "$b"
    vm_assert_finished
    [ "$(vm_value swaps)" = 2 ]
    vm_lines 'Finished .*aeadswap@aeadswap.*swap aeadswap0 on /dev/vdb'
    vm_lines 'Finished .*aeadswap@aeadswap.*swap aeadswap1 on /dev/vdc'
    vm_lines 'aeadswap: aeadswap0: tags in RAM: 2.1 MiB on /dev/ram[0-7], allocated$'
    vm_lines 'aeadswap: aeadswap1: tags in RAM: 2.1 MiB on /dev/ram[0-7], allocated$'
    # Two disks, one each, whichever unit came first.
    [ "$(vm_lines '^@@ status_json=' | grep -o '"tag_device":"/dev/ram[0-7]"' | sort -u | wc -l)" = 2 ]
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value stop_rc)" = 0 ]
    vm_lines '^@@ after_stop_brd=unloaded$'
}
