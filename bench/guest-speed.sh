#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh disable=SC3043
# Runs inside the benchmark VM's root (sourced by tests/vm/guest/init for case=speed): builds each
# swap setup on /dev/vdb (or the NVMe drive) in turn, runs `swaptest speed` on it, tears it down; RUNS rounds, the
# setups interleaved so that a slow spell of the host hits all of them alike.
# Prints "@@ speed setup=... run=... phase=... ms=... pswpin=... pswpout=..." lines.

export DM_DISABLE_UDEV=1
# aeadswap_test.speed_dev=/dev/nvme0n1: the emulated NVMe drive with metadata (AEADSWAP_SPEED_DRIVE).
SPEED_DEV=$(arg speed_dev)
SPEED_DEV=${SPEED_DEV:-/dev/vdb}

speed_sectors() { cat "/sys/class/block/${SPEED_DEV#/dev/}/size"; }

speed_wipe_head() { dd if=/dev/zero of="$SPEED_DEV" bs=1M count=4 oflag=direct 2>/dev/null; }

setup_raw() {
    speed_wipe_head
    swaptest swapon "$SPEED_DEV" >/dev/null && echo "$SPEED_DEV"
}

# crypttab's plain swap: a random key, aes-xts-plain64 (AES-256), dm-crypt's default queues;
# 4 KiB sectors as aeadswap uses.
setup_xts() {
    echo "0 $(($(speed_sectors) / 8 * 8)) crypt aes-xts-plain64 $(swaptest randhex 64) 0 $SPEED_DEV 0 1 sector_size:4096" |
        dmsetup create speedx && swaptest swapon /dev/mapper/speedx >/dev/null && echo /dev/mapper/speedx
}

# cryptsetup's own authenticated stack (its sector size), without the tag wipe, which would take
# minutes and changes nothing once the pages are written. $1: options for luksFormat, $2 for open
# (where --integrity-no-journal belongs: given to luksFormat, it is silently ignored).
# As luksFormat makes it (with dm-integrity's journal) it hangs under this load, with dm-crypt's
# queues and without (docs/design.md, "Defaults, and why"): the table has the form that runs.
setup_luks2() {
    head -c 32 /dev/urandom >/tmp/key
    # shellcheck disable=SC2086 # lists of options
    cryptsetup luksFormat -q --type luks2 --integrity aead --cipher aegis128-random --key-size 128 \
        --integrity-no-wipe $1 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 -d /tmp/key "$SPEED_DEV" &&
        cryptsetup open $2 -d /tmp/key "$SPEED_DEV" speedl && swaptest swapon /dev/mapper/speedl >/dev/null &&
        echo /dev/mapper/speedl
}

# A refusal's line goes to the console (the table shows only error=setup).
setup_aeadswap() {
    speed_wipe_head
    if aeadswap --log stderr start --no-wait "$SPEED_DEV,name=speeda$1" 2>/tmp/helper.err; then
        echo "/dev/mapper/speeda"
    else
        sed -n 's/^/@@ speed helper: /p' /tmp/helper.err >&2
    fi
}

# A mirror over vdb and vdc (mirror=): both legs encrypt every page written.
setup_mirror() {
    speed_wipe_head
    dd if=/dev/zero of=/dev/vdc bs=1M count=4 oflag=direct 2>/dev/null
    aeadswap --log stderr start --no-wait "$SPEED_DEV,mirror=/dev/vdc,name=speeda_m" 2>/dev/null && echo "/dev/mapper/speeda_m"
}

# aeadswap's stack by hand, with one dm-integrity knob changed: the helper does not offer these,
# and this is how to find out whether it should. Args: block size, then integrity options.
setup_knob() {
    local block="$1" opts="$2" n provided
    speed_wipe_head
    n=$(($(echo "$opts" | wc -w) + 2))
    dmsetup create speedk_fmt --table "0 8 integrity $SPEED_DEV 0 32 D $n block_size:$block journal_sectors:1 $opts" ||
        return 1
    provided=$(dmsetup status speedk_fmt | awk '{ print $5 }')
    dmsetup remove speedk_fmt
    n=$((n - 1))
    dmsetup create speedk_dif --table "0 $provided integrity $SPEED_DEV 0 32 D $n block_size:$block $opts" &&
        echo "0 $((provided / 8 * 8)) crypt capi:aegis128-random $(swaptest randhex 16) 0 /dev/mapper/speedk_dif 0 4 \
integrity:32:aead sector_size:$block no_read_workqueue no_write_workqueue" | dmsetup create speedk &&
        swaptest swapon /dev/mapper/speedk >/dev/null && echo /dev/mapper/speedk
}

teardown() {
    swapoff "$1"
    case "$1" in
    /dev/mapper/speeda*) aeadswap --log stderr stop "${1#/dev/mapper/}" ;;
    /dev/mapper/speedl) cryptsetup close speedl ;;
    /dev/mapper/speedk) dmsetup remove speedk && dmsetup remove speedk_dif ;;
    /dev/mapper/*) dmsetup remove "${1#/dev/mapper/}" ;;
    esac
}

# speed_one NAME RUN PAGE-CLUSTER SETUP-COMMAND...: one measured pass of swaptest on one setup.
# The swap readahead window is system-wide and the helper sets it (to 0), so each setup starts
# from the kernel's default (3), what any other swap has; PAGE-CLUSTER is the value for the pass,
# or "setup" for what the setup left (the helper's 0 for aeadswap).
speed_one() {
    local name="$1" run="$2" pc="$3" dev io
    shift 3
    echo 3 >/proc/sys/vm/page-cluster
    dev=$("$@" | tail -n 1)
    if [ ! -b "$dev" ]; then
        echo "@@ speed setup=$name run=$run error=setup"
        return
    fi
    [ "$pc" = setup ] || echo "$pc" >/proc/sys/vm/page-cluster
    pc=$(cat /proc/sys/vm/page-cluster)
    echo 3 >/proc/sys/vm/drop_caches
    io=$(speed_io "$dev")
    raw=$(speed_io "$SPEED_DEV")
    swapped=$(speed_swapped)
    swaptest speed "$(arg mib)" "$(arg procs)" | sed -n "s/^@@ \(.*\)/@@ speed setup=$name run=$run \1 page_cluster=$pc/p" |
        sed 's/ speed phase=/ phase=/; s/ speed_done / /'
    # What reached the swap device, all phases: under emulation the crypto cost can hide what
    # readahead changes, the number and size of the reads cannot.
    echo "$io $(speed_io "$dev")" | awk -v p="@@ speed setup=$name run=$run phase=io" \
        '{ printf "%s reads=%d read_kib=%d writes=%d write_kib=%d\n", p, $5 - $1, ($6 - $2) / 2, $7 - $3, ($8 - $4) / 2 }'
    # And at the raw disk under it, per page swapped: what the tags cost in I/O (none with
    # tags=ram), which software emulation's slow crypto hides from the times.
    echo "$raw $(speed_io "$SPEED_DEV") $swapped $(speed_swapped)" | awk -v p="@@ speed setup=$name run=$run phase=rawio" \
        '{ printf "%s pages=%d read_kib=%d write_kib=%d\n", p, $10 - $9, ($6 - $2) / 2, ($8 - $4) / 2 }'
    teardown "$dev"
}

# Pages swapped in and out since boot.
speed_swapped() {
    awk '$1 == "pswpin" || $1 == "pswpout" { n += $2 } END { print n }' /proc/vmstat
}

# Completed reads, sectors read, completed writes, sectors written of a block device, by its
# number: without udev /dev/mapper/NAME is a node, not a link to dm-N.
speed_io() {
    # shellcheck disable=SC2046 # major and minor, in hex
    set -- $(stat -L -c '%t %T' "$1")
    awk '{ print $1, $3, $5, $7 }' "/sys/dev/block/$((0x$1)):$((0x$2))/stat"
}

# speed_setup NAME RUN: one setup by its name in the tables.
speed_setup() {
    case "$1" in
    raw) speed_one "$1" "$2" 3 setup_raw ;;
    plain-xts) speed_one "$1" "$2" 3 setup_xts ;;
    plain-xts-page-cluster-0) speed_one "$1" "$2" 0 setup_xts ;;
    luks2-aead) speed_one "$1" "$2" 3 setup_luks2 "" "" ;;
    luks2-aead-no-queues) speed_one "$1" "$2" 3 setup_luks2 "" "--perf-no_read_workqueue --perf-no_write_workqueue" ;;
    luks2-aead-no-journal-no-queues)
        speed_one "$1" "$2" 3 setup_luks2 "" "--integrity-no-journal --perf-no_read_workqueue --perf-no_write_workqueue" ;;
    aeadswap) speed_one "$1" "$2" setup setup_aeadswap ",tags=disk" ;;
    aeadswap-page-cluster-3) speed_one "$1" "$2" 3 setup_aeadswap "" ;;
    aeadswap-workqueue-on) speed_one "$1" "$2" setup setup_aeadswap ",workqueue=on" ;;
    aeadswap-mirror) speed_one "$1" "$2" setup setup_mirror ;;
    # 2 GiB of swap needs 16.1 MiB of tags, 11 % of this VM's RAM: above the default cap of 5.
    aeadswap-tags-ram) speed_one "$1" "$2" setup setup_aeadswap ",tags=ram,ram_cap=20" ;;
    # Needs the NVMe drive with metadata (AEADSWAP_SPEED_DRIVE=nvme); elsewhere the helper falls back.
    aeadswap-tags-inline) speed_one "$1" "$2" setup setup_aeadswap ",tags=inline" ;;
    knob-sector-512) speed_one "$1" "$2" 3 setup_knob 512 "" ;;
    # The tag buffer study: page-cluster 0 as the helper sets it, so that the control is aeadswap's.
    knob-buffer-8) speed_one "$1" "$2" 0 setup_knob 4096 "buffer_sectors:8" ;;
    knob-buffer-32) speed_one "$1" "$2" 0 setup_knob 4096 "buffer_sectors:32" ;;
    knob-buffer-1024) speed_one "$1" "$2" 3 setup_knob 4096 "buffer_sectors:1024" ;;
    knob-interleave-1024) speed_one "$1" "$2" 3 setup_knob 4096 "interleave_sectors:1024" ;;
    *) echo "@@ speed setup=$1 run=$2 error=unknown" ;;
    esac
}

# aeadswap_test.setups=a,b,c: the setups, in this order, aeadswap_test.runs rounds.
case_speed() {
    local run setup
    # aeadswap_test.min_free_kbytes=N: the kernel's free-page reserve, for the stall experiments.
    if [ -n "$(arg min_free_kbytes)" ]; then
        arg min_free_kbytes >/proc/sys/vm/min_free_kbytes
    fi
    # aeadswap_test.lru_gen=y|n: the multi-generational LRU (6.1 builds it in but leaves it off).
    if [ -n "$(arg lru_gen)" ] && [ -e /sys/kernel/mm/lru_gen/enabled ]; then
        arg lru_gen >/sys/kernel/mm/lru_gen/enabled
    fi
    # aeadswap_test.swap_bios=N: dm's limit on swap writes in flight per device.
    modprobe dm_mod
    if [ -n "$(arg swap_bios)" ]; then
        arg swap_bios >/sys/module/dm_mod/parameters/swap_bios
    fi
    echo "@@ speed-vm min_free_kbytes=$(cat /proc/sys/vm/min_free_kbytes)" \
        "swap_bios=$(cat /sys/module/dm_mod/parameters/swap_bios)" \
        "lru_gen=$(cat /sys/kernel/mm/lru_gen/enabled 2>/dev/null || echo absent)"
    # aeadswap_test.trace=S: swap and reclaim counters every S seconds, to tell a stall from a crawl.
    if [ -n "$(arg trace)" ]; then
        while sleep "$(arg trace)"; do
            echo "@@ trace $(grep -E '^(nr_free_pages|pswpin|pswpout|allocstall_dma32|pgscan_direct) ' /proc/vmstat |
                tr '\n' ' ')bufio=$(cat /sys/module/dm_bufio/parameters/current_allocated_bytes 2>/dev/null)"
        done &
    fi
    # The emulated guest's first touch of each page of its RAM is slow: one unreported round of the
    # cheapest setup takes that cost out of the figures.
    speed_one warmup 0 3 setup_raw
    for run in $(seq "$(arg runs)"); do
        for setup in $(arg setups | tr , ' '); do
            speed_setup "$setup" "$run"
        done
    done
    report_logs
}
