#!/usr/bin/env bats
# A real Debian 13 "trixie" system (tests/vm/debian13.bash): its own kernel (6.12), dracut 106 and
# systemd 257, aeadswap installed by cmake --install, the initramfs made inside the root by
# Debian's kernel hook (systemd flavour) and by dracut --omit systemd (shell flavour). Each boot:
# swap active under its /dev/mapper path, status, zero AEAD and I/O errors, multi-user.target
# reached, and at poweroff the swap off and both dm devices detached.

load lib
load sdroot
load debian13

VM_DIR=$D13_DIR
VM_KERNEL_ROOT=$D13_DIR/root

setup_file() {
    d13_build && vm_probe_accel
}

# In the suite's 256 MiB, as for Debian 12: with 512 MiB the swap held 384 KiB at the check, too
# little for the poweroff's swapoff to have pages to read back.
d13_case() {
    sdroot_case "$1" "$2" root
    vm_lines 'Reached target .*multi-user.target'
    vm_lines '^@@ status   swap:        active, priority 5'
}

@test "Debian 13: the kernel hook's image carries the module (dracut.conf.d), no --add" {
    grep -qx aeadswap "$D13_DIR/logs/kernel-hook-modules.txt"
}

@test "Debian 13, systemd initramfs: swap under /dev/mapper in the root, status active; poweroff detaches both devices" {
    d13_case d13-systemd initrd-d13-systemd
}

@test "Debian 13, shell initramfs (--omit systemd): the same" {
    d13_case d13-shell initrd-d13-shell
}
