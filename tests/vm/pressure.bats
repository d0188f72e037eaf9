#!/usr/bin/env bats
# Memory pressure: a working set of twice the VM's RAM, touched at random and checked, for a
# bounded time. The prototype livelocked here with dm-crypt's default workqueues on 6.1; a hang
# shows as a guest that never reports (the host's timeout ends it).

load lib

setup_file() {
    vm_prepare
}

pressure_run() {
    local disk
    disk=$(vm_disk "pressure-$1" 1G)
    VM_TIMEOUT=420 vm_boot "pressure-$1" \
        "aeadswap=/dev/vdb aeadswap_test.case=pressure aeadswap_test.mib=512 aeadswap_test.seconds=60" "$disk"
    vm_assert_finished
    vm_lines '^@@ status   workqueues:  off (inline)$'
    vm_lines '^@@ pressure mib=512 procs=4 seconds=60 failed_procs=0 killed_procs=0 '
    [ "$(vm_value peak_swap_kib)" -gt 131072 ]
    [ "$(vm_lines '^@@ child=.* wrong=0 sigbus=0$' | wc -l)" = 4 ]
    [ "$(vm_value oom_kills)" = 0 ]
    [ "$(vm_value aead_errors)" = 0 ]
    [ "$(vm_value io_errors)" = 0 ]
}

@test "pressure with the default options, run 1" {
    pressure_run 1
}

@test "pressure with the default options, run 2" {
    pressure_run 2
}
