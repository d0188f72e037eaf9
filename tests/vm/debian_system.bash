# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# A Debian system of suite DSYS_SUITE as a user has it (set by the .bats file before loading this,
# with DSYS_INITRAMFS and DSYS_INSTALL): debootstrap'ed with systemd and the suite's kernel (cached
# in the build, keyed by suite and generator), aeadswap put in as users put it in, and the
# initramfs made inside the root by the guest's own tools. Nothing of the host's is used but qemu.
#   DSYS_INITRAMFS=dracut           the systemd image by Debian's kernel hook (dpkg-reconfigure of
#                                   the kernel package runs /etc/kernel/postinst.d/dracut, which
#                                   passes no --add), and with DSYS_SHELL_IMAGE=1 the shell image
#                                   by dracut --omit systemd
#   DSYS_INITRAMFS=initramfs-tools  Debian's default: the image update-initramfs made when the
#                                   kernel was installed, no dracut in the root; the swap comes from
#                                   the real root's generator
#   DSYS_INSTALL=deb                the package (ci/build-deb, on the host's Debian 12), by apt
#                                   install ./aeadswap_*.deb
#   DSYS_INSTALL=deb-native         the same, the package built on the suite itself
#                                   (dpkg-buildpackage in a copy of its root)
#   DSYS_INSTALL=cmake              the README's from-source step, cmake --install --prefix /usr
#                                   --strip, into the root (DESTDIR)

DSYS_INITRAMFS=${DSYS_INITRAMFS:-dracut}
# Every install (the package's, cmake's) brings the real root's generator: sdroot.bash's checks
# expect its units.
# shellcheck disable=SC2034 # sdroot.bash's
DSYS_GENERATOR=1
DSYS_INSTALL=${DSYS_INSTALL:-cmake}
DSYS_NAME=$DSYS_SUITE
[[ $DSYS_INITRAMFS == dracut ]] || DSYS_NAME+=-$DSYS_INITRAMFS
DSYS_DIR=$AEADSWAP_BUILD/vm-debian-$DSYS_NAME
DSYS_CACHE=$AEADSWAP_BUILD/debootstrap-$DSYS_NAME
# The package the VM suite installs: the deb_package test's (ctest runs it first), else built here.
DSYS_DEB_DIR=$AEADSWAP_BUILD/deb
# Loaded after lib.bash: the VMs of the .bats file are this system's, its kernel from its root.
VM_DIR=$DSYS_DIR
# shellcheck disable=SC2034 # lib.bash's
VM_KERNEL_ROOT=$DSYS_DIR/root

# dsys_chroot ROOT COMMAND...: with /proc, /sys and /dev, as the kernel's and dracut's scripts need.
# The binds live in a mount namespace of the command's own and end with it, even when a timeout
# kills it: binds left in the host's namespace by a killed run once let a later `rm -rf` of the
# build reach through the root's dev/ and delete the host's /dev.
dsys_chroot() {
    local root=$1
    shift
    # shellcheck disable=SC2016 # expanded by the inner shell
    unshare --mount --propagation private -- sh -c '
        root=$1
        shift
        for m in proc sys dev; do mount --bind "/$m" "$root/$m" || exit 1; done
        exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin DEBIAN_FRONTEND=noninteractive "$@"' sh "$root" "$@"
}

# debootstrap cannot take the kernel together with dracut (the kernel's dependency picks
# initramfs-tools, which conflicts with dracut): the generator first, then the kernel. dmsetup and
# libdevmapper are what the package depends on beyond the base system (aeadswap's Depends:), so
# that installing it needs no network; lvm2 for the cases with the swap on a logical volume, as
# Proxmox VE and the Debian installer's LVM layout put it.
dsys_debootstrap() {
    local log=$AEADSWAP_BUILD/debootstrap-$DSYS_NAME.log generator=dracut,dracut-core include key
    [[ $DSYS_INITRAMFS == dracut ]] || generator=initramfs-tools
    include=systemd-sysv,udev,kmod,dmsetup,libdevmapper1.02.1,lvm2,$generator
    key=$include${DSYS_AUDIT:+ audit:$DSYS_AUDIT}
    # The cache is the one made with this list.
    [[ $(cat "$DSYS_CACHE/.complete" 2>/dev/null) == "$key" ]] && return 0
    rm -rf "$DSYS_CACHE"
    # The host's debootstrap may predate the suite (Debian 12's has no forky): sid's script then.
    local script=/usr/share/debootstrap/scripts/$DSYS_SUITE
    [[ -e $script ]] || script=/usr/share/debootstrap/scripts/sid
    {
        debootstrap --variant=minbase --include="$include" \
            "$DSYS_SUITE" "$DSYS_CACHE" "${AEADSWAP_DEBIAN_MIRROR:-http://deb.debian.org/debian}" "$script" &&
            dsys_chroot "$DSYS_CACHE" apt-get install -y -q --no-install-recommends linux-image-amd64 &&
            dsys_audit_tools
    } >"$log" 2>&1 || {
        tail -n 20 "$log" >&2
        return 1
    }
    echo "$key" >"$DSYS_CACHE/.complete"
}

# DSYS_AUDIT=SUITE: what an operator's audit runs, as apt installs it: fwupd from SUITE (for Debian
# 13, trixie-backports: fwupd 2.1.5 and later see dm-crypt below other device-mapper layers,
# trixie's 2.0 only LUKS, BitLocker and TrueCrypt, through UDisks), UDisks, which fwupd asks, and
# bcache-tools, whose udev rule probes every device blkid did not name with libblkid (both ends).
dsys_audit_tools() {
    [[ -n ${DSYS_AUDIT:-} ]] || return 0
    if [[ $DSYS_AUDIT != "$DSYS_SUITE" ]]; then
        printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            "${AEADSWAP_DEBIAN_MIRROR:-http://deb.debian.org/debian}" "$DSYS_AUDIT" \
            >"$DSYS_CACHE/etc/apt/sources.list.d/$DSYS_AUDIT.sources"
        dsys_chroot "$DSYS_CACHE" apt-get update -q || return 1
    fi
    dsys_chroot "$DSYS_CACHE" apt-get install -y -q --no-install-recommends udisks2 bcache-tools &&
        dsys_chroot "$DSYS_CACHE" apt-get install -y -q --no-install-recommends -t "$DSYS_AUDIT" fwupd
}

# dsys_cached_deb DIR BUILDER: the package in DIR, unless the tree changed since it was built;
# then BUILDER DIR builds it again. Prints its path.
dsys_cached_deb() {
    local dir=$1 builder=$2 deb
    deb=$(find "$dir" -maxdepth 1 -name 'aeadswap_*.deb' 2>/dev/null | head -n 1)
    if [[ -z $deb ]] || vm_stale "$deb" "$AEADSWAP_SRC"/{helper,dracut-module,mkinitcpio-hook,man,debian,tests/unit}/* \
        "$AEADSWAP_SRC"/CMakeLists.txt; then
        rm -f "$dir"/aeadswap_*.deb
        "$builder" "$dir" >&2 || return 1
        deb=$(find "$dir" -maxdepth 1 -name 'aeadswap_*.deb' | head -n 1)
    fi
    printf '%s\n' "$deb"
}

# dsys_build_deb_native OUT: the package built on the suite itself, dpkg-buildpackage -us -uc -b
# in a copy of its debootstrap root after apt-get build-dep of the tree (debian/control's
# Build-Depends, unit tests included), so that it is proven to build there and not only on the
# host's Debian 12.
dsys_build_deb_native() {
    local out=$1 broot=$DSYS_DIR/build-root log=$DSYS_DIR/logs/build-deb-native.log
    rm -rf "$broot"
    mkdir -p "$out" "$broot/tmp/aeadswap" "$DSYS_DIR/logs"
    cp -a "$DSYS_CACHE"/. "$broot"
    tar -C "$AEADSWAP_SRC" --exclude=./build --exclude=./.git -cf - . | tar -C "$broot/tmp/aeadswap" -xf -
    {
        dsys_chroot "$broot" apt-get build-dep -y -q --no-install-recommends /tmp/aeadswap &&
            dsys_chroot "$broot" sh -c 'cd /tmp/aeadswap && dpkg-buildpackage -us -uc -b'
    } >"$log" 2>&1 || {
        tail -n 30 "$log" >&2
        return 1
    }
    cp "$broot"/tmp/aeadswap_*.deb "$out/"
    rm -rf "$broot"
}

# The package DSYS_INSTALL names, prints its path: built on the suite (deb-native), or on the
# host by ci/build-deb (deb), which the deb_package test has usually done already.
dsys_package() {
    if [[ $DSYS_INSTALL == deb-native ]]; then
        dsys_cached_deb "$DSYS_DIR/deb" dsys_build_deb_native
    else
        dsys_cached_deb "$DSYS_DEB_DIR" "$AEADSWAP_SRC/ci/build-deb"
    fi
}

# dsys_install ROOT: aeadswap into the root, as DSYS_INSTALL says.
dsys_install() {
    local root=$1 deb
    if [[ $DSYS_INSTALL == cmake ]]; then
        DESTDIR=$root cmake --install "$AEADSWAP_BUILD" --prefix /usr --strip >/dev/null
        return
    fi
    deb=$(dsys_package) || return 1
    cp "$deb" "$root/tmp/"
    dsys_chroot "$root" apt-get install -y -q --no-install-recommends "/tmp/${deb##*/}" \
        >"$DSYS_DIR/logs/apt-install.log" 2>&1 || {
        tail -n 20 "$DSYS_DIR/logs/apt-install.log" >&2
        return 1
    }
    rm -f "$root/tmp/${deb##*/}"
}

# The root with aeadswap installed, its initramfs images, and the root disk image. The kernel is
# the root's own: VM_KERNEL_ROOT is the root (above), so vm_kver names it.
dsys_build() {
    local root=$DSYS_DIR/root deb=
    mkdir -p "$DSYS_DIR/logs" "$DSYS_DIR/disks"
    dsys_debootstrap || return 1
    vm_build_swaptest || return 1
    if [[ $DSYS_INSTALL != cmake ]]; then deb=$(dsys_package) || return 1; fi
    vm_stale "$DSYS_DIR/root.img" "$AEADSWAP_BUILD/helper/aeadswap" "$AEADSWAP_SRC"/dracut-module/* \
        ${deb:+"$deb"} "$AEADSWAP_SRC"/tests/vm/sdroot/* "${BASH_SOURCE[0]}" || return 0
    rm -rf "$root" "$DSYS_DIR/root.img"
    cp -a "$DSYS_CACHE" "$root"
    dsys_install "$root" || return 1
    dsys_test_service "$root"
    if [[ $DSYS_INITRAMFS == dracut ]]; then
        dsys_dracut_images "$root" || return 1
    else
        cp "$root/boot/initrd.img-$(vm_kver)" "$DSYS_DIR/initrd-initramfs-tools-$(vm_kver).img"
        dsys_chroot "$root" lsinitramfs "/boot/initrd.img-$(vm_kver)" >"$DSYS_DIR/logs/initramfs-tools-files.txt"
    fi
    mkfs.ext4 -q -F -L "$DSYS_SUITE" -d "$root" "$DSYS_DIR/root.img" 2G
}

# dsys_dracut_images ROOT: the kernel hook's image (systemd flavour) and the shell one if asked for.
dsys_dracut_images() {
    local root=$1 kver
    kver=$(vm_kver)
    dsys_generic_image "$root"
    dsys_chroot "$root" dpkg-reconfigure "linux-image-$kver" >"$DSYS_DIR/logs/kernel-hook.log" 2>&1 || return 1
    dsys_chroot "$root" lsinitrd -m "/boot/initrd.img-$kver" >"$DSYS_DIR/logs/kernel-hook-modules.txt" || return 1
    cp "$root/boot/initrd.img-$kver" "$DSYS_DIR/initrd-systemd-$kver.img"
    if [[ ${DSYS_SHELL_IMAGE:-0} == 1 ]]; then
        dsys_chroot "$root" dracut --force --quiet --omit systemd "/boot/initrd-shell.img" "$kver" \
            >"$DSYS_DIR/logs/dracut-shell.log" 2>&1 || return 1
        cp "$root/boot/initrd-shell.img" "$DSYS_DIR/initrd-shell-$kver.img"
    fi
}

# dsys_boot_image ROOT NAME: the image ROOT.img's /boot holds now (a writable root a case changed),
# as NAME-KVER.img for the next boot (VM_INITRD=NAME).
dsys_boot_image() {
    rm -f "$DSYS_DIR/$2-$(vm_kver).img"
    debugfs -R "dump /boot/initrd.img-$(vm_kver) $DSYS_DIR/$2-$(vm_kver).img" "$DSYS_DIR/$1.img" 2>/dev/null
    [ -s "$DSYS_DIR/$2-$(vm_kver).img" ]
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
