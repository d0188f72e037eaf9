#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# What libblkid reads of a device, against what the helper writes before the udev rules of other
# packages may see its swap device (helper/plan/planner.h: kWrittenHead, kWrittenTail): bcache-tools'
# probe-bcache runs this probe, superblocks and partition tables, on every device blkid did not
# name, and the rest of the swap device holds blocks never written (an AEAD error each). This
# host's libblkid under strace, on images laid out as the helper leaves the device (mkswap's
# header, which the helper's matches byte for byte, then zeros).

setup() {
    header=$AEADSWAP_SRC/helper/plan/planner.h
    head_mib=$(sed -n 's/^inline constexpr uint64_t kWrittenHead = \([0-9]*\)ull << 20;$/\1/p' "$header")
    tail_mib=$(sed -n 's/^inline constexpr uint64_t kWrittenTail = \([0-9]*\)ull << 20;$/\1/p' "$header")
    [ -n "$head_mib" ] && [ -n "$tail_mib" ]
}

# reads_outside IMAGE: each byte range blkid -p read from IMAGE outside the written ends, one a line.
reads_outside() {
    local image=$1 size
    size=$(stat -c %s "$image")
    strace -f -qq -e trace=openat,lseek,read,pread64 -o "$BATS_TEST_TMPDIR/trace" blkid -p -o udev "$image" >/dev/null || true
    awk -v img="$image" -v size="$size" -v head=$((head_mib << 20)) -v tail=$((tail_mib << 20)) '
        index($0, "openat(") && index($0, "\"" img "\"") { split($0, a, "= "); fd = a[2] + 0; pos = 0; reads++; next }
        fd == "" { next }
        $0 ~ "lseek\\(" fd ", [0-9]+, SEEK_SET\\)" { match($0, /lseek\([0-9]+, [0-9]+/); split(substr($0, RSTART, RLENGTH), b, ", "); pos = b[2] + 0; next }
        $0 ~ "[^p]read\\(" fd ", " || $0 ~ "^[0-9]+ read\\(" fd ", " {
            n = $0; sub(/.*\) = /, "", n); n += 0
            if (n > 0) { check(pos, n); pos += n }
            next
        }
        $0 ~ "pread64\\(" fd ", " {
            match($0, /, [0-9]+, [0-9]+\) = /); split(substr($0, RSTART + 2, RLENGTH - 6), c, ", ")
            n = $0; sub(/.*\) = /, "", n); if (n + 0 > 0) check(c[2] + 0, c[1] + 0)
        }
        function check(off, len) { seen++; if (off + len > head && off < size - tail) print off "+" len }
        END { if (!reads || !seen) print "no reads of " img " seen in the trace" }' "$BATS_TEST_TMPDIR/trace"
}

@test "libblkid reads of a swap device only what the helper wrote: the first and last MiBs" {
    local size out
    for size in 1G 64G; do
        rm -f "$BATS_TEST_TMPDIR/dev.img"
        truncate -s "$size" "$BATS_TEST_TMPDIR/dev.img"
        mkswap -q "$BATS_TEST_TMPDIR/dev.img" >/dev/null
        out=$(reads_outside "$BATS_TEST_TMPDIR/dev.img")
        echo "$size: $out"
        [ -z "$out" ]
    done
}

# The test can fail: with ends a MiB shorter than the helper's, blkid reads outside them.
@test "the same probe reads outside ends a MiB shorter than the helper's" {
    head_mib=$((head_mib - 1)) tail_mib=$((tail_mib - 1))
    truncate -s 1G "$BATS_TEST_TMPDIR/dev.img"
    mkswap -q "$BATS_TEST_TMPDIR/dev.img" >/dev/null
    [ -n "$(reads_outside "$BATS_TEST_TMPDIR/dev.img")" ]
}
