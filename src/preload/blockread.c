/* blockread.c - reading the node as a block device: read, pread and
 * lseek (and their 64-bit and fortified variants), which libcdio's Linux
 * driver uses for Mode 1 data (lseek + read of 2048-byte blocks).  Each
 * read becomes READ(10) commands, as the kernel's block layer would send. */
#undef _FORTIFY_SOURCE
#include "vdev.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../drive/mmc.h"

ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen);
ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen);
ssize_t __pread64_chk(int fd, void *buf, size_t n, off64_t off, size_t buflen);

/* Sectors per READ(10) the block layer would send (64 KiB). */
#define READ_CHUNK_SECTORS 32u

/* Read n bytes at byte offset pos of the disc's 2048-byte blocks with
 * READ(10), as the kernel's block layer does for a read() of /dev/sr0.
 * Returns bytes read (short at the end of the disc), or -1 with EIO when
 * the first block cannot be read. */
static ssize_t read_node(void *buf, size_t n, off_t pos)
{
    if (pos < 0) {
        errno = EINVAL;
        return -1;
    }
    uint64_t end = (uint64_t)vdev_capacity_blocks() * CD_DATA_BYTES;
    if (end == 0) {
        errno = EIO;
        return -1;
    }
    if ((uint64_t)pos >= end || n == 0)
        return 0;
    if (n > end - (uint64_t)pos)
        n = (size_t)(end - (uint64_t)pos);
    uint8_t *bounce = malloc((size_t)READ_CHUNK_SECTORS * CD_DATA_BYTES);
    if (!bounce) {
        errno = ENOMEM;
        return -1;
    }
    size_t done = 0;
    while (done < n) {
        uint64_t off = (uint64_t)pos + done;
        uint32_t lba = (uint32_t)(off / CD_DATA_BYTES);
        size_t skip = (size_t)(off % CD_DATA_BYTES);
        size_t want = n - done;
        uint64_t count = (skip + want + CD_DATA_BYTES - 1) / CD_DATA_BYTES;
        if (count > READ_CHUNK_SECTORS)
            count = READ_CHUNK_SECTORS;
        uint8_t cdb[10] = { MMC_READ_10, 0, (uint8_t)(lba >> 24), (uint8_t)(lba >> 16),
                            (uint8_t)(lba >> 8), (uint8_t)lba, 0, 0, (uint8_t)count, 0 };
        vdev_reply r;
        size_t bytes = (size_t)count * CD_DATA_BYTES;
        if (vdev_exec(cdb, sizeof cdb, VDEV_DIR_IN, bounce, bytes, "read", &r) || r.check ||
            r.data_len < bytes)
            break;
        size_t k = bytes - skip < want ? bytes - skip : want;
        memcpy((uint8_t *)buf + done, bounce + skip, k);
        done += k;
    }
    free(bounce);
    if (done == 0) {
        errno = EIO;
        return -1;
    }
    return (ssize_t)done;
}

static ssize_t read_fd(int fd, void *buf, size_t n)
{
    off_t pos = 0;
    if (!vdev_fd_get_pos(fd, &pos)) {
        errno = EBADF;
        return -1;
    }
    ssize_t r = read_node(buf, n, pos);
    if (r > 0)
        vdev_fd_set_pos(fd, pos + r);
    return r;
}

VDEV_EXPORT ssize_t read(int fd, void *buf, size_t n)
{
    return vdev_fd_is(fd) ? read_fd(fd, buf, n) : VDEV_REAL(read)(fd, buf, n);
}

VDEV_EXPORT ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
    if (!vdev_fd_is(fd))
        return VDEV_REAL(__read_chk)(fd, buf, n, buflen);
    if (n > buflen)
        abort(); /* what the fortified libc does on a buffer overflow */
    return read_fd(fd, buf, n);
}

VDEV_EXPORT ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    return vdev_fd_is(fd) ? read_node(buf, n, off) : VDEV_REAL(pread)(fd, buf, n, off);
}

VDEV_EXPORT ssize_t pread64(int fd, void *buf, size_t n, off64_t off)
{
    return vdev_fd_is(fd) ? read_node(buf, n, (off_t)off) : VDEV_REAL(pread64)(fd, buf, n, off);
}

VDEV_EXPORT ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
    if (!vdev_fd_is(fd))
        return VDEV_REAL(__pread_chk)(fd, buf, n, off, buflen);
    if (n > buflen)
        abort();
    return read_node(buf, n, off);
}

VDEV_EXPORT ssize_t __pread64_chk(int fd, void *buf, size_t n, off64_t off, size_t buflen)
{
    if (!vdev_fd_is(fd))
        return VDEV_REAL(__pread64_chk)(fd, buf, n, off, buflen);
    if (n > buflen)
        abort();
    return read_node(buf, n, (off_t)off);
}

static off_t seek_node(int fd, off_t off, int whence)
{
    off_t pos = 0;
    if (!vdev_fd_get_pos(fd, &pos)) {
        errno = EBADF;
        return -1;
    }
    off_t base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = pos; break;
    case SEEK_END: base = (off_t)vdev_capacity_blocks() * CD_DATA_BYTES; break;
    default: errno = EINVAL; return -1;
    }
    if ((off < 0 && base + off < 0) || (off > 0 && base > INT64_MAX - off)) {
        errno = EINVAL;
        return -1;
    }
    vdev_fd_set_pos(fd, base + off);
    return base + off;
}

VDEV_EXPORT off_t lseek(int fd, off_t off, int whence)
{
    return vdev_fd_is(fd) ? seek_node(fd, off, whence) : VDEV_REAL(lseek)(fd, off, whence);
}

VDEV_EXPORT off64_t lseek64(int fd, off64_t off, int whence)
{
    return vdev_fd_is(fd) ? seek_node(fd, (off_t)off, whence) : VDEV_REAL(lseek64)(fd, off, whence);
}
