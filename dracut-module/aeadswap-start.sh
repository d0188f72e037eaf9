#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC3043 # local: dash, busybox ash and bash, the shells dracut runs hooks with, all have it
# pre-mount hook: set up every aeadswap= device. The helper logs one line per failure; the boot
# goes on without that swap whatever happens.

# shellcheck source=/dev/null
command -v getargs >/dev/null || . /lib/dracut-lib.sh

aeadswap_start() {
    local rc=0
    # Whenever a parameter is present, so that even aeadswap=off gets its log line.
    getargs aeadswap= rd.aeadswap= >/dev/null || return 0
    # The initqueue already waited for the devices; do not wait a second time.
    /usr/sbin/aeadswap --log kmsg start --no-wait || rc=$?
    [ "$rc" -ge 126 ] && warn "aeadswap: the helper did not run (status $rc); booting without its swap"
    return 0
}

aeadswap_start
