// SPDX-License-Identifier: GPL-2.0-or-later
// In-guest test program for the VM suite: swap round trips, tampering with the raw device
// underneath swapped-out pages, long memory pressure, and a few raw-device probes.
// Every result is printed as one line "@@ <key>=<value> ..." for the host to assert on.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <linux/nvme_ioctl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096u
#define WORDS (PAGE / 8)

static uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static void fill_page(uint64_t* p, uint64_t seed, uint64_t page, uint64_t version) {
    uint64_t base = mix(seed ^ (page << 20) ^ version);
    for (unsigned w = 0; w < WORDS; ++w) p[w] = base + w * 0x2545f4914f6cdd1dull;
}

static int page_ok(const uint64_t* p, uint64_t seed, uint64_t page, uint64_t version) {
    uint64_t base = mix(seed ^ (page << 20) ^ version);
    for (unsigned w = 0; w < WORDS; ++w)
        if (p[w] != base + w * 0x2545f4914f6cdd1dull) return 0;
    return 1;
}

static sigjmp_buf jump;
static void on_sigbus(int sig) { siglongjmp(jump, sig); }

// 1 good, 0 wrong, -1 SIGBUS.
static int check_page(const uint64_t* p, uint64_t seed, uint64_t page, uint64_t version) {
    if (sigsetjmp(jump, 1)) return -1;
    return page_ok(p, seed, page, version);
}

static void die(const char* what) {
    printf("@@ error=%s errno=%d\n", what, errno);
    fflush(stdout);
    exit(2);
}

static uint64_t* alloc_pages(size_t pages) {
    void* m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) die("mmap");
    return m;
}

static long meminfo_kib(const char* key) {
    FILE* f = fopen("/proc/meminfo", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, n) && line[n] == ':') v = atol(line + n + 1);
    if (f) fclose(f);
    return v;
}

static void write_file(const char* path, const char* text) {
    int fd = open(path, O_WRONLY);
    if (fd < 0 || write(fd, text, strlen(text)) < 0) {
        if (fd >= 0) close(fd);
        return;
    }
    close(fd);
}

// ---- roundtrip: several processes fill more than RAM, page out, read everything back ----

static void child_roundtrip(int idx, size_t pages, int ready_fd, int go_fd) {
    uint64_t seed = 0xa5a5 + (uint64_t)idx;
    uint64_t* mem = alloc_pages(pages);
    for (size_t i = 0; i < pages; ++i) fill_page(mem + i * WORDS, seed, i, 0);
    madvise(mem, pages * PAGE, MADV_PAGEOUT);
    char c = 'r';
    if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1) _exit(3);
    signal(SIGBUS, on_sigbus);
    long good = 0, wrong = 0, bus = 0;
    for (size_t i = 0; i < pages; ++i) {
        int r = check_page(mem + i * WORDS, seed, i, 0);
        r > 0 ? ++good : r == 0 ? ++wrong : ++bus;
    }
    printf("@@ child=%d good=%ld wrong=%ld sigbus=%ld\n", idx, good, wrong, bus);
    fflush(stdout);
    _exit(wrong || bus ? 1 : 0);
}

static int cmd_roundtrip(size_t mib, int nprocs) {
    int ready[2], go[2];
    if (pipe(ready) || pipe(go)) die("pipe");
    size_t pages = mib * 256 / (size_t)nprocs;
    for (int i = 0; i < nprocs; ++i)
        if (fork() == 0) child_roundtrip(i, pages, ready[1], go[0]);
    char c;
    for (int i = 0; i < nprocs; ++i)
        if (read(ready[0], &c, 1) != 1) die("ready");
    long swapped = meminfo_kib("SwapTotal") - meminfo_kib("SwapFree");
    for (int i = 0; i < nprocs; ++i)
        if (write(go[1], "g", 1) != 1) die("go");
    int failed = 0, status;
    while (wait(&status) > 0) failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    printf("@@ roundtrip pages=%zu procs=%d swapped_kib=%ld failed_procs=%d\n", pages * nprocs, nprocs, swapped, failed);
    return failed ? 1 : 0;
}

// ---- tamper: change the raw device under swapped-out pages ----

struct layout {
    int aead;                 // dm-integrity underneath, else plain dm-crypt at raw offset 8
    int ram;                  // tags=ram: the tags are on a RAM disk, the data at raw offset 8
    uint64_t initial;         // sectors before the first tag run
    unsigned log2_interleave, tag_size;
    uint64_t meta_run;        // sectors of one tag run
};

static struct layout read_layout(int raw, int aead) {
    struct layout l = {aead, 0, 8, 15, 0, 0};
    if (!aead) return l;
    uint8_t* sb = aligned_alloc(PAGE, PAGE);
    if (pread(raw, sb, PAGE, 0) != PAGE || memcmp(sb, "integrt", 8)) die("superblock");
    uint32_t sections;
    memcpy(&sections, sb + 12, 4);
    l.log2_interleave = sb[9];
    l.tag_size = (unsigned)(sb[10] | sb[11] << 8);
    // journal: sections of (32 entries x 8 sectors + 8) sectors each, for 4 KiB blocks and tag <= 48
    l.initial = 8 + (uint64_t)sections * 264;
    uint64_t run_bytes = ((uint64_t)l.tag_size << (l.log2_interleave - 3)) + 131071;
    l.meta_run = run_bytes / 131072 * 131072 / 512;
    free(sb);
    return l;
}

// Raw byte offset of the data of swap slot `slot`, and of its tag.
static uint64_t data_offset(const struct layout* l, uint64_t slot) {
    uint64_t s = slot * 8;
    if (!l->aead || l->ram) return (8 + s) * 512;
    uint64_t area = s >> l->log2_interleave, off = s & ((1ull << l->log2_interleave) - 1);
    return ((area << l->log2_interleave) + (area + 1) * l->meta_run + l->initial + off) * 512;
}

static uint64_t tag_offset(const struct layout* l, uint64_t slot) {
    uint64_t s = slot * 8;
    uint64_t area = s >> l->log2_interleave, off = s & ((1ull << l->log2_interleave) - 1);
    return ((area << l->log2_interleave) + area * l->meta_run + l->initial) * 512 + (off / 8) * l->tag_size;
}

static void flip_byte(int raw, uint64_t at) {
    uint64_t blk = at / PAGE * PAGE;
    uint8_t* b = aligned_alloc(PAGE, PAGE);
    if (pread(raw, b, PAGE, (off_t)blk) != PAGE) die("pread raw");
    b[at - blk] ^= 0x5a;
    if (pwrite(raw, b, PAGE, (off_t)blk) != PAGE) die("pwrite raw");
    free(b);
}

// Reads or writes `len` bytes at any raw offset through aligned O_DIRECT block I/O; a 28-byte tag
// can straddle two 4 KiB blocks.
static void raw_range(int raw, uint64_t off, uint8_t* buf, size_t len, int write) {
    uint8_t* b = aligned_alloc(PAGE, PAGE);
    while (len > 0) {
        uint64_t blk = off / PAGE * PAGE;
        size_t in = off - blk, n = len < PAGE - in ? len : PAGE - in;
        if (pread(raw, b, PAGE, (off_t)blk) != PAGE) die("pread raw");
        if (write) {
            memcpy(b + in, buf, n);
            if (pwrite(raw, b, PAGE, (off_t)blk) != PAGE) die("pwrite raw");
        } else {
            memcpy(buf, b + in, n);
        }
        off += n, buf += n, len -= n;
    }
    free(b);
}

static void copy_bytes(int raw, uint64_t from, uint64_t to, size_t len) {
    uint8_t* tmp = malloc(len);
    raw_range(raw, from, tmp, len, 0);
    raw_range(raw, to, tmp, len, 1);
    free(tmp);
}

static void join_cgroup(void) {
    mkdir("/sys/fs/cgroup/swaptest", 0755);
    write_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
    char pid[32];
    snprintf(pid, sizeof pid, "%d", getpid());
    write_file("/sys/fs/cgroup/swaptest/cgroup.procs", pid);
}

static size_t resident(void* mem, size_t pages) {
    unsigned char* v = malloc(pages);
    size_t n = 0;
    if (mincore(mem, pages * PAGE, v) == 0)
        for (size_t i = 0; i < pages; ++i) n += v[i] & 1;
    free(v);
    return n;
}

// Swapped-out pages only leave the swap cache under reclaim of their own cgroup; drop_caches
// does not touch it, and global pressure would push init and udevd out too.
static void page_out(uint64_t* mem, size_t pages) {
    madvise(mem, pages * PAGE, MADV_PAGEOUT);
    for (int i = 0; i < 50 && resident(mem, pages) > 0; ++i) write_file("/sys/fs/cgroup/swaptest/memory.reclaim", "512M");
}

static int swap_slots(uint64_t* mem, size_t pages, uint64_t* slot) {
    int fd = open("/proc/self/pagemap", O_RDONLY);
    if (fd < 0) die("pagemap");
    int missing = 0;
    for (size_t i = 0; i < pages; ++i) {
        uint64_t e;
        if (pread(fd, &e, 8, (off_t)(((uintptr_t)(mem + i * WORDS) / PAGE) * 8)) != 8) die("pagemap read");
        if (!(e >> 62 & 1)) missing++;
        slot[i] = (e >> 5) & ((1ull << 50) - 1);
    }
    close(fd);
    return missing;
}

// Tags live in dm-bufio's cache: flush them to disk, then make the cache let go of them, so that
// the next reads come from the (tampered) disk.
static void flush_tags(const char* swapdev) {
    int fd = open(swapdev, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    write_file("/sys/module/dm_bufio/parameters/retain_bytes", "0");
    write_file("/sys/module/dm_bufio/parameters/max_age_seconds", "1");
    for (int i = 0; i < 3; ++i) {
        sync();
        write_file("/proc/sys/vm/drop_caches", "3");
        usleep(200000);
    }
}

enum { CLEAN, DATA, TAG, MOVED, IV };
// `tags_on_raw`: whether the raw device holds tags that can be changed (not for xts or tags=ram);
// 2: the IVs as well, apart from the tags (tags=inline: both in each block's NVMe metadata).
static int page_class(size_t i, int tags_on_raw) {
    switch (i % 16) {
        case 0: return DATA;
        case 4: return MOVED;
        case 8: return tags_on_raw ? TAG : CLEAN;
        case 12: return tags_on_raw == 2 ? IV : CLEAN;
        default: return CLEAN;
    }
}

// `pages` pages filled from `seed` and pushed out to swap, their tags flushed to the disk; their
// swap slots in *slot. Prints "@@ NAME_prep ...".
static uint64_t* swapped_out(const char* name, size_t pages, uint64_t seed, const char* swapdev, uint64_t** slot) {
    join_cgroup();
    uint64_t* mem = alloc_pages(pages);
    for (size_t i = 0; i < pages; ++i) fill_page(mem + i * WORDS, seed, i, 0);
    page_out(mem, pages);
    *slot = calloc(pages, 8);
    int missing = swap_slots(mem, pages, *slot);
    printf("@@ %s_prep pages=%zu resident=%zu not_swapped=%d\n", name, pages, resident(mem, pages), missing);
    flush_tags(swapdev);
    return mem;
}

// Reads every page in a child without a SIGBUS handler, so that the first bad page kills it; its
// signal, or 0.
static int child_reads_all(const uint64_t* mem, size_t pages) {
    write_file("/proc/sys/vm/drop_caches", "3");
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        volatile uint64_t sink = 0;
        for (size_t i = 0; i < pages; ++i) sink += mem[i * WORDS];
        _exit(sink == 42);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void tamper_slot(int raw, const struct layout* l, uint64_t slot, uint64_t next, int cls) {
    switch (cls) {
        case DATA: flip_byte(raw, data_offset(l, slot) + 100); break;
        case TAG: flip_byte(raw, tag_offset(l, slot) + 3); break;
        default:  // moved: the next slot's data (and tag) put in this one's place
            copy_bytes(raw, data_offset(l, next), data_offset(l, slot), PAGE);
            if (l->aead && !l->ram) copy_bytes(raw, tag_offset(l, next), tag_offset(l, slot), l->tag_size);
    }
}

// ---- tags=inline: a block's data and its NVMe metadata, through the namespace's passthrough ----

#define NVME_META 64  // the suite's namespaces: ms=64; dm-crypt's tag, then its IV, at the start

struct nvme_target {
    int fd;        // the namespace (/dev/nvme0n1), for NVME_IOCTL_SUBMIT_IO
    uint64_t lba;  // its first block: the partition's start, in 4096-byte blocks
};

static struct nvme_target nvme_target_of(const char* part) {
    const char* name = strrchr(part, '/') + 1;
    char path[256], ns[64];
    snprintf(path, sizeof path, "/sys/class/block/%s/start", name);
    FILE* f = fopen(path, "r");
    unsigned long long start = 0;
    if (!f || fscanf(f, "%llu", &start) != 1) die("partition start");
    fclose(f);
    snprintf(ns, sizeof ns, "/dev/%.*s", (int)(strrchr(name, 'p') - name), name);
    struct nvme_target t = {open(ns, O_RDWR), start / 8};
    if (t.fd < 0) die("open namespace");
    return t;
}

// One 4096-byte block of the partition with its metadata, read or written (NVMe Read 0x02, Write 0x01).
static void nvme_block(const struct nvme_target* t, uint64_t block, uint8_t* data, uint8_t* meta, int write) {
    struct nvme_user_io io = {0};
    io.opcode = write ? 0x01 : 0x02;
    io.addr = (uintptr_t)data;
    io.metadata = (uintptr_t)meta;
    io.slba = t->lba + block;
    if (ioctl(t->fd, NVME_IOCTL_SUBMIT_IO, &io) != 0) die(write ? "nvme write" : "nvme read");
}

// Swap slot `slot` is at partition block 1 + slot (after aeadswap's header block).
static void tamper_inline(const struct nvme_target* t, uint64_t slot, uint64_t next, int cls) {
    static uint8_t data[PAGE], meta[NVME_META] __attribute__((aligned(8)));
    nvme_block(t, 1 + (cls == MOVED ? next : slot), data, meta, 0);
    if (cls == DATA) data[100] ^= 0x5a;
    if (cls == TAG) meta[3] ^= 0x5a;
    if (cls == IV) meta[16 + 3] ^= 0x5a;
    nvme_block(t, 1 + slot, data, meta, 1);
}

// Layouts: aead (tags beside the data), ram (tags=ram: only the data is on RAWDEV), xts, inline
// (RAWDEV an NVMe partition that keeps IV and tag in each block's metadata).
static int cmd_tamper(size_t mib, const char* layout_name, const char* raw_path, const char* swapdev) {
    int ram = !strcmp(layout_name, "ram"), drive = !strcmp(layout_name, "inline");
    int aead = ram || !strcmp(layout_name, "aead");
    int kinds = drive ? 2 : aead && !ram;
    size_t pages = mib * 256;
    uint64_t seed = 0x7a3e, *slot;
    uint64_t* mem = swapped_out("tamper", pages, seed, swapdev, &slot);
    int raw = open(raw_path, O_RDWR | O_DIRECT);
    if (raw < 0) die("open raw");
    struct layout l = drive ? (struct layout){0} : read_layout(raw, aead && !ram);
    l.ram = ram;
    struct nvme_target t = drive ? nvme_target_of(raw_path) : (struct nvme_target){-1, 0};
    long tampered = 0;
    for (size_t i = 0; i + 1 < pages; ++i) {
        int cls = page_class(i, kinds);
        if (cls == CLEAN) continue;
        if (drive)
            tamper_inline(&t, slot[i], slot[i + 1], cls);
        else
            tamper_slot(raw, &l, slot[i], slot[i + 1], cls);
        tampered++;
    }
    close(raw);
    if (t.fd >= 0) close(t.fd);
    int child_signal = child_reads_all(mem, pages);
    signal(SIGBUS, on_sigbus);
    long count[5][3] = {{0}};  // class x {good, wrong, sigbus}
    for (size_t i = 0; i < pages; ++i) {
        int r = check_page(mem + i * WORDS, seed, i, 0);
        count[page_class(i, kinds)][r > 0 ? 0 : r == 0 ? 1 : 2]++;
    }
    long good = 0, wrong = 0, bus = 0;
    for (int c = 0; c < 5; ++c) good += count[c][0], wrong += count[c][1], bus += count[c][2];
    printf("@@ tamper layout=%s tampered=%ld good=%ld wrong=%ld sigbus=%ld child_signal=%d\n", layout_name, tampered,
           good, wrong, bus, child_signal);
    const char* names[5] = {"clean", "data", "tag", "moved", "iv"};
    for (int c = 0; c < 4 + (kinds == 2); ++c)
        printf("@@ tamper_class=%s good=%ld wrong=%ld sigbus=%ld\n", names[c], count[c][0], count[c][1], count[c][2]);
    return 0;
}

// ---- pressure: a working set larger than RAM, touched at random for a bounded time ----

static void child_pressure(int idx, size_t pages, unsigned seconds) {
    uint64_t seed = 0xbeef + (uint64_t)idx;
    uint64_t* mem = alloc_pages(pages);
    uint8_t* version = calloc(pages, 1);
    for (size_t i = 0; i < pages; ++i) fill_page(mem + i * WORDS, seed, i, 0);
    signal(SIGBUS, on_sigbus);
    long wrong = 0, bus = 0, touches = 0;
    uint64_t r = mix(seed);
    time_t end = time(NULL) + seconds;
    while (time(NULL) < end) {
        for (int k = 0; k < 256; ++k, ++touches) {
            r = mix(r);
            size_t i = r % pages;
            int ok = check_page(mem + i * WORDS, seed, i, version[i]);
            if (ok <= 0) {
                ok == 0 ? ++wrong : ++bus;
                continue;
            }
            fill_page(mem + i * WORDS, seed, i, ++version[i]);
        }
    }
    printf("@@ child=%d touches=%ld wrong=%ld sigbus=%ld\n", idx, touches, wrong, bus);
    fflush(stdout);
    _exit(wrong || bus ? 1 : 0);
}

static int cmd_pressure(size_t mib, int nprocs, unsigned seconds) {
    size_t pages = mib * 256 / (size_t)nprocs;
    for (int i = 0; i < nprocs; ++i)
        if (fork() == 0) child_pressure(i, pages, seconds);
    int failed = 0, killed = 0, left = nprocs, status;
    long peak = 0;
    while (left > 0) {  // sample swap use while the children run
        long used = meminfo_kib("SwapTotal") - meminfo_kib("SwapFree");
        peak = used > peak ? used : peak;
        pid_t p = waitpid(-1, &status, WNOHANG);
        if (p <= 0) {
            sleep(1);
            continue;
        }
        left--;
        failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
        killed += WIFSIGNALED(status);
    }
    printf("@@ pressure mib=%zu procs=%d seconds=%u failed_procs=%d killed_procs=%d peak_swap_kib=%ld\n", mib, nprocs,
           seconds, failed, killed, peak);
    return failed ? 1 : 0;
}

// ---- speed: time to touch a working set larger than RAM, and pages swapped per second ----

static long vmstat(const char* key) {
    FILE* f = fopen("/proc/vmstat", "r");
    char name[64];
    long v, found = -1;
    while (f && fscanf(f, "%63s %ld", name, &v) == 2)
        if (!strcmp(name, key)) found = v;
    if (f) fclose(f);
    return found;
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

// One child's share: fill it in order (the first touch), then read-check-rewrite every page in
// order, then half as many pages at random. The parent times each phase between barriers.
static void child_speed(int idx, size_t pages, int ready_fd, int go_fd) {
    uint64_t seed = 0x5eed + (uint64_t)idx, r = mix(seed);
    uint64_t* mem = alloc_pages(pages);
    uint8_t* version = calloc(pages, 1);
    long bad = 0;
    char c = 'r';
    signal(SIGBUS, on_sigbus);
    for (size_t i = 0; i < pages; ++i) fill_page(mem + i * WORDS, seed, i, 0);
    for (int phase = 0; phase < 2; ++phase) {
        if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1) _exit(3);
        for (size_t k = 0; k < (phase == 0 ? pages : pages / 2); ++k) {
            size_t i = phase == 0 ? k : (r = mix(r)) % pages;
            if (check_page(mem + i * WORDS, seed, i, version[i]) <= 0) {
                ++bad;
                continue;
            }
            fill_page(mem + i * WORDS, seed, i, ++version[i]);
        }
    }
    if (write(ready_fd, &c, 1) != 1) _exit(3);
    _exit(bad ? 1 : 0);
}

static int cmd_speed(size_t mib, int nprocs) {
    int ready[2], go[2];
    if (pipe(ready) || pipe(go)) die("pipe");
    size_t pages = mib * 256 / (size_t)nprocs;
    const char* names[3] = {"fill", "sequential", "random"};
    long t0 = now_ms(), in0 = vmstat("pswpin"), out0 = vmstat("pswpout");
    for (int i = 0; i < nprocs; ++i)
        if (fork() == 0) child_speed(i, pages, ready[1], go[0]);
    for (int phase = 0; phase < 3; ++phase) {
        char c;
        for (int i = 0; i < nprocs; ++i)
            if (read(ready[0], &c, 1) != 1) die("ready");
        long t1 = now_ms(), in1 = vmstat("pswpin"), out1 = vmstat("pswpout");
        printf("@@ speed phase=%s ms=%ld pswpin=%ld pswpout=%ld pages=%zu\n", names[phase], t1 - t0, in1 - in0,
               out1 - out0, pages * nprocs);
        for (int i = 0; phase < 2 && i < nprocs; ++i)
            if (write(go[1], "g", 1) != 1) die("go");
        t0 = now_ms(), in0 = vmstat("pswpin"), out0 = vmstat("pswpout");
    }
    int failed = 0, status;
    while (wait(&status) > 0) failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    printf("@@ speed_done failed_procs=%d\n", failed);
    return failed ? 1 : 0;
}

// ---- slot: a swapped-out page read back raw through the crypt device ----

// Boot 1 ("write"): page a buffer out, flush dm-integrity's tags, read its last slot back with
// O_DIRECT (must work under this boot's key) and print the slot. Boot 2 ("read N"): read slot N.
// 8 MiB, so that the last slot lies beyond the first 5 MiB, which every start writes anew
// (helper/plan/planner.h): a slot there reads back under the next boot's key too.
static int read_slot(const char* dev, uint64_t slot, int flush) {
    int fd = open(dev, O_RDONLY | O_DIRECT);
    if (fd < 0) die("open");
    if (flush) fsync(fd);
    uint8_t* b = aligned_alloc(PAGE, PAGE);
    int rc = pread(fd, b, PAGE, (off_t)(slot * PAGE)) == PAGE ? 0 : errno;
    close(fd);
    return rc;
}

static int cmd_slot(const char* dev, const char* op, uint64_t slot) {
    if (!strcmp(op, "write")) {
        size_t pages = 2048;
        uint64_t* mem = alloc_pages(pages);
        for (size_t i = 0; i < pages; ++i) fill_page(mem + i * WORDS, 0x51, i, 0);
        madvise(mem, pages * PAGE, MADV_PAGEOUT);
        sleep(1);
        uint64_t* slots = calloc(pages, 8);
        if (swap_slots(mem, pages, slots) != 0) die("not swapped");
        slot = 0;
        for (size_t i = 0; i < pages; ++i)
            if (slots[i] > slot) slot = slots[i];
    }
    int rc = read_slot(dev, slot, !strcmp(op, "write"));
    printf("@@ slot op=%s slot=%llu result=%s\n", op, (unsigned long long)slot, rc ? strerror(rc) : "ok");
    return 0;
}

// ---- replay: put back an older, once-valid (data, tag) of one sector ----

// tags=ram: the same attack with what the disk holds, the data alone (the tag is in RAM, out of
// reach): write A, snapshot its data, write B, put A's data back, read.
static int cmd_replay_ram(const char* dev, const char* raw_path, uint64_t slot) {
    int fd = open(dev, O_RDWR | O_DIRECT), raw = open(raw_path, O_RDWR | O_DIRECT);
    if (fd < 0 || raw < 0) die("open");
    struct layout l = {1, 1, 8, 15, 0, 0};
    uint64_t* page = aligned_alloc(PAGE, PAGE);
    uint8_t *data_a = aligned_alloc(PAGE, PAGE), *data_b = aligned_alloc(PAGE, PAGE);
    uint64_t d_off = data_offset(&l, slot);
    fill_page(page, 0xa, slot, 0);
    if (pwrite(fd, page, PAGE, (off_t)(slot * PAGE)) != PAGE || fsync(fd)) die("write A");
    if (pread(raw, data_a, PAGE, (off_t)d_off) != PAGE) die("snapshot");
    fill_page(page, 0xb, slot, 0);
    if (pwrite(fd, page, PAGE, (off_t)(slot * PAGE)) != PAGE || fsync(fd)) die("write B");
    if (pread(raw, data_b, PAGE, (off_t)d_off) != PAGE) die("read B");
    if (pwrite(raw, data_a, PAGE, (off_t)d_off) != PAGE || fsync(raw)) die("restore");
    printf("@@ replay_check data_differ=%d\n", memcmp(data_a, data_b, PAGE) != 0);
    write_file("/proc/sys/vm/drop_caches", "3");
    int rc = pread(fd, page, PAGE, (off_t)(slot * PAGE)) == PAGE ? 0 : errno;
    const char* result = rc ? "error" : page_ok(page, 0xa, slot, 0) ? "stale" : page_ok(page, 0xb, slot, 0) ? "fresh" : "garbage";
    printf("@@ replay slot=%llu result=%s errno=%d (%s)\n", (unsigned long long)slot, result, rc, rc ? strerror(rc) : "none");
    return 0;
}

// On a crypt device that is no longer active swap (so it can be written): write A, snapshot the raw
// data and tag, write B, let dm-integrity forget the tag, restore the snapshot, read. AEAD with a
// random IV authenticates content and place, not freshness: the read returns A without an error.
static int cmd_replay(const char* dev, const char* raw_path, uint64_t slot) {
    int fd = open(dev, O_RDWR | O_DIRECT), raw = open(raw_path, O_RDWR | O_DIRECT);
    if (fd < 0 || raw < 0) die("open");
    struct layout l = read_layout(raw, 1);
    uint64_t* page = aligned_alloc(PAGE, PAGE);
    uint8_t* data = aligned_alloc(PAGE, PAGE);
    uint8_t tag_a[64], tag_b[64], tag_now[64];
    uint64_t d_off = data_offset(&l, slot), t_off = tag_offset(&l, slot);
    fill_page(page, 0xa, slot, 0);
    if (pwrite(fd, page, PAGE, (off_t)(slot * PAGE)) != PAGE || fsync(fd)) die("write A");
    flush_tags(dev);
    if (pread(raw, data, PAGE, (off_t)d_off) != PAGE) die("snapshot");
    raw_range(raw, t_off, tag_a, l.tag_size, 0);
    fill_page(page, 0xb, slot, 0);
    if (pwrite(fd, page, PAGE, (off_t)(slot * PAGE)) != PAGE || fsync(fd)) die("write B");
    flush_tags(dev);
    raw_range(raw, t_off, tag_b, l.tag_size, 0);
    if (pwrite(raw, data, PAGE, (off_t)d_off) != PAGE) die("restore");
    raw_range(raw, t_off, tag_a, l.tag_size, 1);
    flush_tags(dev);
    raw_range(raw, t_off, tag_now, l.tag_size, 0);
    printf("@@ replay_check tags_differ=%d tag_restored=%d\n", memcmp(tag_a, tag_b, l.tag_size) != 0,
           !memcmp(tag_now, tag_a, l.tag_size));
    // dm-bufio ages buffers out in a work item that runs every 30 s; drop_caches alone does not
    // make it let go of a tag buffer this recently used.
    sleep(35);
    flush_tags(dev);
    int rc = pread(fd, page, PAGE, (off_t)(slot * PAGE)) == PAGE ? 0 : errno;
    const char* result = rc ? strerror(rc) : page_ok(page, 0xa, slot, 0) ? "stale" : page_ok(page, 0xb, slot, 0) ? "fresh" : "garbage";
    printf("@@ replay slot=%llu result=%s\n", (unsigned long long)slot, result);
    return 0;
}

// The plain dm-crypt comparison: write a swap header through the device and swapon(2) it.
static int cmd_swapon(const char* dev) {
    int fd = open(dev, O_RDWR | O_DIRECT);
    if (fd < 0) die("open");
    uint64_t pages = (uint64_t)lseek(fd, 0, SEEK_END) / PAGE;
    uint8_t* h = aligned_alloc(PAGE, PAGE);
    memset(h, 0, PAGE);
    uint32_t v[3] = {1, (uint32_t)(pages - 1), 0};
    memcpy(h + 1024, v, sizeof v);
    memcpy(h + PAGE - 10, "SWAPSPACE2", 10);
    if (pwrite(fd, h, PAGE, 0) != PAGE || fsync(fd)) die("header");
    close(fd);
    if (swapon(dev, 0)) die("swapon");
    return 0;
}

// Runs a command and prints its wall time and peak RSS, for the benchmarks.
static int cmd_rusage(char** argv) {
    long t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    long ms = now_ms() - t0;
    printf("@@ rusage wall_ms=%ld maxrss_kib=%ld status=%d\n", ms, ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
    return 0;
}

static int cmd_randhex(unsigned bytes) {
    uint8_t b[64];
    if (bytes > sizeof b || getrandom(b, bytes, 0) != (ssize_t)bytes) die("getrandom");
    for (unsigned i = 0; i < bytes; ++i) printf("%02x", b[i]);
    printf("\n");
    return 0;
}

// ---- mirror: tamper one leg (or both) of a mirror under swapped-out pages ----

// 1 when the slot reads back through both legs' crypt devices, the same bytes on each; 0 when a
// leg fails it (its copy is bad), -1 when both read but differ.
static int legs_agree(int leg0, int leg1, uint64_t slot) {
    uint8_t *a = aligned_alloc(PAGE, PAGE), *b = aligned_alloc(PAGE, PAGE);
    int ok0 = pread(leg0, a, PAGE, (off_t)(slot * PAGE)) == PAGE, ok1 = pread(leg1, b, PAGE, (off_t)(slot * PAGE)) == PAGE;
    int r = !ok0 || !ok1 ? 0 : memcmp(a, b, PAGE) ? -1 : 1;
    free(a), free(b);
    return r;
}

// COUNT pages, spread over the area and cycling through data, tag and moved, are tampered on
// RAW0 (and at the same slots on RAW1 when given). A child reads every page without a handler;
// then each page is checked, and each tampered slot is read through both legs' crypt devices to
// see whether md wrote the good copy back over the bad one.
static int cmd_mirror(size_t mib, size_t count, const char* swapdev, const char* crypt0, const char* crypt1,
                      const char* raw0_path, const char* raw1_path) {
    size_t pages = mib * 256, stride = pages / count;
    uint64_t seed = 0x3c1d, *slot;
    uint64_t* mem = swapped_out("mirror", pages, seed, swapdev, &slot);
    const char* raws[2] = {raw0_path, raw1_path};
    for (int r = 0; r < 2 && raws[r]; ++r) {
        int raw = open(raws[r], O_RDWR | O_DIRECT);
        if (raw < 0) die("open raw");
        struct layout l = read_layout(raw, 1);
        for (size_t k = 0; k < count; ++k)
            tamper_slot(raw, &l, slot[k * stride], slot[k * stride + 1], (int)(DATA + k % 3));
        close(raw);
    }
    int child_signal = child_reads_all(mem, pages);
    signal(SIGBUS, on_sigbus);
    long good = 0, wrong = 0, bus = 0;
    for (size_t i = 0; i < pages; ++i) {
        int r = check_page(mem + i * WORDS, seed, i, 0);
        r > 0 ? ++good : r == 0 ? ++wrong : ++bus;
    }
    printf("@@ mirror tampered=%zu both_legs=%d good=%ld wrong=%ld sigbus=%ld child_signal=%d\n", count, raw1_path != 0,
           good, wrong, bus, child_signal);
    int l0 = open(crypt0, O_RDONLY | O_DIRECT), l1 = open(crypt1, O_RDONLY | O_DIRECT);
    if (l0 < 0 || l1 < 0) die("open legs");
    long agree = 0, bad = 0, differ = 0;
    char at[1024] = "";
    for (size_t k = 0; k < count; ++k) {
        int r = legs_agree(l0, l1, slot[k * stride]);
        r > 0 ? ++agree : r == 0 ? ++bad : ++differ;
        if (r <= 0 && strlen(at) < sizeof at - 24)
            snprintf(at + strlen(at), sizeof at - strlen(at), "%s%llu", *at ? "," : "", (unsigned long long)slot[k * stride]);
    }
    printf("@@ mirror_legs rewritten=%ld still_bad=%ld differ=%ld slots=%s\n", agree, bad, differ, *at ? at : "-");
    return 0;
}

// ---- flip: one byte of a slot's data changed on the raw device under dm-integrity ----

static int cmd_flip(const char* raw_path, uint64_t slot) {
    int raw = open(raw_path, O_RDWR | O_DIRECT);
    if (raw < 0) die("open raw");
    struct layout l = read_layout(raw, 1);
    flip_byte(raw, data_offset(&l, slot) + 100);
    close(raw);
    printf("@@ flip raw=%s slot=%llu\n", raw_path, (unsigned long long)slot);
    return 0;
}

// ---- ioerr: reads or writes failing on a range of the device under the stack ----
// The raw device is DM, a device-mapper linear map of the whole of UNDER (made by the guest's
// init); read faults are loaded into it the way lvm2's and cryptsetup's tests do: a table reload.

static void run(const char* cmd) {
    if (system(cmd) != 0) die(cmd);
}

// DM's table: UNDER, with sectors [start, start + len) mapped to dm's error target (reads and
// writes fail), or the plain map when len is 0.
static void load_fault(const char* dm, const char* under, uint64_t start, uint64_t len) {
    struct stat st;
    uint64_t bytes = 0;
    int fd = open(under, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) || ioctl(fd, BLKGETSIZE64, &bytes)) die("under");
    close(fd);
    unsigned long long total = bytes / 512, a = start, n = len;
    char dev[32], cmd[1024];
    snprintf(dev, sizeof dev, "%u:%u", major(st.st_rdev), minor(st.st_rdev));
    if (len == 0)
        snprintf(cmd, sizeof cmd, "dmsetup reload %s --table '0 %llu linear %s 0' && dmsetup resume %s", dm, total, dev, dm);
    else
        snprintf(cmd, sizeof cmd,
                 "printf '%%s\\n' '0 %llu linear %s 0' '%llu %llu error' '%llu %llu linear %s %llu' | dmsetup reload %s && "
                 "dmsetup resume %s",
                 a, dev, a, n, a + n, total - a - n, dev, a + n, dm, dm);
    run(cmd);
    printf("@@ ioerr_fault dm=%s sectors=%llu+%llu\n", dm, a, n);
}

// The sectors of the interleave area holding slot `slot`'s data: [*start, *end).
static void area_of(const struct layout* l, uint64_t slot, uint64_t* start, uint64_t* end) {
    uint64_t first = (slot * 8) >> l->log2_interleave << l->log2_interleave;
    *start = data_offset(l, first / 8) / 512;
    *end = *start + (1ull << l->log2_interleave);
}

// Every page checked in this process, as good, wrong or SIGBUS, split by `hit[i]`.
static void check_split(const uint64_t* mem, size_t pages, uint64_t seed, const char* hit, const char* name) {
    signal(SIGBUS, on_sigbus);
    long c[2][3] = {{0}};
    for (size_t i = 0; i < pages; ++i) {
        int r = check_page(mem + i * WORDS, seed, i, 0);
        c[hit[i] != 0][r > 0 ? 0 : r == 0 ? 1 : 2]++;
    }
    printf("@@ %s in_range=%ld good=%ld wrong=%ld sigbus=%ld sigbus_in_range=%ld sigbus_outside=%ld wrong_in_range=%ld\n",
           name, c[1][0] + c[1][1] + c[1][2], c[0][0] + c[1][0], c[0][1] + c[1][1], c[0][2] + c[1][2], c[1][2], c[0][2],
           c[1][1]);
}

// read: pages swapped out, then reads fail on 64 KiB of the device under some of them.
// write: pages pushed out while some writes fail (blkdebug, below), then pushed out again and
// read back.
static int cmd_ioerr(size_t mib, const char* mode, const char* under, const char* dm, const char* swapdev) {
    size_t pages = mib * 256;
    uint64_t seed = 0x10e7, *slot;
    char* hit = calloc(pages, 1);
    if (!strcmp(mode, "read")) {
        char raw_path[128];
        snprintf(raw_path, sizeof raw_path, "/dev/mapper/%s", dm);
        int raw = open(raw_path, O_RDONLY | O_DIRECT);
        if (raw < 0) die("open raw");
        struct layout l = read_layout(raw, 1);
        close(raw);
        uint64_t* mem = swapped_out("ioerr", pages, seed, swapdev, &slot);
        uint64_t first = data_offset(&l, slot[pages / 4]) / 512, start, end;
        area_of(&l, slot[pages / 4], &start, &end);
        uint64_t len = end - first < 128 ? end - first : 128;
        for (size_t i = 0; i < pages; ++i) {
            uint64_t d = data_offset(&l, slot[i]) / 512;
            hit[i] = slot[i] && d >= first && d < first + len;
        }
        load_fault(dm, under, first, len);
        int child_signal = child_reads_all(mem, pages);
        printf("@@ ioerr_child signal=%d\n", child_signal);
        check_split(mem, pages, seed, hit, "ioerr_read");
        load_fault(dm, under, 0, 0);
        return 0;
    }
    // Writes: failed once each on a range of vdb by qemu's blkdebug (a fault dm's targets cannot
    // give without failing the flushes too, which dm-integrity takes as a failed device).
    uint64_t* mem = swapped_out("ioerr", pages, seed, swapdev, &slot);
    check_split(mem, pages, seed, hit, "ioerr_write_failed");
    page_out(mem, pages);
    printf("@@ ioerr_write_again resident=%zu\n", resident(mem, pages));
    flush_tags(swapdev);
    int child_signal = child_reads_all(mem, pages);
    printf("@@ ioerr_child signal=%d\n", child_signal);
    check_split(mem, pages, seed, hit, "ioerr_write_retried");
    return 0;
}

// gone: pages swapped out, then all of DM (SECTORS long) mapped to error, as a disk that
// disappeared: what reads back.
static int cmd_gone(size_t mib, unsigned long long sectors, const char* dm, const char* swapdev) {
    size_t pages = mib * 256;
    uint64_t seed = 0x90e, *slot;
    uint64_t* mem = swapped_out("gone", pages, seed, swapdev, &slot);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "dmsetup reload %s --table '0 %llu error' && dmsetup resume %s", dm, sectors, dm);
    run(cmd);
    int child_signal = child_reads_all(mem, pages);
    printf("@@ gone_child signal=%d\n", child_signal);
    char* hit = calloc(pages, 1);
    check_split(mem, pages, seed, hit, "gone");
    return 0;
}

int main(int argc, char** argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 4 && !strcmp(argv[1], "roundtrip")) return cmd_roundtrip(strtoul(argv[2], 0, 10), atoi(argv[3]));
    if (argc == 6 && !strcmp(argv[1], "tamper")) return cmd_tamper(strtoul(argv[2], 0, 10), argv[3], argv[4], argv[5]);
    if (argc == 5 && !strcmp(argv[1], "pressure"))
        return cmd_pressure(strtoul(argv[2], 0, 10), atoi(argv[3]), (unsigned)atoi(argv[4]));
    if (argc >= 4 && !strcmp(argv[1], "slot")) return cmd_slot(argv[2], argv[3], argc > 4 ? strtoull(argv[4], 0, 10) : 0);
    if (argc == 3 && !strcmp(argv[1], "swapon")) return cmd_swapon(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "speed")) return cmd_speed(strtoul(argv[2], 0, 10), atoi(argv[3]));
    if (argc == 5 && !strcmp(argv[1], "replay")) return cmd_replay(argv[2], argv[3], strtoull(argv[4], 0, 10));
    if (argc == 5 && !strcmp(argv[1], "replay-ram")) return cmd_replay_ram(argv[2], argv[3], strtoull(argv[4], 0, 10));
    if (argc >= 3 && !strcmp(argv[1], "rusage")) return cmd_rusage(argv + 2);
    if ((argc == 8 || argc == 9) && !strcmp(argv[1], "mirror"))
        return cmd_mirror(strtoul(argv[2], 0, 10), strtoul(argv[3], 0, 10), argv[4], argv[5], argv[6], argv[7],
                          argc == 9 ? argv[8] : NULL);
    if (argc == 4 && !strcmp(argv[1], "flip")) return cmd_flip(argv[2], strtoull(argv[3], 0, 10));
    if (argc == 3 && !strcmp(argv[1], "randhex")) return cmd_randhex((unsigned)atoi(argv[2]));
    if (argc == 6 && !strcmp(argv[1], "gone")) return cmd_gone(strtoul(argv[2], 0, 10), strtoull(argv[3], 0, 10), argv[4], argv[5]);
    if (argc == 7 && !strcmp(argv[1], "ioerr"))
        return cmd_ioerr(strtoul(argv[2], 0, 10), argv[3], argv[4], argv[5], argv[6]);
    // A real fault, for the kernel's own segfault line, which names this program's file.
    if (argc == 2 && !strcmp(argv[1], "segv")) return *(volatile int*)(uintptr_t)8;
    fprintf(stderr,
            "usage: swaptest roundtrip MIB PROCS | tamper MIB aead|ram|xts|inline RAWDEV SWAPDEV | pressure MIB PROCS SECONDS |\n"
            "       speed MIB PROCS | mirror MIB COUNT SWAPDEV CRYPT0 CRYPT1 RAW0 [RAW1] |\n"
            "       slot DEV write | slot DEV read SLOT |\n"
            "       replay CRYPTDEV RAWDEV SLOT | replay-ram CRYPTDEV RAWDEV SLOT | swapon DEV | randhex BYTES |\n"
            "       rusage CMD... | ioerr MIB read|write UNDER DMNAME SWAPDEV |\n"
            "       gone MIB SECTORS DMNAME SWAPDEV | segv\n");
    return 2;
}
