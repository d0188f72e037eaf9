// SPDX-License-Identifier: GPL-2.0-or-later
// Scratch image files for tests that need real on-disk formats made by the real tools.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace aeadswap::test {

class TempImage {
public:
    explicit TempImage(uint64_t bytes) {
        char tmpl[] = "/tmp/aeadswap-test-XXXXXX";
        int fd = mkstemp(tmpl);
        path_ = tmpl;
        if (fd >= 0) {
            if (ftruncate(fd, static_cast<off_t>(bytes)) != 0) path_.clear();
            close(fd);
        }
    }
    ~TempImage() { unlink(path_.c_str()); }
    const std::string& path() const { return path_; }

    // Runs a shell command with {} replaced by the image path; true on exit status 0.
    bool run(std::string cmd) const {
        for (auto p = cmd.find("{}"); p != std::string::npos; p = cmd.find("{}"))
            cmd.replace(p, 2, path_);
        return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0;
    }

    std::vector<uint8_t> head(size_t n) const {
        std::ifstream in(path_, std::ios::binary);
        std::vector<uint8_t> b(n);
        in.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(n));
        b.resize(static_cast<size_t>(in.gcount()));
        return b;
    }

    void write_at(uint64_t off, const std::vector<uint8_t>& bytes) const {
        std::fstream f(path_, std::ios::binary | std::ios::in | std::ios::out);
        f.seekp(static_cast<std::streamoff>(off));
        f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }

private:
    std::string path_;
};

// A dm-integrity superblock as the kernel writes it for our format table (tag 32, 4 KiB blocks,
// journal_sectors:1 -> one section), laid out per drivers/md/dm-integrity.c struct superblock.
inline std::vector<uint8_t> our_superblock(uint16_t tag = 32, uint32_t sections = 1, uint32_t flags = 0) {
    std::vector<uint8_t> b(4096, 0);
    const char magic[8] = {'i', 'n', 't', 'e', 'g', 'r', 't', 0};
    std::copy(magic, magic + 8, b.begin());
    b[8] = 1;                                     // version
    b[9] = 15;                                    // log2_interleave_sectors
    b[10] = static_cast<uint8_t>(tag & 0xff);     // integrity_tag_size
    b[11] = static_cast<uint8_t>(tag >> 8);
    for (int i = 0; i < 4; ++i) b[12 + i] = static_cast<uint8_t>(sections >> (8 * i));
    const uint64_t provided = 2080496;            // what the 6.1 kernel reported for 1 GiB
    for (int i = 0; i < 8; ++i) b[16 + i] = static_cast<uint8_t>(provided >> (8 * i));
    for (int i = 0; i < 4; ++i) b[24 + i] = static_cast<uint8_t>(flags >> (8 * i));
    b[28] = 3;                                    // log2_sectors_per_block
    return b;
}

}  // namespace aeadswap::test
