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
        [ "$(find "$BATS_TEST_TMPDIR/$stage" -maxdepth 1 -name 'aeadswap@*.service' | wc -l)" = 4 ]
        run systemd-analyze verify --man=no "$BATS_TEST_TMPDIR/$stage"/aeadswap@*.service
        echo "$output"
        [ "$status" -eq 0 ]
        [ -z "$output" ]
    done
}

# As systemd's own generators: $SYSTEMD_PROC_CMDLINE stands in for /proc/cmdline, and the unit
# names where its entry came from.
@test "the generator reads \$SYSTEMD_PROC_CMDLINE as systemd's generators do; SourcePath= names the command line" {
    ln -s "$AEADSWAP_BIN" "$BATS_TEST_TMPDIR/aeadswap-generator"
    mkdir "$BATS_TEST_TMPDIR/out"
    SYSTEMD_PROC_CMDLINE='quiet aeadswap=/dev/vdq,name=fromenv' "$BATS_TEST_TMPDIR/aeadswap-generator" \
        "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/out"
    ls -lR "$BATS_TEST_TMPDIR/out"
    grep -qx 'ExecStart=".*" start "/dev/vdq,name=fromenv"' "$BATS_TEST_TMPDIR/out/aeadswap@fromenv.service"
    grep -qx 'SourcePath=/proc/cmdline' "$BATS_TEST_TMPDIR/out/aeadswap@fromenv.service"
    [ "$(readlink "$BATS_TEST_TMPDIR/out/swap.target.wants/aeadswap@fromenv.service")" = ../aeadswap@fromenv.service ]
    [ "$(find "$BATS_TEST_TMPDIR/out" -name '*.service' | wc -l)" = 2 ]
}
