# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Host side of the VM suite: builds the guest pieces once (initramfs with the project's dracut
# module, a minimal root, the test program) and boots one qemu per case, judging its console.

AEADSWAP_SRC=${AEADSWAP_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
AEADSWAP_BUILD=${AEADSWAP_BUILD:-$AEADSWAP_SRC/build}
VM_DIR=${AEADSWAP_VM_DIR:-$AEADSWAP_BUILD/vm}
VM_MEM=${AEADSWAP_VM_MEM:-256}
VM_TIMEOUT=${AEADSWAP_VM_TIMEOUT:-600}
VM_SILENT_LIMIT=90
# A kernel other than the system's: a folder with boot/vmlinuz-KVER and lib/modules/KVER
# (ci/fetch-kernel), with AEADSWAP_KVER naming it.
VM_KERNEL_ROOT=${AEADSWAP_KERNEL_ROOT:-}
# Another qemu than the system's: ci/fetch-qemu's launcher, which tests/CMakeLists.txt gives every
# case (Debian 12's 7.2 fails 7.x kernels' NVMe metadata and boots a case 20-25 % slower).
VM_QEMU=${AEADSWAP_QEMU:-qemu-system-x86_64}
# By hand only: more kernel parameters for every boot, to try a kernel setting against a case
# (sysctl.vm.min_free_kbytes=..., dm_bufio.max_cache_size_bytes=...); CI never sets it.
VM_APPEND=${AEADSWAP_VM_APPEND:-}

vm_kver() {
    if [[ -n ${AEADSWAP_KVER:-} ]]; then
        printf '%s\n' "$AEADSWAP_KVER"
        return
    fi
    local k
    k=$(find "$VM_KERNEL_ROOT/boot" -maxdepth 1 -name 'vmlinuz-*' | sort -V | tail -n 1)
    printf '%s\n' "${k##*/vmlinuz-}"
}

# AEADSWAP_ACCEL=kvm|tcg chooses; by default KVM where it can boot a kernel (vm_probe_accel).
vm_accel() {
    local accel=${AEADSWAP_ACCEL:-}
    [[ -n $accel ]] || accel=$(head -n 1 "$VM_ACCEL_FILE" 2>/dev/null)
    if [[ $accel == kvm ]]; then echo "-accel kvm -cpu host"; else echo "-accel tcg,thread=multi -cpu max"; fi
}

# Once per build: a /dev/kvm that opens is not one that runs a stock kernel (a paravirtualized KVM
# aborts qemu with "failed to set MSR", or hangs the kernel after decompression), so boot the
# kernel once and take KVM only if its first console line appears. The file holds the choice and
# the reason, for ci/test's summary.
VM_ACCEL_FILE=$AEADSWAP_BUILD/vm-accel
vm_probe_accel() {
    [[ -n ${AEADSWAP_ACCEL:-} || -s $VM_ACCEL_FILE ]] && return 0
    local log=$AEADSWAP_BUILD/vm-accel-probe.log reason
    if [[ ! -w /dev/kvm ]]; then
        printf 'tcg\nno usable /dev/kvm\n' >"$VM_ACCEL_FILE"
        return 0
    fi
    if vm_kvm_boots "$log" 2>/dev/null; then
        printf 'kvm\nKVM booted a kernel\n' >"$VM_ACCEL_FILE"
        return 0
    fi
    # Not qemu's own noise: the probe's stop (signal 15), and the fetched qemu 10 failing to load
    # the system qemu's display module (a warning it prints at every start here).
    reason=$(grep -v -e '^\s*$' -e 'terminating on signal' -e 'failed to initialize module' \
        -e 'Only modules from the same build' "$log.err" | head -n 1)
    reason="/dev/kvm cannot boot a kernel here (${reason:-no console line within 20 s}); using software emulation (tcg)"
    printf 'tcg\n%s\n' "$reason" >"$VM_ACCEL_FILE"
    echo "aeadswap vm: $reason" >&2
}

# Why the VMs run on what they run on, in words.
vm_accel_reason() {
    if [[ -n ${AEADSWAP_ACCEL:-} ]]; then echo "AEADSWAP_ACCEL=$AEADSWAP_ACCEL"; else sed -n 2p "$VM_ACCEL_FILE"; fi
}

# vm_kvm_boots LOG: whether the kernel's first console line appears under KVM within 20 s; qemu's
# own errors go to LOG.err. (Called with stderr closed: bash reports qemu's abort there.)
vm_kvm_boots() {
    local log=$1 pid start=$SECONDS
    rm -f "$log" "$log.err"
    "$VM_QEMU" -accel kvm -cpu host -m 128 -display none -no-reboot -serial "file:$log" \
        -kernel "$VM_KERNEL_ROOT/boot/vmlinuz-$(vm_kver)" -append "console=ttyS0 panic=-1" 2>"$log.err" &
    pid=$!
    while kill -0 "$pid" && ! grep -aqs 'Linux version' "$log" && ((SECONDS - start < 20)); do
        sleep 0.2
    done
    kill "$pid"
    wait "$pid"
    grep -aqs 'Linux version' "$log"
}

# Rebuilds $1 when it is missing or older than any of the other arguments.
vm_stale() {
    local target=$1 dep
    shift
    [[ -e $target ]] || return 0
    for dep in "$@"; do
        [[ $dep -nt $target ]] && return 0
    done
    return 1
}

vm_build_swaptest() {
    local src=$AEADSWAP_SRC/tests/vm/guest/swaptest.c
    vm_stale "$VM_DIR/swaptest" "$src" || return 0
    gcc -O2 -Wall -Wextra -static -o "$VM_DIR/swaptest" "$src"
}

# A root with busybox, the helper, the test program, and dmsetup and cryptsetup (to show what a
# table reveals, and for the benchmarks' comparisons).
vm_build_root() {
    local helper=$AEADSWAP_BUILD/helper/aeadswap stage=$VM_DIR/root-stage lib
    vm_stale "$VM_DIR/root.img" "$helper" "$helper-testhooks" "$VM_DIR/swaptest" "$AEADSWAP_SRC/tests/vm/guest/init" \
        "$AEADSWAP_SRC"/bench/guest-*.sh || return 0
    rm -rf "$stage" "$VM_DIR/root.img"
    mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,run,tmp}
    cp /bin/busybox "$stage/bin/busybox"
    cp "$helper" "$stage/usr/sbin/aeadswap"
    # The test build (helper/test_hooks.h), for the one case that needs it (hexkey).
    cp "$helper-testhooks" "$stage/usr/sbin/aeadswap-testhooks"
    cp "$VM_DIR/swaptest" "$stage/usr/bin/swaptest"
    install -m755 "$AEADSWAP_SRC/tests/vm/guest/init" "$stage/sbin/init"
    # systemd's switch-root insists on an OS tree.
    mkdir -p "$stage/etc" && echo 'ID=aeadswap-test' >"$stage/etc/os-release"
    mkdir -p "$stage/bench" "$stage/run/cryptsetup"
    cp "$AEADSWAP_SRC"/bench/guest-*.sh "$stage/bench/"
    # What the helper loads after switch-root (its own list, as the initramfs hooks take it), and
    # what the benchmarks' comparisons need besides (plain aes-xts, cryptsetup's AF_ALG checks).
    local -a mods
    mapfile -t mods < <("$helper" --log stderr modules --kmoddir "$VM_KERNEL_ROOT/lib/modules/$(vm_kver)") &&
        ((${#mods[@]})) || return 1
    vm_copy_modules "$stage" "${mods[@]}" xts algif_aead algif_skcipher af_alg
    cp /sbin/dmsetup /sbin/cryptsetup "$stage/usr/sbin/"
    # ldd of one file at a time: given several, it prints "file:" headers among the paths.
    for lib in $( (ldd /sbin/dmsetup && ldd /sbin/cryptsetup) | grep -oE '/[^ ]+' | sort -u); do
        mkdir -p "$stage$(dirname "$lib")"
        cp -L "$lib" "$stage$lib"
    done
    mkfs.ext4 -q -F -L aeadroot -d "$stage" "$VM_DIR/root.img" 96M
}

# A Debian root with systemd as PID 1 (debootstrap, cached across builds), for the cases about
# what the real root's systemd does with the swap: its swap units, shutdown and DM detach.
vm_debootstrap() {
    local dir=$AEADSWAP_BUILD/debootstrap-bookworm
    [[ -e $dir/.complete ]] && return 0
    rm -rf "$dir"
    debootstrap --variant=minbase --include=systemd-sysv bookworm "$dir" \
        "${AEADSWAP_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$AEADSWAP_BUILD/debootstrap.log" 2>&1 || {
        tail -n 20 "$AEADSWAP_BUILD/debootstrap.log" >&2
        return 1
    }
    touch "$dir/.complete"
}

vm_build_sdroot() {
    local stage=$VM_DIR/sdroot-stage dir=$AEADSWAP_SRC/tests/vm/sdroot
    vm_debootstrap || return 1
    vm_stale "$VM_DIR/sdroot.img" "$AEADSWAP_BUILD/helper/aeadswap" "$VM_DIR/swaptest" "$dir"/* || return 0
    rm -rf "$stage" "$VM_DIR/sdroot.img"
    cp -a "$AEADSWAP_BUILD/debootstrap-bookworm" "$stage"
    install -m755 "$AEADSWAP_BUILD/helper/aeadswap" "$stage/usr/local/sbin/aeadswap"
    install -m755 "$VM_DIR/swaptest" "$stage/usr/local/bin/swaptest"
    install -m755 "$dir/vmcase" "$stage/usr/local/sbin/vmcase"
    install -m644 "$dir/vmcase.service" "$stage/etc/systemd/system/vmcase.service"
    mkdir -p "$stage/etc/systemd/system/multi-user.target.wants"
    ln -sf ../vmcase.service "$stage/etc/systemd/system/multi-user.target.wants/vmcase.service"
    echo aeadswap-vm >"$stage/etc/hostname"
    mkfs.ext4 -q -F -L sdroot -d "$stage" "$VM_DIR/sdroot.img" 1G
}

# A dracut tree beside the system's, with the build tree's module added (the module as installed,
# naming this build's helper; dracut-module/CMakeLists.txt): nothing is installed.
vm_dracut_tree() {
    local base=$VM_DIR/dracut module=$AEADSWAP_BUILD/dracut-module/90aeadswap
    # A tree from before the module was configured by cmake links the source folder: made again.
    [[ $(readlink "$base/modules.d/90aeadswap") == "$module" ]] && return 0
    rm -rf "$base"
    cp -a /usr/lib/dracut "$base"
    ln -s "$module" "$base/modules.d/90aeadswap"
}

# vm_dracut IMAGE EXTRA-MODULES...: a dracut image with the aeadswap module (unless
# VM_DRACUT_BARE is set), the test program and the plain-xts comparison hook.
vm_dracut() {
    local image=$1 kver mods
    shift
    kver=$(vm_kver)
    mods="$* base udev-rules dm rootfs-block"
    [[ -n ${VM_DRACUT_BARE:-} ]] || mods="$mods aeadswap"
    vm_stale "$image" "$AEADSWAP_BUILD/dracut-module/90aeadswap"/* "$AEADSWAP_BUILD/helper/aeadswap" "$VM_DIR/swaptest" \
        "$AEADSWAP_SRC/tests/vm/guest/xts-swap.sh" || return 0
    vm_dracut_tree
    dracutbasedir=$VM_DIR/dracut dracut --force --quiet --no-hostonly --no-hostonly-cmdline --kver "$kver" \
        --kmoddir "${VM_KERNEL_ROOT:-}/lib/modules/$kver" \
        --modules "$mods" \
        --add-drivers "virtio_pci virtio_blk nvme ext4 xts aesni_intel" \
        --include "$VM_DIR/swaptest" /usr/bin/swaptest \
        --include "$AEADSWAP_SRC/tests/vm/guest/xts-swap.sh" /lib/dracut/hooks/pre-mount/91-xts-swap.sh \
        --compress "zstd -1 -T0" "$image"
}

vm_build_initrd() {
    vm_dracut "$VM_DIR/initrd-$(vm_kver).img"
}

# The same with systemd in the initramfs: there the helper runs as a generator.
vm_build_initrd_systemd() {
    vm_dracut "$VM_DIR/initrd-systemd-$(vm_kver).img" systemd systemd-initrd dracut-systemd
}

# vm_mkinitcpio_build STAGE HOOK [MODULE...]: runs the build tree's install hook HOOK (it names
# this build's helper; mkinitcpio-hook/CMakeLists.txt) into STAGE through working stand-ins of
# mkinitcpio's add_module, add_binary, add_symlink, add_runscript and map (mkinitcpio is not in
# Debian), then copies the modules it asked for and the MODULEs, with their dependencies.
vm_mkinitcpio_build() {
    local stage=$1 hook=$2
    shift 2
    (
        local -a modules=("$@")
        KERNELVERSION=$(vm_kver)
        # shellcheck disable=SC2034 # read by the hook
        _d_kmoduledir=${VM_KERNEL_ROOT:-}/lib/modules/$KERNELVERSION
        # shellcheck disable=SC2317 # called by the hook's build()
        add_module() { modules+=("${1%\?}"); }
        # shellcheck disable=SC2317
        add_binary() { install -D -m755 "$1" "$stage${2:-$1}"; }
        # shellcheck disable=SC2317
        add_symlink() { mkdir -p "$stage$(dirname "$1")" && ln -sfn "$2" "$stage$1"; }
        # shellcheck disable=SC2317 # mode 755: the init runs only executable hooks
        add_runscript() { install -D -m755 "$AEADSWAP_BUILD/mkinitcpio-hook/initcpio/hooks/aeadswap" "$stage/hooks/aeadswap"; }
        # shellcheck disable=SC2317
        warning() { echo "WARNING: $*" >&2; }
        # shellcheck disable=SC2317 # mkinitcpio's own
        map() {
            local f=$1 arg r=0
            shift
            for arg in "$@"; do "$f" "$arg" || r=$?; done
            return "$r"
        }
        # shellcheck source=mkinitcpio-hook/install/aeadswap
        . "$AEADSWAP_BUILD/mkinitcpio-hook/initcpio/install/$hook"
        build && vm_copy_modules "$stage" "${modules[@]}"
    )
}

# vm_unpack IMAGE STAGE: a dracut image's files in a fresh STAGE.
vm_unpack() {
    rm -rf "$2"
    mkdir -p "$2"
    (cd "$2" && /usr/lib/dracut/skipcpio "$1" | zstd -dcq | cpio -id --quiet)
}

# vm_pack STAGE IMAGE
vm_pack() {
    (cd "$1" && find . | cpio -o -H newc --quiet | zstd -q -1 -T0) >"$2"
}

# mkinitcpio's systemd image as sd-aeadswap makes it: a systemd initramfs without the dracut module,
# plus what the hook's build() adds (its systemd hook and dracut's run the same systemd in the
# initramfs, which is what runs the generator).
vm_build_sd_mkinitcpio() {
    local kver base stage=$VM_DIR/sd-mkinitcpio-stage
    kver=$(vm_kver)
    base=$VM_DIR/initrd-systemd-bare-$kver.img
    VM_DRACUT_BARE=1 vm_dracut "$base" systemd systemd-initrd dracut-systemd || return 1
    vm_stale "$VM_DIR/sd-mkinitcpio-$kver.img" "$base" "$AEADSWAP_BUILD"/mkinitcpio-hook/initcpio/install/* \
        "$AEADSWAP_BUILD/helper/aeadswap" "${BASH_SOURCE[0]}" || return 0
    vm_unpack "$base" "$stage" || return 1
    vm_mkinitcpio_build "$stage" sd-aeadswap || return 1
    vm_pack "$stage" "$VM_DIR/sd-mkinitcpio-$kver.img"
}

# vm_copy_modules STAGE MODULE...: the modules with their dependencies, and an index for them.
vm_copy_modules() {
    local stage=$1 kver f
    shift
    kver=$(vm_kver)
    for f in $(modprobe -d "${VM_KERNEL_ROOT:-/}" -S "$kver" --show-depends -a "$@" |
        awk '$1 == "insmod" { print $2 }' | sort -u); do
        install -D -m644 "$f" "$stage${f#"$VM_KERNEL_ROOT"}"
    done
    mkdir -p "$stage/lib/modules/$kver"
    cp "$VM_KERNEL_ROOT/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} "$stage/lib/modules/$kver/"
    depmod -b "$stage" "$kver"
}

# vm_mkinitcpio_init STAGE CONFIG: the stand-in of mkinitcpio's init (tests/vm/mkinitcpio), its
# hook config, the resume stub and busybox.
vm_mkinitcpio_init() {
    local stage=$1 dir=$AEADSWAP_SRC/tests/vm/mkinitcpio
    mkdir -p "$stage"/{bin,usr/bin,hooks,proc,sys,dev,run,tmp,etc}
    cp /bin/busybox "$stage/bin/busybox"
    install -m755 "$dir/init" "$stage/init"
    cp "$dir/$2" "$stage/config"
    install -m755 "$dir/resume" "$stage/hooks/resume"
    touch "$stage/etc/initrd-release"
}

# An image built by mkinitcpio's rules (tests/vm/mkinitcpio/init) with the project's hooks as
# mkinitcpio's build runs them: busybox, the helper, the modules the hook asks for, and no udev.
vm_build_mkinitcpio() {
    local kver stage=$VM_DIR/mkinitcpio-stage
    kver=$(vm_kver)
    vm_stale "$VM_DIR/mkinitcpio-$kver.img" "$AEADSWAP_SRC/tests/vm/mkinitcpio"/* \
        "$AEADSWAP_BUILD"/mkinitcpio-hook/initcpio/*/* "$AEADSWAP_BUILD/helper/aeadswap" "${BASH_SOURCE[0]}" || return 0
    rm -rf "$stage"
    vm_mkinitcpio_init "$stage" config
    vm_mkinitcpio_build "$stage" aeadswap virtio_pci virtio_blk crc32c_generic ext4 || return 1
    vm_pack "$stage" "$VM_DIR/mkinitcpio-$kver.img"
}

# The same with mkinitcpio's 'udev' hook before it: udevd (Debian's, with its libraries, from a
# dracut image) runs from the early hooks to the cleanup hooks, so it is still running when the
# late hook sets up the swap; the rules are the four that hook installs, no device-mapper ones.
vm_build_mkinitcpio_udev() {
    local kver base stage=$VM_DIR/mkinitcpio-udev-stage f
    kver=$(vm_kver)
    base=$VM_DIR/initrd-bare-$kver.img
    VM_DRACUT_BARE=1 vm_dracut "$base" || return 1
    vm_stale "$VM_DIR/mkinitcpio-udev-$kver.img" "$base" "$AEADSWAP_SRC/tests/vm/mkinitcpio"/* \
        "$AEADSWAP_BUILD"/mkinitcpio-hook/initcpio/*/* "$AEADSWAP_BUILD/helper/aeadswap" "${BASH_SOURCE[0]}" || return 0
    vm_unpack "$base" "$stage" || return 1
    rm -rf "$stage/init" "$stage/usr/lib/dracut/hooks" "$stage/etc/udev/rules.d"
    for f in "$stage"/usr/lib/udev/rules.d/*.rules "$stage"/lib/udev/rules.d/*.rules; do
        case "${f##*/}" in
            50-udev-default.rules | 60-persistent-storage.rules | 64-btrfs.rules | 80-drivers.rules) ;;
            *) rm -f "$f" ;;
        esac
    done
    vm_mkinitcpio_init "$stage" config-udev
    install -m755 "$AEADSWAP_SRC/tests/vm/mkinitcpio/udev" "$stage/hooks/udev"
    vm_mkinitcpio_build "$stage" aeadswap || return 1
    vm_pack "$stage" "$VM_DIR/mkinitcpio-udev-$kver.img"
}

vm_prepare() {
    mkdir -p "$VM_DIR/logs" "$VM_DIR/disks"
    vm_probe_accel
    vm_build_swaptest && vm_build_root && vm_build_initrd && vm_build_initrd_systemd && vm_build_mkinitcpio
}

# vm_disk NAME SIZE: a fresh sparse disk image; prints its path.
vm_disk() {
    local img=$VM_DIR/disks/$1.img
    rm -f "$img"
    truncate -s "$2" "$img"
    printf '%s\n' "$img"
}

# vm_nvme_disk NAME DATA-BLOCKS BLOCK-SIZE METADATA-BYTES [NS-OPTIONS]: an image for an emulated NVMe
# namespace of DATA-BLOCKS blocks with METADATA-BYTES of metadata each (qemu sizes the namespace
# from the image: blocks x (block + metadata)); prints the vm_boot argument "nvme:PATH:OPTIONS".
vm_nvme_disk() {
    local img
    img=$(vm_disk "$1" $(($2 * ($3 + $4)))) || return 1
    printf 'nvme:%s:logical_block_size=%s,physical_block_size=%s,ms=%s%s\n' "$img" "$3" "$3" "$4" "${5:+,$5}"
}

# vm_partition NVME-ARG BLOCK-SIZE: one partition over the data of vm_nvme_disk's image, from 1 MiB
# on. An MBR, written by sfdisk in its own 512-byte units: the kernel reads an MBR's starts and
# sizes in the disk's logical blocks, which is what they are here (sfdisk 2.38 cannot be told the
# sector size of an image).
vm_partition() {
    local img=${1#nvme:} ms=${1##*ms=} blocks start=$((1048576 / $2))
    img=${img%%:*}
    blocks=$(($(stat -c %s "$img") / ($2 + ${ms%%,*})))
    echo "label: dos
start=$start, size=$((blocks - start)), type=83" | sfdisk -q "$img" >/dev/null
}

# vm_boot NAME "CMDLINE" DISK...: boots once; the console goes to $VM_DIR/logs/NAME.log and
# to $VM_LOG. The root disk is vda ($VM_ROOT.img: root, the busybox root, or sdroot), the given
# disks vdb, vdc, ...
# Once only, a boot that died of the emulator before anything was written to its disks is booted
# again (vm_emulator_fault); a disk that changed is not booted again (the case then fails).
vm_boot() {
    local name=$1 cmdline=$2 before fault tag
    shift 2
    before=$(vm_disks_stamp "$@")
    vm_boot_once "$name" "$cmdline" "$@"
    fault=$(vm_emulator_fault) || return 0
    tag=${fault%% *}
    fault=${fault#* }
    if [[ $before != "$(vm_disks_stamp "$@")" ]]; then
        echo "@@ host: $fault after writing to its disks; not booted again" >>"$VM_LOG"
        return 0
    fi
    mv "$VM_LOG" "${VM_LOG%.log}.$tag.log"
    echo "$name: $fault (qemu TCG, not aeadswap); booting again" >>"$VM_DIR/logs/times.txt"
    vm_boot_once "$name" "$cmdline" "$@"
}

# vm_emulator_fault: "TAG REASON" for a boot the emulator killed before it ran anything of ours
# (TAG names its kept log); fails otherwise.
# - A stray int3: qemu 7.2's multi-threaded TCG (Debian 12's) sometimes runs a breakpoint that the
#   kernel's text patching has already removed. Seen on 7.3 only, in 2 of 44 boots to the root
#   mount here and in 2 boots of one CI run, at 1.3-2.4 s (static keys flipped during the initcalls).
# - Silence: a kernel that printed nothing at all in VM_SILENT_LIMIT seconds (a boot prints its first
#   lines within seconds), found spinning in its own text with interrupts off. Seen on 6.1, once in a
#   clean-clone run here; one CI run's slow suites may have lost 600 s timeouts to it.
vm_emulator_fault() {
    if grep -q 'Oops: int3' "$VM_LOG"; then
        echo "int3 the guest kernel died of a stray int3"
    elif ((VM_SILENT)); then
        echo "silent the guest kernel printed nothing in ${VM_SILENT_LIMIT}s"
    else
        return 1
    fi
}

# vm_blkdebug_writes IMG FIRST COUNT STEP: IMG behind qemu's blkdebug, where the first write
# that covers sector FIRST + k * STEP (k < COUNT) fails with EIO, once; prints the vm_boot argument.
# One bad spot a write does not cure at first, as a drive remapping a sector; the flushes pass.
vm_blkdebug_writes() {
    local conf=${1%.img}.blkdebug k
    : >"$conf"
    for ((k = 0; k < $3; k++)); do
        printf '[inject-error]\nevent = "write_aio"\nerrno = "5"\nsector = "%s"\nonce = "on"\n\n' $(($2 + k * $4)) >>"$conf"
    done
    printf 'blkdebug:%s:%s\n' "$conf" "$1"
}

# vm_disks_stamp DISK...: their modification times; qemu writes change them, reads do not.
vm_disks_stamp() {
    local d
    for d in "$@"; do
        d=${d#nvme:}
        [[ $d != blkdebug:* ]] || d=${d##*:}
        stat -c '%.9Y %n' "${d%%:*}"
    done
}

vm_boot_once() {
    local name=$1 cmdline=$2 kver disk initrd
    shift 2
    kver=$(vm_kver)
    initrd=$VM_DIR/${VM_INITRD:-initrd}-$kver.img
    VM_LOG=$VM_DIR/logs/$name.log
    # The root is a snapshot unless VM_ROOT_WRITABLE: a case that reboots a system it changed.
    local snapshot=on
    [[ -z ${VM_ROOT_WRITABLE:-} ]] || snapshot=off
    local -a drives=(-drive "file=$VM_DIR/${VM_ROOT:-root}.img,format=raw,if=virtio,snapshot=$snapshot")
    local n=0 ns
    for disk in "$@"; do
        if [[ $disk == nvme:* ]]; then
            # Namespaces 1, 2, ... of one NVMe controller, in order (the guest names them nvme0n1,
            # nvme0n2, ... by namespace id); qemu keeps the metadata after the data in the same
            # image (vm_nvme_disk).
            disk=${disk#nvme:}
            ns=${disk#*:}
            disk=${disk%%:*}
            ((n > 0)) || drives+=(-device "nvme,serial=aeadswap,id=nvme0")
            n=$((n + 1))
            drives+=(-drive "file=$disk,format=raw,if=none,id=nvd$n,cache=none,aio=threads"
                -device "nvme-ns,drive=nvd$n,bus=nvme0,nsid=$n,$ns")
        else
            drives+=(-drive "file=$disk,format=raw,if=virtio,cache=none,aio=threads")
        fi
    done
    local start=$SECONDS mon=$VM_DIR/logs/$name.mon pid
    rm -f "$mon"
    # shellcheck disable=SC2046 # vm_accel gives several words on purpose
    "$VM_QEMU" $(vm_accel) -smp 2 -m "$VM_MEM" \
        -display none -monitor "unix:$mon,server,nowait" -serial "file:$VM_LOG" -no-reboot \
        -kernel "$VM_KERNEL_ROOT/boot/vmlinuz-$kver" -initrd "$initrd" \
        -append "console=ttyS0 root=/dev/vda rootfstype=ext4 rw panic=-1 loglevel=4 sysrq_always_enabled=1 rd.emergency=poweroff rd.shell=0 $cmdline${VM_APPEND:+ $VM_APPEND}" \
        "${drives[@]}" &
    pid=$!
    VM_SILENT=0
    while kill -0 "$pid" 2>/dev/null && ((SECONDS - start < VM_TIMEOUT)); do
        if ((SECONDS - start >= VM_SILENT_LIMIT)) && [[ ! -s $VM_LOG ]]; then
            VM_SILENT=1
            break
        fi
        sleep 1
    done
    local hung=0 regs=
    if ((VM_SILENT)); then
        # No console to dump to: where the CPU is, from qemu's monitor.
        regs=$(echo "info registers" | socat - "UNIX-CONNECT:$mon" 2>/dev/null | grep -a '^RIP') || true
        kill "$pid" 2>/dev/null
    elif kill -0 "$pid" 2>/dev/null; then
        hung=1
        vm_dump_hung "$mon"
        kill "$pid" 2>/dev/null
    fi
    wait "$pid" || true
    ((VM_SILENT == 0)) || echo "@@ host: the guest printed nothing in ${VM_SILENT_LIMIT}s; $regs" >>"$VM_LOG"
    ((hung == 0)) || echo "@@ host: the guest did not finish within ${VM_TIMEOUT}s (sysrq dumps above)" >>"$VM_LOG"
    VM_SECONDS=$((SECONDS - start))
    echo "$name: ${VM_SECONDS}s" >>"$VM_DIR/logs/times.txt"
}

# A guest that did not finish in time: blocked tasks and CPU backtraces onto the console, through
# the keyboard sysrq (the guest cannot be asked), for the log the failing test prints.
vm_dump_hung() {
    local key
    for key in 8 w l; do
        echo "sendkey alt-sysrq-$key" | socat - "UNIX-CONNECT:$1" >/dev/null 2>&1 || true
        sleep 3
    done
}

# vm_console LOG: a boot's console, without carriage returns; a report a guest wrote to /dev/kmsg
# (tests/vm/sdroot/vmcase) loses its kernel timestamp, so that it reads "@@ ..." as one written to
# the console does.
vm_console() {
    tr -d '\r' <"$1" | sed 's/^\[ *[0-9]*\.[0-9]*\] @@ /@@ /'
}

# The value of "@@ ... key=value" in the last boot's console.
vm_value() {
    vm_console "$VM_LOG" | grep -a '^@@ ' | grep -aoE "(^| )$1=[^ ]*" | tail -n 1 | sed "s/^ *$1=//"
}

# The console lines matching a grep pattern; fails when there is none.
vm_lines() {
    local out
    out=$(vm_console "$VM_LOG" | grep -a -- "$1")
    [[ -n $out ]] || return 1
    printf '%s\n' "$out"
}

# vm_tamper_other_ciphers NAME-FORMAT: the tamper case with gcm-aes and with chacha20-poly1305
# (28-byte tags), one boot each, named by printf NAME-FORMAT CIPHER; exact counts.
vm_tamper_other_ciphers() {
    local c name disk
    for c in gcm-aes chacha20-poly1305; do
        # shellcheck disable=SC2059 # the format is the caller's
        name=$(printf "$1" "$c")
        disk=$(vm_disk "$name" 1G)
        vm_boot "$name" "aeadswap=/dev/vdb,cipher=$c aeadswap_test.case=tamper aeadswap_test.layout=aead" "$disk"
        vm_assert_finished || return 1
        vm_lines '"tag_bytes":28,' || return 1
        vm_lines '^@@ tamper layout=aead tampered=3072 good=13312 wrong=0 sigbus=3072 child_signal=7$' || return 1
    done
}

# vm_io WHEN DEV FIELD: a counter of the guest's report_io line WHEN (before, after) for DEV;
# vm_vmstat WHEN KEY: a pswp counter of the same report.
vm_io() {
    vm_lines "^@@ io $1 dev=$2 " | sed -n "s/.* $3=\([0-9]*\).*/\1/p"
}

vm_vmstat() {
    vm_lines "^@@ vmstat $1 " | sed -n "s/.* $2=\([0-9]*\).*/\1/p"
}

# vm_assert_only_pages_reach DEV: between report_io before and after, DEV read and wrote the pages
# swapped, 8 sectors each, and nothing else (64 sectors of slack): no tag I/O. With the tags beside
# the data every 64 KiB of tags read or written back adds 128 sectors, thousands for a round trip.
# Reads may also fall short by as much: the kernel counts pswpin when it submits a read, the disk
# its sectors when the read completes (CI saw 8 sectors short on 6.1, stop 23).
vm_assert_only_pages_reach() {
    local in out read written
    in=$(($(vm_vmstat after pswpin) - $(vm_vmstat before pswpin)))
    out=$(($(vm_vmstat after pswpout) - $(vm_vmstat before pswpout)))
    read=$(($(vm_io after "$1" read_sectors) - $(vm_io before "$1" read_sectors)))
    written=$(($(vm_io after "$1" write_sectors) - $(vm_io before "$1" write_sectors)))
    echo "$1 read $read wrote $written sectors; pswpin $in pswpout $out" >&3
    ((out > 50000 && in > 10000)) || return 1
    ((written >= 8 * out && written <= 8 * out + 64)) || return 1
    ((read >= 8 * in - 64 && read <= 8 * in + 64))
}

# vm_page_cluster_as_logged: vm.page-cluster in the guest is what the helper said it left or set
# (readahead=auto decides by the kernel, helper/plan/tuning.h): with the tamper case's exact
# counts beside it, the proof that the kernel's choice keeps one bad sector to one page.
vm_page_cluster_as_logged() {
    local left
    left=$(vm_lines 'aeadswap: vm.page-cluster left at [0-9]*: Linux ' | sed -n 's/.*left at \([0-9]*\):.*/\1/p' | head -n 1)
    if [[ -n $left ]]; then
        [ "$(vm_value page_cluster)" = "$left" ]
    else
        vm_lines 'aeadswap: vm.page-cluster set from [0-9]* to 0 (no swap readahead)' >/dev/null
        [ "$(vm_value page_cluster)" = 0 ]
    fi
}

# Fails with the console's tail when the guest did not reach the end of its case.
vm_assert_finished() {
    if ! grep -aq '^@@ end' "$VM_LOG"; then
        echo "the guest did not finish; console tail:" >&2
        tail -n 80 "$VM_LOG" >&2
        return 1
    fi
    # Every format compares the planner's count of dm-integrity's sectors with this kernel's.
    if grep -a 'arithmetic differs from this kernel' "$VM_LOG" >&2; then
        return 1
    fi
}
