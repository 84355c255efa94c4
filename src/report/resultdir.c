/* resultdir.c - create and check a results directory (see resultdir.h). */
#include "resultdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *dir, int e, db_error *err)
{
    return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: %s", dir, strerror(e));
}

/* Create every missing component of path.  Returns 0 or an errno value. */
static int mkdir_p(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return ENOMEM;
    int e = 0;
    /* Walk the components left to right; each '/' ends one. The leading
     * '/' of an absolute path is skipped: "/" itself always exists. */
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            e = errno;
            break;
        }
        *s = saved;
        if (saved == '\0')
            break;
    }
    free(p);
    return e;
}

int db_resultdir_prepare(const char *dir, db_error *err)
{
    if (!dir || !*dir)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results: no directory given");
    int e = mkdir_p(dir);
    if (e)
        return fail(dir, e, err);
    /* mkdir's EEXIST also covers "exists as a regular file". */
    struct stat st;
    if (stat(dir, &st) != 0)
        return fail(dir, errno, err);
    if (!S_ISDIR(st.st_mode))
        return fail(dir, ENOTDIR, err);
    if (access(dir, W_OK | X_OK) != 0)
        return fail(dir, errno, err);

    char probe[4096];
    int n = snprintf(probe, sizeof probe, "%s/.discbench-probe-%ld", dir, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof probe)
        return fail(dir, ENAMETOOLONG, err);
    int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) {
        /* Left over by a killed run with our pid: reuse the name. */
        unlink(probe);
        fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    }
    if (fd < 0)
        return fail(dir, errno, err);
    close(fd);
    unlink(probe);
    return 0;
}

int db_resultdir_claim(const char *dir, const char *test, bool force, db_error *err)
{
    struct stat st;
    if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: it is a symbolic link "
                            "(discbench does not write through links; give the directory it points to)", dir);
    char csv[64];
    snprintf(csv, sizeof csv, "%s.csv", test);
    const char *const earlier[] = { "summary.json", csv };
    for (size_t i = 0; i < sizeof earlier / sizeof earlier[0]; i++) {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, earlier[i]);
        if (n < 0 || (size_t)n >= sizeof path)
            return fail(dir, ENAMETOOLONG, err);
        if (lstat(path, &st) == 0 && !force)
            return db_error_set(err, DB_EXIT_OUTPUT, "%s already holds the results of an earlier run (%s): "
                                "give --force to overwrite them, or another -o DIR", dir, earlier[i]);
    }
    return 0;
}
