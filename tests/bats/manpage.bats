#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# aeadswap(8) against the helper: what the helper's --help lists (its subcommands, their flags,
# the options of an aeadswap= entry, the exit statuses) must be in the man page's source, and the
# built page must render without a warning from man.

bats_require_minimum_version 1.5.0

SCD=${AEADSWAP_SRC:-$BATS_TEST_DIRNAME/../..}/man/aeadswap.8.scd

helper_help() { "$AEADSWAP_BIN" "$@" --help; }

# The man page names each item in bold: *item*.
in_manpage() {
    grep -qF -- "*$1*" "$SCD" || {
        echo "aeadswap(8) does not mention $1" >&2
        return 1
    }
}

subcommands() { helper_help | sed -n '/^Subcommands:/,/^$/s/^  \([a-z-]*\) .*/\1/p'; }

@test "covers every subcommand and flag the helper has" {
    local sub flag n=0
    for sub in $(subcommands); do
        in_manpage "$sub"
        for flag in $(helper_help "$sub" | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
            in_manpage "$flag"
            n=$((n + 1))
        done
    done
    for flag in $(helper_help | grep -oE -- '(^|[ ,])-(-[a-z][a-z-]*|[a-z])' | tr -d ' ,' | sort -u); do
        in_manpage "$flag"
    done
    # start, check, stop, generate, status; --help and a handful of flags each
    [ "$(subcommands | wc -l)" -ge 5 ]
    [ "$n" -ge 10 ]
}

@test "covers every option of an aeadswap= entry" {
    local opts
    opts=$(helper_help start | sed -n '/^SPEC is/,$s/^  \([a-z_]*\)\(=\| \).*/\1\2/p' | grep -v '^device' | tr -d ' ')
    [ "$(printf '%s\n' "$opts" | wc -l)" -ge 7 ]
    for o in $opts; do in_manpage "$o"; done
}

# The paragraph of *KEY=* (or *KEY*) in OPTIONS OF AN ENTRY: its head line and the tab-indented
# lines under it, joined.
option_paragraph() {
    awk -v head="*$1" 'index($0, head) == 1 { on = 1; print; next } on && /^\t/ { print; next } { on = 0 }' "$SCD" |
        tr '\n\t' '  '
}

@test "covers each option's default as the helper's help states it" {
    local key value para n=0
    while read -r key value; do
        para=$(option_paragraph "$key")
        [[ -n $para ]] || { echo "no paragraph for $key" >&2; return 1; }
        grep -qE "([Dd]efault:? \*?$value\*?([^A-Za-z0-9_]|$))|(\*?$value\*? \(default)" <<<"$para" || {
            echo "aeadswap(8) does not give $key's default as $value" >&2
            return 1
        }
        n=$((n + 1))
    done < <(helper_help start | sed -n 's/^  \([a-z_]*\)=[^ ]* .*(default \([^ ,)]*\)).*/\1 \2/p')
    [ "$n" -ge 7 ]
}

@test "covers every exit status" {
    local code n=0
    for code in $(helper_help | sed -n '/^Exit status:/,$s/^  \([0-9]\)  .*/\1/p'); do
        in_manpage "$code"
        n=$((n + 1))
    done
    [ "$n" -ge 7 ]
}

@test "renders without a warning from man" {
    [ -f "$AEADSWAP_MANPAGE" ]
    [ -f "$AEADSWAP_MANPAGE_GENERATOR" ]
    local page warnings
    for page in "$AEADSWAP_MANPAGE" "$AEADSWAP_MANPAGE_GENERATOR"; do
        warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
        [ -z "$warnings" ] || {
            echo "${page##*/}: $warnings" >&2
            return 1
        }
    done
    LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$AEADSWAP_MANPAGE" | grep -q '^EXIT STATUS'
    LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$AEADSWAP_MANPAGE_GENERATOR" | grep -q '^KERNEL COMMAND LINE'
}

# The generator's page names the unit the generator writes, and the settings it explains.
@test "covers the generator's unit name and settings" {
    local gen=${SCD%/*}/aeadswap-generator.8.scd setting
    printf 'aeadswap=/dev/vdb\n' >"$BATS_TEST_TMPDIR/cmdline"
    "$AEADSWAP_BIN" generate --cmdline "$BATS_TEST_TMPDIR/cmdline" --stage system "$BATS_TEST_TMPDIR/out"
    [ "$(cd "$BATS_TEST_TMPDIR/out" && echo *.service)" = aeadswap@aeadswap0.service ]
    grep -qF '*aeadswap@*_NAME_*.service*' "$gen"
    grep -qF '*aeadswap@*_NAME_*.service*' "$SCD"
    for setting in Conflicts=umount.target ExecStop=; do
        grep -q "^$setting" "$BATS_TEST_TMPDIR/out/aeadswap@aeadswap0.service"
        grep -qF -- "*$setting" "$gen"
    done
}

# What status --json prints here (this host has no device-mapper: the error object, with the
# status it exits with; elsewhere the report), against the JSON section (tests/status_doc.py). The
# VM suite checks a report with devices, and the metrics (tests/vm/debian13-initramfs-tools.bats).
@test "covers status --json as the JSON section documents it, error object included" {
    local rc=0
    "$AEADSWAP_BIN" status --json >"$BATS_TEST_TMPDIR/status.json" 2>/dev/null || rc=$?
    cat "$BATS_TEST_TMPDIR/status.json"
    "${SCD%/man/*}/tests/status_doc.py" "$SCD" json "$BATS_TEST_TMPDIR/status.json"
    if grep -q '"error"' "$BATS_TEST_TMPDIR/status.json"; then
        [ "$rc" -ne 0 ]
        grep -q "\"exit_status\":$rc}" "$BATS_TEST_TMPDIR/status.json"
    fi
}

# What a dry run's --json prints here (no device-mapper on this host: each entry's error) against
# the PLAN JSON section; the VM suite checks whole plans the same way (kernel-matrix.bats).
@test "covers start --dry-run --json as the PLAN JSON section documents it, errors included" {
    run --separate-stderr "$AEADSWAP_BIN" --log stderr start --dry-run --json /dev/aeadswap-missing,timeout=1
    [ "$status" -eq 6 ]
    echo "$output" >"$BATS_TEST_TMPDIR/plan.json"
    cat "$BATS_TEST_TMPDIR/plan.json"
    "${SCD%/man/*}/tests/status_doc.py" "$SCD" plan "$BATS_TEST_TMPDIR/plan.json"
    grep -q '"error":{"exit_status":6,' "$BATS_TEST_TMPDIR/plan.json"
}
