#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The version: the helper's --version, from CMake's project(), and the Debian package's upstream
# version must agree.

@test "--version prints the project's version, the one debian/changelog packages" {
    local v deb
    v=$("${AEADSWAP_BIN:?}" --version)
    [[ $v =~ ^aeadswap\ ([0-9]+\.[0-9]+\.[0-9]+)$ ]]
    deb=$(sed -n '1s/^aeadswap (\([^)-]*\).*/\1/p' "${AEADSWAP_SRC:?}/debian/changelog")
    [ "${BASH_REMATCH[1]}" = "$deb" ]
}
