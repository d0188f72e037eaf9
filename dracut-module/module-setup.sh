#!/bin/bash
# shellcheck disable=SC2154 # moddir, systemdutildir and hostonly come from dracut
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

depends() {
    # dm brings 55-dm.rules and dmsetup, so udev in the initramfs honours our cookie flags.
    echo dm
    return 0
}

installkernel() {
    # Forced even in strict host-only mode: the running system uses none of them before the first boot.
    # 7.x merged chacha_generic and chacha_x86_64 into chacha, and GHASH and Poly1305 into the
    # crypto library; a name the kernel does not have is skipped.
    hostonly='' instmods dm_mod dm_integrity dm_crypt aegis128 aegis128_aesni \
        gcm ctr ghash_generic ghash_clmulni_intel aes_generic aesni_intel \
        chacha20poly1305 chacha chacha_generic chacha_x86_64 poly1305_generic poly1305_x86_64
}

install() {
    inst_binary "$(aeadswap_helper)" /usr/sbin/aeadswap
    if dracut_module_included systemd; then
        # The helper is its own generator: one unit per aeadswap= entry, after the resume attempt.
        ln_r /usr/sbin/aeadswap "$systemdutildir/system-generators/aeadswap-generator"
    else
        inst_hook cmdline 90 "$moddir/parse-aeadswap.sh"
        # pre-mount 90: after resume (pre-mount 10, or initqueue/settled), before the root is mounted.
        inst_hook pre-mount 90 "$moddir/aeadswap-start.sh"
    fi
}
