// SPDX-License-Identifier: GPL-2.0-or-later
// The per-boot key: drawn from getrandom(2) into locked, never-dumped memory, handed to the kernel
// through a logon key in the thread keyring (so no table shows it), and wiped on destruction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "result.h"

namespace aeadswap {

// No core dump of this process, by the kernel or by systemd-coredump: libdevmapper's copies of a
// table line hold the key outside locked memory when the kernel has no keyring. Call first thing.
void forbid_core_dumps();

// A page of mlock'ed, MADV_DONTDUMP memory that is zeroed before it is unmapped.
class SecretBuffer {
public:
    static Expected<SecretBuffer> create(size_t size);
    SecretBuffer(SecretBuffer&& o) noexcept;
    SecretBuffer& operator=(SecretBuffer&&) = delete;
    ~SecretBuffer();
    uint8_t* data() { return data_; }
    size_t size() const { return size_; }

private:
    SecretBuffer(uint8_t* d, size_t s, size_t m) : data_(d), size_(s), mapped_(m) {}
    uint8_t* data_ = nullptr;
    size_t size_ = 0, mapped_ = 0;
};

// A random key of `bytes` bytes.
Expected<SecretBuffer> random_key(size_t bytes);

// A logon key in the thread keyring, revoked and unlinked when this goes away. The table then
// names it as ":<bytes>:logon:<description>".
class KernelKey {
public:
    static Expected<KernelKey> add(const std::string& description, const SecretBuffer& key);
    KernelKey(KernelKey&& o) noexcept : serial_(o.serial_), spec_(std::move(o.spec_)) { o.serial_ = -1; }
    KernelKey& operator=(KernelKey&&) = delete;
    ~KernelKey();
    const std::string& table_spec() const { return spec_; }

private:
    KernelKey(int32_t serial, std::string spec) : serial_(serial), spec_(std::move(spec)) {}
    int32_t serial_ = -1;
    std::string spec_;
};

// The key as hex in locked memory, for kernels without keyring support in dm-crypt.
Expected<SecretBuffer> hex_key(const SecretBuffer& key);

// before + the key in hex + after, NUL-terminated, in locked memory: a whole table line.
Expected<SecretBuffer> hex_key_between(const std::string& before, const SecretBuffer& key, const std::string& after);

}  // namespace aeadswap
