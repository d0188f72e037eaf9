#!/usr/bin/env bats
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
