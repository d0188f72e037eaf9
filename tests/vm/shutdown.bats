#!/usr/bin/env bats
# The real root's systemd (a debootstrap'ed Debian 12) takes over the swap the initramfs set up:
# it shows it as a swap unit, and at poweroff turns it off and detaches both dm devices, with
# tmpfs pages in the swap that swapoff must read back. Once from each dracut flavour.

load lib

setup_file() {
    vm_prepare && vm_build_sdroot
}

# sdroot_case NAME INITRD: boots the systemd root with aeadswap=/dev/vdb, checks what it reported.
sdroot_case() {
    local name=$1 disk
    disk=$(vm_disk "$name" 1G)
    # systemd-shutdown logs to the kernel log at info level: loglevel=7 puts that on the console,
    # devkmsg=on keeps the kernel from rate-limiting it.
    VM_ROOT=sdroot VM_INITRD=$2 vm_boot "$name" "aeadswap=/dev/vdb,prio=5 loglevel=7 printk.devkmsg=on" "$disk"
    vm_lines 'reboot: Power down' >/dev/null || {
        tail -n 60 "$VM_LOG" >&2
        return 1
    }
    [ "$(vm_value swaps)" = 1 ]
    vm_lines '^@@ procswaps /dev/.*partition.*[[:space:]]5$'
    vm_lines '^@@ swapunit .*\.swap  *loaded active active'
    vm_lines '^@@ status   swap:        active, priority 5'
    [ "$(vm_value swap_used_kib)" -gt 16384 ]
    [ "$(vm_value aead_errors)" = 0 ]
    vm_lines 'Deactivated swap'
    vm_lines 'systemd-shutdown\[1\]: All swaps deactivated'
    [ "$(vm_lines 'systemd-shutdown\[1\]: Detaching DM /dev/dm-' | wc -l)" = 2 ]
    vm_lines 'systemd-shutdown\[1\]: All DM devices detached'
    local bad
    for bad in 'INTEGRITY AEAD ERROR' 'Not all DM devices detached' 'Failed to deactivate swap' 'Failed to detach' \
        'I/O error'; do
        run vm_lines "$bad"
        [ "$status" -ne 0 ]
    done
}

@test "shell initramfs, systemd root: swap unit active; poweroff turns it off and detaches both devices" {
    sdroot_case sdroot-shell initrd
}

@test "systemd initramfs, systemd root: the same" {
    sdroot_case sdroot-systemd initrd-systemd
}
