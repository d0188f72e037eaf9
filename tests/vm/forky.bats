#!/usr/bin/env bats
# dracut-ng at its newest: a Debian forky (testing) system built like the Debian 13 one
# (tests/vm/debian_system.bash), with forky's dracut 112, systemd 262 and kernel 7.2, aeadswap
# installed by cmake --install and the initramfs made by Debian's kernel hook inside the root.
# One clean boot.

DSYS_SUITE=forky
load lib
load sdroot
load debian_system

setup_file() {
    dsys_build && vm_probe_accel
}

@test "forky: the kernel hook's image carries the module (dracut.conf.d), no --add" {
    grep -qx aeadswap "$DSYS_DIR/logs/kernel-hook-modules.txt"
}

@test "forky, systemd initramfs: clean boot, swap active under /dev/mapper with its priority, no AEAD or I/O error; poweroff detaches both devices" {
    sdroot_boot forky-clean initrd-systemd root aeadswap_test.case=boot "$(vm_disk forky-clean 1G)"
    sdroot_swap_active
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
    sdroot_poweroff_clean
}
