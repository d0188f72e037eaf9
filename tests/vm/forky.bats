#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut-ng at its newest: a Debian forky (testing) system built like the Debian 13 one
# (tests/vm/debian_system.bash), with forky's dracut 112, systemd 262 and kernel 7.2, aeadswap
# installed by cmake --install and the initramfs made by Debian's kernel hook inside the root.
# One clean boot, its swap a mirror.

DSYS_SUITE=forky
load lib
load sdroot
load debian_system

setup_file() {
    dsys_build && vm_probe_accel
}

# bats test_tags=ci
@test "forky: the kernel hook's image carries the module (dracut.conf.d), no --add" {
    grep -qx aeadswap "$DSYS_DIR/logs/kernel-hook-modules.txt"
}

# The swap a mirror (each leg the default stack), so that a CI run sees systemd's shutdown take
# down all five devices of one (shutdown.bats's mirror case, on Debian 12's root, runs by hand).
# bats test_tags=ci
@test "forky, systemd initramfs: a mirror (mirror=) active under /dev/mapper with its priority, no AEAD or I/O error; poweroff detaches all five devices" {
    SDROOT_SWAP=aeadswap=/dev/vdb,prio=5,mirror=/dev/vdc sdroot_boot forky-clean initrd-systemd root \
        aeadswap_test.case=boot "$(vm_disk forky-clean 1G)" "$(vm_disk forky-clean-leg1 1G)"
    sdroot_swap_active
    vm_lines '^@@ status   mirror:      dm-raid raid1, 2 of 2 legs in use$'
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
    SDROOT_DM_DEVICES=5 sdroot_poweroff_clean
}
