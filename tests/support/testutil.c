/* testutil.c - see testutil.h. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *tu_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    char *p = malloc(strlen(base) + strlen(tag) + 32);
    sprintf(p, "%s/dbtest-%s-XXXXXX", base, tag);
    if (!mkdtemp(p)) {
        free(p);
        return NULL;
    }
    return p;
}

void tu_rmrf(const char *dir)
{
    if (!dir)
        return;
    const char *argv[] = { "rm", "-rf", dir, NULL };
    tu_run(NULL, NULL, argv);
}

static char *slurp_fd(int fd)
{
    size_t cap = 4096, len = 0;
    char *b = malloc(cap);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            b = realloc(b, cap);
        }
        ssize_t n = read(fd, b + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    b[len] = '\0';
    return b;
}

int tu_run(char **out, char **err, const char *const *argv)
{
    char outpath[] = "/tmp/dbtest-out-XXXXXX", errpath[] = "/tmp/dbtest-err-XXXXXX";
    int ofd = mkstemp(outpath), efd = mkstemp(errpath);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(ofd, 1);
        dup2(efd, 2);
        int nul = open("/dev/null", O_RDONLY);
        dup2(nul, 0);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    lseek(ofd, 0, SEEK_SET);
    lseek(efd, 0, SEEK_SET);
    if (out)
        *out = slurp_fd(ofd);
    if (err)
        *err = slurp_fd(efd);
    close(ofd);
    close(efd);
    unlink(outpath);
    unlink(errpath);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}

int tu_run_discbench(char **out, char **err, const char *const *args)
{
    const char *bin = getenv("DISCBENCH_BIN");
    if (!bin)
        bin = "discbench";
    size_t n = 0;
    while (args[n])
        n++;
    const char **argv = calloc(n + 2, sizeof *argv);
    argv[0] = bin;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];
    int rc = tu_run(out, err, argv);
    free(argv);
    return rc;
}

char *tu_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    char *s = slurp_fd(fd);
    close(fd);
    if (len)
        *len = strlen(s);
    return s;
}

static void add_field(char ***row, size_t *n, const char *s, size_t len)
{
    *row = realloc(*row, (*n + 1) * sizeof **row);
    (*row)[*n] = strndup(s, len);
    (*n)++;
}

int tu_csv_load(const char *path, tu_csv *out)
{
    memset(out, 0, sizeof *out);
    size_t len;
    char *t = tu_read_file(path, &len);
    if (!t)
        return -1;
    size_t i = 0;
    while (i < len) {
        char **row = NULL;
        size_t n = 0;
        for (;;) {
            char buf[4096];
            size_t bl = 0;
            if (t[i] == '"') {
                i++;
                while (i < len) {
                    if (t[i] == '"' && t[i + 1] == '"') {
                        buf[bl++] = '"';
                        i += 2;
                    } else if (t[i] == '"') {
                        i++;
                        break;
                    } else
                        buf[bl++] = t[i++];
                    if (bl >= sizeof buf - 1)
                        break;
                }
            } else {
                while (i < len && t[i] != ',' && t[i] != '\n' && t[i] != '\r' && bl < sizeof buf - 1)
                    buf[bl++] = t[i++];
            }
            add_field(&row, &n, buf, bl);
            if (i < len && t[i] == ',') {
                i++;
                continue;
            }
            if (i < len && t[i] == '\r')
                i++;
            if (i < len && t[i] == '\n')
                i++;
            break;
        }
        out->rows = realloc(out->rows, (out->nrows + 1) * sizeof *out->rows);
        out->rows[out->nrows++] = row;
        if (out->nrows == 1)
            out->ncols = n;
        else if (n != out->ncols) {
            free(t);
            return -2; /* ragged row: a torn or malformed CSV */
        }
    }
    free(t);
    return out->nrows ? 0 : -1;
}

void tu_csv_free(tu_csv *c)
{
    for (size_t r = 0; r < c->nrows; r++) {
        size_t n = r == 0 ? c->ncols : c->ncols;
        for (size_t k = 0; k < n; k++)
            free(c->rows[r][k]);
        free(c->rows[r]);
    }
    free(c->rows);
    memset(c, 0, sizeof *c);
}

int tu_csv_col(const tu_csv *c, const char *name)
{
    if (!c->nrows)
        return -1;
    for (size_t k = 0; k < c->ncols; k++)
        if (!strcmp(c->rows[0][k], name))
            return (int)k;
    return -1;
}

double tu_csv_num(const tu_csv *c, size_t r, const char *name)
{
    int k = tu_csv_col(c, name);
    if (k < 0 || r + 1 >= c->nrows)
        return NAN;
    return strtod(c->rows[r + 1][k], NULL);
}

char *tu_profile(const char *kind, const char *name)
{
    const char *src = getenv("DB_SRC");
    if (!src)
        src = ".";
    char *p = malloc(strlen(src) + strlen(kind) + strlen(name) + 32);
    sprintf(p, "%s/profiles/%s/%s.profile", src, kind, name);
    return p;
}

int tu_signal_after_rows(const char *const *args, const char *csv_path, size_t min_rows,
                         int timeout_ms, int sig)
{
    const char *bin = getenv("DISCBENCH_BIN");
    if (!bin)
        bin = "discbench";
    size_t n = 0;
    while (args[n])
        n++;
    const char **argv = calloc(n + 2, sizeof *argv);
    argv[0] = bin;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];
    pid_t pid = fork();
    if (pid == 0) {
        int nul = open("/dev/null", O_WRONLY);
        dup2(nul, 1);
        dup2(nul, 2);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    free(argv);
    for (int waited_ms = 0; waited_ms < timeout_ms; waited_ms += 20) {
        struct timespec ts = { 0, 20 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        tu_csv c;
        if (tu_csv_load(csv_path, &c) == 0) {
            size_t rows = c.nrows;
            tu_csv_free(&c);
            if (rows >= min_rows)
                break;
        }
    }
    kill(pid, sig);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

int tu_for_each_drive_profile(void (*fn)(const char *name, void *arg), void *arg)
{
    const char *src = getenv("DB_SRC");
    char dirpath[4096];
    snprintf(dirpath, sizeof dirpath, "%s/profiles/drives", src ? src : ".");
    DIR *d = opendir(dirpath);
    if (!d)
        return 0;
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len <= 8 || strcmp(de->d_name + len - 8, ".profile"))
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(len - 8), de->d_name);
        fn(name, arg);
        n++;
    }
    closedir(d);
    return n;
}
