#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2154 # moddir, srcmods, kernel, systemdutildir, hostonly, hostonly_cmdline and initdir come from dracut
# dracut module: authenticated, encrypted swap with a new key at every boot (aeadswap).
# Configured only on the kernel command line: aeadswap=<device>[,<option>...] (see aeadswap(8)).

# The helper on the build host, put here by cmake: the installed one in what is installed, this
# build's in the build tree. Neither the environment nor the command line can change it.
aeadswap_helper_path='@AEADSWAP_HELPER_PATH@'

aeadswap_helper() {
    printf '%s\n' "$aeadswap_helper_path"
}

aeadswap_on_cmdline() {
    grep -qE "(^|[[:space:]])(rd\\.)?aeadswap=" "${aeadswap_cmdline:-/proc/cmdline}" 2>/dev/null
}

check() {
    require_binaries "$(aeadswap_helper)" || return 1
    # Host-only images carry it when this boot uses it; otherwise only when asked for (--add).
    [[ $hostonly ]] && aeadswap_on_cmdline && return 0
    return 255
}

# VG/LV of each aeadswap= device that is an LVM volume on this host (Proxmox VE's /dev/pve/swap).
aeadswap_lvm_volumes() {
    "$(aeadswap_helper)" --log stderr lvm-volumes ${aeadswap_cmdline:+--cmdline "$aeadswap_cmdline"}
}

depends() {
    # dm brings 55-dm.rules and dmsetup, so udev in the initramfs honours our cookie flags.
    echo dm
    # A host-only image has the lvm module only when the root needs it, and activates only the
    # volumes it is told about: the swap's comes from cmdline().
    [[ $hostonly ]] && [[ -n $(aeadswap_lvm_volumes) ]] && echo lvm
    return 0
}

cmdline() {
    local lv
    for lv in $(aeadswap_lvm_volumes); do
        printf ' rd.lvm.lv=%s' "$lv"
    done
}

installkernel() {
    local mods
    # The helper knows what it loads, and resolves it in this kernel's tree (srcmods, dracut's):
    # 7.x merged chacha_generic and chacha_x86_64 into chacha, GHASH and Poly1305 into the crypto
    # library. It says on stderr what the kernel lacks.
    mods="$("$(aeadswap_helper)" --log stderr modules --kmoddir "${srcmods:-/lib/modules/$kernel}")" ||
        dwarn "aeadswap: the image may not be able to set up aeadswap (see above)"
    # Forced even in strict host-only mode: the running system uses none of them before the first boot.
    # shellcheck disable=SC2086 # one module name a line
    hostonly='' instmods $mods
}

install() {
    inst_binary "$(aeadswap_helper)" /usr/sbin/aeadswap
    # As dracut's own lvm module writes its host-only rd.lvm.lv=.
    if [[ $hostonly_cmdline == "yes" ]]; then
        local _conf
        _conf=$(cmdline)
        [[ $_conf ]] && printf "%s\n" "$_conf" >>"${initdir}/etc/cmdline.d/90aeadswap.conf"
    fi
    if dracut_module_included systemd; then
        # The helper is its own generator: one unit per aeadswap= entry, after the resume attempt.
        ln_r /usr/sbin/aeadswap "$systemdutildir/system-generators/aeadswap-generator"
    else
        inst_hook cmdline 90 "$moddir/parse-aeadswap.sh"
        # pre-mount 90: after resume (pre-mount 10, or initqueue/settled), before the root is mounted.
        inst_hook pre-mount 90 "$moddir/aeadswap-start.sh"
    fi
}
