# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Shared by the benchmark scripts: options, the build, and the arithmetic of the tables.

# RAM of the setup-time VMs (bench/run, bench/boot-time): swapon needs about 3 bytes per 4 KiB page
# of swap (swap_map and the memcg swap map), 768 MiB for the 1 TiB disk, more than the suite's VMs.
# shellcheck disable=SC2034 # used by the scripts that source this
BENCH_SETUP_MEM=1536

# bench_options ARGS...: sets BENCH_RUNS from --runs N and AEADSWAP_ACCEL from --accel kvm|tcg.
# shellcheck disable=SC2034 # BENCH_RUNS is the calling script's
bench_options() {
    while (($#)); do
        case $1 in
        --runs) BENCH_RUNS=$2 ;;
        --accel) AEADSWAP_ACCEL=$2 ;;
        *)
            echo "usage: $0 [--runs N] [--accel kvm|tcg]" >&2
            exit 2
            ;;
        esac
        shift 2 || { echo "$0: $1 needs a value" >&2; exit 2; }
    done
    if [[ ${AEADSWAP_ACCEL:-} == kvm && ! -w /dev/kvm ]]; then
        echo "$0: --accel kvm needs a usable /dev/kvm" >&2
        exit 2
    fi
    export AEADSWAP_ACCEL
}

bench_build() {
    ci/install-deps
    # The static helper, as ci/test builds it for the VM suite.
    ci/build-static-deps build/static-deps >/dev/null
    cmake -B build -G Ninja -DAEADSWAP_STATIC=ON >/dev/null
    cmake --build build >/dev/null
    # shellcheck source=tests/vm/lib.bash
    . tests/vm/lib.bash
    vm_prepare
}

# The accelerator the VMs ran on, in words for the tables.
bench_accel() {
    case $(vm_accel) in
    *kvm*) echo KVM ;;
    *) echo "TCG (software emulation)" ;;
    esac
}

# bench_field LOG PATTERN KEY: the value of KEY=... on each "@@ ..." line of LOG that matches
# PATTERN (grep), one a line; fails when no line matches.
bench_field() {
    tr -d '\r' <"$1" | grep -- "$2" | grep -o " $3=[0-9-]*" | cut -d= -f2
}

# median, min and max of the numbers on stdin
stats() {
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "-"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.0f (%.0f-%.0f)", m, v[1], v[NR] }'
}

median() { stats | cut -d' ' -f1; }

# ratio A B: A / B with two decimals, or "-" when either is missing.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'
}
