#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh disable=SC3043
# Runs inside the benchmark VM's root (sourced by tests/vm/guest/init for case=boottime): what the
# helper did in this boot's initramfs, for bench/boot-time, in milliseconds (bench_ms and
# bench_helper_ms are in guest-setup.sh). Prints "@@ boottime ..." and the helper's log lines.

case_boottime() {
    local init log active took mapped
    # Taken first: how far into the boot the root's init got, swap setup included.
    init=$(cut -d' ' -f1 /proc/uptime | bench_ms)
    log=$(dmesg)
    # The kernel's own clock at the moment swapon(2) finished.
    active=$(echo "$log" | sed -n 's/^\[ *\([0-9.]*\)\] Adding [0-9]*k swap on .*/\1/p' | bench_ms)
    took=$(echo "$log" | bench_helper_ms took)
    mapped=$(echo "$log" | bench_helper_ms mapped)
    echo "@@ boottime swaps=$(swap_count) took_ms=${took:--1} mapped_ms=${mapped:--1}" \
        "swap_active_ms=${active:--1} init_ms=$init"
    echo "$log" | grep 'aeadswap:' | sed 's/^/@@ log /'
}
