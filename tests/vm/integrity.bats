#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# What the product is for: pages come back exactly as written, and a changed page is never
# handed back changed. The same tampering on plain aes-xts swap shows the difference.

load lib

setup_file() {
    vm_prepare
}

@test "round trip: 384 MiB in four processes through a 256 MiB VM, every page right" {
    local disk
    disk=$(vm_disk roundtrip 1G)
    vm_boot roundtrip "aeadswap=/dev/vdb aeadswap_test.case=roundtrip aeadswap_test.mib=384" "$disk"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    [ "$(vm_lines '^@@ child=.* good=24576 wrong=0 sigbus=0' | wc -l)" = 4 ]
    [ "$(vm_value failed_procs)" = 0 ]
    # More than RAM was written out, not just a little.
    [ "$(vm_value swapped_kib)" -gt 131072 ]
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
}

# bats test_tags=ci
@test "tamper: changed data, changed tags and moved sectors give SIGBUS, never wrong data" {
    local disk
    disk=$(vm_disk tamper 1G)
    vm_boot tamper "aeadswap=/dev/vdb aeadswap_test.case=tamper aeadswap_test.layout=aead" "$disk"
    vm_assert_finished
    [ "$(vm_value not_swapped)" = 0 ]
    vm_lines '^@@ tamper layout=aead tampered=3072 good=13312 wrong=0 sigbus=3072 child_signal=7$'
    vm_lines '^@@ tamper_class=clean good=13312 wrong=0 sigbus=0$'
    vm_lines '^@@ tamper_class=data good=0 wrong=0 sigbus=1024$'
    vm_lines '^@@ tamper_class=tag good=0 wrong=0 sigbus=1024$'
    vm_lines '^@@ tamper_class=moved good=0 wrong=0 sigbus=1024$'
    # 6.1 keeps the kernel's readahead (helper/plan/tuning.h): these exact counts prove it may.
    vm_lines 'aeadswap: vm.page-cluster left at 3: Linux 6.1 reads each page'
    [ "$(vm_value page_cluster)" = 3 ]
    vm_lines 'device-mapper: crypt: dm-0: INTEGRITY AEAD ERROR, sector [0-9]'
    [ "$(vm_value aead_errors)" -gt 0 ]
    # aeadswap status counts what the kernel logged (rate-limited there, so at least a few).
    vm_lines '^@@ status_json=.*"aead_errors":[1-9][0-9]*,"layout":"single","degraded":false,"legs":\[\]}\],'
    [ "$(vm_lines '^@@ status_json=' | grep -o '"aead_errors":[0-9]*' | cut -d: -f2)" = "$(vm_value aead_errors)" ]
}

@test "tamper on plain aes-xts swap: the same changes come back silently wrong" {
    local disk
    disk=$(vm_disk tamper-xts 1G)
    vm_boot tamper-xts "aeadswap_test.xts=1 aeadswap_test.case=tamper aeadswap_test.layout=xts" "$disk"
    vm_assert_finished
    [ "$(vm_value not_swapped)" = 0 ]
    vm_lines '^@@ tamper layout=xts tampered=2048 good=14336 wrong=2048 sigbus=0 child_signal=0$'
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
}

@test "replay within one boot is NOT detected: an older (data, tag) of the same sector reads back stale" {
    # The documented limit (docs/design.md, "Threat model and limits"): AEAD authenticates content and place, not freshness.
    local disk
    disk=$(vm_disk replay 256M)
    vm_boot replay "aeadswap=/dev/vdb aeadswap_test.case=replay" "$disk"
    vm_assert_finished
    vm_lines '^@@ replay_check tags_differ=1 tag_restored=1$'
    vm_lines '^@@ replay slot=100 result=stale$'
    [ "$(vm_value aead_errors)" = 0 ]
}

@test "the other ciphers: gcm-aes and chacha20-poly1305 (28-byte tags) also give SIGBUS, never wrong data" {
    vm_tamper_other_ciphers "tamper-%s"
}
