# shellcheck shell=bash
# A Debian system of suite DSYS_SUITE (set by the .bats file before loading this: trixie for
# debian13.bats, forky for forky.bats) as a user has it: debootstrap'ed with systemd, dracut and
# the suite's kernel (cached in the build, keyed by suite), aeadswap put in by the project's
# install step (cmake --install, prefix /usr), and the initramfs made by the guest's own dracut
# inside the root: the systemd image by Debian's kernel hook (dpkg-reconfigure of the kernel
# package runs /etc/kernel/postinst.d/dracut, which passes no --add), and, when DSYS_SHELL_IMAGE
# is 1, the shell image by dracut --omit systemd. Nothing of the host's is used but qemu.

DSYS_DIR=$AEADSWAP_BUILD/vm-debian-$DSYS_SUITE
DSYS_CACHE=$AEADSWAP_BUILD/debootstrap-$DSYS_SUITE
# Loaded after lib.bash: the VMs of the .bats file are this system's, its kernel from its root.
VM_DIR=$DSYS_DIR
# shellcheck disable=SC2034 # lib.bash's
VM_KERNEL_ROOT=$DSYS_DIR/root

# dsys_chroot ROOT COMMAND...: with /proc, /sys and /dev, as the kernel's and dracut's scripts need.
dsys_chroot() {
    local root=$1 m rc=0
    shift
    for m in proc sys dev; do mount --bind "/$m" "$root/$m"; done
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin DEBIAN_FRONTEND=noninteractive "$@" || rc=$?
    for m in dev sys proc; do umount "$root/$m"; done
    return "$rc"
}

# debootstrap cannot take the kernel together with dracut (the kernel's dependency picks
# initramfs-tools, which conflicts with dracut): dracut first, then the kernel.
dsys_debootstrap() {
    [[ -e $DSYS_CACHE/.complete ]] && return 0
    rm -rf "$DSYS_CACHE"
    local log=$AEADSWAP_BUILD/debootstrap-$DSYS_SUITE.log
    # The host's debootstrap may predate the suite (Debian 12's has no forky): sid's script then.
    local script=/usr/share/debootstrap/scripts/$DSYS_SUITE
    [[ -e $script ]] || script=/usr/share/debootstrap/scripts/sid
    {
        debootstrap --variant=minbase --include=systemd-sysv,udev,kmod,dracut,dracut-core,dmsetup "$DSYS_SUITE" \
            "$DSYS_CACHE" "${AEADSWAP_DEBIAN_MIRROR:-http://deb.debian.org/debian}" "$script" &&
            dsys_chroot "$DSYS_CACHE" apt-get install -y -q --no-install-recommends linux-image-amd64
    } >"$log" 2>&1 || {
        tail -n 20 "$log" >&2
        return 1
    }
    touch "$DSYS_CACHE/.complete"
}

# The root with aeadswap installed, its initramfs images, and the root disk image. The kernel is
# the root's own: VM_KERNEL_ROOT is the root (above), so vm_kver names it.
dsys_build() {
    local root=$DSYS_DIR/root kver
    mkdir -p "$DSYS_DIR/logs" "$DSYS_DIR/disks"
    dsys_debootstrap || return 1
    vm_build_swaptest || return 1
    vm_stale "$DSYS_DIR/root.img" "$AEADSWAP_BUILD/helper/aeadswap" "$AEADSWAP_SRC"/dracut-module/* \
        "$AEADSWAP_SRC"/tests/vm/sdroot/* "${BASH_SOURCE[0]}" || return 0
    rm -rf "$root" "$DSYS_DIR/root.img"
    cp -a "$DSYS_CACHE" "$root"
    DESTDIR=$root cmake --install "$AEADSWAP_BUILD" --prefix /usr --strip >/dev/null || return 1
    dsys_test_service "$root"
    dsys_generic_image "$root"
    kver=$(vm_kver)
    dsys_chroot "$root" dpkg-reconfigure "linux-image-$kver" >"$DSYS_DIR/logs/kernel-hook.log" 2>&1 || return 1
    dsys_chroot "$root" lsinitrd -m "/boot/initrd.img-$kver" >"$DSYS_DIR/logs/kernel-hook-modules.txt" || return 1
    cp "$root/boot/initrd.img-$kver" "$DSYS_DIR/initrd-systemd-$kver.img"
    if [[ ${DSYS_SHELL_IMAGE:-0} == 1 ]]; then
        dsys_chroot "$root" dracut --force --quiet --omit systemd "/boot/initrd-shell.img" "$kver" \
            >"$DSYS_DIR/logs/dracut-shell.log" 2>&1 || return 1
        cp "$root/boot/initrd-shell.img" "$DSYS_DIR/initrd-shell-$kver.img"
    fi
    mkfs.ext4 -q -F -L "$DSYS_SUITE" -d "$root" "$DSYS_DIR/root.img" 2G
}

# The images are made in a chroot on the build host, whose loaded modules and mounts say nothing
# about the guest: a host-only image is for the machine it is made on. dracut ships the setting
# for an image that boots elsewhere, and a user who builds for another machine links it, as here.
# (On this host, whose kernel has no modules and so no /proc/modules, dracut 106 fell back to a
# generic image by itself; 112 made a host-only one without ext4, and the boot stopped at
# sysroot.mount.)
dsys_generic_image() {
    mkdir -p "$1/etc/dracut.conf.d"
    ln -sf /usr/lib/dracut/dracut.conf.d/generic/11-generic.conf "$1/etc/dracut.conf.d/11-generic.conf"
}

# The same test service as the Debian 12 systemd root (tests/vm/sdroot); the console stays its own.
dsys_test_service() {
    local root=$1 dir=$AEADSWAP_SRC/tests/vm/sdroot
    install -m755 "$VM_DIR/swaptest" "$root/usr/local/bin/swaptest"
    install -m755 "$dir/vmcase" "$root/usr/local/sbin/vmcase"
    install -m644 "$dir/vmcase.service" "$root/etc/systemd/system/vmcase.service"
    mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
    ln -sf ../vmcase.service "$root/etc/systemd/system/multi-user.target.wants/vmcase.service"
    # A getty on the serial console would hang up the test service's output.
    ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
    echo "aeadswap-$DSYS_SUITE" >"$root/etc/hostname"
}
