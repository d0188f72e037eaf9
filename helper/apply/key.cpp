// SPDX-License-Identifier: GPL-2.0-or-later
#include "key.h"

#include <linux/keyctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace aeadswap {

void forbid_core_dumps() {
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
}

Expected<SecretBuffer> SecretBuffer::create(size_t size) {
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_t mapped = (size + page - 1) / page * page;
    void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return fail(Exit::failure, std::string("cannot map key memory: ") + std::strerror(errno));
    if (mlock(p, mapped) != 0) {
        int e = errno;
        munmap(p, mapped);
        return fail(Exit::failure, std::string("cannot lock key memory (the key must never reach swap): ") +
                                       std::strerror(e));
    }
    madvise(p, mapped, MADV_DONTDUMP);
    return SecretBuffer(static_cast<uint8_t*>(p), size, mapped);
}

SecretBuffer::SecretBuffer(SecretBuffer&& o) noexcept : data_(o.data_), size_(o.size_), mapped_(o.mapped_) {
    o.data_ = nullptr;
}

SecretBuffer::~SecretBuffer() {
    if (!data_) return;
    explicit_bzero(data_, mapped_);
    munlock(data_, mapped_);
    munmap(data_, mapped_);
}

Expected<SecretBuffer> random_key(size_t bytes) {
    auto buf = SecretBuffer::create(bytes);
    if (!buf) return buf;
    size_t got = 0;
    while (got < bytes) {
        ssize_t n = getrandom(buf->data() + got, bytes - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(Exit::failure, std::string("getrandom failed: ") + std::strerror(errno));
        got += static_cast<size_t>(n);
    }
    return buf;
}

Expected<KernelKey> KernelKey::add(const std::string& description, const SecretBuffer& key) {
    long serial = syscall(SYS_add_key, "logon", description.c_str(), const_cast<SecretBuffer&>(key).data(),
                          key.size(), KEY_SPEC_THREAD_KEYRING);
    if (serial < 0) return fail(Exit::unsupported, std::string("cannot add a logon key: ") + std::strerror(errno));
    return KernelKey(static_cast<int32_t>(serial), ":" + std::to_string(key.size()) + ":logon:" + description);
}

KernelKey::~KernelKey() {
    if (serial_ < 0) return;
    // dm-crypt copied the key at table load; nothing else may find it afterwards.
    syscall(SYS_keyctl, KEYCTL_REVOKE, serial_);
    syscall(SYS_keyctl, KEYCTL_UNLINK, serial_, KEY_SPEC_THREAD_KEYRING);
}

Expected<SecretBuffer> hex_key(const SecretBuffer& key) {
    auto hex = SecretBuffer::create(key.size() * 2 + 1);
    if (!hex) return hex;
    static const char digits[] = "0123456789abcdef";
    const uint8_t* k = const_cast<SecretBuffer&>(key).data();
    for (size_t i = 0; i < key.size(); ++i) {
        hex->data()[2 * i] = static_cast<uint8_t>(digits[k[i] >> 4]);
        hex->data()[2 * i + 1] = static_cast<uint8_t>(digits[k[i] & 15]);
    }
    return hex;
}

Expected<SecretBuffer> hex_key_between(const std::string& before, const SecretBuffer& key, const std::string& after) {
    auto hex = hex_key(key);
    if (!hex) return hex;
    size_t n = key.size() * 2;
    auto line = SecretBuffer::create(before.size() + n + after.size() + 1);  // zeroed: NUL-terminated
    if (!line) return line;
    uint8_t* p = line->data();
    std::memcpy(p, before.data(), before.size());
    std::memcpy(p + before.size(), hex->data(), n);
    std::memcpy(p + before.size() + n, after.data(), after.size());
    return line;
}

}  // namespace aeadswap
