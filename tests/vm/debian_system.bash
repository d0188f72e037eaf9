# shellcheck shell=bash
# A Debian 13 "trixie" system as a user has it, for tests/vm/debian13.bats: debootstrap'ed with
# systemd, dracut and trixie's kernel (cached in the build, keyed by suite), aeadswap put in by the
# project's install step (cmake --install, prefix /usr), and the initramfs made by the guest's own
# dracut inside the root: the systemd image by Debian's kernel hook (dpkg-reconfigure of the kernel
# package runs /etc/kernel/postinst.d/dracut, which passes no --add), the shell image by
# dracut --omit systemd. Nothing of the host's is used but qemu.

D13_SUITE=trixie
D13_DIR=$AEADSWAP_BUILD/vm-debian13
D13_CACHE=$AEADSWAP_BUILD/debootstrap-$D13_SUITE

# d13_chroot ROOT COMMAND...: with /proc, /sys and /dev, as the kernel's and dracut's scripts need.
d13_chroot() {
    local root=$1 m rc=0
    shift
    for m in proc sys dev; do mount --bind "/$m" "$root/$m"; done
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin DEBIAN_FRONTEND=noninteractive "$@" || rc=$?
    for m in dev sys proc; do umount "$root/$m"; done
    return "$rc"
}

# debootstrap cannot take the kernel together with dracut (the kernel's dependency picks
# initramfs-tools, which conflicts with dracut): dracut first, then the kernel.
d13_debootstrap() {
    [[ -e $D13_CACHE/.complete ]] && return 0
    rm -rf "$D13_CACHE"
    local log=$AEADSWAP_BUILD/debootstrap-$D13_SUITE.log
    {
        debootstrap --variant=minbase --include=systemd-sysv,udev,kmod,dracut,dracut-core,dmsetup "$D13_SUITE" \
            "$D13_CACHE" "${AEADSWAP_DEBIAN_MIRROR:-http://deb.debian.org/debian}" &&
            d13_chroot "$D13_CACHE" apt-get install -y -q --no-install-recommends linux-image-amd64
    } >"$log" 2>&1 || {
        tail -n 20 "$log" >&2
        return 1
    }
    touch "$D13_CACHE/.complete"
}

# The root with aeadswap installed, its two initramfs images, and the root disk image. The kernel
# is the root's own: VM_KERNEL_ROOT is the root (debian13.bats), so vm_kver names it.
d13_build() {
    local root=$D13_DIR/root kver
    mkdir -p "$D13_DIR/logs" "$D13_DIR/disks"
    d13_debootstrap || return 1
    vm_build_swaptest || return 1
    vm_stale "$D13_DIR/root.img" "$AEADSWAP_BUILD/helper/aeadswap" "$AEADSWAP_SRC"/dracut-module/* \
        "$AEADSWAP_SRC"/tests/vm/sdroot/* "${BASH_SOURCE[0]}" || return 0
    rm -rf "$root" "$D13_DIR/root.img"
    cp -a "$D13_CACHE" "$root"
    DESTDIR=$root cmake --install "$AEADSWAP_BUILD" --prefix /usr --strip >/dev/null || return 1
    d13_test_service "$root"
    kver=$(vm_kver)
    d13_chroot "$root" dpkg-reconfigure "linux-image-$kver" >"$D13_DIR/logs/kernel-hook.log" 2>&1 || return 1
    d13_chroot "$root" lsinitrd -m "/boot/initrd.img-$kver" >"$D13_DIR/logs/kernel-hook-modules.txt" || return 1
    cp "$root/boot/initrd.img-$kver" "$D13_DIR/initrd-d13-systemd-$kver.img"
    d13_chroot "$root" dracut --force --quiet --omit systemd "/boot/initrd-shell.img" "$kver" \
        >"$D13_DIR/logs/dracut-shell.log" 2>&1 || return 1
    cp "$root/boot/initrd-shell.img" "$D13_DIR/initrd-d13-shell-$kver.img"
    mkfs.ext4 -q -F -L debian13 -d "$root" "$D13_DIR/root.img" 2G
}

# The same test service as the Debian 12 systemd root (tests/vm/sdroot); the console stays its own.
d13_test_service() {
    local root=$1 dir=$AEADSWAP_SRC/tests/vm/sdroot
    install -m755 "$VM_DIR/swaptest" "$root/usr/local/bin/swaptest"
    install -m755 "$dir/vmcase" "$root/usr/local/sbin/vmcase"
    install -m644 "$dir/vmcase.service" "$root/etc/systemd/system/vmcase.service"
    mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
    ln -sf ../vmcase.service "$root/etc/systemd/system/multi-user.target.wants/vmcase.service"
    # A getty on the serial console would hang up the test service's output.
    ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
    echo aeadswap-d13 >"$root/etc/hostname"
}
