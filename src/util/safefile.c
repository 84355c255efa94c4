/* safefile.c - write-opens that never follow a symbolic link (safefile.h). */
#include "safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int db_open_write(const char *path, int excl)
{
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (excl ? O_EXCL : O_TRUNC);
    return open(path, flags, 0644);
}

FILE *db_fopen_write(const char *path)
{
    int fd = db_open_write(path, 0);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

const char *db_write_strerror(int e)
{
    /* O_NOFOLLOW's refusal: say what it is, not "too many levels" */
    return e == ELOOP ? "a symbolic link is there (discbench does not write through links)" : strerror(e);
}
