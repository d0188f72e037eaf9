#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# A start's decisions live in the planner (helper/plan/), its actions in the applier
# (helper/apply/): read from the source, so that a new layout threaded through the applier, or a
# write slipped into the planner or the facts, fails here.

setup() {
    src=$AEADSWAP_SRC/helper
}

# none PATTERN: fails, showing them, when lines of $output match the extended regex PATTERN.
none() {
    if grep -nE "$1" <<<"$output"; then return 1; fi
}

# code FILE...: the files without their comments and string literals.
code() {
    sed -e 's|//.*$||' -e 's/"\([^"\\]\|\\.\)*"/""/g' "$@"
}

@test "the applier knows no layout: no entry, no tag placement, no mirror" {
    run code "$src"/apply/applier.h "$src"/apply/applier.cpp
    [ "$status" -eq 0 ]
    [ -n "$output" ]
    none 'SwapSpec|TagPlacement|cmdline\.h|planner\.h|mirror|leg[0-9_]|raid|tags_in|Cipher'
}

@test "the planner is pure: no system headers, no I/O, nothing that changes the kernel" {
    run code "$src"/plan/*.h "$src"/plan/*.cpp
    [ "$status" -eq 0 ]
    none '#include <(fstream|iostream|unistd\.h|fcntl\.h|sys/|libdevmapper\.h|blkid|libkmod\.h)'
    none '#include "(block_device|devmapper|kernel_tunable|ram_disk|key|swap_area|log|test_hooks|kernel_support|device_probe|drive_metadata_probe)\.h"'
    none '\b(open|read|write|pwrite|ioctl|getrandom|getenv|printf|puts|fopen|sysconf|uname|sysinfo)\('
    # Nothing kept between calls: a static is a constant or not there.
    output=$(sed 's/static constexpr//g' <<<"$output")
    none '\bstatic\b'
}

@test "a start acts only through the applier: facts, plans and setup load, write and set nothing" {
    run code "$src"/setup.cpp "$src"/facts/*.cpp "$src"/plan/*.cpp
    [ "$status" -eq 0 ]
    none '\b(dm_create|dm_remove|dm_reveal|write_page_direct|write_block|write_zeros|sysctl_write|swapon|swap_on|remember_replaced_swap)\('
    none '\.take\('

    # And the applier does: the test would pass on an empty file otherwise.
    run code "$src"/apply/applier.cpp
    for call in dm_create dm_remove dm_reveal write_page_direct write_block sysctl_write swap_on remember_replaced_swap; do
        grep -q "\b$call(" <<<"$output" || { echo "the applier does not call $call"; return 1; }
    done
}
