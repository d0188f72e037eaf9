#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The mkinitcpio hooks against a stand-in of mkinitcpio's build API (install side), and the
# runtime hook under busybox ash with getarg over a fake command line and a stub helper.

HOOKS=${AEADSWAP_SRC:-$BATS_TEST_DIRNAME/../..}/mkinitcpio-hook
load stub_at

setup() {
    CALLS=$BATS_TEST_TMPDIR/calls
    : >"$CALLS"
    # The build host's helper as build() calls it: `modules` prints what it resolved.
    HELPER=$BATS_TEST_TMPDIR/aeadswap
    printf '#!/bin/sh\necho "helper $*" >>"%s"\nprintf "dm_mod\\ndm_integrity\\naegis128\\n"\nexit "${STUB_RC:-0}"\n' \
        "$CALLS" >"$HELPER"
    chmod +x "$HELPER"
    KERNELVERSION=7.3.0-test
}

# --- install side ---

add_module() { echo "add_module $1" >>"$CALLS"; }
add_binary() { echo "add_binary $*" >>"$CALLS"; }
add_runscript() { echo "add_runscript" >>"$CALLS"; }
add_symlink() { echo "add_symlink $*" >>"$CALLS"; }
warning() { echo "warning $*" >>"$CALLS"; }
map() {
    local fn=$1 arg
    shift
    for arg in "$@"; do "$fn" "$arg"; done
}

# The list is the helper's (aeadswap modules, resolved in the kernel's tree: proven on each
# kernel of the VM matrix); build() adds what it prints.
@test "install/aeadswap: the helper's modules for the kernel, the helper and the runtime hook" {
    # shellcheck source=/dev/null
    . "$HOOKS/install/aeadswap"
    aeadswap_helper_path=$HELPER # what cmake substitutes (mkinitcpio-hook/CMakeLists.txt)
    build
    grep -qx 'helper --log stderr modules --kmoddir /lib/modules/7.3.0-test' "$CALLS"
    [ "$(grep '^add_module' "$CALLS")" = "$(printf 'add_module dm_mod\nadd_module dm_integrity\nadd_module aegis128')" ]
    grep -qx "add_binary $HELPER /usr/bin/aeadswap" "$CALLS"
    grep -qx 'add_runscript' "$CALLS"
    [ "$(grep -c '^warning' "$CALLS")" = 0 ]
    # mkinitcpio's own module folder when it has one (-r), and a warning when the kernel lacks a module.
    : >"$CALLS"
    _d_kmoduledir=/tmp/root/lib/modules/7.3.0-test STUB_RC=4 build
    grep -qx 'helper --log stderr modules --kmoddir /tmp/root/lib/modules/7.3.0-test' "$CALLS"
    grep -qx 'warning aeadswap: the image may not be able to set up aeadswap (see above)' "$CALLS"
    grep -qx 'add_module aegis128' "$CALLS"
    # No kernel (mkinitcpio -k none): nothing to resolve.
    : >"$CALLS"
    KERNELVERSION=none build
    [ "$(grep -c '^helper\|^add_module' "$CALLS")" = 0 ]
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
    aeadswap_helper_path=$HELPER
    build
    grep -qx 'add_module dm_integrity' "$CALLS"
    grep -qx "add_binary $HELPER /usr/bin/aeadswap" "$CALLS"
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
