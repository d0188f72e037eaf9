#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Test-only dracut pre-mount hook: the usual setup to compare against, plain random-key
# aes-xts-plain64 swap on /dev/vdb (what crypttab's "swap" option makes), when asked for.
# shellcheck disable=SC3043

xts_swap() {
    local dev=/dev/vdb sectors key cmdline

    read -r cmdline </proc/cmdline
    case " $cmdline " in
        *" aeadswap_test.xts=1 "*) ;;
        *) return 0 ;;
    esac
    read -r sectors </sys/class/block/vdb/size
    key=$(swaptest randhex 64)
    echo "0 $(((sectors - 8) / 8 * 8)) crypt aes-xts-plain64 $key 0 $dev 8 1 sector_size:4096" | dmsetup create xtsswap
    swaptest swapon /dev/mapper/xtsswap && echo "xts-swap: plain aes-xts swap on /dev/vdb"
}

xts_swap
