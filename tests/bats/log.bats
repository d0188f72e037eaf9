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
