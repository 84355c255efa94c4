/* gnuplot.c - write gnuplot scripts from templates and run gnuplot (see
 * gnuplot.h).  gnuplot is started with fork + execv, never through a shell:
 * results directories and script names come from the user and must not be
 * parsed by one. */
#include "gnuplot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../util/safefile.h"

#include "atomic.h"

/* What a failed child reports through the pipe before _exit. */
struct exec_report {
    int stage; /* 0: chdir, 1: redirecting or exec */
    int err;   /* errno */
};

/* Our templates are a few KiB; anything this large is not one. */
#define TEMPLATE_MAX_BYTES (256 * 1024)

static int read_template(const char *path, char **text, db_error *err)
{
    *text = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return db_error_set(err, DB_EXIT_INPUT, "cannot read plot template %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return db_error_set(err, DB_EXIT_INPUT, "cannot read plot template %s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode) || st.st_size > TEMPLATE_MAX_BYTES) {
        close(fd);
        if (!S_ISREG(st.st_mode))
            return db_error_set(err, DB_EXIT_INPUT, "cannot read plot template %s: not a regular file", path);
        return db_error_set(err, DB_EXIT_INPUT, "plot template %s is larger than %d KiB", path,
                            TEMPLATE_MAX_BYTES / 1024);
    }
    size_t size = (size_t)st.st_size, got = 0;
    char *t = malloc(size + 1);
    if (!t) {
        close(fd);
        return db_error_set(err, DB_EXIT_INPUT, "cannot read plot template %s: out of memory", path);
    }
    while (got < size) {
        ssize_t n = read(fd, t + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(t);
            close(fd);
            return db_error_set(err, DB_EXIT_INPUT, "cannot read plot template %s: %s", path, strerror(e));
        }
        if (n == 0)
            break; /* shrank while we read: use what is there */
        got += (size_t)n;
    }
    close(fd);
    t[got] = '\0';
    if (strlen(t) != got) {
        free(t);
        return db_error_set(err, DB_EXIT_INPUT, "plot template %s contains a NUL byte", path);
    }
    *text = t;
    return 0;
}

int db_gnuplot_write(const char *template_path, const char *out_path,
                     const db_tvar *vars, size_t nvars, db_error *err)
{
    char *tmpl;
    if (read_template(template_path, &tmpl, err) != 0)
        return -1;
    char *script;
    db_error ferr = { 0, "" };
    int rc = db_template_fill(tmpl, vars, nvars, &script, &ferr);
    free(tmpl);
    if (rc != 0)
        return db_error_set(err, ferr.code, "%s: %s", template_path, ferr.msg);

    /* Atomic, so a re-run never leaves a script that is half old, half new. */
    db_atomic a;
    if (db_atomic_open(&a, out_path, err) != 0) {
        free(script);
        return -1;
    }
    fputs(script, a.f);
    free(script);
    return db_atomic_commit(&a, err);
}

void db_gnuplot_escape(const char *in, char *out, size_t out_len)
{
    if (out_len == 0)
        return;
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        char esc[5];
        size_t n;
        if (*p < 0x20 || *p == 0x7f) {
            continue; /* a newline would end the gnuplot command */
        } else if (*p == '\\' || *p == '"') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            n = 2;
        } else if (*p == '`') {
            /* gnuplot runs `...` as a shell command even inside double
             * quotes; the octal escape yields the same character without
             * that.  Drive identity strings are untrusted input. */
            memcpy(esc, "\\140", 4);
            n = 4;
        } else if (*p >= 0x80) {
            /* Copy a whole UTF-8 sequence or nothing, so truncation never
             * leaves half a character. */
            n = 1;
            while (n < 4 && (p[n] & 0xC0) == 0x80)
                n++;
            if (o + n >= out_len)
                break;
            memcpy(out + o, p, n);
            o += n;
            p += n - 1;
            continue;
        } else {
            esc[0] = (char)*p;
            n = 1;
        }
        if (o + n >= out_len)
            break;
        memcpy(out + o, esc, n);
        o += n;
    }
    out[o] = '\0';
}

/* Full path of the first executable regular file `gnuplot` on PATH, the
 * same search execvp does (an empty PATH element is the current directory;
 * no PATH means /bin:/usr/bin). */
static int find_gnuplot(char *out, size_t out_len)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/bin:/usr/bin";
    for (const char *p = path;;) {
        size_t len = strcspn(p, ":");
        int n = len ? snprintf(out, out_len, "%.*s/gnuplot", (int)len, p)
                    : snprintf(out, out_len, "./gnuplot");
        struct stat st;
        if (n > 0 && (size_t)n < out_len && stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
            access(out, X_OK) == 0)
            return 0;
        if (!p[len])
            break;
        p += len + 1;
    }
    return -1;
}

/* gnuplot opens its pictures (set output) following symbolic links: a
 * link planted in the results directory under a picture's name is
 * removed first (unlink removes the link, not what it points to), so the
 * pictures land in the directory itself. */
static void unlink_picture_links(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || (strcmp(e->d_name + n - 4, ".png") && strcmp(e->d_name + n - 4, ".svg")))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

bool db_gnuplot_available(void)
{
    char exe[4096];
    return find_gnuplot(exe, sizeof exe) == 0;
}

int db_gnuplot_run(const char *dir, const char *script_name, db_error *err)
{
    char exe[4096];
    if (find_gnuplot(exe, sizeof exe) != 0)
        return 1;

    /* Everything that can fail with a useful message is done before fork;
     * the child only calls async-signal-safe functions (the caller may have
     * threads), which is why it uses execv with the path found above rather
     * than execvp. */
    char log_path[4096];
    int n = snprintf(log_path, sizeof log_path, "%s/gnuplot.log", dir);
    if (n < 0 || (size_t)n >= sizeof log_path)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: path too long", dir);
    int log_fd = db_open_write(log_path, 0);
    if (log_fd < 0)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: %s", log_path,
                            db_write_strerror(errno));
    unlink_picture_links(dir);
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int report[2]; /* the child sends errno here if chdir or exec fails */
    if (null_fd < 0 || pipe2(report, O_CLOEXEC) != 0) {
        int e = errno;
        close(log_fd);
        if (null_fd >= 0)
            close(null_fd);
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot run gnuplot: %s", strerror(e));
    }
    char *const argv[] = { "gnuplot", (char *)script_name, NULL };

    pid_t pid = fork();
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        int e;
        struct exec_report msg;
        if (chdir(dir) != 0) {
            e = errno;
            msg.stage = 0;
        } else if (dup2(null_fd, 0) < 0 || dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0) {
            e = errno;
            msg.stage = 1;
        } else {
            execv(exe, argv);
            e = errno;
            msg.stage = 1;
        }
        msg.err = e;
        ssize_t ignored = write(report[1], &msg, sizeof msg);
        (void)ignored;
        _exit(127);
    }
    int fork_errno = errno;
    close(report[1]);
    close(null_fd);
    if (pid < 0) {
        close(report[0]);
        close(log_fd);
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot run gnuplot: %s", strerror(fork_errno));
    }

    struct exec_report msg;
    ssize_t got;
    while ((got = read(report[0], &msg, sizeof msg)) < 0 && errno == EINTR)
        ;
    close(report[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;

    if (got == (ssize_t)sizeof msg) {
        close(log_fd);
        if (msg.stage == 0)
            return db_error_set(err, DB_EXIT_OUTPUT, "cannot run gnuplot in %s: %s", dir, strerror(msg.err));
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot run gnuplot (%s): %s", exe, strerror(msg.err));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        close(log_fd);
        return db_error_set(err, DB_EXIT_OUTPUT, "gnuplot failed on %s/%s (see gnuplot.log)", dir, script_name);
    }
    /* A clean run normally prints nothing; an empty log is only clutter in
     * the results directory.  Warnings, if any, are kept. */
    struct stat st;
    if (fstat(log_fd, &st) == 0 && st.st_size == 0)
        unlink(log_path);
    close(log_fd);
    return 0;
}
