#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# cmake --install in three layouts, into a staging root: /usr with sbin (Debian), /usr with bin
# (Arch and Fedora: CMAKE_INSTALL_SBINDIR=bin) and /usr/local. Every path by which an installed
# file names the helper is the helper's own, and the generator link, under the prefix, reaches it.
# Each layout is configured afresh; the helper and man pages are this build's (AEADSWAP_BIN), put
# where that configure expects them, so that no second build is needed.

# stage NAME PREFIX [CMAKE_ARG...]: configures, installs into $BATS_TEST_TMPDIR/NAME/root, sets
# root, helper (its path on the installed system).
stage() {
    local name=$1 prefix=$2 dir
    shift 2
    dir=$BATS_TEST_TMPDIR/$name
    cmake -S "$AEADSWAP_SRC" -B "$dir/build" -G Ninja -DAEADSWAP_TESTS=OFF -DAEADSWAP_STATIC=OFF "$@" >/dev/null
    install -D -m755 "$AEADSWAP_BIN" "$dir/build/helper/aeadswap"
    mkdir -p "$dir/build/man"
    cp "$(dirname "$AEADSWAP_BIN")"/../man/*.8 "$dir/build/man/" 2>/dev/null || true
    DESTDIR=$dir/root cmake --install "$dir/build" --prefix "$prefix" >/dev/null
    root=$dir/root
    helper=$prefix/$(sed -n 's/^CMAKE_INSTALL_SBINDIR:PATH=//p' "$dir/build/CMakeCache.txt")/aeadswap
}

# check_layout PREFIX: the helper is there, and every file that names it names that path.
check_layout() {
    local prefix=$1 gen f
    [ -x "$root$helper" ]
    gen=$root$prefix/lib/systemd/system-generators/aeadswap-generator
    [ -L "$gen" ]
    [ "$(readlink -f "$gen")" = "$(readlink -f "$root$helper")" ]
    [[ $(readlink "$gen") != /* ]]
    grep -qx "aeadswap_helper_path='$helper'" "$root/usr/lib/dracut/modules.d/90aeadswap/module-setup.sh"
    grep -q "^if \[ -x $helper \] " "$root/usr/lib/dracut/dracut.conf.d/90-aeadswap.conf"
    grep -qx "aeadswap_helper='$helper'" "$root/usr/share/initramfs-tools/hooks/aeadswap"
    grep -qx "aeadswap_helper_path='$helper'" "$root/usr/lib/initcpio/install/aeadswap"
    # No installed file names a helper path on the host that is not this one (the paths inside an
    # image, where the hooks put it, are the image's).
    for f in $(grep -rlE '(/usr(/local)?/s?bin/aeadswap)' "$root" || true); do
        run grep -oE "aeadswap_helper(_path)?='[^']*'|-x [^ ]*aeadswap " "$f"
        for line in "${lines[@]}"; do
            [[ $line == *"$helper"* ]] || { echo "$f: $line" >&2; return 1; }
        done
    done
    [ -e "$root$prefix/share/man/man8/aeadswap.8" ] || [ ! -e "$(dirname "$AEADSWAP_BIN")/../man/aeadswap.8" ]
}

@test "/usr, sbin (Debian): every path names /usr/sbin/aeadswap; the generator link in /usr/lib" {
    stage usr /usr
    [ "$helper" = /usr/sbin/aeadswap ]
    check_layout /usr
}

@test "/usr, bin (Arch, Fedora): every path names /usr/bin/aeadswap" {
    stage usr-bin /usr -DCMAKE_INSTALL_SBINDIR=bin
    [ "$helper" = /usr/bin/aeadswap ]
    check_layout /usr
}

@test "/usr/local: every path names /usr/local/sbin/aeadswap; the generator link in /usr/local/lib, not /usr/lib" {
    stage local /usr/local
    [ "$helper" = /usr/local/sbin/aeadswap ]
    check_layout /usr/local
    [ ! -e "$root/usr/lib/systemd/system-generators/aeadswap-generator" ]
}
