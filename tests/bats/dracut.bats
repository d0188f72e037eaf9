#!/usr/bin/env bats
# The dracut module against a stand-in of dracut's module API (install side), and its hooks run
# under busybox ash with a fake command line and a stub helper (runtime side).

MODULE=${AEADSWAP_SRC:-$BATS_TEST_DIRNAME/../..}/dracut-module
load stub_at

setup() {
    CALLS=$BATS_TEST_TMPDIR/calls
    : >"$CALLS"
    mkdir -p "$BATS_TEST_TMPDIR/bin"
    printf '#!/bin/sh\nexit 0\n' >"$BATS_TEST_TMPDIR/bin/aeadswap"
    chmod +x "$BATS_TEST_TMPDIR/bin/aeadswap"
}

# --- install side: dracut's functions, recording what the module asks for ---

# Like dracut's instmods: in host-only mode a module the host has not loaded is left out.
instmods() {
    local m
    for m in "$@"; do
        if [[ -n $hostonly && " $HOST_LOADED " != *" $m "* ]]; then
            echo "skipped $m" >>"$CALLS"
        else
            echo "instmods $m" >>"$CALLS"
        fi
    done
}
inst_binary() { echo "inst_binary $*" >>"$CALLS"; }
inst_hook() { echo "inst_hook $1 $2 ${3##*/}" >>"$CALLS"; }
ln_r() { echo "ln_r $*" >>"$CALLS"; }
require_binaries() { [[ -x $1 ]]; }
dracut_module_included() { [[ " $INCLUDED " == *" $1 "* ]]; }

load_module() {
    moddir=$MODULE
    systemdutildir=/usr/lib/systemd
    # shellcheck source=/dev/null
    . "$MODULE/module-setup.sh"
    # What cmake substitutes (dracut-module/CMakeLists.txt).
    aeadswap_helper_path=$BATS_TEST_TMPDIR/bin/aeadswap
}

@test "check: included only when asked for, or in host-only mode when this boot uses aeadswap=" {
    load_module
    aeadswap_cmdline=$BATS_TEST_TMPDIR/cmdline
    echo "root=/dev/sda2 quiet" >"$aeadswap_cmdline"
    hostonly=""
    run check
    [ "$status" -eq 255 ]
    hostonly=1
    run check
    [ "$status" -eq 255 ]
    echo "root=/dev/sda2 aeadswap=/dev/sda3,prio=5" >"$aeadswap_cmdline"
    run check
    [ "$status" -eq 0 ]
    aeadswap_helper_path=/nonexistent/aeadswap
    run check
    [ "$status" -eq 1 ]
}

@test "installkernel: every module, even in strict host-only mode on a host that loaded none" {
    load_module
    hostonly=1 hostonly_mode=strict HOST_LOADED="ext4"
    installkernel
    run grep -c '^skipped' "$CALLS"
    [ "$output" = 0 ]
    for m in dm_mod dm_integrity dm_crypt aegis128 aegis128_aesni gcm ghash_generic aesni_intel chacha20poly1305; do
        grep -qx "instmods $m" "$CALLS"
    done
}

@test "install (shell initramfs): helper, cmdline hook, and a pre-mount hook after resume's 10" {
    load_module
    aeadswap_helper_path=/opt/x/aeadswap
    INCLUDED="base dm"
    install
    grep -qx 'inst_binary /opt/x/aeadswap /usr/sbin/aeadswap' "$CALLS"
    grep -qx 'inst_hook cmdline 90 parse-aeadswap.sh' "$CALLS"
    grep -qx 'inst_hook pre-mount 90 aeadswap-start.sh' "$CALLS"
    run grep -c '^ln_r' "$CALLS"
    [ "$output" = 0 ]
}

@test "install (systemd initramfs): the helper becomes a generator, no shell hooks" {
    load_module
    INCLUDED="systemd base dm"
    install
    grep -qx 'ln_r /usr/sbin/aeadswap /usr/lib/systemd/system-generators/aeadswap-generator' "$CALLS"
    run grep -c '^inst_hook' "$CALLS"
    [ "$output" = 0 ]
}

@test "depends on dm, so udev in the image decodes our cookie flags" {
    load_module
    [ "$(depends)" = dm ]
}

# --- runtime side: the hooks as dracut sources them, under busybox ash ---

# Runs a hook under ash with getargs answering from a fake command line.
run_hook() {
    local hook=$1
    mkdir -p "$BATS_TEST_TMPDIR/hooks/initqueue/finished"
    run busybox ash -c '
        getargs() {
            local k w
            for k in "$@"; do
                for w in $FAKE_CMDLINE; do
                    case "$w" in "$k"*) printf "%s\n" "${w#"$k"}"; found=1 ;; esac
                done
            done
            [ -n "$found" ]
        }
        getarg() {
            local w v=""
            for w in $FAKE_CMDLINE; do case "$w" in "$1"=*) v=${w#*=} ;; esac; done
            [ -n "$v" ] && printf "%s\n" "$v"
        }
        warn() { echo "warn: $*" >>"$CALLS"; }
        hookdir=$HOOKDIR
        . "$1"
        echo "hook returned $?"' ash "$MODULE/$hook"
}

@test "cmdline hook: one bounded initqueue wait per device, none for what udev cannot name" {
    export FAKE_CMDLINE="root=/dev/vda aeadswap=/dev/vdb,timeout=3 rd.aeadswap=PARTUUID=ABCD-01 aeadswap=UUID=x"
    export HOOKDIR=$BATS_TEST_TMPDIR/hooks CALLS
    local before after deadline
    read -r before _ </proc/uptime
    run_hook parse-aeadswap.sh
    read -r after _ </proc/uptime
    [[ $output == *"hook returned 0"* ]]
    local f=$HOOKDIR/initqueue/finished
    [ "$(find "$f" -name 'aeadswap-*.sh' | wc -l)" = 2 ]
    grep -q '^\[ -e "/dev/vdb" \] || ' "$f/aeadswap-1.sh"
    grep -q '^\[ -e "/dev/disk/by-partuuid/abcd-01" \] || ' "$f/aeadswap-2.sh"
    # The deadline is the hook's uptime + timeout: 3 s for the first, the default 10 s for the
    # second. The hook read the uptime between our two readings (a loaded machine may cross a
    # second boundary in between).
    deadline=$(sed -n 's/.*-ge \([0-9]*\) .*/\1/p' "$f/aeadswap-1.sh")
    [ "$deadline" -ge "$((${before%.*} + 3))" ] && [ "$deadline" -le "$((${after%.*} + 3))" ]
    deadline=$(sed -n 's/.*-ge \([0-9]*\) .*/\1/p' "$f/aeadswap-2.sh")
    [ "$deadline" -ge "$((${before%.*} + 10))" ] && [ "$deadline" -le "$((${after%.*} + 10))" ]
}

# dracut's own limit, and a timeout with a leading zero ($((09)) is an octal error in every shell).
@test "cmdline hook: waits stay within 3/4 of rd.retry; timeout=09 is nine seconds" {
    export HOOKDIR=$BATS_TEST_TMPDIR/hooks CALLS
    local f=$BATS_TEST_TMPDIR/hooks/initqueue/finished up deadline
    export FAKE_CMDLINE="aeadswap=/dev/vdb,timeout=300 aeadswap=/dev/vdc,timeout=09 rd.retry=40"
    read -r up _ </proc/uptime
    run_hook parse-aeadswap.sh
    [[ $output == *"hook returned 0"* ]]
    [ "$(find "$f" -name 'aeadswap-*.sh' | wc -l)" = 2 ]
    deadline=$(sed -n 's/.*-ge \([0-9]*\) .*/\1/p' "$f/aeadswap-1.sh")
    [ "$deadline" -ge "$((${up%.*} + 30))" ] && [ "$deadline" -le "$((${up%.*} + 31))" ]
    deadline=$(sed -n 's/.*-ge \([0-9]*\) .*/\1/p' "$f/aeadswap-2.sh")
    [ "$deadline" -ge "$((${up%.*} + 9))" ] && [ "$deadline" -le "$((${up%.*} + 10))" ]
    grep -qx "warn: aeadswap: timeout=300 for /dev/vdb is past 3/4 of dracut's rd.retry; waiting at most 30 s (raise rd.retry to wait longer)" "$CALLS"
    # Without rd.retry, dracut's 180 s.
    rm -f "$f"/aeadswap-*.sh
    export FAKE_CMDLINE="aeadswap=/dev/vdb,timeout=3600"
    run_hook parse-aeadswap.sh
    deadline=$(sed -n 's/.*-ge \([0-9]*\) .*/\1/p' "$f/aeadswap-1.sh")
    [ "$deadline" -ge "$((${up%.*} + 135))" ] && [ "$deadline" -le "$((${up%.*} + 136))" ]
}

@test "cmdline hook: the finished script is true once the device exists or the deadline passed" {
    local f=$BATS_TEST_TMPDIR/f.sh up
    read -r up _ </proc/uptime
    printf '[ -e "%s" ] || { read -r _t _ </proc/uptime; [ "${_t%%.*}" -ge %s ]; }\n' /dev/null 999999999 >"$f"
    busybox ash "$f"
    printf '[ -e "%s" ] || { read -r _t _ </proc/uptime; [ "${_t%%.*}" -ge %s ]; }\n' /nonexistent "${up%.*}" >"$f"
    busybox ash "$f"
    printf '[ -e "%s" ] || { read -r _t _ </proc/uptime; [ "${_t%%.*}" -ge %s ]; }\n' /nonexistent 999999999 >"$f"
    run busybox ash "$f"
    [ "$status" -ne 0 ]
}

@test "cmdline hook: aeadswap=off waits for nothing, and hostile names are not written into scripts" {
    export HOOKDIR=$BATS_TEST_TMPDIR/hooks CALLS
    export FAKE_CMDLINE="aeadswap=/dev/vdb aeadswap=off"
    run_hook parse-aeadswap.sh
    [ "$(find "$HOOKDIR/initqueue/finished" -name 'aeadswap-*' | wc -l)" = 0 ]
    export FAKE_CMDLINE='aeadswap=/dev/vd$(reboot)b aeadswap=/dev/x";reboot;"'
    run_hook parse-aeadswap.sh
    [ "$(find "$HOOKDIR/initqueue/finished" -name 'aeadswap-*' | wc -l)" = 0 ]
}

# start_hook STUB|none: the pre-mount hook under ash, with STUB as /usr/sbin/aeadswap.
start_hook() {
    run with_helper_at /usr/sbin/aeadswap "$1" busybox ash -c '
        getargs() { case " $FAKE_CMDLINE " in *" aeadswap="* | *" rd.aeadswap="*) return 0 ;; esac; return 1; }
        warn() { echo "warn: $*" >>"$CALLS"; }
        aeadswap_bin=/usr/bin/true # the variable the hook once took the helper from: ignored now
        . "$1"
        echo "returned $?"' ash "$MODULE/aeadswap-start.sh"
}

@test "start hook: runs the helper once, without a second wait, and returns 0 whatever it says" {
    local stub=$BATS_TEST_TMPDIR/stub
    export CALLS FAKE_CMDLINE="root=/dev/vda aeadswap=/dev/vdb"
    for rc in 0 3 6 127; do
        printf '#!/bin/sh\necho "helper $*" >>"%s"\nexit %s\n' "$CALLS" "$rc" >"$stub"
        chmod +x "$stub"
        : >"$CALLS"
        start_hook "$stub"
        [[ $output == *"returned 0"* ]]
        grep -qx 'helper --log kmsg start --no-wait' "$CALLS"
        [ "$(grep -c '^warn: aeadswap: the helper did not run (status 127)' "$CALLS")" = "$([ "$rc" = 127 ] && echo 1 || echo 0)" ]
    done
}

@test "start hook: does not run the helper when no aeadswap= is given" {
    local stub=$BATS_TEST_TMPDIR/stub
    printf '#!/bin/sh
echo "helper $*" >>"%s"
' "$CALLS" >"$stub"
    chmod +x "$stub"
    export CALLS FAKE_CMDLINE="root=/dev/vda quiet"
    start_hook "$stub"
    [[ $output == *"returned 0"* ]]
    [ ! -s "$CALLS" ]
}
