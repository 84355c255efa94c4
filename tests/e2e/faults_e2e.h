/* faults_e2e.h - helpers the reliability end-to-end tests share (faults,
 * interruption, kill loop, allowlist): reading summary.json fields with
 * SQLite's JSON functions, whole lines of a results file, the commands of
 * a recorded trace.  Static functions: each test includes this once. */
#ifndef DB_TEST_FAULTS_E2E_H
#define DB_TEST_FAULTS_E2E_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/trace.h"
#include "testutil.h"

/* json_extract(json, path) as text (malloc'd), or NULL for SQL NULL /
 * a missing key.  Fails the test when json is not valid JSON. */
static char *fe_json(const char *json, const char *path)
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
static long long fe_json_int(const char *json, const char *path)
{
    char *t = fe_json(json, path);
    long long v = t ? atoll(t) : -1;
    free(t);
    return v;
}

/* DIR/summary.json (malloc'd) or NULL. */
static char *fe_summary(const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/summary.json", dir);
    return tu_read_file(p, NULL);
}

/* Lines of a text file (each without its LF); *n gets the count.  A last
 * line without LF is returned too, and *torn set. */
static char **fe_lines(const char *path, size_t *n, bool *torn)
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

static void fe_lines_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Lines that count stderr output (NULL = none). */
static size_t fe_count_lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* A command that reads the disc: READ(10)/(12), READ CD, or a Lite-On
 * vendor scan step (DF 82 09, F3 0E). */
static bool fe_is_read(const db_trace_rec *r)
{
    uint8_t op = r->cdb[0];
    return op == 0x28 || op == 0xA8 || op == 0xBE || (op == 0xDF && r->cdb[1] == 0x82 && r->cdb[2] == 0x09) ||
           (op == 0xF3 && r->cdb[1] == 0x0E);
}

/* Open a trace; NULL fails the test. */
static db_trace_reader *fe_trace(const char *path)
{
    db_error err = { 0 };
    db_trace_reader *r = db_trace_reader_open(path, &err);
    if (!r)
        fail_msg("%s", err.msg);
    return r;
}

/* Commands in a trace, and the number (1-based) of the first one that
 * reads the disc at or after the middle. */
static unsigned fe_trace_mid_read(const char *path, unsigned *total)
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
    unsigned pick = n / 2 ? n / 2 : 1;
    for (unsigned i = 0; i < nreads; i++)
        if (reads[i] >= n / 2) {
            pick = reads[i];
            break;
        }
    free(reads);
    return pick;
}

#endif
