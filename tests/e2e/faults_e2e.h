/* faults_e2e.h - helpers the reliability end-to-end tests share (faults,
 * interruption, kill loop, allowlist): reading summary.json fields with
 * SQLite's JSON functions, whole lines of a results file, the commands of
 * a recorded trace.  Static functions: each test includes this once. */
#ifndef DB_TEST_FAULTS_E2E_H
#define DB_TEST_FAULTS_E2E_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "drive/trace.h"
#include "testutil.h"

/* json_extract(json, path) as text (malloc'd), or NULL for SQL NULL /
 * a missing key.  Fails the test when json is not valid JSON. */
static inline char *fe_json(const char *json, const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        fail_msg("sqlite3_open");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT json_valid(?1), json_extract(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        fail_msg("prepare: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        if (!sqlite3_column_int(st, 0))
            fail_msg("not valid JSON: %.200s", json);
        const unsigned char *t = sqlite3_column_text(st, 1);
        if (t)
            out = strdup((const char *)t);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

/* The same as a number (-1 for NULL / missing). */
static inline long long fe_json_int(const char *json, const char *path)
{
    char *t = fe_json(json, path);
    long long v = t ? atoll(t) : -1;
    free(t);
    return v;
}

/* DIR/summary.json (malloc'd) or NULL. */
static inline char *fe_summary(const char *dir)
{
    char p[4400];
    snprintf(p, sizeof p, "%s/summary.json", dir);
    return tu_read_file(p, NULL);
}

/* Lines of a text file (each without its LF); *n gets the count.  A last
 * line without LF is returned too, and *torn set. */
static inline char **fe_lines(const char *path, size_t *n, bool *torn)
{
    size_t len;
    char *t = tu_read_file(path, &len);
    *n = 0;
    if (torn)
        *torn = false;
    if (!t)
        return NULL;
    char **v = NULL;
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && t[e] != '\n')
            e++;
        v = realloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = strndup(t + i, e - i);
        if (e == len && torn)
            *torn = true;
        i = e + 1;
    }
    free(t);
    return v;
}

static inline void fe_lines_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Lines that count stderr output (NULL = none). */
static inline size_t fe_count_lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* A command that reads the disc: READ(10)/(12), READ CD, or a Lite-On
 * vendor scan step (DF 82 09, F3 0E). */
static inline bool fe_is_read(const db_trace_rec *r)
{
    uint8_t op = r->cdb[0];
    return op == 0x28 || op == 0xA8 || op == 0xBE || (op == 0xDF && r->cdb[1] == 0x82 && r->cdb[2] == 0x09) ||
           (op == 0xF3 && r->cdb[1] == 0x0E);
}

/* Open a trace; NULL fails the test. */
static inline db_trace_reader *fe_trace(const char *path)
{
    db_error err = { 0 };
    db_trace_reader *r = db_trace_reader_open(path, &err);
    if (!r)
        fail_msg("%s", err.msg);
    return r;
}

/* Commands in a trace, and the number (1-based) of the first one that
 * reads the disc at or after fraction `at` of them (0.5: the middle). */
static inline unsigned fe_trace_read_at(const char *path, double at, unsigned *total)
{
    db_trace_reader *r = fe_trace(path);
    db_trace_rec rec;
    db_error err = { 0 };
    unsigned n = 0, *reads = NULL, nreads = 0;
    while (db_trace_reader_next(r, &rec, &err) == 1) {
        n++;
        if (fe_is_read(&rec)) {
            reads = realloc(reads, (nreads + 1) * sizeof *reads);
            reads[nreads++] = n;
        }
    }
    db_trace_reader_close(r);
    *total = n;
    unsigned from = (unsigned)(n * at);
    unsigned pick = from ? from : 1;
    for (unsigned i = 0; i < nreads; i++)
        if (reads[i] >= from) {
            pick = reads[i];
            break;
        }
    free(reads);
    return pick;
}

/* ---- running discbench in the background, to signal or kill it ---- */

/* Start $DISCBENCH_BIN with args (NULL-terminated), stdout and stderr to
 * DIR/stdout and DIR/stderr.  Returns the pid. */
static inline pid_t fe_spawn(const char *const *args, const char *logdir)
{
    const char *bin = getenv("DISCBENCH_BIN");
    if (!bin)
        fail_msg("DISCBENCH_BIN not set");
    const char *argv[64];
    int n = 0;
    argv[n++] = bin;
    for (int i = 0; args[i] && n < 63; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    char out[4420], err[4420];
    snprintf(out, sizeof out, "%s/stdout", logdir);
    snprintf(err, sizeof err, "%s/stderr", logdir);
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork: %s", strerror(errno));
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0)
            _exit(127);
        dup2(o, 1);
        dup2(e, 2);
        int nul = open("/dev/null", O_RDONLY);
        if (nul >= 0)
            dup2(nul, 0);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static inline void fe_sleep_ms(double ms)
{
    struct timespec ts = { (time_t)(ms / 1000), (long)((ms - (double)(time_t)(ms / 1000) * 1000) * 1e6) };
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/* Wait until path exists (the run has started: its results directory is
 * made after main has installed its signal handlers), at most 20 s. */
static inline void fe_wait_for(const char *path, pid_t pid)
{
    struct stat st;
    for (int i = 0; i < 20000; i++) {
        if (stat(path, &st) == 0)
            return;
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid)
            fail_msg("discbench ended (status %d) before %s appeared", status, path);
        fe_sleep_ms(1);
    }
    kill(pid, SIGKILL);
    fail_msg("%s did not appear", path);
}

/* Wait for pid for at most limit_s; kill it and fail when it hangs.
 * Returns the exit code, or 128 + signal. */
static inline int fe_wait(pid_t pid, double limit_s)
{
    for (int i = 0; i < (int)(limit_s * 1000); i++) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        fe_sleep_ms(1);
    }
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    fail_msg("discbench did not end within %.0f s (killed)", limit_s);
    return -1;
}

/* A small deterministic generator for "random" moments (SplitMix64). */
static inline uint64_t fe_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A results CSV left by a run that may have been killed at any moment:
 * missing, empty (killed between creating it and writing its header), or
 * whole rows only - every line ends with LF, has the header's field count
 * and ends with the source column.  Returns the data rows, or fails. */
static inline size_t fe_check_whole_rows(const char *path, const char *what)
{
    struct stat st;
    if (stat(path, &st) != 0 || st.st_size == 0)
        return 0;
    size_t n;
    bool torn;
    char **lines = fe_lines(path, &n, &torn);
    if (torn)
        fail_msg("%s: %s ends inside a row: '%s'", what, path, n ? lines[n - 1] : "");
    tu_csv csv;
    int rc = tu_csv_load(path, &csv);
    if (rc != 0)
        fail_msg("%s: %s does not load as whole rows (%d)", what, path, rc);
    int src = tu_csv_col(&csv, "source");
    if (src < 0 || (size_t)src != csv.ncols - 1)
        fail_msg("%s: %s has no source column at the end", what, path);
    for (size_t r = 1; r < csv.nrows; r++)
        if (strcmp(csv.rows[r][src], "simulated"))
            fail_msg("%s: %s row %zu is cut short: source '%s'", what, path, r, csv.rows[r][src]);
    size_t rows = csv.nrows - 1;
    tu_csv_free(&csv);
    fe_lines_free(lines, n);
    return rows;
}

/* SELECT on a store file: the first column of the first row as text
 * (malloc'd), NULL when none. */
static inline char *fe_sql(const char *db_path, const char *sql)
{
    sqlite3 *db;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        fail_msg("cannot open %s: %s", db_path, sqlite3_errmsg(db));
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

#endif
