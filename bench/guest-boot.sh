#!/bin/sh
# shellcheck shell=sh disable=SC3043
# Runs inside the benchmark VM's root (sourced by tests/vm/guest/init for case=boottime): what the
# helper did in this boot's initramfs, for bench/boot-time. Prints "@@ boottime ..." and the
# helper's log lines.

case_boottime() {
    local uptime active
    # Taken first: how far into the boot the root's init got, swap setup included.
    uptime=$(cut -d' ' -f1 /proc/uptime)
    # The kernel's own clock at the moment swapon(2) finished.
    active=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] Adding [0-9]*k swap on .*/\1/p')
    echo "@@ boottime swaps=$(swap_count) init_s=$uptime swap_active_s=${active:--1}"
    dmesg | grep 'aeadswap:' | sed 's/^/@@ log /'
}
