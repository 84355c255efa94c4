/* atomic.c - write-to-temporary-then-rename (see atomic.h). */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../util/safefile.h"

int db_atomic_open(db_atomic *a, const char *path, db_error *err)
{
    memset(a, 0, sizeof *a);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    int dir_len = slash ? (int)(slash - path + 1) : 0; /* keeps the '/' */
    if (!*base)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: not a file name", path);
    int n1 = snprintf(a->path, sizeof a->path, "%s", path);
    /* The temporary file sits in the same directory so that rename(2) stays
     * within one file system and is atomic; the leading dot keeps it out of
     * `ls` and out of globs like *.json. */
    int n2 = snprintf(a->tmp_path, sizeof a->tmp_path, "%.*s.%s.tmp", dir_len, path, base);
    if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof a->path || (size_t)n2 >= sizeof a->tmp_path)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: path too long", path);
    /* A fresh temporary file: one left by a killed run (or a link planted
     * under its name) is removed first - unlink removes a link itself -
     * and O_EXCL | O_NOFOLLOW never opens anything but a new file.  The
     * rename then replaces whatever the final name was, a link included,
     * without following it. */
    unlink(a->tmp_path);
    int fd = db_open_write(a->tmp_path, 1);
    if (fd < 0)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: %s", path,
                            db_write_strerror(errno));
    a->f = fdopen(fd, "w");
    if (!a->f) {
        int e = errno;
        close(fd);
        unlink(a->tmp_path);
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: %s", path, strerror(e));
    }
    return 0;
}

/* Make the rename itself durable.  Some file systems refuse fsync on a
 * directory (EINVAL); the data is then as safe as that file system allows,
 * so that is not an error. */
static void sync_parent_dir(const char *path)
{
    char dir[DB_ATOMIC_PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int db_atomic_commit(db_atomic *a, db_error *err)
{
    if (!a->f)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: file not open", a->path);
    FILE *f = a->f;
    a->f = NULL;
    int e = 0;
    errno = 0;
    if (fflush(f) != 0 || ferror(f))
        e = errno ? errno : EIO;
    if (!e && fsync(fileno(f)) != 0)
        e = errno;
    if (fclose(f) != 0 && !e)
        e = errno;
    if (!e && rename(a->tmp_path, a->path) != 0)
        e = errno;
    if (e) {
        unlink(a->tmp_path);
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: %s", a->path, strerror(e));
    }
    sync_parent_dir(a->path);
    return 0;
}

void db_atomic_abort(db_atomic *a)
{
    if (!a->f)
        return;
    fclose(a->f);
    a->f = NULL;
    unlink(a->tmp_path);
}
