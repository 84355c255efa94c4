/* Unit tests: the results store (report/store*.c, summary_read.c).
 *  - schema: version, application id, WAL, tables and view;
 *  - migrations: a store left at schema 1 and at schema 2 (with runs in
 *    it) is brought up to date and keeps its runs;
 *  - refusals that write nothing: a file that is not SQLite, another
 *    program's SQLite database, a newer schema, a missing store for the
 *    read-only commands;
 *  - a results directory stored and read back: every identity column, the
 *    rows exactly as in the CSV, export, filters; a cut CSV and a missing
 *    summary;
 *  - two processes writing at once: every run of both arrives whole;
 *  - a process killed (SIGKILL) inside the transaction that stores a run:
 *    the store is consistent, the run is there as 'running', incomplete,
 *    with none of its rows. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "report/store.h"
#include "report/store_int.h"
#include "report/summary_read.h"
#include "storefix.h"
#include "testutil.h"

static long long q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static char *q_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(1024);
    snprintf(p, 1024, "%s/%s", dir, name);
    return p;
}

static void test_schema_fresh(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("store");
    char *path = path_in(dir, "sub/dir/results.db"); /* directories are made */
    db_store *s;
    db_error err = { 0 };
    assert_int_equal(db_store_open(path, &s, &err), 0);
    sqlite3 *db = db_store_sqlite(s);
    assert_int_equal(q_int(db, "PRAGMA user_version"), DB_STORE_SCHEMA_VERSION);
    assert_int_equal(q_int(db, "PRAGMA application_id"), DB_STORE_APP_ID);
    char *mode = q_text(db, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal");
    free(mode);
    assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('runs', 'zones', 'error_scans')"),
                     3);
    assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_table_info('runs') WHERE name IN "
                               "('parent_id', 'csv_columns', 'write_speed_x', 'atip_manufacturer', 'disc_id')"),
                     5);
    assert_string_equal(db_store_path(s), path);
    db_store_close(s);
    /* opening it again changes nothing */
    assert_int_equal(db_store_open_existing(path, &s, &err), 0);
    assert_int_equal(q_int(db_store_sqlite(s), "PRAGMA user_version"), DB_STORE_SCHEMA_VERSION);
    db_store_close(s);
    free(path);
    tu_rmrf(dir);
    free(dir);
}

/* A store left at an older schema, with a run in it, as an older
 * discbench would have left it. */
static void make_old_store(const char *path, int version)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    db_error err = { 0 };
    assert_int_equal(db_store_schema_migrate(db, version, &err), 0);
    assert_int_equal(q_int(db, "PRAGMA user_version"), version);
    assert_int_equal(db_store_exec(db,
                                   "INSERT INTO runs (id, test, started, status, complete, drive_key, "
                                   "atip_manufacturer, write_speed_x, summary) VALUES (7, 'quality', "
                                   "'2020-01-01T00:00:00Z', 'complete', 1, 'LITE-ON|LTR-40125S|ZS0K', "
                                   "'CMC Magnetics Corporation', 48, '{\"result\": {\"c1\": "
                                   "{\"average_per_second\": 12.5}}, \"score\": 60}');"
                                   "INSERT INTO zones (run_id, row, data) VALUES (7, 0, '{\"c1\": 12}');",
                                   DB_EXIT_OUTPUT, &err),
                     0);
    sqlite3_close(db);
}

static void test_migrations(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("migr");
    for (int v = 1; v < DB_STORE_SCHEMA_VERSION; v++) {
        char name[32];
        snprintf(name, sizeof name, "v%d.db", v);
        char *path = path_in(dir, name);
        make_old_store(path, v);
        db_store *s;
        db_error err = { 0 };
        assert_int_equal(db_store_open(path, &s, &err), 0);
        sqlite3 *db = db_store_sqlite(s);
        assert_int_equal(q_int(db, "PRAGMA user_version"), DB_STORE_SCHEMA_VERSION);
        /* the old run and its row are still there, new columns empty */
        assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE id = 7 AND parent_id IS NULL"), 1);
        assert_int_equal(q_int(db, "SELECT json_extract(data, '$.c1') FROM zones WHERE run_id = 7"), 12);
        /* and the step-3 view reads it */
        assert_int_equal(q_int(db, "SELECT score FROM error_scans WHERE id = 7"), 60);
        /* new runs go in beside it */
        db_store_meta m = { .test = "transfer" };
        int64_t id;
        assert_int_equal(db_store_run_begin(s, &m, &id, &err), 0);
        assert_true(id > 7);
        db_store_close(s);
        free(path);
    }
    tu_rmrf(dir);
    free(dir);
}

/* The whole file, bytes (a database holds NULs). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *t = malloc((size_t)n + 1);
    assert_int_equal(fread(t, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return t;
}

static void expect_refused(const char *path, const char *needle)
{
    size_t len0, len1;
    char *before = slurp(path, &len0);
    db_store *s = NULL;
    db_error err = { 0 };
    assert_int_equal(db_store_open(path, &s, &err), -1);
    assert_null(s);
    if (!strstr(err.msg, needle))
        fail_msg("'%s' not in '%s'", needle, err.msg);
    assert_non_null(strstr(err.msg, "nothing was written"));
    assert_int_equal(db_store_open_existing(path, &s, &err), -1);
    char *after = slurp(path, &len1);
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    free(before);
    free(after);
    /* no journal or WAL was created beside it */
    char side[1100];
    snprintf(side, sizeof side, "%s-wal", path);
    assert_int_equal(access(side, F_OK), -1);
    snprintf(side, sizeof side, "%s-journal", path);
    assert_int_equal(access(side, F_OK), -1);
}

static void test_refusals(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("refuse");
    /* a text file */
    char *text = path_in(dir, "notes.txt");
    FILE *f = fopen(text, "w");
    fputs("my CD-R notes: CMC burns badly at 48x\n", f);
    fclose(f);
    expect_refused(text, "not an SQLite database");
    /* another program's SQLite database */
    char *other = path_in(dir, "other.db");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE music (title TEXT); INSERT INTO music VALUES ('x')", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    expect_refused(other, "another program");
    /* a store from a newer discbench */
    char *newer = path_in(dir, "newer.db");
    assert_int_equal(sqlite3_open(newer, &db), SQLITE_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = 99; CREATE TABLE runs (id)",
             DB_STORE_APP_ID);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    expect_refused(newer, "newer discbench");
    /* read-only commands never create a store */
    char *missing = path_in(dir, "missing.db");
    db_store *s;
    db_error err = { 0 };
    assert_int_equal(db_store_open_existing(missing, &s, &err), -1);
    assert_non_null(strstr(err.msg, "no results store"));
    assert_int_equal(access(missing, F_OK), -1);
    free(text);
    free(other);
    free(newer);
    free(missing);
    tu_rmrf(dir);
    free(dir);
}

static void test_summary_read(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("sumread");
    sf_run r = { .test = "quality", .rows = 3, .atip_code = "97:26:66", .maker = "CMC Magnetics Corporation",
                 .label = "ATT 48x", .write_speed_x = 48, .c1_avg = 100, .c1_max = 250, .c2_total = 9 };
    sf_write(dir, &r);
    db_summary sm;
    char *text = NULL;
    db_error err = { 0 };
    assert_int_equal(db_summary_load(dir, &sm, &text, &err), 0);
    assert_non_null(text);
    free(text);
    assert_string_equal(sm.test, "quality");
    assert_true(sm.simulated);
    assert_string_equal(sm.model, "LTR-40125S");
    assert_string_equal(sm.atip_code, "97:26:66");
    assert_string_equal(sm.atip_maker, "CMC Magnetics Corporation");
    assert_string_equal(sm.label, "ATT 48x");
    assert_true(sm.write_speed_x == 48);
    assert_string_equal(sm.drive_key, "LITE-ON|LTR-40125S|ZS0K");
    assert_string_equal(sm.media_type, "CD-R");
    /* freedb id of tracks at 0, 22500, 45000, lead-out 67500: digit sums
     * 2 + 5 + 8 = 15, 902 - 2 = 900 s, 3 tracks */
    assert_string_equal(sm.disc_id, "0f038403");
    assert_true(db_summary_status_complete("complete"));
    assert_true(db_summary_status_complete("complete-with-errors"));
    assert_false(db_summary_status_complete("interrupted"));
    /* not JSON; JSON from another tool */
    const char *bad[] = { "{\"tool\": \"discbench\", \"test\": ", "{\"tool\": \"nero\", \"test\": \"transfer\"}",
                          "[1, 2]", "{\"tool\": \"discbench\"}" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err.code = 0;
        assert_int_equal(db_summary_parse(bad[i], strlen(bad[i]), "x.json", &sm, &err), -1);
        assert_int_equal(err.code, DB_EXIT_INPUT);
    }
    tu_rmrf(dir);
    free(dir);
}

typedef struct collect {
    int n;
    db_store_run last;
} collect;

static int collect_fn(void *arg, const db_store_run *r)
{
    collect *c = arg;
    c->n++;
    c->last = *r;
    return 0;
}

static void test_add_and_read_back(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("addrb");
    char *rd = path_in(dir, "run1"), *path = path_in(dir, "r.db");
    sf_run r = { .test = "transfer", .rows = 7, .label = "game CD", .write_speed_x = 0 };
    sf_write(rd, &r);
    db_store *s;
    db_error err = { 0 };
    assert_int_equal(db_store_open(path, &s, &err), 0);
    db_store_meta m = { .test = "transfer", .device = "sim:test", .results_dir = rd, .write_speed_x = 24 };
    int64_t id, id2;
    assert_int_equal(db_store_run_begin(s, &m, &id, &err), 0);
    sqlite3 *db = db_store_sqlite(s);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE status = 'running' AND complete = 0"), 1);
    assert_int_equal(db_store_add_results(s, id, rd, &m, &id2, &err), 0);
    assert_int_equal(id, id2);

    db_store_run run;
    char *summary = NULL;
    db_csv_table rows;
    assert_int_equal(db_store_get_run(s, id, &run, &summary, &rows, &err), 0);
    assert_string_equal(run.test, "transfer");
    assert_string_equal(run.status, "complete");
    assert_true(run.complete);
    assert_true(run.simulated && run.simulated_known);
    assert_string_equal(run.drive_key, "LITE-ON|LTR-40125S|ZS0K");
    assert_string_equal(run.drive_model, "LTR-40125S");
    assert_string_equal(run.disc_id, "0f038403");
    assert_string_equal(run.media_type, "pressed");
    assert_string_equal(run.label, "game CD");
    assert_true(run.write_speed_x == 24); /* the command line's wins */
    assert_string_equal(run.csv_file, "transfer.csv");
    assert_int_equal(run.zone_rows, 7);
    assert_non_null(strstr(summary, "\"discbench\""));
    free(summary);
    /* the rows come back exactly as the CSV has them */
    char *csv_path = path_in(rd, "transfer.csv");
    db_csv_table orig;
    assert_int_equal(db_csv_read(csv_path, NULL, &orig, &err), 0);
    assert_int_equal(rows.ncols, orig.ncols);
    assert_int_equal(rows.nrows, orig.nrows);
    for (size_t c = 0; c < orig.ncols; c++)
        assert_string_equal(rows.header[c], orig.header[c]);
    for (size_t i = 0; i < orig.nrows; i++)
        for (size_t c = 0; c < orig.ncols; c++) {
            double a, b;
            if (db_csv_cell_num(&orig, i, (int)c, &a) == 0) {
                assert_int_equal(db_csv_cell_num(&rows, i, (int)c, &b), 0);
                assert_true(a == b);
            } else {
                assert_string_equal(db_csv_cell(&rows, i, c), db_csv_cell(&orig, i, c));
            }
        }
    db_csv_table_free(&rows);
    db_csv_table_free(&orig);
    free(csv_path);
    /* settings and settings JSON */
    assert_int_equal(q_int(db, "SELECT json_extract(settings, '$.zones') FROM runs"), 7);

    /* a quality run on a CD-R, stored in one step (no begin) */
    char *rq = path_in(dir, "run2");
    sf_run q = { .test = "quality", .rows = 5, .atip_code = "97:26:66", .maker = "CMC Magnetics Corporation",
                 .write_speed_x = 48, .c1_avg = 50, .c1_max = 200, .c2_total = 3, .score = 30 };
    sf_write(rq, &q);
    db_store_meta mq = { .test = "quality" };
    assert_int_equal(db_store_add_results(s, 0, rq, &mq, &id2, &err), 0);
    assert_true(id2 > id);
    assert_int_equal(q_int(db, "SELECT c2_total FROM error_scans WHERE test = 'quality'"), 3);
    assert_int_equal(q_int(db, "SELECT score FROM error_scans WHERE test = 'quality'"), 30);

    /* filters */
    collect c = { 0 };
    db_store_filter f = db_store_filter_all();
    assert_int_equal(db_store_list(s, &f, collect_fn, &c, &err), 2);
    f.media = "cmc";
    c.n = 0;
    assert_int_equal(db_store_list(s, &f, collect_fn, &c, &err), 1);
    assert_string_equal(c.last.test, "quality");
    f = db_store_filter_all();
    f.drive = "ltr-40125";
    f.write_speed_x = 24;
    assert_int_equal(db_store_list(s, &f, NULL, NULL, &err), 1);
    f = db_store_filter_all();
    f.test = "seek";
    assert_int_equal(db_store_list(s, &f, NULL, NULL, &err), 0);
    f = db_store_filter_all();
    f.limit = 1;
    c.n = 0;
    assert_int_equal(db_store_list(s, &f, collect_fn, &c, &err), 1);
    assert_int_equal(c.last.id, id2); /* the newest */

    /* export: CSV (one row per run + header), JSON with the summaries as objects */
    char *exp = path_in(dir, "export.csv");
    FILE *out = fopen(exp, "w");
    f = db_store_filter_all();
    assert_int_equal(db_store_export(s, &f, "csv", false, out, &err), 2);
    fclose(out);
    db_csv_table et;
    assert_int_equal(db_csv_read(exp, NULL, &et, &err), 0);
    assert_int_equal(et.nrows, 2);
    assert_string_equal(db_csv_cell(&et, 1, (size_t)db_csv_table_col(&et, "atip_manufacturer")),
                        "CMC Magnetics Corporation");
    db_csv_table_free(&et);
    out = fopen(exp, "w");
    assert_int_equal(db_store_export(s, &f, "json", true, out, &err), 2);
    fclose(out);
    char *json = tu_read_file(exp, NULL);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_array_length(?1), json_extract(?1, '$[1].summary.score'),"
                                            " json_array_length(?1, '$[0].zones')", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    assert_int_equal(sqlite3_column_int(st, 1), 30);
    assert_int_equal(sqlite3_column_int(st, 2), 7);
    sqlite3_finalize(st);
    free(json);
    free(exp);

    /* a cut CSV: the run is stored, its rows are not, the note says why */
    char *rc_dir = path_in(dir, "run3");
    sf_run cut = { .test = "transfer", .rows = 4 };
    sf_write(rc_dir, &cut);
    char *cp = path_in(rc_dir, "transfer.csv");
    size_t len;
    char *t = tu_read_file(cp, &len);
    FILE *w = fopen(cp, "w");
    fwrite(t, 1, len - 5, w);
    fclose(w);
    free(t);
    free(cp);
    int64_t id3;
    assert_int_equal(db_store_add_results(s, 0, rc_dir, NULL, &id3, &err), 0);
    assert_int_equal(db_store_get_run(s, id3, &run, NULL, NULL, &err), 0);
    assert_int_equal(run.zone_rows, 0);
    assert_non_null(strstr(run.note, "rows not stored"));
    assert_non_null(strstr(run.note, "cut"));
    /* no summary: the begun run is marked failed */
    char *empty = path_in(dir, "empty");
    mkdir(empty, 0755);
    int64_t id4;
    assert_int_equal(db_store_run_begin(s, &m, &id4, &err), 0);
    assert_int_equal(db_store_add_results(s, id4, empty, &m, NULL, &err), -1);
    assert_int_equal(db_store_get_run(s, id4, &run, NULL, NULL, &err), 0);
    assert_string_equal(run.status, "failed");
    assert_false(run.complete);
    assert_int_equal(db_store_run_delete(s, id4, &err), 0);
    assert_int_equal(db_store_get_run(s, id4, &run, NULL, NULL, &err), -1);
    db_store_close(s);
    free(empty);
    free(rc_dir);
    free(rq);
    free(rd);
    free(path);
    tu_rmrf(dir);
    free(dir);
}

/* ---- two writers at once ---- */

#define WRITER_RUNS 25
#define WRITER_ROWS 60

static int writer(const char *path, const char *rd)
{
    db_store *s;
    db_error err = { 0 };
    if (db_store_open(path, &s, &err)) {
        fprintf(stderr, "writer: %s\n", err.msg);
        return 1;
    }
    for (int i = 0; i < WRITER_RUNS; i++) {
        db_store_meta m = { .test = "transfer", .results_dir = rd };
        int64_t id;
        if (db_store_run_begin(s, &m, &id, &err) || db_store_add_results(s, id, rd, &m, NULL, &err)) {
            fprintf(stderr, "writer: %s\n", err.msg);
            db_store_close(s);
            return 1;
        }
    }
    db_store_close(s);
    return 0;
}

static void test_two_writers(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("writers");
    char *path = path_in(dir, "r.db");
    char *ra = path_in(dir, "a"), *rb = path_in(dir, "b");
    sf_run a = { .test = "transfer", .rows = WRITER_ROWS, .model = "DRIVE-A" };
    sf_run b = { .test = "transfer", .rows = WRITER_ROWS, .model = "DRIVE-B" };
    sf_write(ra, &a);
    sf_write(rb, &b);
    /* both processes start on a store that does not exist yet: they also
     * race to create the schema */
    pid_t pa = fork();
    if (pa == 0)
        _exit(writer(path, ra));
    pid_t pb = fork();
    if (pb == 0)
        _exit(writer(path, rb));
    int sa, sb;
    assert_int_equal(waitpid(pa, &sa, 0), pa);
    assert_int_equal(waitpid(pb, &sb, 0), pb);
    assert_true(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
    assert_true(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
    db_store *s;
    db_error err = { 0 };
    assert_int_equal(db_store_open_existing(path, &s, &err), 0);
    sqlite3 *db = db_store_sqlite(s);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE complete = 1 AND drive_model = 'DRIVE-A'"),
                     WRITER_RUNS);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE complete = 1 AND drive_model = 'DRIVE-B'"),
                     WRITER_RUNS);
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones"), 2 * WRITER_RUNS * WRITER_ROWS);
    /* every run has all its rows */
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM runs WHERE (SELECT count(*) FROM zones WHERE run_id = runs.id) != %d",
             WRITER_ROWS);
    assert_int_equal(q_int(db, sql), 0);
    db_store_close(s);
    free(ra);
    free(rb);
    free(path);
    tu_rmrf(dir);
    free(dir);
}

/* ---- killed inside the transaction ---- */

typedef struct killer {
    sqlite3 *db;
    int calls;
    int fd;
} killer;

/* SQLite calls this every few virtual-machine steps: once the store has
 * been in its transaction for a while, the process dies on the spot. */
static int kill_inside(void *arg)
{
    killer *k = arg;
    if (sqlite3_get_autocommit(k->db))
        return 0;                       /* not inside the transaction yet */
    if (++k->calls < 200)
        return 0;
    ssize_t w = write(k->fd, "T", 1);   /* tell the parent where it died */
    (void)w;
    raise(SIGKILL);
    return 0;
}

static void test_kill_mid_store(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("kill");
    char *path = path_in(dir, "r.db"), *rd = path_in(dir, "run");
    sf_run r = { .test = "quality", .rows = 3000, .atip_code = "97:24:01", .maker = "Taiyo Yuden", .c1_avg = 2 };
    sf_write(rd, &r);
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        db_store *s;
        db_error err = { 0 };
        db_store_meta m = { .test = "quality", .results_dir = rd };
        int64_t id;
        if (db_store_open(path, &s, &err) || db_store_run_begin(s, &m, &id, &err))
            _exit(2);
        killer k = { .db = db_store_sqlite(s), .fd = pipefd[1] };
        sqlite3_progress_handler(k.db, 20, kill_inside, &k);
        db_store_add_results(s, id, rd, &m, NULL, &err);
        _exit(3); /* never reached: killed inside */
    }
    close(pipefd[1]);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    char where = 0;
    assert_int_equal(read(pipefd[0], &where, 1), 1);
    assert_int_equal(where, 'T');
    close(pipefd[0]);

    db_store *s;
    db_error err = { 0 };
    assert_int_equal(db_store_open_existing(path, &s, &err), 0);
    sqlite3 *db = db_store_sqlite(s);
    char *ok = q_text(db, "PRAGMA integrity_check");
    assert_string_equal(ok, "ok");
    free(ok);
    /* the run: begun, never completed, none of its rows */
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs"), 1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE status = 'running' AND complete = 0 "
                               "AND summary IS NULL"),
                     1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones"), 0);
    /* and the store takes the next run whole */
    int64_t id;
    assert_int_equal(db_store_add_results(s, 0, rd, NULL, &id, &err), 0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones"), 3000);
    db_store_close(s);
    free(path);
    free(rd);
    tu_rmrf(dir);
    free(dir);
}

static void test_default_path(void **state)
{
    (void)state;
    char path[600];
    db_error err = { 0 };
    setenv("XDG_DATA_HOME", "/srv/data", 1);
    setenv("HOME", "/home/user", 1);
    assert_int_equal(db_store_default_path(path, sizeof path, &err), 0);
    assert_string_equal(path, "/srv/data/discbench/results.db");
    /* a relative XDG_DATA_HOME is invalid (XDG Base Directory): ignored */
    setenv("XDG_DATA_HOME", "relative/dir", 1);
    assert_int_equal(db_store_default_path(path, sizeof path, &err), 0);
    assert_string_equal(path, "/home/user/.local/share/discbench/results.db");
    unsetenv("XDG_DATA_HOME");
    unsetenv("HOME");
    assert_int_equal(db_store_default_path(path, sizeof path, &err), -1);
    assert_non_null(strstr(err.msg, "--db"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_path),
        cmocka_unit_test(test_schema_fresh),     cmocka_unit_test(test_migrations),
        cmocka_unit_test(test_refusals),         cmocka_unit_test(test_summary_read),
        cmocka_unit_test(test_add_and_read_back), cmocka_unit_test(test_two_writers),
        cmocka_unit_test(test_kill_mid_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
