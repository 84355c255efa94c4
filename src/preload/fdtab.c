/* fdtab.c - which file descriptors are the node.
 *
 * An open of the node returns a real descriptor (of /dev/null), so that
 * fcntl, poll, close and exec-inheritance work on it as on any fd; this
 * table marks it as the node.  Like the kernel, it separates descriptors
 * from open file descriptions: dup'd fds share one (and its position).
 *
 * Lookups are lock-free (an atomic pointer per fd): every read/close/ioctl
 * of the process asks.  Changes take `lock`.  Descriptions come from a
 * small fixed pool: no malloc on these paths. */
#include "vdev.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>

#define VDEV_MAX_FD 4096
#define VDEV_MAX_FILES 64

typedef struct vdev_file {
    int refs;       /* descriptors sharing it; 0 = free slot */
    off_t pos;      /* file position for read/lseek */
} vdev_file;

/* The table: guarded by `lock` for changes, read lock-free via `fds`. */
static struct {
    pthread_mutex_t lock;
    vdev_file files[VDEV_MAX_FILES];
    _Atomic(vdev_file *) fds[VDEV_MAX_FD];
} tab = { .lock = PTHREAD_MUTEX_INITIALIZER };

static bool in_range(int fd)
{
    return fd >= 0 && fd < VDEV_MAX_FD;
}

bool vdev_fd_is(int fd)
{
    return in_range(fd) && atomic_load_explicit(&tab.fds[fd], memory_order_acquire) != NULL;
}

static void drop(vdev_file *f)
{
    if (f && f->refs > 0)
        f->refs--;
}

int vdev_fd_add(int fd)
{
    if (!in_range(fd)) {
        errno = EMFILE;
        return -1;
    }
    pthread_mutex_lock(&tab.lock);
    vdev_file *f = NULL;
    for (int i = 0; i < VDEV_MAX_FILES && !f; i++)
        if (tab.files[i].refs == 0)
            f = &tab.files[i];
    if (f) {
        *f = (vdev_file){ .refs = 1, .pos = 0 };
        drop(atomic_exchange(&tab.fds[fd], f));
    }
    pthread_mutex_unlock(&tab.lock);
    if (!f) {
        errno = ENFILE;
        return -1;
    }
    return 0;
}

void vdev_fd_forget(int fd)
{
    if (!vdev_fd_is(fd))
        return;
    pthread_mutex_lock(&tab.lock);
    drop(atomic_exchange(&tab.fds[fd], NULL));
    pthread_mutex_unlock(&tab.lock);
}

void vdev_fd_dup(int oldfd, int newfd)
{
    if (!in_range(newfd) || oldfd == newfd)
        return;
    pthread_mutex_lock(&tab.lock);
    vdev_file *f = in_range(oldfd) ? atomic_load(&tab.fds[oldfd]) : NULL;
    if (f)
        f->refs++;
    drop(atomic_exchange(&tab.fds[newfd], f));
    pthread_mutex_unlock(&tab.lock);
}

bool vdev_fd_get_pos(int fd, off_t *pos)
{
    if (!vdev_fd_is(fd))
        return false;
    pthread_mutex_lock(&tab.lock);
    vdev_file *f = atomic_load(&tab.fds[fd]);
    if (f)
        *pos = f->pos;
    pthread_mutex_unlock(&tab.lock);
    return f != NULL;
}

void vdev_fd_set_pos(int fd, off_t pos)
{
    if (!vdev_fd_is(fd))
        return;
    pthread_mutex_lock(&tab.lock);
    vdev_file *f = atomic_load(&tab.fds[fd]);
    if (f)
        f->pos = pos;
    pthread_mutex_unlock(&tab.lock);
}
