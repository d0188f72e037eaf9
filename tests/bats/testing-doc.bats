#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# docs/testing.md places every VM case in a tier; the cases' own bats tags decide it (ci: tier 1,
# ci:KERNEL: tier 1 on that kernel, measure: the measurements, none: tier 2; needs-linux-X-Y: not
# on older kernels). The two must agree,
# both ways: no case left out of the page, no row for a case that is gone or renamed.

SRC=${AEADSWAP_SRC:?}

# file<TAB>case<TAB>tier, from the tags above each @test.
from_tags() {
    local f
    for f in "$SRC"/tests/vm/*.bats; do
        awk -v file="tests/vm/${f##*/}" '
            # needs-linux-X-Y says where a case applies, not its tier.
            /^# bats test_tags=/ { tags = substr($0, 18); gsub(/,? *needs-linux-[0-9-]*/, "", tags) }
            /^@test "/ {
                name = $0; sub(/^@test "/, "", name); sub(/" \{$/, "", name)
                tier = "2"
                if (tags == "ci") tier = "1"
                else if (tags == "measure") tier = "measure"
                else if (tags == "ci:trixie-backports") tier = "1 on 7.3, 2 on the others"
                else if (tags == "ci:trixie") tier = "1 on 6.12, 2 on the others"
                else if (tags == "ci:system") tier = "1 on 6.1, 2 on the others"
                else if (tags == "ci:system,ci:trixie-backports") tier = "1 on 6.1 and 7.3, 2 on the others"
                else if (tags != "") tier = "unknown tags " tags
                print file "\t" name "\t" tier
                tags = ""
            }' "$f"
    done | sort
}

# The same from the page: the rows of the tables under each "### tests/vm/FILE.bats" heading.
from_doc() {
    awk '
        /^### tests\/vm\/.*\.bats$/ { file = $2; next }
        /^#/ { file = "" }
        file != "" && /^\| / && !/^\| case \|/ && !/^\|---/ {
            n = split($0, cell, " \\| ")
            name = cell[1]; sub(/^\| /, "", name)
            print file "\t" name "\t" cell[2]
        }' "$SRC/docs/testing.md" | sort
}

@test "docs/testing.md places every VM case in the tier its tags give, and no other case" {
    run diff <(from_tags) <(from_doc)
    echo "$output" >&3
    [ "$status" -eq 0 ]
    [ "$(from_tags | wc -l)" -gt 50 ]
}

# bats refuses a whole file for one tag outside [-_:[:alnum:]] (a dot, say), but only when it runs it.
@test "every tag is one bats accepts" {
    run grep -h '^# bats test_tags=' "$SRC"/tests/vm/*.bats
    [ "$status" -eq 0 ]
    run grep -vE '^# bats test_tags=[-_:[:alnum:]]+(, *[-_:[:alnum:]]+)*$' <<<"$output"
    echo "$output" >&3
    [ "$status" -eq 1 ]
}

@test "every VM case carries a tag bats and tests/CMakeLists.txt know" {
    run grep -c 'unknown tags' <(from_tags)
    [ "$output" = 0 ]
}

# The README gives the two commands and points at the page for the rest.
@test "the README names both tiers' commands and links docs/testing.md" {
    grep -q '^ci/test  ' "$SRC/README.md"
    grep -q '^ci/test full' "$SRC/README.md"
    grep -q '(docs/testing.md)' "$SRC/README.md"
}
