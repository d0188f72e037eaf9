#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The release tarball (ci/dist, git archive of this commit) and the Arch and Fedora packages built
# from it with Debian's own makepkg and rpmbuild: their file lists, and rpmlint. Neither build runs
# the unit tests here (--nocheck; the Debian package's build runs them, and each package's check
# step is the same ctest); makepkg runs as nobody, which it requires, without dependency checks
# (pacman knows none of Debian's packages), rpmbuild with the Fedora macros Debian's rpm lacks
# (tests/packaging/fedora.macros).

setup_file() {
    export DIST=$BATS_FILE_TMPDIR/dist
    VERSION=$("${AEADSWAP_BIN:?}" --version | sed 's/^aeadswap //')
    export VERSION
    "$AEADSWAP_SRC/ci/dist" HEAD "$DIST" >/dev/null
}

@test "ci/dist: aeadswap-VERSION.tar.gz, everything under aeadswap-VERSION/, no build leftovers" {
    local list
    list=$(tar -tzf "$DIST/aeadswap-$VERSION.tar.gz")
    ! grep -v "^aeadswap-$VERSION/" <<<"$list"
    grep -qx "aeadswap-$VERSION/CMakeLists.txt" <<<"$list"
    grep -qx "aeadswap-$VERSION/packaging/arch/PKGBUILD" <<<"$list"
    ! grep -q "^aeadswap-$VERSION/\(build\|obj-[^/]*\)/" <<<"$list"
}

teardown() {
    if [[ -n ${ARCH_DIR:-} ]]; then rm -rf "$ARCH_DIR"; fi
}

@test "Arch: makepkg builds the package from the tarball; its files, the helper in /usr/bin" {
    local d pkg
    # makepkg's user reaches no folder of bats's (mode 0700): one of its own, removed at the end.
    d=$(mktemp -d /tmp/aeadswap-makepkg.XXXXXX)
    chmod 755 "$d"
    ARCH_DIR=$d
    cp "$AEADSWAP_SRC/packaging/arch/PKGBUILD" "$AEADSWAP_SRC/packaging/arch/aeadswap.install" \
        "$DIST/aeadswap-$VERSION.tar.gz" "$d/"
    chown -R nobody "$d"
    run bash -c "cd '$d' && runuser -u nobody -- env HOME='$d' makepkg --nodeps --nocheck --noconfirm 2>&1"
    [ "$status" -eq 0 ] || { echo "$output" | tail -n 30; false; }
    pkg=$(find "$d" -maxdepth 1 -name "aeadswap-$VERSION-1-$(uname -m).pkg.tar.*")
    [ -n "$pkg" ]
    diff <(bsdtar -tf "$pkg" | grep -v '/$' | grep -v '^\.' | sort) - <<LIST
usr/bin/aeadswap
usr/lib/dracut/dracut.conf.d/90-aeadswap.conf
usr/lib/dracut/modules.d/90aeadswap/aeadswap-start.sh
usr/lib/dracut/modules.d/90aeadswap/module-setup.sh
usr/lib/dracut/modules.d/90aeadswap/parse-aeadswap.sh
usr/lib/initcpio/hooks/aeadswap
usr/lib/initcpio/install/aeadswap
usr/lib/initcpio/install/sd-aeadswap
usr/lib/systemd/system-generators/aeadswap-generator
usr/share/doc/aeadswap/README.md
usr/share/licenses/aeadswap/LICENSE
usr/share/man/man8/aeadswap-generator.8.gz
usr/share/man/man8/aeadswap.8.gz
LIST
    bsdtar -xOf "$pkg" usr/lib/initcpio/install/aeadswap | grep -qx "aeadswap_helper_path='/usr/bin/aeadswap'"
    bsdtar -xOf "$pkg" .INSTALL | grep -q 'mkinitcpio -P'
}

@test "Fedora: rpmbuild builds the RPM from the tarball; its files, the helper in /usr/bin; rpmlint clean" {
    local d=$BATS_TEST_TMPDIR/rpm rpm
    mkdir -p "$d/SOURCES"
    cp "$DIST/aeadswap-$VERSION.tar.gz" "$d/SOURCES/"
    run rpmbuild -bb --nodeps --nocheck --load "$AEADSWAP_SRC/tests/packaging/fedora.macros" \
        --define "_topdir $d" "$AEADSWAP_SRC/packaging/fedora/aeadswap.spec"
    [ "$status" -eq 0 ] || { echo "$output" | tail -n 30; false; }
    rpm=$d/RPMS/$(uname -m)/aeadswap-$VERSION-1.$(uname -m).rpm
    diff <(rpm -qlp "$rpm" | grep -v '^/usr/lib/.build-id' | sort) - <<LIST
/usr/bin/aeadswap
/usr/lib/dracut/dracut.conf.d/90-aeadswap.conf
/usr/lib/dracut/modules.d/90aeadswap
/usr/lib/dracut/modules.d/90aeadswap/aeadswap-start.sh
/usr/lib/dracut/modules.d/90aeadswap/module-setup.sh
/usr/lib/dracut/modules.d/90aeadswap/parse-aeadswap.sh
/usr/lib/systemd/system-generators/aeadswap-generator
/usr/share/doc/aeadswap-$VERSION
/usr/share/doc/aeadswap-$VERSION/README.md
/usr/share/licenses/aeadswap-$VERSION
/usr/share/licenses/aeadswap-$VERSION/LICENSE
/usr/share/man/man8/aeadswap-generator.8
/usr/share/man/man8/aeadswap.8
LIST
    rpm2cpio "$rpm" | (mkdir -p "$d/x" && cd "$d/x" && cpio -idm --quiet)
    grep -qx "aeadswap_helper_path='/usr/bin/aeadswap'" "$d/x/usr/lib/dracut/modules.d/90aeadswap/module-setup.sh"
    [ "$(readlink "$d/x/usr/lib/systemd/system-generators/aeadswap-generator")" = ../../../bin/aeadswap ]
    run rpmlint -r "$AEADSWAP_SRC/packaging/fedora/aeadswap.rpmlintrc" "$rpm" "$AEADSWAP_SRC/packaging/fedora/aeadswap.spec"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ $output == *" 0 errors, 0 warnings"* ]]
}
