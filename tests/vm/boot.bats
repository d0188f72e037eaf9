#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Clean boots through the real dracut module: swap comes up, status tells the truth, the log has
# no AEAD or I/O error, the key stays out of the tables, and stop takes it all down again.

load lib

setup_file() {
    vm_prepare
}

# bats test_tags=ci
@test "clean boot: aeadswap=/dev/vdb,prio=7 gives active swap and zero AEAD errors" {
    local disk
    disk=$(vm_disk clean 1G)
    vm_boot clean "aeadswap=/dev/vdb,prio=7 aeadswap_test.case=clean" "$disk"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    vm_lines '^@@ procswaps /dev/mapper/aeadswap0 .*partition.*[[:space:]]7$'
    vm_lines '^@@ status   backing:     /dev/vdb$'
    vm_lines '^@@ status   cipher:      capi:aegis128-random, tag 32 bytes, sector 4096$'
    vm_lines '^@@ status   integrity:   mode D (direct, no journal)$'
    vm_lines '^@@ status   swap:        active, priority 7'
    vm_lines '"swap_active":true,"swap_priority":7'
    vm_lines 'aeadswap: aeadswap0: /dev/vdb holds nothing (the first 64 KiB are zero); formatting it'
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (1.0 GiB, aegis128, from /dev/vdb)'
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
}

# bats test_tags=ci
@test "clean boot: the key is in no table, dmsetup --showkeys included" {
    VM_LOG=$VM_DIR/logs/clean.log
    vm_lines '^@@ table=aeadswap0: 0 [0-9]* crypt capi:aegis128-random :16:logon:aeadswap:aeadswap0 0 '
    vm_lines 'aeadswap0_dif: 0 [0-9]* integrity [0-9]*:16 0 32 D '
    run vm_lines "^@@ table=.*crypt capi:aegis128-random [0-9a-f]\{32\} "
    [ "$status" -ne 0 ]
}

@test "without a keyring the key goes through secure-data ioctls; swap works; dmsetup masks it" {
    local disk
    disk=$(vm_disk hexkey 256M)
    vm_boot hexkey "aeadswap_test.case=hexkey" "$disk"
    vm_assert_finished
    vm_lines 'aeadswap: keyring disabled for a test; passing the key in the table instead'
    [ "$(vm_value swaps)" = 1 ]
    vm_lines '^@@ table=0 [0-9]* crypt capi:aegis128-random 0\{32\} 0 '
    [ "$(vm_value showkeys_len)" = 32 ]
    [ "$(vm_value stop_rc)" = 0 ]
}

# The device is judged through the descriptor opened, not by its path again (helper/apply/block_device.h):
# a link re-pointed at an ext4 disk right after the open changes nothing.
@test "a link re-pointed after the open: the opened device is judged and formatted, the other untouched" {
    local empty ext4 sums
    empty=$(vm_disk relink-empty 256M)
    ext4=$(vm_disk relink-ext4 64M)
    mkfs.ext4 -q -F -L home "$ext4"
    sums=$(sha256sum "$ext4")
    vm_boot relink "aeadswap_test.case=relink" "$ext4" "$empty"
    vm_assert_finished
    [ "$(vm_value link)" = /dev/vdb ]
    [ "$(vm_value swaps)" = 1 ]
    [ "$(vm_value raw)" = "$(vm_value vdc)" ]
    vm_lines 'aeadswap: aeadswap0: /dev/aeadswap-link holds nothing (the first 64 KiB are zero); formatting it'
    [ "$(sha256sum "$ext4")" = "$sums" ]
}

@test "clean boot: aeadswap stop turns swap off and removes both devices without error" {
    VM_LOG=$VM_DIR/logs/clean.log
    [ "$(vm_value stop_rc)" = 0 ]
    [ "$(vm_value after_stop_swaps)" = 0 ]
    [ "$(vm_value mapper)" = 0 ]
    [ "$(vm_value stop_errors)" = 0 ]
}

@test "PARTLABEL= on a GPT-partitioned disk" {
    local disk
    disk=$(vm_disk partlabel 1G)
    sgdisk -n1:0:0 -c1:aeadswap-test "$disk" >/dev/null
    vm_boot partlabel "aeadswap=PARTLABEL=aeadswap-test aeadswap_test.case=boot" "$disk"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (.*, from /dev/disk/by-partlabel/aeadswap-test)'
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
}

# bats test_tags=ci
@test "aeadswap=off: no swap, disk untouched, one log line says why" {
    local disk before
    disk=$(vm_disk off 64M)
    before=$(sha256sum <"$disk")
    vm_boot off "aeadswap=/dev/vdb aeadswap=off aeadswap_test.case=boot" "$disk"
    vm_assert_finished
    [ "$(vm_value swaps)" = 0 ]
    [ "$(sha256sum <"$disk")" = "$before" ]
    vm_lines 'aeadswap: disabled on the kernel command line (aeadswap=off); no swap set up'
}

@test "systemd initramfs: generator units set up swap that survives switch-root; a missing device costs only its timeout" {
    local disk
    disk=$(vm_disk sd-clean 1G)
    VM_INITRD=initrd-systemd vm_boot sd-clean "aeadswap=/dev/vdb,prio=5 aeadswap=/dev/vdz,timeout=3 aeadswap_test.case=boot" "$disk"
    vm_assert_finished
    vm_lines 'Finished .*aeadswap@aeadswap.*swap aeadswap0 on /dev/vdb'
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (1.0 GiB, aegis128, from /dev/vdb)'
    vm_lines 'aeadswap: /dev/vdz did not appear within 3 s'
    run vm_lines 'emergency'
    [ "$status" -ne 0 ]
    [ "$(vm_value aead_errors)" = 0 ]
}
