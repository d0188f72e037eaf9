#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Where the helper's messages go, on this host's own kernel log: stderr when run by hand or by a
# script (not only on a terminal), and every line into /dev/kmsg when asked for, past the
# kernel's per-open rate limit (printk.devkmsg=ratelimit: 10 records in 5 s per open file).

bats_require_minimum_version 1.5.0

# A command line with N entries the parser refuses, each naming TOKEN: one error line each.
bad_cmdline() {
    local i
    for i in $(seq 1 "$2"); do printf 'aeadswap=UUID=%s-%s ' "$1" "$i"; done >"$BATS_TEST_TMPDIR/cmdline"
}

@test "run by a script (stderr not a terminal), messages go to stderr" {
    bad_cmdline "tok$$" 2
    run --separate-stderr "$AEADSWAP_BIN" check --cmdline "$BATS_TEST_TMPDIR/cmdline"
    [ "$status" -ne 0 ]
    [ "$(grep -c "^aeadswap: aeadswap=UUID=tok$$-[12]: UUID= names a filesystem" <<<"$stderr")" = 2 ]
}

@test "--log kmsg: every line reaches the kernel log, not the first 10" {
    local token=tok$$-$RANDOM
    bad_cmdline "$token" 15
    run "$AEADSWAP_BIN" --log kmsg check --cmdline "$BATS_TEST_TMPDIR/cmdline"
    [ "$status" -ne 0 ]
    [ -z "$output" ]
    [ "$(dmesg | grep -c "aeadswap: aeadswap=UUID=$token-[0-9]*: UUID= names")" = 15 ]
}

# systemd connects a unit's stderr to the journal and names that stream in JOURNAL_STREAM; the
# journal reads the level from a "<N>" prefix and adds the program's name itself.
@test "under a systemd unit (stderr is JOURNAL_STREAM), each line carries its level and no name" {
    local err=$BATS_TEST_TMPDIR/stderr
    bad_cmdline "tok$$" 2
    : >"$err"
    local rc=0
    JOURNAL_STREAM="$(stat -c '%d:%i' "$err")" "$AEADSWAP_BIN" check --cmdline "$BATS_TEST_TMPDIR/cmdline" 2>>"$err" || rc=$?
    [ "$rc" -eq 2 ]
    [ "$(grep -c "^<3>aeadswap=UUID=tok$$-[12]: UUID= names a filesystem" "$err")" = 2 ]
    # A JOURNAL_STREAM inherited from elsewhere (stderr redirected since) changes nothing.
    : >"$err"
    JOURNAL_STREAM=1:1 "$AEADSWAP_BIN" check --cmdline "$BATS_TEST_TMPDIR/cmdline" 2>>"$err" || true
    [ "$(grep -c "^aeadswap: aeadswap=UUID=tok$$-[12]: " "$err")" = 2 ]
}
