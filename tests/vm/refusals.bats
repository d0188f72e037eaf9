#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Never destroy data by mistake, never block the boot: every refusal leaves the disk
# byte-identical, names its reason in one log line, and the boot reaches the root's init.

load lib

setup_file() {
    vm_prepare
}

# bats test_tags=ci
@test "refusals: ext4, LUKS, partition table, missing device (timeout past rd.retry), bad option, UUID=" {
    local ext4 luks gpt blank sums
    ext4=$(vm_disk r-ext4 64M)
    mkfs.ext4 -q -F -L home "$ext4"
    luks=$(vm_disk r-luks 64M)
    echo -n pw | cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 "$luks" -d -
    gpt=$(vm_disk r-gpt 64M)
    sgdisk -n1:0:0 "$gpt" >/dev/null
    blank=$(vm_disk r-blank 64M)
    sums=$(sha256sum "$ext4" "$luks" "$gpt" "$blank")
    # A timeout past dracut's rd.retry must not end in its emergency shell: the wait is capped.
    vm_boot refusals "aeadswap=/dev/vdb aeadswap=/dev/vdc aeadswap=/dev/vdd aeadswap=/dev/vdz,timeout=300 rd.retry=12 \
aeadswap=/dev/vde,bogus=1 aeadswap=UUID=0d9e4a1b-aaaa-bbbb-cccc-123456789abc aeadswap_test.case=boot" \
        "$ext4" "$luks" "$gpt" "$blank"
    vm_assert_finished
    [ "$(vm_value swaps)" = 0 ]
    [ "$(sha256sum "$ext4" "$luks" "$gpt" "$blank")" = "$sums" ]
    vm_lines "aeadswap: /dev/vdb holds an ext4 filesystem labelled 'home'; not touching it"
    vm_lines 'aeadswap: /dev/vdc holds a LUKS header; not touching it'
    vm_lines 'aeadswap: /dev/vdd holds a GPT partition table; not touching it'
    vm_lines "aeadswap: timeout=300 for /dev/vdz is past 3/4 of dracut's rd.retry; waiting at most 9 s"
    vm_lines 'aeadswap: /dev/vdz did not appear while the initramfs waited for it'
    vm_lines "aeadswap: aeadswap=/dev/vde,bogus=1: unknown option 'bogus'"
    vm_lines 'aeadswap: aeadswap=UUID=0d9e4a1b-aaaa-bbbb-cccc-123456789abc: UUID= names a filesystem'
    [ "$(vm_value aead_errors)" = 0 ]
}

# A disk that held swap and was then partitioned by a script (sfdisk and sgdisk do not wipe) keeps
# our bytes beside the new table: aeadswap's superblock in sector 0, a plain swap signature at
# 4086 under an MBR. The old aeadswap= entries must not format it at the next boot.
# bats test_tags=ci
@test "repartitioned: an old aeadswap area or swap under a new partition table and ext4 is refused, the disk byte-identical" {
    local area tagram swap sums
    area=$(vm_disk rp-area 64M)
    tagram=$(vm_disk rp-tagram 64M)
    vm_boot repartition-1 "aeadswap=/dev/vdb aeadswap=/dev/vdc,tags=ram aeadswap_test.case=boot" "$area" "$tagram"
    vm_assert_finished
    [ "$(vm_value swaps)" = 2 ]
    printf 'label: dos\nstart=2048, type=83\n' | sfdisk -q "$area"
    sgdisk -o -n1:2048:0 "$tagram" >/dev/null
    swap=$(vm_disk rp-swap 64M)
    mkswap -q "$swap"
    printf 'label: dos\nstart=2048, type=83\n' | sfdisk -q "$swap"
    local d
    for d in "$area" "$tagram" "$swap"; do
        mkfs.ext4 -q -F -L home -E offset=1048576 "$d" 32M
    done
    sums=$(sha256sum "$area" "$tagram" "$swap")
    vm_boot repartition-2 "aeadswap=/dev/vdb aeadswap=/dev/vdc,tags=ram aeadswap=/dev/vdd aeadswap_test.case=boot" \
        "$area" "$tagram" "$swap"
    vm_assert_finished
    [ "$(vm_value swaps)" = 0 ]
    [ "$(sha256sum "$area" "$tagram" "$swap")" = "$sums" ]
    vm_lines 'aeadswap: /dev/vdb holds an MBR partition table, beside an aeadswap area from an earlier boot; not touching it'
    # sgdisk's entries (sectors 2-33) overwrite what tags=ram's header needs: the table alone.
    vm_lines 'aeadswap: /dev/vdc holds a GPT partition table; not touching it'
    vm_lines 'aeadswap: /dev/vdd holds an MBR partition table, beside a plain swap area; not touching it'
    [ "$(vm_value aead_errors)" = 0 ]
}

# A format cut short between zeroing the first block and the kernel's superblock (a failed table
# load, a power loss) must not lock the user out: the next boot formats the device again, as ours.
# bats test_tags=ci
@test "interrupted format: a device left zeroed by a format cut short is formatted again at the next boot" {
    local disk
    disk=$(vm_disk interrupted 64M)
    mkswap -q "$disk"
    vm_boot interrupted-1 "aeadswap_test.case=interrupted" "$disk"
    vm_assert_finished
    [ "$(vm_value start_rc)" = 1 ]
    vm_lines '^@@ swaps=0 mapper=0$'
    # The state a power loss there leaves: zeros, then the format-pending header.
    cmp -s -n 4096 "$disk" /dev/zero
    [ "$(head -c 4109 "$disk" | tail -c 13)" = "aeadswap area" ]
    vm_boot interrupted-2 "aeadswap=/dev/vdb aeadswap_test.case=boot" "$disk"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: /dev/vdb holds an aeadswap format that did not finish; formatting it'
    [ "$(vm_value aead_errors)" = 0 ]
}

# A kernel in FIPS mode offers no aegis128: the helper says so before touching anything, with the
# cipher it does allow, and that one comes up.
@test "fips=1: aegis128 refused up front with the cipher to use, and gcm-aes comes up" {
    local plain gcm sums
    plain=$(vm_disk fips-aegis 64M)
    gcm=$(vm_disk fips-gcm 256M)
    sums=$(sha256sum "$plain")
    vm_boot fips "fips=1 aeadswap=/dev/vdb aeadswap=/dev/vdc,cipher=gcm-aes aeadswap_test.case=boot" "$plain" "$gcm"
    vm_assert_finished
    vm_lines 'aeadswap: /dev/vdb: the kernel runs in FIPS mode (fips=1), which does not allow aegis128; use cipher=gcm-aes$'
    [ "$(sha256sum "$plain")" = "$sums" ]
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap1: swap on /dev/mapper/aeadswap1 (.*, gcm-aes, from /dev/vdc)'
    [ "$(vm_value aead_errors)" = 0 ]
}

@test "check and --dry-run: verdicts as exit statuses, a plan, and nothing written" {
    local ext4 blank sums
    ext4=$(vm_disk c-ext4 64M)
    mkfs.ext4 -q -F -L home "$ext4"
    blank=$(vm_disk c-blank 64M)
    sums=$(sha256sum "$ext4" "$blank")
    vm_boot check "aeadswap_test.case=check" "$ext4" "$blank"
    vm_assert_finished
    [ "$(vm_value check_ext4_rc)" = 3 ]
    [ "$(vm_value check_empty_rc)" = 0 ]
    # The plan: every write, table and setting, in order (kernel-matrix.bats compares the tables
    # with the kernel's after a real start).
    vm_lines '^@@ plan aeadswap0: plan, nothing done yet '
    vm_lines '^@@ plan   write /dev/vdc (25[0-9]:[0-9]*): 4096 bytes at 0, zeros where dm-integrity.s superblock goes$'
    vm_lines '^@@ plan   table aeadswap0_dif: 0 [0-9]* integrity 25[0-9]:[0-9]* 0 32 D 2 block_size:4096 buffer_sectors:32$'
    vm_lines '^@@ plan   table aeadswap0: 0 [0-9]* crypt capi:aegis128-random <key> 0 <aeadswap0_dif> 0 4 integrity:32:aead '
    vm_lines '^@@ plan   swapon aeadswap0: [0-9]* bytes, priority 4$'
    [ "$(vm_value check_plan_tables)" = 2 ]
    [ "$(vm_value swaps)" = 0 ]
    [ "$(vm_value mapper)" = 0 ]
    [ "$(vm_value stop_unknown_rc)" = 2 ]
    [ "$(sha256sum "$ext4" "$blank")" = "$sums" ]
}

@test "force: the ext4 disk becomes swap" {
    local disk
    disk=$(vm_disk force 256M)
    mkfs.ext4 -q -F -L home "$disk"
    vm_boot force "aeadswap=/dev/vdb,force aeadswap_test.case=boot" "$disk"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    vm_lines "aeadswap: /dev/vdb holds an ext4 filesystem labelled 'home'; overwriting it (force)"
    [ "$(vm_value aead_errors)" = 0 ]
}

# bats test_tags=ci
@test "reboot: the second boot recognizes its own area and uses a new key" {
    local disk slot
    disk=$(vm_disk reboot 256M)
    vm_boot reboot-1 "aeadswap=/dev/vdb aeadswap_test.case=slot aeadswap_test.op=write" "$disk"
    vm_assert_finished
    # A swapped-out page, tags flushed to disk, reads back under this boot's key...
    vm_lines '^@@ slot op=write slot=[0-9]* result=ok$'
    slot=$(vm_value slot)
    vm_boot reboot-2 "aeadswap=/dev/vdb aeadswap_test.case=slot aeadswap_test.op=read aeadswap_test.slot=$slot" "$disk"
    vm_assert_finished
    [ "$(vm_value swaps)" = 1 ]
    vm_lines 'aeadswap: aeadswap0: /dev/vdb holds an aeadswap area from an earlier boot; formatting it'
    # ...and the same sector no longer authenticates: the key is new.
    vm_lines "^@@ slot op=read slot=$slot result=Invalid or incomplete multibyte or wide character$"
    [ "$(vm_value aead_errors)" = 1 ]
}
