#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The dracut module against a stand-in of dracut's module API (install side), and its hooks run
# under busybox ash with a fake command line and a stub helper (runtime side).

MODULE=${AEADSWAP_SRC:-$BATS_TEST_DIRNAME/../..}/dracut-module
load stub_at

setup() {
    CALLS=$BATS_TEST_TMPDIR/calls
    : >"$CALLS"
    mkdir -p "$BATS_TEST_TMPDIR/bin"
    # The build host's helper as the install side calls it: `modules` prints what it resolved.
    # `lvm-volumes` prints STUB_LVS, one a line.
    printf '#!/bin/sh\necho "helper $*" >>"%s"\ncase "$*" in *lvm-volumes*) for v in $STUB_LVS; do echo "$v"; done; exit 0 ;; esac\nprintf "dm_mod\\ndm_integrity\\naegis128\\n"\nexit "${STUB_RC:-0}"\n' \
        "$CALLS" >"$BATS_TEST_TMPDIR/bin/aeadswap"
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
dwarn() { echo "dwarn $*" >>"$CALLS"; }
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

# The list is the helper's (aeadswap modules, resolved in the kernel's tree: proven on each
# kernel of the VM matrix); the module installs what it prints.
@test "installkernel: the helper's modules for dracut's kernel tree, even in strict host-only mode" {
    load_module
    hostonly=1 hostonly_mode=strict HOST_LOADED="ext4" srcmods=/lib/modules/6.12.0-test
    installkernel
    grep -qx 'helper --log stderr modules --kmoddir /lib/modules/6.12.0-test' "$CALLS"
    [ "$(grep -c '^skipped' "$CALLS")" = 0 ]
    [ "$(grep '^instmods' "$CALLS")" = "$(printf 'instmods dm_mod\ninstmods dm_integrity\ninstmods aegis128')" ]
    [ "$(grep -c '^dwarn' "$CALLS")" = 0 ]
    # A kernel without what the helper needs: a warning, and what there is still goes in.
    : >"$CALLS"
    STUB_RC=4 installkernel
    grep -qx 'dwarn aeadswap: the image may not be able to set up aeadswap (see above)' "$CALLS"
    grep -qx 'instmods dm_mod' "$CALLS"
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

# Proxmox VE's /dev/pve/swap: a host-only image activates only the volumes it is told about.
@test "host-only, an aeadswap= device on an LVM volume: depends brings lvm, the image's cmdline.d activates it" {
    load_module
    export STUB_LVS="pve/swap other-vg/swap2"
    hostonly=yes hostonly_cmdline=yes initdir=$BATS_TEST_TMPDIR/initdir INCLUDED="systemd base dm"
    mkdir -p "$initdir/etc/cmdline.d"
    [ "$(depends | xargs)" = "dm lvm" ]
    install
    [ "$(cat "$initdir/etc/cmdline.d/90aeadswap.conf")" = " rd.lvm.lv=pve/swap rd.lvm.lv=other-vg/swap2" ]
    # No volume: neither; a generic image (not host-only) is told nothing: it brings lvm when the
    # host has it, and activates what the user puts on the command line (README).
    STUB_LVS='' depends | grep -qx dm
    [ "$(STUB_LVS='' depends | wc -l)" = 1 ]
    hostonly=''
    [ "$(depends)" = dm ]
}

# --- runtime side: the hooks as dracut sources them, under busybox ash ---

# cmdline_hook LINE: the cmdline hook under ash as dracut's shell image runs it: the helper at its
# path in the image (this build's), LINE as /proc/cmdline, and $BATS_TEST_TMPDIR/etc (with
# initrd-release, and cmdline.d when a test writes one) over /etc.
cmdline_hook() {
    HOOKDIR=$BATS_TEST_TMPDIR/hooks
    FINISHED=$HOOKDIR/initqueue/finished
    rm -rf "$HOOKDIR"
    mkdir -p "$FINISHED" "$BATS_TEST_TMPDIR/etc"
    touch "$BATS_TEST_TMPDIR/etc/initrd-release"
    printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/proc-cmdline"
    export HOOKDIR FAKE_PROC_CMDLINE=$BATS_TEST_TMPDIR/proc-cmdline FAKE_ETC=$BATS_TEST_TMPDIR/etc
    run with_helper_at /usr/sbin/aeadswap "$AEADSWAP_BIN" busybox ash -c '
        getargs() { :; } # present: the hook then does not source dracut-lib.sh
        hookdir=$HOOKDIR
        . "$1"
        echo "hook returned $?"' ash "$MODULE/parse-aeadswap.sh"
}

# deadline_within FILE SECONDS BEFORE AFTER: FILE's deadline is an uptime between BEFORE and
# AFTER (the hook's reading of it, taken between ours) plus SECONDS.
deadline_within() {
    local deadline
    deadline=$(sed -n 's/.*-ge \([0-9]*\) \]; }$/\1/p' "$1")
    [ "$deadline" -ge "$((${3%.*} + $2))" ] && [ "$deadline" -le "$((${4%.*} + $2))" ]
}

@test "cmdline hook: one bounded initqueue wait per device, by the node udev makes" {
    local before after
    read -r before _ </proc/uptime
    cmdline_hook 'root=/dev/vda aeadswap=/dev/vdb,timeout=3 rd.aeadswap=PARTUUID=ABCD-01 aeadswap="PARTLABEL=my swap",timeout=5 aeadswap=UUID=x'
    read -r after _ </proc/uptime
    [[ $output == *"hook returned 0"* ]]
    # UUID= is refused (the start hook says so): three waits, in command-line order.
    [ "$(find "$FINISHED" -name 'aeadswap-*.sh' | wc -l)" = 3 ]
    grep -q "^\[ -e '/dev/vdb' \] || " "$FINISHED/aeadswap-1.sh"
    grep -q "^\[ -e '/dev/disk/by-partuuid/abcd-01' \] || " "$FINISHED/aeadswap-2.sh"
    grep -q "^\[ -e '/dev/disk/by-partlabel/my\\\\x20swap' \] || " "$FINISHED/aeadswap-3.sh"
    deadline_within "$FINISHED/aeadswap-1.sh" 3 "$before" "$after"
    deadline_within "$FINISHED/aeadswap-2.sh" 10 "$before" "$after"
    deadline_within "$FINISHED/aeadswap-3.sh" 5 "$before" "$after"
}

# dracut's own limit, and a timeout with a leading zero ($((09)) is an octal error in every shell).
@test "cmdline hook: waits stay within 3/4 of rd.retry, with one kernel log line; timeout=09 is nine seconds" {
    local up after tok=vdb$$x$RANDOM
    read -r up _ </proc/uptime
    cmdline_hook "aeadswap=/dev/$tok,timeout=300 aeadswap=/dev/vdc,timeout=09 rd.retry=40"
    read -r after _ </proc/uptime
    [[ $output == *"hook returned 0"* ]]
    [ "$(find "$FINISHED" -name 'aeadswap-*.sh' | wc -l)" = 2 ]
    deadline_within "$FINISHED/aeadswap-1.sh" 30 "$up" "$after"
    deadline_within "$FINISHED/aeadswap-2.sh" 9 "$up" "$after"
    [ "$(dmesg | grep -c "aeadswap: timeout=300 for /dev/$tok is past 3/4 of dracut's rd.retry; waiting at most 30 s (raise rd.retry to wait longer)")" = 1 ]
    # Without rd.retry (or with one dracut cannot read), dracut's 180 s.
    cmdline_hook "aeadswap=/dev/vdb,timeout=3600 rd.retry=x"
    read -r after _ </proc/uptime
    deadline_within "$FINISHED/aeadswap-1.sh" 135 "$up" "$after"
}

# dracut.conf's kernel_cmdline= and host-only mode write the image's /etc/cmdline.d.
@test "cmdline hook: entries from /etc/cmdline.d count, before the boot loader's, as getarg reads them" {
    mkdir -p "$BATS_TEST_TMPDIR/etc/cmdline.d"
    echo 'aeadswap=/dev/vdc,timeout=4' >"$BATS_TEST_TMPDIR/etc/cmdline.d/01-default.conf"
    echo 'rd.retry=8' >"$BATS_TEST_TMPDIR/etc/cmdline.d/02-retry.conf"
    echo 'aeadswap=/dev/vdd' >"$BATS_TEST_TMPDIR/etc/cmdline.d/03-ignored.txt"
    local before after
    read -r before _ </proc/uptime
    cmdline_hook "root=/dev/vda aeadswap=/dev/vdb"
    read -r after _ </proc/uptime
    [ "$(find "$FINISHED" -name 'aeadswap-*.sh' | wc -l)" = 2 ]
    grep -q "^\[ -e '/dev/vdc' \] || " "$FINISHED/aeadswap-1.sh"
    grep -q "^\[ -e '/dev/vdb' \] || " "$FINISHED/aeadswap-2.sh"
    # rd.retry=8 from the image caps the default 10 s at 6.
    deadline_within "$FINISHED/aeadswap-2.sh" 6 "$before" "$after"
}

@test "cmdline hook: the finished script is true once the device exists or the deadline passed" {
    local f=$BATS_TEST_TMPDIR/f.sh up
    read -r up _ </proc/uptime
    printf '[ -e %s ] || { read -r _t _ </proc/uptime; [ "${_t%%.*}" -ge %s ]; }\n' "'/dev/null'" 999999999 >"$f"
    busybox ash "$f"
    printf '[ -e %s ] || { read -r _t _ </proc/uptime; [ "${_t%%.*}" -ge %s ]; }\n' "'/nonexistent'" "${up%.*}" >"$f"
    busybox ash "$f"
    printf '[ -e %s ] || { read -r _t _ </proc/uptime; [ "${_t%%.*}" -ge %s ]; }\n' "'/nonexistent'" 999999999 >"$f"
    run busybox ash "$f"
    [ "$status" -ne 0 ]
}

@test "cmdline hook: aeadswap=off waits for nothing, and hostile names stay words in the scripts" {
    cmdline_hook "aeadswap=/dev/vdb aeadswap=off"
    [ "$(find "$FINISHED" -name 'aeadswap-*' | wc -l)" = 0 ]
    # shellcheck disable=SC2016 # the $(...) is the attack
    cmdline_hook 'aeadswap=/dev/vd$(reboot)b aeadswap=/dev/x";reboot;" aeadswap=/dev/y'"'"';reboot;'"'"
    mkdir -p "$BATS_TEST_TMPDIR/path"
    printf '#!/bin/sh\ntouch %s/rebooted\n' "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/path/reboot"
    chmod +x "$BATS_TEST_TMPDIR/path/reboot"
    local f n=0
    for f in "$FINISHED"/aeadswap-*.sh; do
        n=$((n + 1))
        PATH=$BATS_TEST_TMPDIR/path:$PATH run busybox ash "$f"
        [ "$status" -ne 0 ] # the device is missing and the deadline is ahead
    done
    [ "$n" -ge 1 ]
    [ ! -e "$BATS_TEST_TMPDIR/rebooted" ]
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
