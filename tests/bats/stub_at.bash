# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# with_helper_at PATH STUB COMMAND...: runs COMMAND in a mount namespace of its own where PATH is
# STUB (or absent, when STUB is "none"): the runtime hooks call the helper by the fixed path it has
# in the image, and the host is left as it is (a writable overlay on PATH's folder, dropped with
# the namespace). With FAKE_PROC_CMDLINE (a file) set, that is /proc/cmdline there; with FAKE_ETC
# (a folder), its files lie over /etc, as an image's /etc/initrd-release and /etc/cmdline.d do.
with_helper_at() {
    local path=$1 stub=$2 dir up
    shift 2
    dir=${path%/*}
    up=$BATS_TEST_TMPDIR/overlay
    rm -rf "$up"
    mkdir -p "$up/upper" "$up/work"
    # shellcheck disable=SC2016 # expanded by the inner bash
    unshare -m -- bash -c '
        dir=$1 path=$2 stub=$3 up=$4
        shift 4
        mount -t overlay overlay -o "lowerdir=$dir,upperdir=$up/upper,workdir=$up/work" "$dir" || exit 99
        if [[ -n ${FAKE_PROC_CMDLINE:-} ]]; then mount --bind "$FAKE_PROC_CMDLINE" /proc/cmdline || exit 99; fi
        if [[ -n ${FAKE_ETC:-} ]]; then mount -t overlay overlay -o "lowerdir=$FAKE_ETC:/etc" /etc || exit 99; fi
        rm -f "$path"
        [[ $stub == none ]] || install -m755 "$stub" "$path"
        exec "$@"' with_helper_at "$dir" "$path" "$stub" "$up" "$@"
}
