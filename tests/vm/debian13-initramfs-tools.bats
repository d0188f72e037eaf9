#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian 13 as most Debian and Ubuntu users have it: initramfs-tools, no dracut
# (tests/vm/debian_system.bash, DSYS_INITRAMFS=initramfs-tools). aeadswap comes from the package,
# built on Debian 13 itself (dpkg-buildpackage in a copy of the root, after apt-get build-dep) and
# installed with apt install ./aeadswap_*.deb, and nothing rebuilds the initramfs for it: the image is the one
# update-initramfs made when the kernel was installed. The swap comes from the real root's systemd
# generator (/usr/lib/systemd/system-generators/aeadswap-generator, in the package): one unit per
# aeadswap= entry, before swap.target. The checks are the dracut system's (sdroot.bash).

DSYS_SUITE=trixie
DSYS_INITRAMFS=initramfs-tools
DSYS_INSTALL=deb-native
load lib
load sdroot
load debian_system

setup_file() {
    dsys_build && vm_probe_accel
}

# bats test_tags=ci
@test "Debian 13, initramfs-tools: the image has nothing of aeadswap's; the package installed the generator" {
    run grep -c aeadswap "$DSYS_DIR/logs/initramfs-tools-files.txt"
    [ "$output" = 0 ]
    [ "$(readlink "$DSYS_DIR/root/usr/lib/systemd/system-generators/aeadswap-generator")" = ../../../sbin/aeadswap ]
}

# bats test_tags=ci
@test "Debian 13, initramfs-tools: swap from the real root's generator; round trip, status active; poweroff detaches both devices" {
    sdroot_case d13it-clean initrd-initramfs-tools root
    vm_lines 'aeadswap: aeadswap0: /dev/vdb holds nothing (the first 64 KiB are zero); formatting it'
    # The real root's unit, not an initramfs, set it up; it ran before swap.target.
    vm_lines '^@@ unit aeadswap@aeadswap0.service active success .*swap\.target'
    vm_lines '^@@ journal aeadswap@aeadswap0.service aeadswap: aeadswap0: swap on /dev/'
}

# Three cases in one boot, as on the dracut system: tamper on vdb, an ext4 disk (vdc) refused
# (byte-identical; the unit failed, the boot at multi-user), systemctl stop.
# bats test_tags=ci
@test "Debian 13, initramfs-tools: tamper gives SIGBUS, never a wrong page; a refused ext4 disk stays byte-identical and fails its unit; systemctl stop turns the swap off" {
    sdroot_tamper_and_refusal d13it initrd-initramfs-tools
}
