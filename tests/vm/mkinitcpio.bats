#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The mkinitcpio path: images built by the rules of mkinitcpio's init (tests/vm/mkinitcpio) with
# what the project's install hook adds: without udev, so PARTLABEL= is found by reading partition
# tables with libblkid, and with mkinitcpio's udev hook, whose udevd runs while the late hook does.
# A clean boot each, refusals; and the systemd image sd-aeadswap makes.

load lib

setup_file() {
    vm_prepare
}

# bats test_tags=ci
@test "mkinitcpio: PARTLABEL= without udev, swap active, zero AEAD errors" {
    local disk
    disk=$(vm_disk mk-partlabel 1G)
    sgdisk -n1:0:0 -c1:aeadswap-test "$disk" >/dev/null
    # aeadswap_bin= once chose the program the hook ran (the init makes it a shell variable).
    VM_INITRD=mkinitcpio vm_boot mk-partlabel \
        "aeadswap=PARTLABEL=aeadswap-test,prio=3 aeadswap_bin=/bin/true aeadswap_test.case=boot" "$disk"
    vm_assert_finished
    # The late hook, after the resume hook, as mkinitcpio's init prints them.
    [ "$(vm_lines '^:: running \(hook \[resume\]\|late hook \[aeadswap\]\)' | cut -d' ' -f3-)" = "$(printf 'hook [resume]\nlate hook [aeadswap]')" ]
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (.*, from /dev/vdb1)'
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
}

# mkinitcpio's 'udev' hook leaves udevd running until the cleanup hooks, after the late one: the
# swap comes up beside it, by the link udev made, and udev reads nothing of ours.
# bats test_tags=ci
@test "mkinitcpio with udev: PARTLABEL= by udev's link while udevd runs, swap active, zero AEAD errors" {
    local disk
    vm_build_mkinitcpio_udev
    disk=$(vm_disk mk-udev 1G)
    sgdisk -n1:0:0 -c1:aeadswap-test "$disk" >/dev/null
    VM_INITRD=mkinitcpio-udev vm_boot mk-udev "aeadswap=PARTLABEL=aeadswap-test,prio=3 aeadswap_test.case=boot" "$disk"
    vm_assert_finished
    [ "$(vm_lines '^:: running \(early hook\|hook\|late hook\|cleanup hook\) \[' | cut -d' ' -f3-)" = \
        "$(printf 'early hook [udev]\nhook [udev]\nhook [resume]\nlate hook [aeadswap]\ncleanup hook [udev]')" ]
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (.*, from /dev/disk/by-partlabel/aeadswap-test)'
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
}

# Without udev the helper reads the partition tables itself: two disks with a partition of the same
# name (a USB stick made from the same image) are both named and neither is used.
# bats test_tags=ci
@test "mkinitcpio: refusals leave the disks as they were and the boot goes on" {
    local ext4 twin_a twin_b sums
    ext4=$(vm_disk mk-ext4 64M)
    mkfs.ext4 -q -F -L home "$ext4"
    twin_a=$(vm_disk mk-twin-a 64M)
    twin_b=$(vm_disk mk-twin-b 64M)
    sgdisk -n1:0:0 -c1:twin "$twin_a" >/dev/null
    sgdisk -n1:0:0 -c1:twin "$twin_b" >/dev/null
    sums=$(sha256sum "$ext4" "$twin_a" "$twin_b")
    VM_INITRD=mkinitcpio vm_boot mk-refusals \
        "aeadswap=/dev/vdb aeadswap=/dev/vdz,timeout=2 aeadswap=LABEL=swap aeadswap=PARTLABEL=twin aeadswap_test.case=boot" \
        "$ext4" "$twin_a" "$twin_b"
    vm_assert_finished
    [ "$(vm_value swaps)" = 0 ]
    [ "$(sha256sum "$ext4" "$twin_a" "$twin_b")" = "$sums" ]
    vm_lines "aeadswap: /dev/vdb holds an ext4 filesystem labelled 'home'; not touching it"
    vm_lines 'aeadswap: PARTLABEL=twin names 2 partitions, /dev/vd[cd]1 and /dev/vd[cd]1; not choosing one'
    vm_lines 'aeadswap: /dev/vdz did not appear within 2 s'
    vm_lines 'aeadswap: aeadswap=LABEL=swap: LABEL= names a filesystem'
}

# bats test_tags=ci
@test "sd-aeadswap: a systemd image with what the hook installs brings swap up through the generator" {
    local disk
    vm_build_sd_mkinitcpio
    disk=$(vm_disk sd-mk 1G)
    VM_INITRD=sd-mkinitcpio vm_boot sd-mk "aeadswap=/dev/vdb,prio=3 aeadswap_test.case=boot" "$disk"
    vm_assert_finished
    vm_lines 'Finished .*aeadswap@aeadswap' >/dev/null # the generator's unit (systemd shortens its name)
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: swap on /dev/mapper/aeadswap0 (.*, from /dev/vdb)'
    [ "$(vm_value aead_errors)" = 0 ]
}
