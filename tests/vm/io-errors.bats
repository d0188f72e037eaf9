#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Disks also fail reads and writes, and legs disappear. The raw device of each case is a
# device-mapper map of vdb (faulty0) into which the guest loads dm error or flakey ranges under
# the running stack, as lvm2's and cryptsetup's own tests inject faults; the helper is started on
# it by hand, the way its hooks start it.

load lib

setup_file() {
    vm_prepare
}

# ioerr_boot NAME CMDLINE DISK...: the ioerr case, the helper's start and stop checked.
ioerr_boot() {
    local name=$1 cmdline=$2
    shift 2
    vm_boot "$name" "aeadswap_test.case=ioerr $cmdline" "$@"
    vm_assert_finished
    vm_lines '^@@ start_rc=0 swaps=1$'
    [ "$(vm_value not_swapped)" = 0 ]
    vm_lines '^@@ stop_rc=0 after_stop_swaps=0 mapper=1$'
}

# bats test_tags=ci
@test "reads failing under swapped-out pages: SIGBUS for exactly those pages, never a wrong page, the log names the device" {
    local disk in_range
    disk=$(vm_disk ioerr-read 256M)
    ioerr_boot ioerr-read "aeadswap_test.mode=read" "$disk"
    in_range=$(vm_value in_range)
    ((in_range > 0))
    vm_lines "^@@ ioerr_read in_range=$in_range good=[0-9]* wrong=0 sigbus=$in_range sigbus_in_range=$in_range sigbus_outside=0 wrong_in_range=0$"
    [ "$(vm_value signal)" = 7 ]
    # The swap layer names the device (the crypt device's number) and the sector.
    vm_lines 'Read-error on swap-device ([0-9]*:[0-9]*:[0-9]*)'
    [ "$(vm_value aead_errors)" = 0 ]
}

# The kernel keeps a page whose write failed in RAM, dirty, and writes it again at the next
# reclaim; dm-integrity wrote its tag, so what matters is that the retried page reads back right.
# Sector 528 + 8 * N is the data of swap slot N on a 256 MiB device, below slot 4096 (swaptest's
# layout): the faults are on slots 1536 to 1599, past the first 5 MiB, which the helper writes
# itself before swapon (a fault there fails the start instead).
@test "writes failing while pages go out: no hang, no wrong page, each page written again reads back right" {
    local disk
    disk=$(vm_blkdebug_writes "$(vm_disk ioerr-write 256M)" $((528 + 8 * 1536)) 64 8)
    ioerr_boot ioerr-write "aeadswap_test.mode=write" "$disk"
    vm_lines '^@@ ioerr_write_failed in_range=0 good=16384 wrong=0 sigbus=0 '
    vm_lines '^@@ ioerr_write_retried in_range=0 good=16384 wrong=0 sigbus=0 '
    [ "$(vm_value signal)" = 0 ]
    vm_lines 'Write-error on swap-device ([0-9]*:[0-9]*:[0-9]*)'
    [ "$(vm_value aead_errors)" = 0 ]
}

# ioerr_mirror NAME CMDLINE: the ioerr case on a mirror of faulty0 (vdb) and vdc, both 256 MiB;
# md ends on one leg, and status says so.
ioerr_mirror() {
    ioerr_boot "$1" "aeadswap_test.mirror=1 $2" "$(vm_disk "$1-a" 256M)" "$(vm_disk "$1-b" 256M)"
    vm_lines '^@@ status   mirror:      dm-raid raid1, 1 of 2 legs in use (DEGRADED)$'
}

# A rewrite over dm's error target fails too: md fails the leg (it has no bad-block log here).
# bats test_tags=ci
@test "mirror, reads failing on a range of one leg: every page right, and status shows what md did" {
    ioerr_mirror ioerr-mirror aeadswap_test.mode=read
    vm_lines '^@@ ioerr_read in_range=[1-9][0-9]* good=16384 wrong=0 sigbus=0 '
    vm_lines '^@@ status   aeadswap0_leg0: /dev/dm-0, FAILED: '
}

@test "mirror, a leg disappears while mapped: the swap goes on from the other, status says degraded, stop finishes" {
    ioerr_mirror ioerr-gone aeadswap_test.gone=1
    vm_lines '^@@ gone in_range=0 good=16384 wrong=0 sigbus=0 '
}

# Whether dm-raid metadata devices in RAM (brd, as tags=ram uses) would give md a bad-block log
# that keeps a leg with one unreadable, unrewritable spot in use: they do not. md fails the leg at
# the first such read with metadata devices as without them (docs/layouts.md). This case fails
# the day a kernel keeps the leg, which would make them worth adopting.
@test "md bad-block log: dm-raid with metadata devices in RAM still fails a leg at its first unrewritable read" {
    local a b
    a=$(vm_disk mdbb-a 256M)
    b=$(vm_disk mdbb-b 256M)
    vm_boot mdbb "aeadswap_test.case=md_badblocks" "$a" "$b"
    vm_assert_finished
    [ "$(vm_value mdbb_create)" = 0 ]
    vm_lines '^@@ mdbb_before=0_524288_raid_raid1_2_AA_'
    vm_lines 'Superblocks created for new raid set'
    vm_lines '^@@ mdbb_read=8 rc=0 status=0_524288_raid_raid1_2_DA_'
    vm_lines 'md/raid1:mdX: Disk failure on dm-0, disabling device'
}
