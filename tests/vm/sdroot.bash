# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# shellcheck disable=SC2154 # $status is set by bats' run
# The checks of a boot into a real systemd root (tests/vm/sdroot/vmcase as its service), shared by
# the Debian 12 root (shutdown.bats) and the Debian 13 system (debian13.bats).

# sdroot_boot NAME INITRD ROOT PARAMS DISK...: boots ROOT.img (in VM_DIR) with $SDROOT_SWAP
# (aeadswap=/dev/vdb,prio=5) and PARAMS on the kernel command line, DISK... as vdb, vdc, ...; fails
# unless the guest powered off after reaching multi-user.target.
sdroot_boot() {
    local name=$1 initrd=$2 root=$3 params=$4
    shift 4
    # systemd-shutdown logs to the kernel log at info level: loglevel=7 puts that on the console,
    # devkmsg=on keeps the kernel from rate-limiting it (and the case's own reports, vmcase).
    VM_ROOT=$root VM_INITRD=$initrd vm_boot "$name" \
        "${SDROOT_SWAP:-aeadswap=/dev/vdb,prio=5} loglevel=7 printk.devkmsg=on $params" "$@"
    vm_lines 'reboot: Power down' >/dev/null || {
        tail -n 60 "$VM_LOG" >&2
        return 1
    }
    [ "$(vm_value multi_user)" = active ]
}

# sdroot_case NAME INITRD [ROOT [DISK [PARAMS [DISK...]]]]: the round trip, swap and status checks,
# and the poweroff's; a new 1 GiB disk unless DISK is given, more disks (vdc, ...) after PARAMS.
# SDROOT_AEAD_ERRORS: the AEAD errors the case causes on purpose (0).
sdroot_case() {
    local disk=${4:-}
    [[ -n $disk ]] || disk=$(vm_disk "$1" 1G)
    sdroot_boot "$1" "$2" "${3:-sdroot}" "${5:-}" "$disk" "${@:6}" || return 1
    sdroot_swap_active
    # 192 MiB in two processes through the 256 MiB VM, every page right.
    [ "$(vm_lines '^@@ child=[01] .*good=24576 wrong=0 sigbus=0' | wc -l)" = 2 ]
    vm_lines '^@@ roundtrip .* failed_procs=0$'
    [ "$(vm_value swap_used_kib)" -gt 16384 ]
    [ "$(vm_value aead_errors)" = "${SDROOT_AEAD_ERRORS:-0}" ]
    [ "$(vm_value io_errors)" = 0 ]
    sdroot_poweroff_clean
}

# sdroot_tamper_and_refusal PREFIX INITRD: one boot of the Debian system's root for three cases, the
# tamper case on vdb (exact counts: SIGBUS, never a wrong page), an ext4 disk (vdc) that aeadswap=
# names too and that must be refused (byte-identical, one error line naming it, a failed unit),
# and systemctl stop at the end. SDROOT_REFUSAL_LINES: the error lines the refusal makes (1).
sdroot_tamper_and_refusal() {
    local ext4 sum
    ext4=$(vm_disk "$1-ext4" 64M)
    mkfs.ext4 -q -F -L home "$ext4"
    sum=$(sha256sum <"$ext4")
    sdroot_boot "$1-tamper" "$2" root "aeadswap=/dev/vdc aeadswap_test.case=tamper aeadswap_test.stop=1" \
        "$(vm_disk "$1-tamper" 1G)" "$ext4"
    vm_lines '^@@ tamper layout=aead tampered=3072 good=13312 wrong=0 sigbus=3072 child_signal=7$'
    [ "$(vm_value swaps)" = 1 ]
    # Then systemctl stop on the swap's unit: swap off, every device of aeadswap's removed.
    [ "$(vm_value stopped_state)" = inactive ]
    [ "$(vm_value stopped_swaps)" = 0 ]
    [ "$(vm_value stopped_dm)" = 0 ]
    vm_lines '^@@ journal aeadswap@aeadswap0.service aeadswap: aeadswap0: stopped$'
    [ "$(sha256sum <"$ext4")" = "$sum" ]
    vm_lines "aeadswap: /dev/vdc holds an ext4 filesystem labelled 'home'; not touching it"
    # Said once in the kernel log or the journal (initramfs-tools: the real root refused it), and
    # where systemctl looks: the unit failed, the system degraded, multi-user reached all the same.
    [ "$(($(vm_value aeadswap_errors) + $(vm_value journal_errors)))" = "${SDROOT_REFUSAL_LINES:-1}" ]
    vm_lines '^@@ failed aeadswap@aeadswap1.service '
    [ "$(vm_value system_state_end)" = degraded ]
    vm_lines "^@@ journal aeadswap@aeadswap1.service aeadswap: .*/dev/vdc holds an ext4 filesystem labelled 'home'; not touching it"
}

# One swap, aeadswap0 with priority 5, as /proc/swaps, systemd and aeadswap status see it, set up
# once (by the initramfs or by the real root's generator, never both), no unit failed but the
# SDROOT_FAILED_UNITS named (none), and no error line of the helper's but the SDROOT_HELPER_ERRORS
# it is meant to log in the kernel log (the initramfs's; 0) and SDROOT_UNIT_ERRORS in the journal
# (the real root's units'; 0).
sdroot_swap_active() {
    [ "$(vm_value swaps)" = 1 ]
    # The kernel's record of the initramfs's line (not vmcase's copy of it, "@@ log"), or the real
    # root's unit's in the journal.
    [ "$(vm_lines '^\[[ 0-9.]*\] aeadswap: aeadswap0: swap on /dev/\|^@@ journal aeadswap@aeadswap0.service aeadswap: aeadswap0: swap on /dev/' | wc -l)" = 1 ]
    [ "$(vm_value aeadswap_errors)" = "${SDROOT_HELPER_ERRORS:-0}" ]
    [ "$(vm_value journal_errors)" = "${SDROOT_UNIT_ERRORS:-0}" ]
    [ "$(vm_console "$VM_LOG" | sed -n 's/^@@ failed \([^ ]*\) .*/\1/p' | sort | xargs)" = "${SDROOT_FAILED_UNITS:-}" ]
    [[ -z ${DSYS_GENERATOR:-} ]] || [ "$(vm_value verify_lines)" = 0 ]
    # The rules of other packages (UDisks's) see the swap device: the helper revealed it before
    # swapon, in the initramfs or the real root, wherever it set it up.
    [[ -z ${DSYS_GENERATOR:-} ]] || [ "$(vm_value udev_hidden)" = 0 ]
    # The path swapon(2) was given, resolved: /dev/mapper/aeadswap0 where libdm made that node
    # (the static helper), /dev/dm-N where it is udev's symlink (the package's, with udev running).
    vm_lines '^@@ procswaps /dev/\(mapper/aeadswap0\|dm-[0-9][0-9]*\) .*partition.*[[:space:]]5$'
    # The swap unit systemd makes from /proc/swaps, under the path the device has in the root.
    vm_lines '^@@ swapunit dev-mapper-aeadswap0\.swap  *loaded  *active  *active'
    vm_lines '^@@ status   swap:        active, priority 5'
}

# At poweroff: swap off, both dm devices (SDROOT_DM_DEVICES) detached, no error line (but the AEAD
# errors expected). Where the real root has aeadswap's generator (DSYS_GENERATOR, every Debian
# system), its unit's ExecStop removes them before systemd-shutdown, which then finds none.
sdroot_poweroff_clean() {
    vm_lines 'Deactivated swap' >/dev/null || {
        # What systemd printed while stopping, for the log of a failing run.
        vm_console "$VM_LOG" | grep -a -i 'swap\|dm-\|shutdown\|timed out\|Power down' | tail -n 40 >&2
        return 1
    }
    vm_lines 'systemd-shutdown\[1\]: All swaps deactivated'
    local detached=${SDROOT_DM_DEVICES:-2}
    if [[ -n ${DSYS_GENERATOR:-} ]]; then
        vm_lines 'Stopped .*aeadswap@aeadswap0\.service'
        detached=0
    fi
    [ "$(vm_lines 'systemd-shutdown\[1\]: Detaching DM /dev/dm-' | wc -l)" = "$detached" ]
    vm_lines 'systemd-shutdown\[1\]: All DM devices detached'
    [ "$(vm_console "$VM_LOG" | grep -ac '^\[[ 0-9.]*\] \(trusted_key: \)\?device-mapper: crypt: dm-[0-9]*: INTEGRITY AEAD ERROR')" = "${SDROOT_AEAD_ERRORS:-0}" ]
    local bad
    for bad in 'Not all DM devices detached' 'Failed to deactivate swap' 'Failed to detach' \
        'Failed deactivating swap' 'I/O error'; do
        run vm_lines "$bad"
        [ "$status" -ne 0 ]
    done
}
