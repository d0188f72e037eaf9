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
# fwupd, UDisks and bcache-tools in the root (tests/vm/debian_system.bash): fwupd from backports.
DSYS_AUDIT=trixie-backports
load lib
load sdroot
load debian_system

setup_file() {
    dsys_build && vm_probe_accel
}

# bats test_tags=ci
@test "Debian 13, initramfs-tools: the image has nothing of aeadswap's; the package installed the generator and the resume hook" {
    run grep -c aeadswap "$DSYS_DIR/logs/initramfs-tools-files.txt"
    [ "$output" = 0 ]
    [ "$(readlink "$DSYS_DIR/root/usr/lib/systemd/system-generators/aeadswap-generator")" = ../../../sbin/aeadswap ]
    grep -qx "aeadswap_helper='/usr/sbin/aeadswap'" "$DSYS_DIR/root/usr/share/initramfs-tools/hooks/aeadswap"
}

# The image a kernel update makes while aeadswap's swap is on: update-initramfs in the clean boot,
# written to vdc, booted by the tamper case after it.
UPDATED_DISK=$DSYS_DIR/disks/d13it-updated.img

# bats test_tags=ci
@test "Debian 13, initramfs-tools: swap from the real root's generator; round trip, status active (JSON and metrics as documented); poweroff detaches both devices; update-initramfs leaves aeadswap's swap out of resume; a segfault line quoting dm-crypt's words is not an AEAD error; fwupd's audit finds the swap encrypted, and bcache-tools' prober (a libblkid probe of both ends) reads it without an AEAD error" {
    sdroot_case d13it-clean initrd-initramfs-tools root "" \
        "aeadswap_test.update_initramfs=1 aeadswap_test.segv=1 aeadswap_test.audit=1" "$(vm_disk d13it-updated 256M)"
    # The audit: UDisks has a block object for the device in /proc/swaps (its udev record is not
    # hidden from other packages' rules: sdroot_swap_active), and fwupd's host security check,
    # which asks UDisks for it and walks device-mapper below it, calls the swap encrypted.
    # bcache-tools' rule runs on it too; its prober (run once more by the case) and a read of the
    # written head gave no AEAD error: sdroot_case's count above is 0.
    [ "$(vm_value audit_udisks)" = 1 ]
    [ "$(vm_value audit_bcache_rule)" = 1 ]
    [ "$(vm_value audit_head_rc)" = 0 ]
    vm_console "$VM_LOG" | sed -n 's/^@@ fwupd_swap //p' >"$BATS_TEST_TMPDIR/fwupd-swap.json"
    python3 -c 'import json, sys; a = json.load(open(sys.argv[1])); sys.exit(a["HsiResult"] != "encrypted")' \
        "$BATS_TEST_TMPDIR/fwupd-swap.json"
    # The kernel's segfault line for a program named as dm-crypt's AEAD line on aeadswap's device
    # is there, and status does not count it.
    [ "$(vm_value segv_lines)" = 1 ]
    [ "$(vm_value status_aead_errors)" = 0 ]
    # status's machine-readable forms as a monitoring system reads them, against aeadswap(8)
    # (tests/status_doc.py: the Prometheus client library's own parser), and its health.
    vm_console "$VM_LOG" | sed -n 's/^@@ json //p' >"$BATS_TEST_TMPDIR/status.json"
    vm_console "$VM_LOG" | sed -n 's/^@@ prom //p' >"$BATS_TEST_TMPDIR/status.prom"
    "$AEADSWAP_SRC/tests/status_doc.py" "$AEADSWAP_SRC/man/aeadswap.8.scd" json "$BATS_TEST_TMPDIR/status.json"
    "$AEADSWAP_SRC/tests/status_doc.py" "$AEADSWAP_SRC/man/aeadswap.8.scd" prometheus "$BATS_TEST_TMPDIR/status.prom"
    grep -q '"health":"ok"' "$BATS_TEST_TMPDIR/status.json"
    grep -qx 'aeadswap_swap_active{name="aeadswap0"} 1' "$BATS_TEST_TMPDIR/status.prom"
    [ "$(vm_value status_check)" = 0 ]
    vm_lines 'aeadswap: aeadswap0: /dev/vdb holds nothing (the first 64 KiB are zero); formatting it'
    # initramfs-tools' resume hook picked aeadswap's swap (the biggest, the only one); the
    # package's hook took that choice back, so the new image has none.
    vm_lines '^@@ update-initramfs I: The initramfs will attempt to resume from /dev/dm-'
    vm_lines "^@@ update-initramfs I: aeadswap: not resuming from /dev/mapper/aeadswap0 after all: aeadswap's swap has a new key at every boot\.$"
    [ "$(vm_value image_resume_auto)" = 0 ]
    # The real root's unit, not an initramfs, set it up; it ran before swap.target.
    vm_lines '^@@ unit aeadswap@aeadswap0.service active success .*swap\.target'
    vm_lines '^@@ journal aeadswap@aeadswap0.service aeadswap: aeadswap0: swap on /dev/'
}

# The mirror, set up by the real root's unit: what /proc/swaps names is its raid device, revealed
# to UDisks (a suspend and a resume of dm-raid) before swapon.
@test "Debian 13, initramfs-tools: a mirror from the real root's generator; round trip; UDisks sees its raid device and fwupd calls the swap encrypted" {
    SDROOT_SWAP="aeadswap=/dev/vdb,mirror=/dev/vdc,prio=5" sdroot_case d13it-mirror initrd-initramfs-tools root "" \
        aeadswap_test.audit=1 "$(vm_disk d13it-mirror-b 1G)"
    vm_lines '^@@ status   mirror:      dm-raid raid1, 2 of 2 legs in use'
    [ "$(vm_value audit_udisks)" = 1 ]
    [ "$(vm_value audit_head_rc)" = 0 ]
    vm_console "$VM_LOG" | sed -n 's/^@@ fwupd_swap //p' >"$BATS_TEST_TMPDIR/fwupd-swap.json"
    python3 -c 'import json, sys; a = json.load(open(sys.argv[1])); sys.exit(a["HsiResult"] != "encrypted")' \
        "$BATS_TEST_TMPDIR/fwupd-swap.json"
}

# Three cases in one boot, as on the dracut system: tamper on vdb, an ext4 disk (vdc) refused
# (byte-identical; the unit failed, the boot at multi-user), systemctl stop.
# bats test_tags=ci
@test "Debian 13, initramfs-tools: tamper gives SIGBUS, never a wrong page; a refused ext4 disk stays byte-identical, fails its unit and status --check; systemctl stop turns the swap off" {
    # Booted from the image update-initramfs made with aeadswap's swap on (the clean case's):
    # no wait for a resume device.
    local size
    size=$(head -n 1 "$UPDATED_DISK")
    [[ $size =~ ^[0-9]+$ ]] || {
        echo "the clean case wrote no image to $UPDATED_DISK (it runs first)" >&2
        return 1
    }
    tail -c +$((${#size} + 2)) "$UPDATED_DISK" | head -c "$size" >"$DSYS_DIR/initrd-updated-$(vm_kver).img"
    sdroot_tamper_and_refusal d13it initrd-updated
    # The refused entry has no swap: status --check says so (7), and the JSON names it.
    [ "$(vm_value status_check)" = 7 ]
    vm_lines '^@@ json .*"not_active":\["aeadswap1"\],"health":"not_active","check_exit_status":7}$'
    run vm_lines 'suspend/resume device'
    echo "$output"
    [ "$status" -ne 0 ]
}

# The host plays GRUB for the next boot of a system the case changed: the parameters its
# /etc/default/grub.d/aeadswap.cfg adds (none without it), and the image its /boot holds now
# (dsys_boot_image).
grub_params() {
    debugfs -R 'cat /etc/default/grub.d/aeadswap.cfg' "$DSYS_DIR/$1.img" 2>/dev/null |
        sed -n 's/^GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX \(.*\)"$/\1/p'
}
no_boot_wait() {
    run vm_lines 'suspend/resume device\|Timed out waiting for device\|Dependency failed'
    echo "$output"
    [ "$status" -ne 0 ]
}

# The README's Debian path on the installer's layout (a GPT swap partition in fstab by UUID and in
# initramfs-tools' RESUME=), on a root of its own that keeps what each boot changes: aeadswap
# enable, two boots into authenticated swap; aeadswap disable, reboot into the plain swap with its
# UUID. Every boot: no failed unit, no wait for a device.
# bats test_tags=ci
@test "Debian 13, initramfs-tools: aeadswap enable on the installer's swap partition, two reboots: authenticated, no wait; disable, reboot: the plain swap back with its UUID" {
    local uuid=0b7f3a5e-2c51-4c39-9d1e-6a4f6a1c2b11 disk params
    cp --sparse=always "$DSYS_DIR/root.img" "$DSYS_DIR/root-enable.img"
    disk=$(vm_disk d13it-enable 1G)
    sgdisk -o -n1:2048:0 -t1:8200 -c1:swap "$disk" >/dev/null
    SDROOT_SWAP=aeadswap_test.none=1 VM_ROOT_WRITABLE=1 sdroot_boot d13it-enable initrd-initramfs-tools root-enable \
        "aeadswap_test.case=installer aeadswap_test.swap_uuid=$uuid" "$disk"
    [ "$(vm_value installer_swaps)" = 1 ]
    [ "$(vm_value enable_rc)" = 0 ]
    vm_lines "^@@ enable +# aeadswap enable: UUID=$uuid none swap sw 0 0\$"
    vm_lines "^@@ enable +# aeadswap enable: RESUME=UUID=$uuid\$"
    vm_lines '^@@ enable run: update-initramfs -u -k all$'
    run vm_lines '^@@ failed '
    [ "$status" -ne 0 ]

    params=$(grub_params root-enable)
    [[ $params == aeadswap=PARTUUID=*,prio=5 ]]
    dsys_boot_image root-enable initrd-enabled
    # The first boot formats the old swap; the second finds aeadswap's own area, the old UUID gone
    # from every disk: where a leftover fstab line or RESUME= would make the boot wait.
    SDROOT_SWAP=$params VM_ROOT_WRITABLE=1 sdroot_boot d13it-enabled-1 initrd-enabled root-enable \
        aeadswap_test.case=boot "$disk"
    sdroot_swap_active
    vm_lines 'aeadswap: aeadswap0: /dev/disk/by-partuuid/.* holds a plain swap area; formatting it'
    no_boot_wait
    SDROOT_SWAP=$params VM_ROOT_WRITABLE=1 sdroot_boot d13it-enabled initrd-enabled root-enable aeadswap_test.disable=1 "$disk"
    sdroot_swap_active
    vm_lines 'aeadswap: aeadswap0: /dev/disk/by-partuuid/.* holds an aeadswap area from an earlier boot; formatting it'
    vm_lines '^@@ roundtrip .* failed_procs=0$'
    [ "$(vm_value aead_errors)" = 0 ]
    no_boot_wait
    [ "$(vm_value disable_rc)" = 0 ]
    [ "$(vm_value disabled_swaps)" = 0 ]
    [ "$(vm_value disabled_dm)" = 0 ]
    [ "$(vm_value disabled_vdb1)" = "TYPE=swap,UUID=$uuid," ]

    [ -z "$(grub_params root-enable)" ]
    dsys_boot_image root-enable initrd-disabled
    SDROOT_SWAP=aeadswap_test.none=1 VM_ROOT_WRITABLE=1 sdroot_boot d13it-disabled initrd-disabled root-enable \
        aeadswap_test.case=boot "$disk"
    [ "$(vm_value swaps)" = 1 ]
    vm_lines '^@@ procswaps /dev/vdb1 '
    run vm_lines '^@@ failed '
    [ "$status" -ne 0 ]
    no_boot_wait
    rm -f "$DSYS_DIR/root-enable.img"
}

# Proxmox VE's LVM layout, with initramfs-tools: its image activates only the root's volume
# group, so the swap's volume appears after switch-root, when lvm2 activates it in the root; the
# real root's unit waits for it (timeout=60: lvm2's activation under emulation) and sets it up.
# bats test_tags=ci
@test "Debian 13, initramfs-tools: swap on an LVM volume (/dev/pve/swap) that appears only after switch-root is set up by the real root's unit" {
    local disk
    disk=$(vm_disk d13it-lvm 1G)
    SDROOT_SWAP=aeadswap_test.none=1 sdroot_boot d13it-lvm-make initrd-initramfs-tools root aeadswap_test.case=lvm "$disk"
    [ "$(vm_value lvm_rc)" = 0 ]
    SDROOT_SWAP=aeadswap=/dev/pve/swap,prio=5,timeout=60 sdroot_boot d13it-lvm initrd-initramfs-tools root \
        aeadswap_test.case=boot "$disk"
    sdroot_swap_active
    vm_lines '^@@ journal aeadswap@aeadswap0.service aeadswap: aeadswap0: /dev/pve/swap holds nothing (the first 64 KiB are zero); formatting it$'
}

# The mistake aeadswap enable prevents, made by hand: aeadswap= put on the command line, the
# installer's fstab line and RESUME= left in place. The real root's unit names both lines in the
# journal at the boot that formats the swap and at the next one (the old names kept in
# /var/lib/aeadswap). Three boots of one writable root: the installer's layout, then two boots.
@test "Debian 13, initramfs-tools: the installer's fstab line and RESUME= left in place are named in the journal at the first boot and the next" {
    local uuid=0b7f3a5e-2c51-4c39-9d1e-6a4f6a1c2b11 disk partuuid params boot
    cp --sparse=always "$DSYS_DIR/root.img" "$DSYS_DIR/root-left.img"
    disk=$(vm_disk d13it-left 1G)
    sgdisk -o -n1:2048:0 -t1:8200 -c1:swap "$disk" >/dev/null
    partuuid=$(sgdisk -i 1 "$disk" | sed -n 's/^Partition unique GUID: //p' | tr 'A-F' 'a-f')
    SDROOT_SWAP=aeadswap_test.none=1 VM_ROOT_WRITABLE=1 sdroot_boot d13it-left-make initrd-initramfs-tools root-left \
        "aeadswap_test.case=installer aeadswap_test.enable=0 aeadswap_test.swap_uuid=$uuid" "$disk"
    [ "$(vm_value installer_swaps)" = 1 ]
    dsys_boot_image root-left initrd-left
    for boot in 1 2; do
        SDROOT_SWAP="aeadswap=PARTUUID=$partuuid,prio=5" VM_ROOT_WRITABLE=1 \
            sdroot_boot "d13it-left-$boot" initrd-left root-left aeadswap_test.case=boot "$disk"
        [ "$(vm_value swaps)" = 1 ]
        vm_lines "^@@ journal aeadswap@aeadswap0.service aeadswap: aeadswap0: /etc/fstab line [0-9]* and /etc/initramfs-tools/conf.d/resume line 1 still name the plain swap that was on /dev/disk/by-partuuid/$partuuid (UUID=$uuid), which aeadswap formatted: the boot waits for it every time\\. Remove them, or run aeadswap enable /dev/disk/by-partuuid/$partuuid\$"
    done
    rm -f "$DSYS_DIR/root-left.img"
}
