# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# A private apt configuration for one suite of Debian's archive: lookups and downloads into a
# folder of the build, never the system's sources, lists or cache. Sourced by ci/fetch-kernel,
# ci/fetch-qemu and ci/build-static-deps.

# private_apt SUITE STATE [TYPE]: sets APT (the options every apt-get/apt-cache call takes) and
# updates; TYPE deb-src for apt-get source.
private_apt() {
    local suite=$1 state=$2 type=${3:-deb}
    mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
    cat >"$state/sources.list" <<SRC
$type [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main
SRC
    APT=(-o "Dir::Etc::SourceList=$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache" -o Debug::NoLocking=1)
    apt-get "${APT[@]}" update -qq
}

# private_unpack STATE DIR PKG...: downloads the packages and unpacks them into DIR (no scripts
# run, nothing installed).
private_unpack() {
    local state=$1 dir=$2 p deb
    shift 2
    (cd "$state" && apt-get "${APT[@]}" download -qq "$@" 2>&1 | grep -v unsandboxed >&2) || true
    for p in "$@"; do
        deb=$(find "$state" -maxdepth 1 -name "${p}_*.deb" | head -n 1)
        [[ -n $deb ]] || { echo "${0##*/}: could not download $p" >&2; exit 1; }
        dpkg-deb -x "$deb" "$dir"
        rm -f "$deb"
    done
}
