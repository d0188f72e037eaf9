#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# aeadswap enable and disable against a root directory of files as the Debian installer leaves
# them (--root: files only, no command run), on a loop device holding a swap area. udev does not run
# here: the by-id link a disk has is made by the test, as udev would. Every layout of the files is
# in tests/unit/enable_plan_test.cpp; here the helper itself, reading and writing them.

bats_require_minimum_version 1.5.0

UUID=0b7f3a5e-2c51-4c39-9d1e-6a4f6a1c2b11

setup() {
    ROOT=$BATS_TEST_TMPDIR/root
    mkdir -p "$ROOT/etc/default" "$ROOT/etc/initramfs-tools/conf.d"
    printf 'UUID=1111 / ext4 errors=remount-ro 0 1\nUUID=%s none swap sw 0 0\n' "$UUID" >"$ROOT/etc/fstab"
    printf 'RESUME=UUID=%s\n' "$UUID" >"$ROOT/etc/initramfs-tools/conf.d/resume"
    printf 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX=""\n' >"$ROOT/etc/default/grub"
    truncate -s 64M "$BATS_TEST_TMPDIR/disk.img"
    LOOP=$(losetup -f --show "$BATS_TEST_TMPDIR/disk.img")
    LINK=/dev/disk/by-id/aeadswap-bats-${LOOP##*/}
    mkdir -p /dev/disk/by-id
    ln -sf "../../${LOOP##*/}" "$LINK"
}

teardown() {
    rm -f "$LINK"
    losetup -d "$LOOP"
}

# The files and the device, byte for byte.
snapshot() { (cd "$ROOT" && find . -type f -print0 | sort -z | xargs -0 sha256sum; sha256sum <"$LOOP"); }

@test "enable --dry-run prints each file's diff and changes nothing" {
    mkswap -q -L oldswap -U "$UUID" "$LOOP"
    local before
    before=$(snapshot)
    run --separate-stderr "$AEADSWAP_BIN" enable "$LOOP" prio=5 --root "$ROOT" --dry-run
    echo "$output"
    [ "$status" -eq 0 ]
    grep -qx -- "-UUID=$UUID none swap sw 0 0" <<<"$output"
    grep -qx -- "+# aeadswap enable: UUID=$UUID none swap sw 0 0" <<<"$output"
    grep -qx -- "+# aeadswap enable: RESUME=UUID=$UUID" <<<"$output"
    grep -qx -- "+GRUB_CMDLINE_LINUX=\"\$GRUB_CMDLINE_LINUX aeadswap=$LINK,prio=5\"" <<<"$output"
    grep -qx -- "--- /dev/null" <<<"$output"
    grep -qx 'dry run: nothing changed' <<<"$output"
    [ "$(snapshot)" = "$before" ]
}

@test "enable writes what the dry run showed; a second run changes nothing; disable gives every file back" {
    mkswap -q -L oldswap -U "$UUID" "$LOOP"
    local before dry
    before=$(snapshot)
    dry=$("$AEADSWAP_BIN" enable "$LOOP" prio=5 --root "$ROOT" --dry-run | grep -v '^dry run:')
    run --separate-stderr "$AEADSWAP_BIN" enable "$LOOP" prio=5 --root "$ROOT"
    echo "$output"
    [ "$status" -eq 0 ]
    # The same diffs, and the files as they say: patch(1) takes the printed diff back out.
    [ "$(grep -v '^done:\|^not run' <<<"$output")" = "$dry" ]
    grep -qx "GRUB_CMDLINE_LINUX=\"\$GRUB_CMDLINE_LINUX aeadswap=$LINK,prio=5\"" "$ROOT/etc/default/grub.d/aeadswap.cfg"
    grep -qx "# aeadswap enable: UUID=$UUID none swap sw 0 0" "$ROOT/etc/fstab"
    run "$AEADSWAP_BIN" enable "$LOOP" prio=5 --root "$ROOT"
    [ "$status" -eq 0 ]
    grep -q '^nothing to change' <<<"$output"
    run --separate-stderr "$AEADSWAP_BIN" disable --root "$ROOT"
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(snapshot)" = "$before" ]
    run "$AEADSWAP_BIN" disable --root "$ROOT"
    [ "$status" -eq 0 ]
    grep -q '^nothing to undo' <<<"$output"
}

@test "enable refuses data and a disk without a stable name, leaving files and device byte-identical" {
    local before
    mkfs.ext4 -q -F -L home "$LOOP"
    before=$(snapshot)
    run --separate-stderr "$AEADSWAP_BIN" enable "$LOOP" --root "$ROOT"
    [ "$status" -eq 3 ]
    grep -q "holds an ext4 filesystem labelled 'home'; not touching it" <<<"$stderr"
    [ "$(snapshot)" = "$before" ]
    mkswap -q "$LOOP"
    rm -f "$LINK"
    before=$(snapshot)
    run --separate-stderr "$AEADSWAP_BIN" enable "$LOOP" --root "$ROOT"
    [ "$status" -eq 3 ]
    grep -q "has no name that stays the same across reboots" <<<"$stderr"
    [ "$(snapshot)" = "$before" ]
}

@test "enable refuses a device fstab mounts as something else, and a root with no boot loader it knows" {
    mkswap -q "$LOOP"
    printf '%s /srv ext4 defaults 0 2\n' "$LINK" >>"$ROOT/etc/fstab"
    run --separate-stderr "$AEADSWAP_BIN" enable "$LOOP" --root "$ROOT"
    [ "$status" -eq 3 ]
    grep -q "/etc/fstab line 3 mounts $(readlink -f "$LOOP") as ext4, not swap" <<<"$stderr"
    sed -i '3d' "$ROOT/etc/fstab"
    rm "$ROOT/etc/default/grub"
    run --separate-stderr "$AEADSWAP_BIN" enable "$LOOP" --root "$ROOT"
    [ "$status" -eq 4 ]
    grep -q "add aeadswap=$LINK to your boot loader's kernel command line yourself" <<<"$stderr"
}

# Every layout of the issue's list, each as its own fixture root: the line enable must turn off,
# then disable giving every file back byte for byte.
@test "enable and disable over each layout: fstab by node, by-id link and LABEL=, crypttab swap, resume= in grub.d, dracut.conf.d and /etc/kernel/cmdline" {
    mkswap -q -L oldswap -U "$UUID" "$LOOP"
    local node=$LOOP layout before
    for layout in fstab-path fstab-link fstab-label crypttab grubd dracut kernel-cmdline; do
        rm -rf "$ROOT"
        mkdir -p "$ROOT/etc/default/grub.d" "$ROOT/etc/dracut.conf.d" "$ROOT/etc/kernel"
        printf 'GRUB_CMDLINE_LINUX=""\n' >"$ROOT/etc/default/grub"
        case $layout in
            fstab-path) printf '%s none swap sw 0 0\n' "$node" >"$ROOT/etc/fstab" ;;
            fstab-link) printf '%s none swap sw 0 0\n' "$LINK" >"$ROOT/etc/fstab" ;;
            fstab-label) printf 'LABEL=oldswap none swap sw 0 0\n' >"$ROOT/etc/fstab" ;;
            crypttab)
                printf 'cswap %s /dev/urandom swap\n' "$LINK" >"$ROOT/etc/crypttab"
                printf '/dev/mapper/cswap none swap sw 0 0\n' >"$ROOT/etc/fstab"
                ;;
            grubd) printf 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX resume=UUID=%s"\n' "$UUID" >"$ROOT/etc/default/grub.d/50-resume.cfg" ;;
            dracut) printf 'kernel_cmdline+=" resume=LABEL=oldswap "\n' >"$ROOT/etc/dracut.conf.d/resume.conf" ;;
            kernel-cmdline)
                rm "$ROOT/etc/default/grub"
                printf 'root=/dev/vda rw resume=UUID=%s\n' "$UUID" >"$ROOT/etc/kernel/cmdline"
                ;;
        esac
        before=$(snapshot)
        run --separate-stderr "$AEADSWAP_BIN" enable "$LOOP" --root "$ROOT"
        echo "$layout: $output $stderr"
        [ "$status" -eq 0 ]
        case $layout in
            fstab-*) grep -q '^# aeadswap enable: .* none swap sw 0 0$' "$ROOT/etc/fstab" ;;
            crypttab)
                grep -q '^# aeadswap enable: cswap ' "$ROOT/etc/crypttab"
                grep -q '^# aeadswap enable: /dev/mapper/cswap ' "$ROOT/etc/fstab"
                ;;
            grubd) grep -qx 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX" # aeadswap enable' "$ROOT/etc/default/grub.d/50-resume.cfg" ;;
            dracut) grep -qx 'kernel_cmdline+="" # aeadswap enable' "$ROOT/etc/dracut.conf.d/resume.conf" ;;
            kernel-cmdline) grep -qx "root=/dev/vda rw aeadswap=$LINK" "$ROOT/etc/kernel/cmdline" ;;
        esac
        run "$AEADSWAP_BIN" disable --root "$ROOT"
        [ "$status" -eq 0 ]
        [ "$(snapshot)" = "$before" ] || {
            echo "$layout: not back" >&2
            return 1
        }
    done
}
