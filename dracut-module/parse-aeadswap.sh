#!/bin/sh
# shellcheck disable=SC3043 # local: dash, busybox ash and bash, the shells dracut runs hooks with, all have it
# cmdline hook: make the initqueue wait for each aeadswap= device, but never past its timeout:
# a missing swap device must not hold the boot or drop it into the emergency shell.

# shellcheck source=/dev/null
command -v getargs >/dev/null || . /lib/dracut-lib.sh

# The node udev will make for a device spec, or nothing when udev will not (UUID=, odd names).
aeadswap_node() {
    local dev="${1%%,*}"
    case "$dev" in
        PARTUUID=*) dev="/dev/disk/by-partuuid/$(printf '%s' "${dev#PARTUUID=}" | tr 'A-F' 'a-f')" ;;
        PARTLABEL=*) dev="/dev/disk/by-partlabel/${dev#PARTLABEL=}" ;;
        /dev/*) ;;
        *) return 1 ;;
    esac
    # The path goes into a sourced script: accept only characters that need no quoting.
    case "$dev" in
        *[!A-Za-z0-9/_.:=+@-]*) return 1 ;;
    esac
    printf '%s\n' "$dev"
}

# aeadswap_decimal VALUE DEFAULT: VALUE as a decimal number, DEFAULT unless it is all digits.
# Leading zeros go, as the helper reads it: $((09)) is an octal error in dash, ash and bash.
aeadswap_decimal() {
    local n="$1"
    case "$n" in
        '' | *[!0-9]*) n="$2" ;;
    esac
    n="${n#"${n%%[!0]*}"}"
    printf '%s\n' "${n:-0}"
}

aeadswap_timeout() {
    local opt timeout=10
    local IFS=,
    for opt in $1; do
        case "$opt" in
            timeout=*) timeout="${opt#timeout=}" ;;
        esac
    done
    aeadswap_decimal "$timeout" 10
}

# dracut's main loop gives up after rd.retry seconds (180 by default) and runs the emergency shell:
# every wait stays within 3/4 of it.
aeadswap_wait_cap() {
    local retry
    retry="$(aeadswap_decimal "$(getarg rd.retry -d rd_retry=)" 180)"
    printf '%s\n' "$((retry * 3 / 4))"
}

aeadswap_uptime() {
    local up rest
    read -r up rest </proc/uptime
    printf '%s\n' "${up%.*}"
}

aeadswap_disabled() {
    local spec
    for spec in $1; do
        case "$spec" in
            off | 0 | no | false) return 0 ;;
        esac
    done
    return 1
}

# hookdir is set by dracut-lib.sh.
# shellcheck disable=SC2154
aeadswap_parse() {
    local specs spec node timeout cap deadline n=0
    specs="$(getargs aeadswap= rd.aeadswap=)" || return 0
    aeadswap_disabled "$specs" && return 0
    cap="$(aeadswap_wait_cap)"
    printf '%s\n' "$specs" | while IFS= read -r spec; do
        node="$(aeadswap_node "$spec")" || continue
        timeout="$(aeadswap_timeout "${spec#*,}")"
        if [ "$timeout" -gt "$cap" ]; then
            warn "aeadswap: timeout=$timeout for $node is past 3/4 of dracut's rd.retry; waiting at most $cap s (raise rd.retry to wait longer)"
            timeout="$cap"
        fi
        deadline=$(($(aeadswap_uptime) + timeout))
        n=$((n + 1))
        # shellcheck disable=SC2016 # expanded later, when the initqueue sources the file
        printf '[ -e "%s" ] || { read -r _t _ </proc/uptime; [ "${_t%%.*}" -ge %s ]; }\n' "$node" "$deadline" \
            >"$hookdir/initqueue/finished/aeadswap-$n.sh"
    done
    return 0
}

aeadswap_parse
