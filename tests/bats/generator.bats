#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The units the generator writes, loaded by systemd's own parser (systemd-analyze verify, this
# host's systemd): for hostile aeadswap= values, in both stages, each unit loads clean.

hostile_cmdline() {
    printf '%s ' 'aeadswap=/dev/vdb,timeout=7' 'aeadswap="PARTLABEL=a%nb\\"' \
        "aeadswap=\"PARTLABEL=caf$(printf '\351\377') x\"" 'aeadswap=PARTLABEL=$HOME;x' >"$BATS_TEST_TMPDIR/cmdline"
}

@test "every generated unit loads clean in systemd, initramfs and real root" {
    local stage
    hostile_cmdline
    for stage in initrd system; do
        rm -rf "$BATS_TEST_TMPDIR/$stage"
        mkdir "$BATS_TEST_TMPDIR/$stage"
        "$AEADSWAP_BIN" --log stderr generate --cmdline "$BATS_TEST_TMPDIR/cmdline" --stage "$stage" \
            --helper "$AEADSWAP_BIN" "$BATS_TEST_TMPDIR/$stage"
        [ "$(find "$BATS_TEST_TMPDIR/$stage" -maxdepth 1 -name 'aeadswap-*.service' | wc -l)" = 4 ]
        run systemd-analyze verify --man=no "$BATS_TEST_TMPDIR/$stage"/aeadswap-*.service
        echo "$output"
        [ "$status" -eq 0 ]
        [ -z "$output" ]
    done
}
