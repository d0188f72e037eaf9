#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The version, defined once in CMake's project(): the helper's --version, the Debian package's upstream
# version and the Arch and Fedora packages' must agree.

@test "--version prints the project's version, the one debian/changelog packages" {
    local v deb
    v=$("${AEADSWAP_BIN:?}" --version)
    [[ $v =~ ^aeadswap\ ([0-9]+\.[0-9]+\.[0-9]+)$ ]]
    deb=$(sed -n '1s/^aeadswap (\([^)-]*\).*/\1/p' "${AEADSWAP_SRC:?}/debian/changelog")
    [ "${BASH_REMATCH[1]}" = "$deb" ]
}

@test "the Arch and Fedora packages build the project's version" {
    local v
    v=$("${AEADSWAP_BIN:?}" --version | sed 's/^aeadswap //')
    [ -n "$v" ]
    grep -qx "pkgver=$v" "${AEADSWAP_SRC:?}/packaging/arch/PKGBUILD"
    grep -qx "Version: *$v" "$AEADSWAP_SRC/packaging/fedora/aeadswap.spec"
    grep -q "^\* .* - $v-1\$" "$AEADSWAP_SRC/packaging/fedora/aeadswap.spec"
}
