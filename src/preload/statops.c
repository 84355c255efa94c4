/* statops.c - what the node's path looks like: the stat family (with
 * statx and the pre-2.33 __xstat entry points), the extended-attribute
 * calls, access and realpath.  It is a block device, major 11 (sr), owned
 * by the caller (vdev_fill_stat); it need not exist on disk. */
#undef _FORTIFY_SOURCE
#include "vdev.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

/* Old glibc stat entry points (glibc < 2.33 programs call these), and the
 * fortified realpath: not in today's headers. */
int __xstat(int ver, const char *path, struct stat *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __fxstat(int ver, int fd, struct stat *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
int __fxstat64(int ver, int fd, struct stat64 *st);
int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags);
char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen);

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
