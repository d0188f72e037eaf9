#!/usr/bin/env bats
# The mkinitcpio hooks against a stand-in of mkinitcpio's build API (install side), and the
# runtime hook under busybox ash with getarg over a fake command line and a stub helper.

HOOKS=${AEADSWAP_SRC:-$BATS_TEST_DIRNAME/../..}/mkinitcpio-hook
load stub_at

setup() {
    CALLS=$BATS_TEST_TMPDIR/calls
    : >"$CALLS"
}

# --- install side ---

add_module() { echo "add_module $1" >>"$CALLS"; }
add_binary() { echo "add_binary $*" >>"$CALLS"; }
add_runscript() { echo "add_runscript" >>"$CALLS"; }
add_symlink() { echo "add_symlink $*" >>"$CALLS"; }
map() {
    local fn=$1 arg
    shift
    for arg in "$@"; do "$fn" "$arg"; done
}

@test "install/aeadswap: modules (fast variants optional), the helper and the runtime hook" {
    # shellcheck source=/dev/null
    . "$HOOKS/install/aeadswap"
    aeadswap_helper_path=/opt/x/aeadswap # what cmake substitutes (mkinitcpio-hook/CMakeLists.txt)
    build
    for m in dm-mod dm-integrity dm-crypt aegis128; do grep -qx "add_module $m" "$CALLS"; done
    for m in aegis128-aesni aesni-intel gcm chacha20poly1305; do grep -qx "add_module $m?" "$CALLS"; done
    grep -qx 'add_binary /opt/x/aeadswap /usr/bin/aeadswap' "$CALLS"
    grep -qx 'add_runscript' "$CALLS"
}

@test "install/aeadswap: help says where the hook goes and how to configure it" {
    # shellcheck source=/dev/null
    . "$HOOKS/install/aeadswap"
    run help
    [[ $output == *"aeadswap=<device>"* ]]
    [[ $output == *"block resume aeadswap filesystems"* ]]
}

@test "install/sd-aeadswap: the same modules, the helper as a systemd generator, no runscript" {
    # shellcheck source=/dev/null
    . "$HOOKS/install/sd-aeadswap"
    aeadswap_helper_path=/opt/x/aeadswap
    build
    grep -qx 'add_module dm-integrity' "$CALLS"
    grep -qx 'add_module aegis128-aesni?' "$CALLS"
    grep -qx 'add_symlink /usr/lib/systemd/system-generators/aeadswap-generator /usr/bin/aeadswap' "$CALLS"
    run grep -c add_runscript "$CALLS"
    [ "$output" = 0 ]
}

# --- runtime side ---

# late_hook STUB|none: runs run_latehook under ash with STUB as /usr/bin/aeadswap; getarg is
# mkinitcpio's (last value, "y" for a bare key), and as mkinitcpio's init does, every word of the
# command line is also a shell variable.
late_hook() {
    run with_helper_at /usr/bin/aeadswap "$1" busybox ash -c '
        for w in $FAKE_CMDLINE; do case "$w" in *=*) eval "${w%%=*}=\${w#*=}" 2>/dev/null ;; esac; done
        getarg() {
            local w v=""
            for w in $FAKE_CMDLINE; do
                case "$w" in "$1") v=y ;; "$1"=*) v=${w#*=} ;; esac
            done
            printf "%s\n" "${v:-$2}"
        }
        err() { echo "err: $*" >>"$CALLS"; }
        . "$1"
        run_latehook
        echo "returned $?"' ash "$HOOKS/hooks/aeadswap"
}

stub_helper() {
    printf '#!/bin/sh\necho "helper $*" >>"%s"\nexit %s\n' "$CALLS" "$1" >"$BATS_TEST_TMPDIR/stub"
    chmod +x "$BATS_TEST_TMPDIR/stub"
}

@test "runtime: runs the helper (which waits for its devices) and never fails the boot" {
    export CALLS FAKE_CMDLINE="root=/dev/sda2 aeadswap=/dev/sda3 rd.aeadswap=PARTLABEL=s2"
    for rc in 0 3 6; do
        : >"$CALLS"
        stub_helper "$rc"
        late_hook "$BATS_TEST_TMPDIR/stub"
        [[ $output == *"returned 0"* ]]
        [ "$(cat "$CALLS")" = "helper --log kmsg start" ]
    done
}

# mkinitcpio's init once let aeadswap_bin= on the command line choose the program the hook ran.
@test "runtime: no word of the command line changes which program runs" {
    export CALLS FAKE_CMDLINE="aeadswap=/dev/sda3 aeadswap_bin=/usr/bin/true PATH=/nonexistent"
    stub_helper 0
    late_hook "$BATS_TEST_TMPDIR/stub"
    [[ $output == *"returned 0"* ]]
    [ "$(cat "$CALLS")" = "helper --log kmsg start" ]
}

@test "runtime: a missing helper is one error line, and the boot goes on" {
    export CALLS FAKE_CMDLINE="aeadswap=/dev/sda3"
    late_hook none
    [[ $output == *"returned 0"* ]]
    grep -q '^err: aeadswap: the helper did not run (status 127)' "$CALLS"
}

@test "runtime: nothing runs without aeadswap= on the command line" {
    export CALLS FAKE_CMDLINE="root=/dev/sda2 quiet"
    stub_helper 0
    late_hook "$BATS_TEST_TMPDIR/stub"
    [[ $output == *"returned 0"* ]]
    [ ! -s "$CALLS" ]
}
