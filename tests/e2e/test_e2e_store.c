/* End to end: the results store through the discbench binary.
 *  - a test run lands in the store with its identity, status and every
 *    CSV row; --no-store stores nothing; --write-speed and --label are kept;
 *  - a --db that is not an SQLite database: exit 4, one line, the file
 *    unchanged and no results directory made;
 *  - discbench killed with SIGKILL in the middle of a run: the store is
 *    consistent and holds the run as 'running', incomplete, with no rows;
 *  - two discbench processes writing to one store at once;
 *  - runs and export, with filters; an empty store: runs says so, export
 *    and grade write nothing. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sqlite3.h>

#include "testutil.h"

static long long q_int(const char *path, const char *sql)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        fail_msg("cannot open %s", path);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    } else {
        v = -2;
    }
    sqlite3_close(db);
    return v;
}

static char *q_text(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

static int csv_rows(const char *path)
{
    tu_csv c;
    assert_int_equal(tu_csv_load(path, &c), 0);
    int n = (int)c.nrows - 1;
    tu_csv_free(&c);
    return n;
}

static void test_run_is_stored(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("st-run");
    char db[600], out[600], csv[700];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(out, sizeof out, "%s/t", dir);
    const char *a[] = { "transfer", "-d", "sim:samsung-sc152", "--disc", "synthetic:10", "--zones", "13",
                        "--label", "my game", "--write-speed", "16", "--db", db, "-o", out, NULL };
    char *o = NULL;
    assert_int_equal(tu_run_discbench(&o, NULL, a), 0);
    assert_non_null(strstr(o, "stored     run 1 in"));
    free(o);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE test = 'transfer' AND status = 'complete' AND "
                               "complete = 1 AND simulated = 1 AND drive_key = 'SAMSUNG|CD-ROM SC-152C|CS05' AND "
                               "label = 'my game' AND write_speed_x = 16 AND device = 'sim:samsung-sc152' AND "
                               "media_type = 'pressed' AND disc_sectors = 45000"),
                     1);
    snprintf(csv, sizeof csv, "%s/transfer.csv", out);
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones"), csv_rows(csv));
    assert_int_equal(csv_rows(csv), 13);
    /* a zone's figure as the CSV has it */
    tu_csv c;
    assert_int_equal(tu_csv_load(csv, &c), 0);
    double want = tu_csv_num(&c, 5, "speed_x");
    tu_csv_free(&c);
    char *got = q_text(db, "SELECT json_extract(data, '$.speed_x') FROM zones WHERE row = 5");
    assert_true(atof(got) == want);
    free(got);
    /* summary.json carries the write speed too */
    char sp[700];
    snprintf(sp, sizeof sp, "%s/summary.json", out);
    char *js = tu_read_file(sp, NULL);
    assert_non_null(strstr(js, "\"write_speed_x\": 16.0"));
    free(js);

    /* --no-store: nothing */
    char db2[600], out2[600];
    snprintf(db2, sizeof db2, "%s/none.db", dir);
    snprintf(out2, sizeof out2, "%s/t2", dir);
    const char *b[] = { "seek", "-d", "sim:samsung-sc152", "--disc", "synthetic:10", "--samples", "3", "--cpu-mib",
                        "0", "--no-store", "-o", out2, NULL };
    o = NULL;
    assert_int_equal(tu_run_discbench(&o, NULL, b), 0);
    assert_null(strstr(o, "stored"));
    free(o);
    /* --db and --no-store together: a usage error */
    const char *c2[] = { "seek", "--no-store", "--db", db2, "-o", out2, NULL };
    char *e = NULL;
    assert_int_equal(tu_run_discbench(NULL, &e, c2), 2);
    assert_non_null(strstr(e, "exclude each other"));
    free(e);
    assert_int_equal(access(db2, F_OK), -1);
    tu_rmrf(dir);
    free(dir);
}

static void test_not_a_store(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("st-bad");
    char db[600], out[600];
    snprintf(db, sizeof db, "%s/notes.db", dir);
    snprintf(out, sizeof out, "%s/never", dir);
    const char text[] = "not a database\n";
    FILE *f = fopen(db, "w");
    fputs(text, f);
    fclose(f);
    const char *cmds[][12] = {
        { "transfer", "-d", "sim:samsung-sc152", "--disc", "synthetic:5", "--db", db, "-o", out, NULL },
        { "suite", "-d", "sim:samsung-sc152", "--disc", "synthetic:5", "--db", db, "-o", out, NULL },
        { "runs", "--db", db, NULL },
        { "export", "--db", db, "-o", out, NULL },
        { "grade", "--db", db, "-o", out, NULL },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *e = NULL;
        int rc = tu_run_discbench(NULL, &e, cmds[i]);
        if (rc != 4 || !strstr(e, "not an SQLite database") || !strstr(e, "nothing was written") ||
            count_lines(e) != 1)
            fail_msg("%s: exit %d: %s", cmds[i][0], rc, e);
        free(e);
        char *now = tu_read_file(db, NULL);
        assert_string_equal(now, text);
        free(now);
        assert_int_equal(access(out, F_OK), -1); /* no results directory either */
    }
    tu_rmrf(dir);
    free(dir);
}

/* Start discbench in the background; its stderr goes to err_path (or
 * nowhere), its stdout nowhere. */
static pid_t spawn(const char *const *args, const char *err_path)
{
    const char *bin = getenv("DISCBENCH_BIN");
    assert_non_null(bin);
    pid_t pid = fork();
    if (pid == 0) {
        const char *argv[32];
        int n = 0;
        argv[n++] = bin;
        for (; args[n - 1] && n < 31; n++)
            argv[n] = args[n - 1];
        argv[n] = NULL;
        int null = open("/dev/null", O_WRONLY);
        int errfd = err_path ? open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : null;
        dup2(null, 1);
        dup2(errfd, 2);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static void test_kill9_mid_run(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("st-kill");
    char db[600], out[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(out, sizeof out, "%s/t", dir);
    /* --realtime: the run takes real seconds (spin-up alone is 2.5 s) */
    const char *a[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:3", "--zones", "4",
                        "--realtime", "--db", db, "-o", out, NULL };
    pid_t pid = spawn(a, NULL);
    /* wait until the run is in the store, then kill it mid-measurement */
    int waited = 0;
    while (waited < 20000 && (access(db, F_OK) || q_int(db, "SELECT count(*) FROM runs") != 1)) {
        sleep_ms(50);
        waited += 50;
    }
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE status = 'running'"), 1);
    sleep_ms(300);
    kill(pid, SIGKILL);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    char *ok = q_text(db, "PRAGMA integrity_check");
    assert_string_equal(ok, "ok");
    free(ok);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE status = 'running' AND complete = 0"), 1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones"), 0);
    /* runs shows it for what it is, and grading ignores it */
    const char *r[] = { "runs", "--db", db, "--incomplete", NULL };
    char *o = NULL;
    assert_int_equal(tu_run_discbench(&o, NULL, r), 0);
    assert_non_null(strstr(o, "running"));
    assert_non_null(strstr(o, "1 run in"));
    free(o);
    /* SIGINT instead: the run is stored as interrupted, with the rows it
     * kept */
    char out2[700];
    snprintf(out2, sizeof out2, "%s/int", dir);
    const char *ia[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:3", "--zones", "4",
                         "--realtime", "--db", db, "-o", out2, NULL };
    pid = spawn(ia, NULL);
    waited = 0;
    while (waited < 20000 && q_int(db, "SELECT count(*) FROM runs") != 2) {
        sleep_ms(50);
        waited += 50;
    }
    sleep_ms(300);
    kill(pid, SIGINT);
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 130);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE status = 'interrupted' AND complete = 0"), 1);
    char csv2[800];
    snprintf(csv2, sizeof csv2, "%s/transfer.csv", out2);
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones z JOIN runs r ON r.id = z.run_id WHERE r.status = "
                               "'interrupted'"),
                     csv_rows(csv2));
    const char *del[] = { "runs", "--db", db, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, del), 0);

    /* the next run goes in beside it */
    const char *b[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:3", "--zones", "4",
                        "--db", db, "-o", out, "--force", NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, b), 0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE complete = 1"), 1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones z JOIN runs r ON r.id = z.run_id WHERE r.complete"), 4);
    tu_rmrf(dir);
    free(dir);
}

static void test_two_processes(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("st-two");
    char db[600], o1[600], o2[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(o1, sizeof o1, "%s/a", dir);
    snprintf(o2, sizeof o2, "%s/b", dir);
    /* quality: a row per second of disc, thousands of rows to store */
    const char *a[] = { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80-cmc", "--db", db, "-o", o1, NULL };
    const char *b[] = { "c2scan", "-d", "sim:samsung-sc152", "--disc", "cdr-80-ty", "--db", db, "-o", o2, NULL };
    char ea[600], eb[600];
    snprintf(ea, sizeof ea, "%s/a.err", dir);
    snprintf(eb, sizeof eb, "%s/b.err", dir);
    pid_t pa = spawn(a, ea), pb = spawn(b, eb);
    int sa, sb;
    assert_int_equal(waitpid(pa, &sa, 0), pa);
    assert_int_equal(waitpid(pb, &sb, 0), pb);
    if (!WIFEXITED(sa) || WEXITSTATUS(sa) || !WIFEXITED(sb) || WEXITSTATUS(sb)) {
        char *ta = tu_read_file(ea, NULL), *tb = tu_read_file(eb, NULL);
        fail_msg("quality: status %d: %s\nc2scan: status %d: %s", sa, ta, sb, tb);
    }
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE complete = 1"), 2);
    char p1[700], p2[700];
    snprintf(p1, sizeof p1, "%s/quality.csv", o1);
    snprintf(p2, sizeof p2, "%s/c2scan.csv", o2);
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones z JOIN runs r ON r.id = z.run_id WHERE r.test = 'quality'"),
                     csv_rows(p1));
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones z JOIN runs r ON r.id = z.run_id WHERE r.test = 'c2scan'"),
                     csv_rows(p2));
    /* the ATIP manufacturer, not a label, is what the store keeps */
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE test = 'quality' AND atip_code = '97:26:66' AND "
                               "atip_manufacturer LIKE 'CMC Magnetics%'"),
                     1);
    /* and the burn speed of the disc spec (cdr-80-cmc:write=X; its default 48x is the profile's, not given) */
    tu_rmrf(dir);
    free(dir);
}

static void test_runs_export_empty(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("st-list");
    char db[600], out[600], exp[600], gdir[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(out, sizeof out, "%s/t", dir);
    snprintf(exp, sizeof exp, "%s/export.json", dir);
    snprintf(gdir, sizeof gdir, "%s/grade", dir);
    /* missing store: runs says where it looked */
    const char *r0[] = { "runs", "--db", db, NULL };
    char *e = NULL;
    assert_int_equal(tu_run_discbench(NULL, &e, r0), 4);
    assert_non_null(strstr(e, "no results store"));
    assert_int_equal(count_lines(e), 1);
    free(e);
    assert_int_equal(access(db, F_OK), -1);
    /* an empty store (a run that stored nothing was removed again) */
    const char *bad[] = { "transfer", "-d", "sim:samsung-sc152", "--disc", "synthetic:1", "--zones", "10000", "--db",
                          db, "-o", out, NULL };
    e = NULL;
    assert_int_equal(tu_run_discbench(NULL, &e, bad), 2);
    assert_int_equal(count_lines(e), 1);
    free(e);
    char *o = NULL;
    assert_int_equal(tu_run_discbench(&o, NULL, r0), 0);
    assert_non_null(strstr(o, "no runs stored in"));
    free(o);
    const char *x0[] = { "export", "--db", db, "--format", "json", "-o", exp, NULL };
    e = NULL;
    assert_int_equal(tu_run_discbench(NULL, &e, x0), 4);
    assert_non_null(strstr(e, "nothing written"));
    free(e);
    assert_int_equal(access(exp, F_OK), -1);
    const char *g0[] = { "grade", "--db", db, "-o", gdir, NULL };
    e = NULL;
    assert_int_equal(tu_run_discbench(NULL, &e, g0), 4);
    assert_non_null(strstr(e, "nothing to grade"));
    assert_int_equal(count_lines(e), 1);
    free(e);
    assert_int_equal(access(gdir, F_OK), -1);

    /* two runs, then list and export them */
    const char *t1[] = { "transfer", "-d", "sim:samsung-sc152", "--disc", "synthetic:5", "--zones", "5", "--db", db,
                         "-o", out, NULL };
    const char *t2[] = { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80-ty:write=16", "--label", "Fuji",
                         "--db", db, "-o", out, "--force", NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, t1), 0);
    assert_int_equal(tu_run_discbench(NULL, NULL, t2), 0);
    const char *r1[] = { "runs", "--db", db, "--media", "taiyo", NULL };
    o = NULL;
    assert_int_equal(tu_run_discbench(&o, NULL, r1), 0);
    assert_non_null(strstr(o, "quality"));
    assert_non_null(strstr(o, "16x"));  /* the write speed of the disc spec */
    assert_non_null(strstr(o, "Fuji"));
    assert_null(strstr(o, "transfer"));
    assert_non_null(strstr(o, "1 run in"));
    free(o);
    const char *x1[] = { "export", "--db", db, "--format", "json", "--zones", "-o", exp, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, x1), 0);
    char *js = tu_read_file(exp, NULL);
    sqlite3 *mem;
    assert_int_equal(sqlite3_open(":memory:", &mem), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(mem, "SELECT json_array_length(?1), json_extract(?1, '$[1].test'), "
                                             "json_extract(?1, '$[1].summary.test'), json_array_length(?1, '$[0].zones')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, js, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "quality");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "quality");
    assert_int_equal(sqlite3_column_int(st, 3), 5);
    sqlite3_finalize(st);
    sqlite3_close(mem);
    free(js);
    const char *x2[] = { "export", "--db", db, "--test", "transfer", NULL };
    o = NULL;
    assert_int_equal(tu_run_discbench(&o, NULL, x2), 0);
    assert_int_equal(count_lines(o), 2); /* header + one run */
    assert_non_null(strstr(o, "SAMSUNG|CD-ROM SC-152C|CS05"));
    free(o);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_is_stored),  cmocka_unit_test(test_not_a_store),
        cmocka_unit_test(test_kill9_mid_run),  cmocka_unit_test(test_two_processes),
        cmocka_unit_test(test_runs_export_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
