#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# aeadswap start on this host, for what needs no device-mapper: how long missing devices hold it.

bats_require_minimum_version 1.5.0

# Sequentially, three missing devices of timeout=3 would take 9 s; together they take 3.
@test "several missing devices are waited for together, each up to its own timeout" {
    echo "aeadswap=/dev/aeadswap-missing-1,timeout=3 aeadswap=/dev/aeadswap-missing-2,timeout=3 \
aeadswap=/dev/aeadswap-missing-3,timeout=2" >"$BATS_TEST_TMPDIR/cmdline"
    local start=$SECONDS
    run --separate-stderr "$AEADSWAP_BIN" --log stderr start --cmdline "$BATS_TEST_TMPDIR/cmdline"
    local took=$((SECONDS - start))
    [ "$status" -eq 6 ]
    [ "$(grep -c 'aeadswap: /dev/aeadswap-missing-[12] did not appear within 3 s' <<<"$stderr")" = 2 ]
    grep -q 'aeadswap: /dev/aeadswap-missing-3 did not appear within 2 s' <<<"$stderr"
    echo "took ${took}s" >&3
    [ "$took" -ge 2 ] && [ "$took" -le 6 ]
}

# The key never reaches a core dump: the helper makes itself non-dumpable (its /proc files then
# belong to root, whoever runs it) with a core size limit of 0, before anything else. Run as nobody
# while it waits for a missing device, so that the ownership tells.
@test "the helper cannot dump core: not dumpable, core size limit 0" {
    local cmdline pid owner limits
    cmdline=$(mktemp /tmp/aeadswap-cmdline.XXXXXX)
    chmod 644 "$cmdline"
    echo "aeadswap=/dev/aeadswap-missing-1,timeout=4" >"$cmdline"
    setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$AEADSWAP_BIN" --log stderr start --cmdline "$cmdline" 2>/dev/null &
    pid=$!
    sleep 1
    owner=$(stat -c %U "/proc/$pid/environ")
    limits=$(grep '^Max core file size' "/proc/$pid/limits")
    wait "$pid" || true
    rm -f "$cmdline"
    echo "owner=$owner limits=$limits" >&3
    [ "$owner" = root ]
    [[ $limits =~ ^Max\ core\ file\ size\ +0\ +0\ +bytes ]]
}
