#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The real root's systemd (a debootstrap'ed Debian 12) takes over the swap the initramfs set up:
# it shows it as a swap unit, and at poweroff turns it off and detaches both dm devices, with
# tmpfs pages in the swap that swapoff must read back, after a round trip. Once from each dracut
# flavour. By hand (tests/CMakeLists.txt): CI runs the same checks on Debian 13's and forky's roots.

load lib
load sdroot

setup_file() {
    vm_prepare && vm_build_sdroot
}

@test "shell initramfs, systemd root: swap unit active; poweroff turns it off and detaches both devices" {
    sdroot_case sdroot-shell initrd
}

@test "systemd initramfs, systemd root: swap unit active; poweroff turns it off and detaches both devices" {
    sdroot_case sdroot-systemd initrd-systemd
}

# A mirror: the raid device, both legs' crypt and integrity devices (396 s here, most of it the
# round trip through both legs).
@test "mirror: systemd initramfs, systemd root: swap unit active; poweroff detaches all five devices" {
    SDROOT_SWAP=aeadswap=/dev/vdb,prio=5,mirror=/dev/vdc SDROOT_DM_DEVICES=5 \
        sdroot_case sdroot-mirror initrd-systemd sdroot "" "" "$(vm_disk sdroot-mirror-leg1 1G)"
    vm_lines '^@@ status   mirror:      dm-raid raid1, 2 of 2 legs in use$'
}
