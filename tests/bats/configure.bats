#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# A configure only configures: the default cmake run (no static libraries prepared, so the
# system's shared ones) writes nothing outside its build folder: /etc, apt's state and the source
# tree are the same before and after. And missing test tools turn tests off, never the build.

# snapshot: every file's path, mode, size and contents under /etc and apt's state, and the source
# tree's listing (its build folders aside).
snapshot() {
    find /etc /var/lib/apt /var/cache/apt -xdev \( -type f -o -type l \) -printf '%p %m %s\n' 2>/dev/null | sort
    find /etc /var/lib/apt -xdev -type f -readable -print0 2>/dev/null | sort -z | xargs -0 sha256sum 2>/dev/null
    (cd "$AEADSWAP_SRC" && find . -path ./build -prune -o -path ./.git -prune -o -print | sort)
}

@test "the default configure changes nothing outside its build folder" {
    snapshot >"$BATS_TEST_TMPDIR/before"
    run cmake -S "$AEADSWAP_SRC" -B "$BATS_TEST_TMPDIR/build" -G Ninja
    echo "$output"
    [ "$status" -eq 0 ]
    [[ $output == *"static libraries: OFF"* ]]
    snapshot >"$BATS_TEST_TMPDIR/after"
    diff "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
}

@test "without GoogleTest the configure succeeds with one line: no tests" {
    run cmake -S "$AEADSWAP_SRC" -B "$BATS_TEST_TMPDIR/build" -G Ninja -DCMAKE_DISABLE_FIND_PACKAGE_GTest=TRUE
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(grep -c 'GoogleTest not found: no tests' <<<"$output")" = 1 ]
    run cmake -S "$AEADSWAP_SRC" -B "$BATS_TEST_TMPDIR/build-on" -G Ninja -DCMAKE_DISABLE_FIND_PACKAGE_GTest=TRUE \
        -DAEADSWAP_TESTS=ON
    [ "$status" -ne 0 ]
    [[ $output == *"AEADSWAP_TESTS=ON and GoogleTest is not installed"* ]]
}

@test "AEADSWAP_STATIC=ON without the prepared libraries fails, naming the step that makes them" {
    run cmake -S "$AEADSWAP_SRC" -B "$BATS_TEST_TMPDIR/build" -G Ninja -DAEADSWAP_STATIC=ON
    [ "$status" -ne 0 ]
    [[ $output == *"ci/build-static-deps"* ]]
}
