/* interpose.c - the file calls a program makes on the node's path and on
 * its descriptors: open (all variants), the stat family, access, realpath,
 * the xattr calls, close/dup/fcntl (to keep the fd table true), and
 * read/pread/lseek, which libcdio's Linux driver uses for Mode 1 data
 * (lseek + read of 2048-byte blocks).  Everything not about the node goes
 * straight to libc. */
#undef _FORTIFY_SOURCE
#include "vdev.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "../drive/mmc.h"

/* Old glibc stat entry points (glibc < 2.33 programs call these): not in
 * today's headers. */
int __xstat(int ver, const char *path, struct stat *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __fxstat(int ver, int fd, struct stat *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
int __fxstat64(int ver, int fd, struct stat64 *st);
int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen);
ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen);
ssize_t __pread64_chk(int fd, void *buf, size_t n, off64_t off, size_t buflen);
char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen);

/* ---- open ---- */

/* Open the node like the sr driver opens a read-only CD drive: a write
 * open is refused with EROFS unless O_NONBLOCK is given (then the kernel
 * skips the medium checks and allows it: that is how tools that send
 * commands through SG_IO open /dev/sr0). */
static int open_node(int flags)
{
    if (flags & O_DIRECTORY) {
        errno = ENOTDIR;
        return -1;
    }
    if ((flags & O_CREAT) && (flags & O_EXCL)) {
        errno = EEXIST;
        return -1;
    }
    if ((flags & O_ACCMODE) != O_RDONLY && !(flags & O_NONBLOCK)) {
        errno = EROFS;
        return -1;
    }
    if (vdev_drive_ready())
        return -1;
    int fd = VDEV_REAL(open)("/dev/null", O_RDONLY | (flags & (O_CLOEXEC | O_NONBLOCK)));
    if (fd < 0)
        return -1;
    if (vdev_fd_add(fd)) {
        int e = errno;
        VDEV_REAL(close)(fd);
        errno = e;
        return -1;
    }
    vdev_log_note("open fd=%d flags=0x%x", fd, (unsigned)flags);
    return fd;
}

/* A descriptor the kernel just handed out cannot be the node (an fd closed
 * behind our back, e.g. by fclose, may have left a stale entry). */
static int fresh(int fd)
{
    if (fd >= 0)
        vdev_fd_forget(fd);
    return fd;
}

static mode_t mode_arg(int flags, va_list ap)
{
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

VDEV_EXPORT int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    if (vdev_is_node_path(AT_FDCWD, path))
        return open_node(flags);
    return fresh(VDEV_REAL(open)(path, flags, mode));
}

VDEV_EXPORT int open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    if (vdev_is_node_path(AT_FDCWD, path))
        return open_node(flags);
    return fresh(VDEV_REAL(open64)(path, flags, mode));
}

VDEV_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    if (vdev_is_node_path(dirfd, path))
        return open_node(flags);
    return fresh(VDEV_REAL(openat)(dirfd, path, flags, mode));
}

VDEV_EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    if (vdev_is_node_path(dirfd, path))
        return open_node(flags);
    return fresh(VDEV_REAL(openat64)(dirfd, path, flags, mode));
}

/* _FORTIFY_SOURCE variants (open without a mode argument). */
VDEV_EXPORT int __open_2(const char *path, int flags)
{
    if (vdev_is_node_path(AT_FDCWD, path))
        return open_node(flags);
    return fresh(VDEV_REAL(__open_2)(path, flags));
}

VDEV_EXPORT int __open64_2(const char *path, int flags)
{
    if (vdev_is_node_path(AT_FDCWD, path))
        return open_node(flags);
    return fresh(VDEV_REAL(__open64_2)(path, flags));
}

VDEV_EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
    if (vdev_is_node_path(dirfd, path))
        return open_node(flags);
    return fresh(VDEV_REAL(__openat_2)(dirfd, path, flags));
}

VDEV_EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
    if (vdev_is_node_path(dirfd, path))
        return open_node(flags);
    return fresh(VDEV_REAL(__openat64_2)(dirfd, path, flags));
}

/* ---- stat ---- */

/* struct stat and struct stat64 are one layout on the 64-bit ABIs this
 * library is built for. */
_Static_assert(sizeof(struct stat) == sizeof(struct stat64), "stat64 differs from stat");

static int stat_node(struct stat *st)
{
    if (!st) {
        errno = EFAULT;
        return -1;
    }
    vdev_fill_stat(st);
    return 0;
}

VDEV_EXPORT int stat(const char *restrict path, struct stat *restrict st)
{
    return vdev_is_node_path(AT_FDCWD, path) ? stat_node(st) : VDEV_REAL(stat)(path, st);
}

VDEV_EXPORT int lstat(const char *restrict path, struct stat *restrict st)
{
    return vdev_is_node_path(AT_FDCWD, path) ? stat_node(st) : VDEV_REAL(lstat)(path, st);
}

VDEV_EXPORT int fstat(int fd, struct stat *st)
{
    return vdev_fd_is(fd) ? stat_node(st) : VDEV_REAL(fstat)(fd, st);
}

/* AT_EMPTY_PATH with an empty path: the dirfd itself. */
static bool at_is_node(int dirfd, const char *path, int flags)
{
    if ((flags & AT_EMPTY_PATH) && path && !*path)
        return vdev_fd_is(dirfd);
    return vdev_is_node_path(dirfd, path);
}

VDEV_EXPORT int fstatat(int dirfd, const char *restrict path, struct stat *restrict st, int flags)
{
    return at_is_node(dirfd, path, flags) ? stat_node(st) : VDEV_REAL(fstatat)(dirfd, path, st, flags);
}

VDEV_EXPORT int stat64(const char *restrict path, struct stat64 *restrict st)
{
    return vdev_is_node_path(AT_FDCWD, path) ? stat_node((struct stat *)st) : VDEV_REAL(stat64)(path, st);
}

VDEV_EXPORT int lstat64(const char *restrict path, struct stat64 *restrict st)
{
    return vdev_is_node_path(AT_FDCWD, path) ? stat_node((struct stat *)st) : VDEV_REAL(lstat64)(path, st);
}

VDEV_EXPORT int fstat64(int fd, struct stat64 *st)
{
    return vdev_fd_is(fd) ? stat_node((struct stat *)st) : VDEV_REAL(fstat64)(fd, st);
}

VDEV_EXPORT int fstatat64(int dirfd, const char *restrict path, struct stat64 *restrict st, int flags)
{
    return at_is_node(dirfd, path, flags) ? stat_node((struct stat *)st)
                                          : VDEV_REAL(fstatat64)(dirfd, path, st, flags);
}

/* The old entry points: answered for the node, otherwise handed to the
 * modern calls (the layouts are the same; the old symbols are compat-only
 * in glibc >= 2.33 and cannot be looked up by name). */
VDEV_EXPORT int __xstat(int ver, const char *path, struct stat *st)
{
    (void)ver;
    return stat(path, st);
}

VDEV_EXPORT int __lxstat(int ver, const char *path, struct stat *st)
{
    (void)ver;
    return lstat(path, st);
}

VDEV_EXPORT int __fxstat(int ver, int fd, struct stat *st)
{
    (void)ver;
    return fstat(fd, st);
}

VDEV_EXPORT int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags)
{
    (void)ver;
    return fstatat(dirfd, path, st, flags);
}

VDEV_EXPORT int __xstat64(int ver, const char *path, struct stat64 *st)
{
    (void)ver;
    return stat64(path, st);
}

VDEV_EXPORT int __lxstat64(int ver, const char *path, struct stat64 *st)
{
    (void)ver;
    return lstat64(path, st);
}

VDEV_EXPORT int __fxstat64(int ver, int fd, struct stat64 *st)
{
    (void)ver;
    return fstat64(fd, st);
}

VDEV_EXPORT int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags)
{
    (void)ver;
    return fstatat64(dirfd, path, st, flags);
}

VDEV_EXPORT int statx(int dirfd, const char *restrict path, int flags, unsigned int mask,
                      struct statx *restrict stx)
{
    if (!at_is_node(dirfd, path, flags))
        return VDEV_REAL(statx)(dirfd, path, flags, mask, stx);
    struct stat st;
    vdev_fill_stat(&st);
    memset(stx, 0, sizeof *stx);
    stx->stx_mask = STATX_BASIC_STATS;
    stx->stx_blksize = (uint32_t)st.st_blksize;
    stx->stx_nlink = (uint32_t)st.st_nlink;
    stx->stx_uid = st.st_uid;
    stx->stx_gid = st.st_gid;
    stx->stx_mode = (uint16_t)st.st_mode;
    stx->stx_ino = st.st_ino;
    stx->stx_atime.tv_sec = stx->stx_mtime.tv_sec = stx->stx_ctime.tv_sec = st.st_mtim.tv_sec;
    stx->stx_rdev_major = VDEV_MAJOR;
    stx->stx_rdev_minor = VDEV_MINOR;
    stx->stx_dev_major = 0;
    stx->stx_dev_minor = 5;
    return 0;
}

/* ---- extended attributes: the node has none (ls -l asks for them) ---- */

VDEV_EXPORT ssize_t getxattr(const char *path, const char *name, void *value, size_t size)
{
    if (!vdev_is_node_path(AT_FDCWD, path))
        return VDEV_REAL(getxattr)(path, name, value, size);
    errno = ENODATA;
    return -1;
}

VDEV_EXPORT ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size)
{
    if (!vdev_is_node_path(AT_FDCWD, path))
        return VDEV_REAL(lgetxattr)(path, name, value, size);
    errno = ENODATA;
    return -1;
}

VDEV_EXPORT ssize_t fgetxattr(int fd, const char *name, void *value, size_t size)
{
    if (!vdev_fd_is(fd))
        return VDEV_REAL(fgetxattr)(fd, name, value, size);
    errno = ENODATA;
    return -1;
}

VDEV_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
    return vdev_is_node_path(AT_FDCWD, path) ? 0 : VDEV_REAL(listxattr)(path, list, size);
}

VDEV_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
    return vdev_is_node_path(AT_FDCWD, path) ? 0 : VDEV_REAL(llistxattr)(path, list, size);
}

/* ---- access, realpath ---- */

/* The node is rw for its owner (the caller), never executable. */
static int access_node(int mode)
{
    if (mode & X_OK) {
        errno = EACCES;
        return -1;
    }
    return 0;
}

VDEV_EXPORT int access(const char *path, int mode)
{
    return vdev_is_node_path(AT_FDCWD, path) ? access_node(mode) : VDEV_REAL(access)(path, mode);
}

VDEV_EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
    return vdev_is_node_path(dirfd, path) ? access_node(mode)
                                          : VDEV_REAL(faccessat)(dirfd, path, mode, flags);
}

VDEV_EXPORT int euidaccess(const char *path, int mode)
{
    return vdev_is_node_path(AT_FDCWD, path) ? access_node(mode) : VDEV_REAL(euidaccess)(path, mode);
}

VDEV_EXPORT int eaccess(const char *path, int mode)
{
    return vdev_is_node_path(AT_FDCWD, path) ? access_node(mode) : VDEV_REAL(eaccess)(path, mode);
}

/* glibc's realpath stats each component internally (not through us), and
 * the node's path need not exist: answer it lexically. */
static char *realpath_node(const char *path, char *resolved)
{
    char cwd[PATH_MAX], norm[PATH_MAX];
    const char *base = path[0] == '/' ? NULL : getcwd(cwd, sizeof cwd);
    if (vdev_path_normalize(base, path, norm, sizeof norm)) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    if (resolved) {
        memcpy(resolved, norm, strlen(norm) + 1); /* norm < PATH_MAX, as realpath promises */
        return resolved;
    }
    char *out = strdup(norm);
    if (!out)
        errno = ENOMEM;
    return out;
}

VDEV_EXPORT char *realpath(const char *restrict path, char *restrict resolved)
{
    return vdev_is_node_path(AT_FDCWD, path) ? realpath_node(path, resolved)
                                             : VDEV_REAL(realpath)(path, resolved);
}

VDEV_EXPORT char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen)
{
    if (path && vdev_is_node_path(AT_FDCWD, path))
        return realpath_node(path, resolved);
    return VDEV_REAL(__realpath_chk)(path, resolved, resolvedlen);
}

VDEV_EXPORT char *canonicalize_file_name(const char *path)
{
    return vdev_is_node_path(AT_FDCWD, path) ? realpath_node(path, NULL)
                                             : VDEV_REAL(canonicalize_file_name)(path);
}

/* ---- descriptors ---- */

VDEV_EXPORT int close(int fd)
{
    if (vdev_fd_is(fd)) {
        vdev_log_note("close fd=%d", fd);
        vdev_fd_forget(fd);
    }
    return VDEV_REAL(close)(fd);
}

VDEV_EXPORT int close_range(unsigned int first, unsigned int last, int flags)
{
    int rc = VDEV_REAL(close_range)(first, last, flags);
    if (rc == 0 && !(flags & CLOSE_RANGE_CLOEXEC))
        for (unsigned int fd = first; fd <= last && fd < 4096; fd++)
            vdev_fd_forget((int)fd);
    return rc;
}

VDEV_EXPORT void closefrom(int lowfd)
{
    VDEV_REAL(closefrom)(lowfd);
    for (int fd = lowfd < 0 ? 0 : lowfd; fd < 4096; fd++)
        vdev_fd_forget(fd);
}

VDEV_EXPORT int dup(int fd)
{
    int r = VDEV_REAL(dup)(fd);
    if (r >= 0)
        vdev_fd_dup(fd, r);
    return r;
}

VDEV_EXPORT int dup2(int oldfd, int newfd)
{
    int r = VDEV_REAL(dup2)(oldfd, newfd);
    if (r >= 0)
        vdev_fd_dup(oldfd, r);
    return r;
}

VDEV_EXPORT int dup3(int oldfd, int newfd, int flags)
{
    int r = VDEV_REAL(dup3)(oldfd, newfd, flags);
    if (r >= 0)
        vdev_fd_dup(oldfd, r);
    return r;
}

/* fcntl takes its third argument as a pointer-sized value, as glibc's own
 * wrapper does. */
static int fcntl_common(int (*real)(int, int, ...), int fd, int cmd, va_list ap)
{
    void *arg = va_arg(ap, void *);
    int r = real(fd, cmd, arg);
    if (r >= 0 && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC))
        vdev_fd_dup(fd, r);
    return r;
}

VDEV_EXPORT int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    int r = fcntl_common(VDEV_REAL(fcntl), fd, cmd, ap);
    va_end(ap);
    return r;
}

VDEV_EXPORT int fcntl64(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    int r = fcntl_common(VDEV_REAL(fcntl64), fd, cmd, ap);
    va_end(ap);
    return r;
}

/* ---- reading the block device ---- */

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
