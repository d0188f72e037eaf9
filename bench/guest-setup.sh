#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh disable=SC3043
# Runs inside the benchmark VM's root (sourced by tests/vm/guest/init for case=bench): times the
# setup of aeadswap and of the usual alternatives on each scratch disk, RUNS times each.
# Prints "@@ bench tool=... gib=... run=... wall_ms=... [maxrss_kib=... mem_kib=...]" lines.

# udev died at switch-root but left /run/udev/control behind: dmsetup and cryptsetup (whose
# libdevmapper syncs with udev) would wait for it forever. The static helper has no udev sync.
export DM_DISABLE_UDEV=1

bench_avail() { sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo; }

bench_rusage() {
    swaptest rusage "$@" | sed -n 's/^@@ rusage //p'
}

# bench_ms: each number of seconds on stdin as whole milliseconds.
bench_ms() { awk '{ printf "%.0f\n", $1 * 1000 }'; }

# bench_helper_ms took|mapped <LOG: from the helper's "swap on ... in T s (mappings ready after M s,
# then swapon)" line, T or M in milliseconds; nothing when there is no such line.
bench_helper_ms() {
    case "$1" in
    took) sed -n 's/.* swap on .*) in \([0-9.]*\) s (mappings ready after .*/\1/p' ;;
    mapped) sed -n 's/.* swap on .*(mappings ready after \([0-9.]*\) s.*/\1/p' ;;
    esac | bench_ms
}

bench_aeadswap() {
    local dev="$1" gib="$2" run="$3" before after r mapped
    before=$(bench_avail)
    r=$(bench_rusage aeadswap --log stderr start --no-wait "$dev,name=bench" 2>/tmp/aeadswap.err)
    after=$(bench_avail)
    mapped=$(bench_helper_ms mapped </tmp/aeadswap.err)
    echo "@@ bench tool=aeadswap gib=$gib run=$run $r mem_kib=$((before - after)) mapped_ms=${mapped:--1}"
    aeadswap --log stderr stop bench
}

bench_xts() {
    local dev="$1" gib="$2" run="$3" sectors key r
    sectors=$(cat "/sys/class/block/${dev#/dev/}/size")
    key=$(swaptest randhex 64)
    r=$(bench_rusage sh -c "echo '0 $((sectors / 8 * 8)) crypt aes-xts-plain64 $key 0 $dev 0 1 sector_size:4096' |
        dmsetup create benchx && mkswap /dev/mapper/benchx >/dev/null && swapon /dev/mapper/benchx")
    echo "@@ bench tool=plain-xts+mkswap gib=$gib run=$run $r"
    swapoff /dev/mapper/benchx
    dmsetup remove benchx
}

# cryptsetup's own authenticated stack, without wipe and journal (its fastest form); the key
# slot uses pbkdf2 with few iterations so that the figure is the format, not the KDF.
bench_luks_nowipe() {
    local dev="$1" gib="$2" run="$3" r
    head -c 32 /dev/urandom >/tmp/key
    r=$(bench_rusage sh -c "cryptsetup luksFormat -q --type luks2 --integrity aead --cipher aegis128-random \
        --key-size 128 --integrity-no-wipe --integrity-no-journal --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
        -d /tmp/key $dev && cryptsetup open -d /tmp/key $dev benchl")
    echo "@@ bench tool=luks2-aead-no-wipe gib=$gib run=$run $r"
    cryptsetup close benchl
    dd if=/dev/zero of="$dev" bs=1M count=16 oflag=direct 2>/dev/null
}

# The same with cryptsetup's default wipe of the tags, stopped after $2 seconds: the host
# extrapolates from how far it got.
bench_luks_wipe() {
    local dev="$1" limit="$2" gib="$3" r
    head -c 32 /dev/urandom >/tmp/key
    r=$(bench_rusage timeout "$limit" cryptsetup luksFormat -q --type luks2 --integrity aead \
        --cipher aegis128-random --key-size 128 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 -d /tmp/key "$dev")
    echo "@@ bench tool=luks2-aead-wipe gib=$gib run=1 $r limit_s=$limit"
    dd if=/dev/zero of="$dev" bs=1M count=16 oflag=direct 2>/dev/null
}

case_bench() {
    local runs dev gib run
    runs=$(arg runs)
    for dev in /dev/vdb /dev/vdc /dev/vdd; do
        [ -b "$dev" ] || continue
        gib=$(($(cat "/sys/class/block/${dev#/dev/}/size") / 2097152))
        for run in $(seq "$runs"); do
            bench_aeadswap "$dev" "$gib" "$run"
            bench_xts "$dev" "$gib" "$run"
            bench_luks_nowipe "$dev" "$gib" "$run"
        done
    done
    bench_luks_wipe /dev/vdb "$(arg wipe_limit)" "$(($(cat /sys/class/block/vdb/size) / 2097152))"
}
