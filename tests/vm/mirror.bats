#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# mirror=: two authenticated legs under dm-raid raid1. A page whose copy fails its tag on one leg
# comes back right from the other, and md writes it back over the bad copy; only a page bad on
# both legs is lost (SIGBUS, never wrong data). A leg missing or refused leaves the swap up on the
# other.

load lib

setup_file() {
    vm_prepare
}

# mirror_tamper NAME COUNT [both [SIZE]]: the mirror case with COUNT pages tampered on leg 0's raw
# disk (vdb, 512 MiB), or on both legs' (vdb and vdc, SIZE) at the same slots.
mirror_tamper() {
    local name=$1 a b
    a=$(vm_disk "$name-a" 512M)
    b=$(vm_disk "$name-b" "${4:-512M}")
    vm_boot "$name" "aeadswap=/dev/vdb,mirror=/dev/vdc aeadswap_test.case=mirror aeadswap_test.count=$2 \
aeadswap_test.legs=${3:-one}" "$a" "$b"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    [ "$(vm_value not_swapped)" = 0 ]
}

# bats test_tags=ci
@test "one leg tampered (data, tags, moved): every page right, 0 SIGBUS; md rewrites each bad copy it reads" {
    local repairs rewritten
    mirror_tamper mirror-one 16
    vm_lines '^@@ mirror tampered=16 both_legs=0 good=16384 wrong=0 sigbus=0 child_signal=0$'
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (0.5 GiB, aegis128, mirrored over /dev/vdb and /dev/vdc)'
    # md's info line (not on the console at loglevel=4; the guest reports the first)
    vm_lines '^@@ md_repair_line .*md/raid1:mdX: read error corrected (8 sectors at [0-9]* on dm-1)$'
    repairs=$(vm_value md_repairs)
    rewritten=$(vm_value rewritten)
    # Read through leg 0 alone, every slot md repaired now holds the good page; a slot md happened
    # to read from leg 1 was never seen bad, and keeps its bad copy (docs/layouts.md: no scrubbing).
    [ "$repairs" -ge 1 ]
    [ "$rewritten" = "$repairs" ]
    [ "$((rewritten + $(vm_value still_bad)))" = 16 ]
    [ "$(vm_value differ)" = 0 ]
    [ "$(vm_value md_failures)" = 0 ]
    # status: both legs in use, the repairs and AEAD errors on leg 0, none on leg 1.
    vm_lines '^@@ status_json=.*"layout":"mirror","degraded":false,"legs":\[{"name":"aeadswap0_leg0","backing":"/dev/vdb","state":"in_use","aead_errors":[1-9][0-9]*,"repaired_reads":'"$repairs"'},{"name":"aeadswap0_leg1","backing":"/dev/vdc","state":"in_use","aead_errors":0,"repaired_reads":0}\]}\],'
    vm_lines '^@@ status   mirror:      dm-raid raid1, 2 of 2 legs in use$'
    # stop removes all five devices.
    vm_lines '^@@ stop_rc=0 after_stop_swaps=0 mapper=0$'
}

@test "the same slots tampered on both legs: SIGBUS for exactly those pages, never a wrong page; md fails a leg" {
    local mib
    # Legs of 512 and 384 MiB: the mirror is as big as the smaller one.
    mirror_tamper mirror-both 16 both 384M
    mib=$(vm_lines '^@@ status   device:' | head -n 1 | sed 's/.*(\([0-9]*\) MiB).*/\1/')
    [ "$mib" -gt 370 ] && [ "$mib" -lt 384 ]
    vm_lines '^@@ mirror tampered=16 both_legs=1 good=16368 wrong=0 sigbus=16 child_signal=7$'
    [ "$(vm_value md_repairs)" = 0 ]
    # With no good copy of the first such page, md fails the leg it read it from (6.1 and 7.3
    # alike): the rest of the boot runs on the other leg, and status says so.
    [ "$(vm_value md_failures)" = 1 ]
    vm_lines '^@@ status   mirror:      dm-raid raid1, 1 of 2 legs in use (DEGRADED)$'
    [ "$(vm_lines '^@@ status_json=' | grep -o '"state":"failed"' | wc -l)" = 1 ]
    vm_lines '^@@ stop_rc=0 after_stop_swaps=0 mapper=0$'
}

@test "one leg refused (ext4, byte-identical) and one missing: each mirror comes up on its other leg, one warning each" {
    local a ext4 c sum
    a=$(vm_disk mirror-degraded-a 512M)
    ext4=$(vm_disk mirror-degraded-ext4 64M)
    mkfs.ext4 -q -F -L home "$ext4"
    sum=$(sha256sum <"$ext4")
    c=$(vm_disk mirror-degraded-c 512M)
    vm_boot mirror-degraded "aeadswap=/dev/vdb,mirror=/dev/vdc aeadswap=/dev/vdd,mirror=/dev/vde,timeout=3 \
aeadswap_test.case=mirror_degraded" "$a" "$ext4" "$c"
    vm_assert_finished
    [ "$(sha256sum <"$ext4")" = "$sum" ]
    [ "$(vm_value swaps)" = 2 ]
    vm_lines "aeadswap: aeadswap0: /dev/vdc holds an ext4 filesystem labelled 'home'; not touching it.*; the mirror runs degraded, on its other leg only"
    # The initramfs waited its 3 s for vde (dracut-wait), and the helper ran with --no-wait.
    vm_lines "aeadswap: aeadswap1: /dev/vde did not appear while the initramfs waited for it; .*; the mirror runs degraded, on its other leg only"
    [ "$(vm_value aeadswap_warnings)" = 2 ]
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (0.5 GiB, aegis128, degraded mirror, on /dev/vdb only)'
    vm_lines 'aeadswap: aeadswap1: swap on /dev/mapper/aeadswap1 (0.5 GiB, aegis128, degraded mirror, on /dev/vdd only)'
    vm_lines '^@@ status_json=.*"name":"aeadswap0",.*"legs":\[{"name":"aeadswap0_leg0","backing":"/dev/vdb","state":"in_use","aead_errors":0,"repaired_reads":0},{"name":"aeadswap0_leg1","backing":"","state":"missing",'
    vm_lines '^@@ status   mirror:      dm-raid raid1, 1 of 2 legs in use (DEGRADED)$'
    [ "$(vm_lines '^@@ child=[01] good=16384 wrong=0 sigbus=0$' | wc -l)" = 2 ]
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
    vm_lines '^@@ stop_rc=0 after_stop_swaps=0 mapper=0$'
}

# One disk under two names (a partition by path and by PARTLABEL=, as a by-id link or PARTUUID=
# would be) in both legs of a mirror, and again in a second entry: two keys over the same sectors
# would fail every page. The later name is refused by name; the mirror runs on its first leg.
@test "one disk named twice (a leg by path and by PARTLABEL=, and another entry): the later names refused, the mirror on its first leg" {
    local a
    a=$(vm_disk mirror-same 512M)
    sgdisk -n1:0:0 -c1:swapleg "$a" >/dev/null
    # The parser already refuses one spelling named twice; these are three spellings of one disk.
    vm_boot mirror-same "aeadswap=/dev/vdb1,mirror=PARTLABEL=swapleg aeadswap=/dev/disk/by-partlabel/swapleg,prio=3 \
aeadswap_test.case=mirror_degraded" "$a"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: mirror=.* is the disk of the first leg, /dev/vdb1: two keys over the same sectors would fail every page; not using it twice; the mirror runs degraded, on its other leg only'
    vm_lines 'aeadswap: aeadswap1: /dev/disk/by-partlabel/swapleg is the disk that aeadswap0 uses [(]/dev/vdb1[)]: two keys over the same sectors would fail every page; not using it twice'
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (.*, aegis128, degraded mirror, on /dev/vdb1 only)'
    [ "$(vm_value aeadswap_warnings)" = 1 ]
    [ "$(vm_lines '^@@ child=[01] good=16384 wrong=0 sigbus=0$' | wc -l)" = 2 ]
    [ "$(vm_value aead_errors)" = 0 ]
    vm_lines '^@@ stop_rc=0 after_stop_swaps=0 mapper=0$'
}
