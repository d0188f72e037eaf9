#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# A real Debian 13 "trixie" system (tests/vm/debian_system.bash): its own kernel (6.12), dracut 106 and
# systemd 257, aeadswap installed from the package (apt install ./aeadswap_*.deb, which brings the
# real root's generator too: each boot sets the swap up once), the initramfs made inside the root by
# Debian's kernel hook (systemd flavour) and by dracut --omit systemd (shell flavour). Each boot
# reaches multi-user.target and powers off; the swap, status and poweroff checks are the Debian 12
# root's (sdroot.bash). In the suite's 256 MiB, as for Debian 12: with 512 MiB the swap held
# 384 KiB at the check, too little for the poweroff's swapoff to have pages to read back.

DSYS_SUITE=trixie
DSYS_INSTALL=deb
DSYS_SHELL_IMAGE=1
load lib
load sdroot
load debian_system

setup_file() {
    dsys_build && vm_probe_accel
}

# The disk the first boot formats and the second boots on again.
REBOOT_DISK=$DSYS_DIR/disks/d13-reboot.img

# bats test_tags=ci
@test "Debian 13: the kernel hook's image carries the module (dracut.conf.d), no --add" {
    grep -qx aeadswap "$DSYS_DIR/logs/kernel-hook-modules.txt"
}

# The package's autopkgtest (debian/tests), run in the installed root as autopkgtest's null runner
# would run it: the generator's unit through systemd's parser, the parser's verdicts.
# bats test_tags=ci
@test "Debian 13: the package's autopkgtest passes in the installed system" {
    rm -rf "$DSYS_DIR/root/tmp/debian-tests"
    cp -r "$AEADSWAP_SRC/debian/tests" "$DSYS_DIR/root/tmp/debian-tests"
    run dsys_chroot "$DSYS_DIR/root" env AUTOPKGTEST_TMP=/tmp /tmp/debian-tests/generator-and-parser
    echo "$output"
    rm -rf "$DSYS_DIR/root/tmp/debian-tests"
    [ "$status" -eq 0 ]
    [[ $output == *"generator: /tmp/normal/aeadswap@aeadswap0.service loads clean"* ]]
}

# Removal as dpkg does it: the package's update-initramfs trigger (debian/rules), which Debian's
# dracut answers by making the newest kernel's image again, now without the module.
# bats test_tags=ci
@test "Debian 13: apt purge aeadswap makes the image again without aeadswap" {
    local root=$BATS_TEST_TMPDIR/purged kver
    kver=$(vm_kver)
    cp -a "$DSYS_DIR/root" "$root"
    dsys_chroot "$root" lsinitrd -m "/boot/initrd.img-$kver" | grep -qx aeadswap
    run dsys_chroot "$root" apt-get purge -y -q aeadswap
    echo "$output"
    [ "$status" -eq 0 ]
    [[ $output == *"Processing triggers for dracut"* ]]
    run dsys_chroot "$root" lsinitrd -m "/boot/initrd.img-$kver"
    [ "$status" -eq 0 ]
    [[ $output == *systemd* ]]
    ! grep -qx aeadswap <<<"$output"
    rm -rf "$root"
}

# bats test_tags=ci
@test "Debian 13, systemd initramfs: round trip, swap under /dev/mapper, status active; poweroff detaches both devices; a host-only image made now resumes from nothing" {
    sdroot_case d13-systemd initrd-systemd root "$(vm_disk d13-reboot 1G)" "aeadswap_test.slot=write aeadswap_test.dracut_resume=1"
    vm_lines 'aeadswap: aeadswap0: /dev/vdb holds nothing (the first 64 KiB are zero); formatting it'
    vm_lines '^@@ slot op=write slot=[0-9]* result=ok$'
    # A host-only image made with aeadswap's swap on would not resume from it: dracut takes resume
    # devices from fstab only.
    [ "$(vm_value dracut_resume)" = 0 ]
}

# A reboot from one flavour into the other, on the same disk.
# bats test_tags=ci
@test "Debian 13, shell initramfs (--omit systemd): the same, on the systemd boot's disk: its own area recognized, a new key; an ext4 disk refused once" {
    local slot
    slot=$(vm_console "$DSYS_DIR/logs/d13-systemd.log" | sed -n 's/^@@ slot op=write slot=\([0-9]*\) result=ok$/\1/p')
    [[ -n $slot ]] || {
        echo "the systemd boot wrote no slot (it runs first, on the same disk)" >&2
        return 1
    }
    local ext4
    ext4=$(vm_disk d13-shell-ext4 64M)
    mkfs.ext4 -q -F -L home "$ext4"
    # The one old sector read under the new key is the only AEAD error; the ext4 disk (vdc) the
    # only refusal: judged once, by the initramfs (its line in the kernel log), and the real root's
    # unit fails with that reason in the journal, where systemctl --failed and status show it.
    SDROOT_AEAD_ERRORS=1 SDROOT_HELPER_ERRORS=1 SDROOT_UNIT_ERRORS=1 SDROOT_FAILED_UNITS=aeadswap@aeadswap1.service \
        sdroot_case d13-shell initrd-shell root "$REBOOT_DISK" "aeadswap=/dev/vdc aeadswap_test.slot=$slot" "$ext4"
    vm_lines 'aeadswap: aeadswap0: /dev/vdb holds an aeadswap area from an earlier boot; formatting it'
    # The initramfs set it up; the real root's unit (the package's generator) found it and left it.
    vm_lines 'aeadswap: aeadswap0: already set up in this boot (device-mapper [0-9:]*, by the initramfs); nothing to do'
    vm_lines "aeadswap: /dev/vdc holds an ext4 filesystem labelled 'home'; not touching it"
    vm_lines "^@@ journal aeadswap@aeadswap1.service aeadswap: aeadswap1: the initramfs refused /dev/vdc in this boot; not trying again: /dev/vdc holds an ext4 filesystem labelled 'home'; not touching it (add ,force"
    vm_lines "^@@ slot op=read slot=$slot result=Invalid or incomplete multibyte or wide character$"
}

# Two cases in one boot, to save one: the tamper case on vdb, and beside it an ext4 disk (vdc)
# that aeadswap= names too and that must be refused.
@test "Debian 13, systemd initramfs: tamper gives SIGBUS, never a wrong page; a refusal leaves an ext4 disk byte-identical" {
    # The initramfs's unit refuses it and the real root's fails with the same reason.
    SDROOT_REFUSAL_LINES=2 sdroot_tamper_and_refusal d13 initrd-systemd
}

# tags=ram as a Debian 13 user has it: the package's helper and module, Debian's kernel hook's image
# (the systemd flavour, one unit an entry), Debian's own kernel and its brd module.
@test "Debian 13, systemd initramfs, tags=ram: the tags on brd, round trip, status; poweroff detaches both devices" {
    SDROOT_SWAP="aeadswap=/dev/vdb,prio=5,tags=ram" sdroot_case d13-tagram initrd-systemd root
    vm_lines 'aeadswap: aeadswap0: tags in RAM: 8.1 MiB on /dev/ram0, allocated$'
    vm_lines '^@@ status   tags:        in RAM, 8.1 MiB on /dev/ram0 (the disk holds only ciphertext)$'
}

# Proxmox VE's LVM install: the swap on /dev/pve/swap, the root elsewhere. A host-only image made
# with aeadswap= on the command line (dracut --hostonly, as the kernel hook makes one with
# hostonly=yes) carries the lvm module and rd.lvm.lv=pve/swap from aeadswap's module, so the
# initramfs activates the volume and sets the swap up. Two boots of one writable root: the layout
# and the image, then the boot from that image.
# bats test_tags=ci
@test "Debian 13, host-only dracut image: swap on an LVM volume (/dev/pve/swap) is activated and set up in the initramfs; from a generic image, by the real root's unit" {
    local disk
    cp --sparse=always "$DSYS_DIR/root.img" "$DSYS_DIR/root-lvm.img"
    disk=$(vm_disk d13-lvm 1G)
    SDROOT_SWAP=aeadswap=/dev/pve/swap,prio=5 VM_ROOT_WRITABLE=1 sdroot_boot d13-lvm-make initrd-systemd root-lvm \
        "aeadswap_test.case=lvm aeadswap_test.hostonly=1" "$disk"
    [ "$(vm_value lvm_rc)" = 0 ]
    [ "$(vm_value dracut_rc)" = 0 ]
    [ "$(vm_value image_cmdline)" = rd.lvm.lv=pve/swap ]
    [ "$(vm_value image_lvm)" = 1 ]
    dsys_boot_image root-lvm initrd-lvm
    SDROOT_SWAP=aeadswap=/dev/pve/swap,prio=5 VM_ROOT_WRITABLE=1 sdroot_boot d13-lvm initrd-lvm root-lvm \
        aeadswap_test.case=boot "$disk"
    sdroot_swap_active
    vm_lines '^\[[ 0-9.]*\] aeadswap: aeadswap0: /dev/pve/swap holds nothing (the first 64 KiB are zero); formatting it$'
    vm_lines 'aeadswap: aeadswap0: already set up in this boot'
    # The same system from the kernel hook's generic image, which is told of no volume: the
    # initramfs's unit waits out its timeout and fails, and the real root's unit of the same name
    # runs once lvm2 has activated the volume there, and sets the swap up.
    SDROOT_SWAP=aeadswap=/dev/pve/swap,prio=5 VM_ROOT_WRITABLE=1 sdroot_boot d13-lvm-generic initrd-systemd root-lvm \
        aeadswap_test.case=boot "$disk"
    vm_lines 'aeadswap: /dev/pve/swap did not appear within 10 s; an LVM volume appears once its volume group is activated: a dracut image needs rd.lvm.lv=pve/swap'
    vm_lines '^@@ journal aeadswap@aeadswap0.service aeadswap: aeadswap0: /dev/pve/swap holds an aeadswap area from an earlier boot; formatting it$'
    SDROOT_HELPER_ERRORS=1 sdroot_swap_active
    rm -f "$DSYS_DIR/root-lvm.img"
}
