# shellcheck shell=bash
# shellcheck disable=SC2154 # $status is set by bats' run
# The checks of a boot into a real systemd root (tests/vm/sdroot/vmcase as its service), shared by
# the Debian 12 root (shutdown.bats) and the Debian 13 system (debian13.bats).

# sdroot_case NAME INITRD [ROOT]: boots the systemd root (ROOT.img in VM_DIR, sdroot by default)
# with aeadswap=/dev/vdb, checks what it reported.
sdroot_case() {
    local name=$1 disk
    disk=$(vm_disk "$name" 1G)
    # systemd-shutdown logs to the kernel log at info level: loglevel=7 puts that on the console,
    # devkmsg=on keeps the kernel from rate-limiting it.
    VM_ROOT=${3:-sdroot} VM_INITRD=$2 vm_boot "$name" "aeadswap=/dev/vdb,prio=5 loglevel=7 printk.devkmsg=on" "$disk"
    vm_lines 'reboot: Power down' >/dev/null || {
        tail -n 60 "$VM_LOG" >&2
        return 1
    }
    [ "$(vm_value swaps)" = 1 ]
    vm_lines '^@@ procswaps /dev/.*partition.*[[:space:]]5$'
    # The swap unit systemd makes from /proc/swaps, under the path the device has in the root.
    vm_lines '^@@ swapunit dev-mapper-aeadswap0\.swap  *loaded  *active  *active'
    vm_lines '^@@ status   swap:        active, priority 5'
    [ "$(vm_value swap_used_kib)" -gt 16384 ]
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
    vm_lines 'Deactivated swap'
    vm_lines 'systemd-shutdown\[1\]: All swaps deactivated'
    [ "$(vm_lines 'systemd-shutdown\[1\]: Detaching DM /dev/dm-' | wc -l)" = 2 ]
    vm_lines 'systemd-shutdown\[1\]: All DM devices detached'
    local bad
    for bad in 'INTEGRITY AEAD ERROR' 'Not all DM devices detached' 'Failed to deactivate swap' 'Failed to detach' \
        'Failed deactivating swap' 'I/O error'; do
        run vm_lines "$bad"
        [ "$status" -ne 0 ]
    done
}
