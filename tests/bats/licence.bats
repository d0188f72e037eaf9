#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The licence, in one place each: LICENSE holds the GPL version 2, debian/copyright names
# GPL-2.0-or-later, and every source file says the same in an SPDX line at its top.

SRC=${AEADSWAP_SRC:?}

# Every source file of the tree: C and C++, shell (by extension or by its #! line), CMake, and the
# few configuration files the hooks and test systems read. Build trees and git's own are not ours.
source_files() {
    find "$SRC" \( -path "$SRC/.git" -o -path "$SRC/build*" -o -path "$SRC/tests/fuzz/corpus" \) -prune -o \
        -type f -print | while read -r f; do
        case $f in
            *.cpp | *.h | *.c | *.bats | *.bash | *.sh | */CMakeLists.txt | */aeadswap.conf | */mkinitcpio/config* | *.service)
                echo "$f" ;;
            *) [[ $(head -c 2 "$f") != '#!' ]] || echo "$f" ;;
        esac
    done
}

@test "LICENSE is the GPL version 2 that debian/copyright names (or any later version)" {
    grep -q '^ *GNU GENERAL PUBLIC LICENSE$' "$SRC/LICENSE"
    grep -q '^ *Version 2, June 1991$' "$SRC/LICENSE"
    grep -qx 'License: GPL-2.0-or-later' "$SRC/debian/copyright"
}

@test "every source file says SPDX-License-Identifier: GPL-2.0-or-later in its first three lines" {
    local f missing=() n=0
    while read -r f; do
        n=$((n + 1))
        head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-2.0-or-later$' || missing+=("${f#"$SRC"/}")
    done < <(source_files)
    echo "checked $n files; without the line: ${missing[*]:-none}"
    ((n > 150))
    ((${#missing[@]} == 0))
}
