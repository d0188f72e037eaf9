#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC3043 # local: dash, busybox ash and bash, the shells dracut runs hooks with, all have it
# cmdline hook: make the initqueue wait for each aeadswap= device, but never past its timeout:
# a missing swap device must not hold the boot or drop it into the emergency shell. The helper
# reads the command line (with /etc/cmdline.d, as getarg does) and says what to wait for and how
# long, within dracut's rd.retry; this hook only writes the initqueue's scripts.

# shellcheck source=/dev/null
command -v getargs >/dev/null || . /lib/dracut-lib.sh

aeadswap_uptime() {
    local up rest
    read -r up rest </proc/uptime
    printf '%s\n' "${up%.*}"
}

# hookdir is set by dracut-lib.sh.
# shellcheck disable=SC2154
aeadswap_parse() {
    local seconds node n=0
    /usr/sbin/aeadswap --log kmsg dracut-wait | while read -r seconds node; do
        n=$((n + 1))
        # The helper quoted NODE for sh, and SECONDS is a plain decimal.
        # shellcheck disable=SC2016 # expanded later, when the initqueue sources the file
        printf '[ -e %s ] || { read -r _t _ </proc/uptime; [ "${_t%%.*}" -ge %s ]; }\n' \
            "$node" "$(($(aeadswap_uptime) + seconds))" >"$hookdir/initqueue/finished/aeadswap-$n.sh"
    done
    return 0
}

aeadswap_parse
