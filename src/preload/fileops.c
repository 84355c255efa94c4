/* fileops.c - opening and closing the node: open (all variants, the
 * _FORTIFY_SOURCE ones too), close, close_range, closefrom, dup, dup2,
 * dup3 and fcntl's F_DUPFD, so the fd table (fdtab.c) always knows which
 * descriptors are the node.  Every other path goes straight to libc. */
#undef _FORTIFY_SOURCE
#include "vdev.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

/* The fortified entry points: not declared by today's headers unless
 * _FORTIFY_SOURCE is on. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);

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
