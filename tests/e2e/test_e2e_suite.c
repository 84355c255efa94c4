/* End to end: `discbench suite` on the virtual drive.
 *  - one drive, a mixed-mode disc: every test that applies runs in its
 *    own directory with the same results as the test run alone; c2scan
 *    is left out for quality, with the reason; report.md links only
 *    pictures that exist and are valid PNGs; the store groups the tests
 *    under the suite's run;
 *  - three drives at once (one thread each): each drive's files are
 *    byte-identical to that drive's suite run alone (nothing shared
 *    between the threads), and the drives are compared in one picture
 *    per test with one curve per drive;
 *  - an audio disc: the tests that cannot run say why;
 *  - usage errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "pictures_e2e.h"
#include "testutil.h"

/* Every test's runs go into one scratch directory of the group. */
static int setup(void **state)
{
    (void)state;
    return tu_scratch_open("suite");
}

static void same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = tu_read_file(a, &la), *y = tu_read_file(b, &lb);
    if (!x || !y || la != lb || memcmp(x, y, la))
        fail_msg("%s and %s differ", a, b);
    free(x);
    free(y);
}

/* Every ![...](path) of report.md: the file exists and is a valid PNG.
 * Returns how many pictures the report embeds. */
static int check_report_pictures(const char *dir)
{
    char path[800];
    snprintf(path, sizeof path, "%s/report.md", dir);
    char *md = tu_read_file(path, NULL);
    assert_non_null(md);
    int n = 0;
    for (const char *p = md; (p = strstr(p, "](")); p += 2) {
        const char *end = strchr(p + 2, ')');
        assert_non_null(end);
        char rel[400];
        snprintf(rel, sizeof rel, "%.*s", (int)(end - p - 2), p + 2);
        assert_non_null(strstr(rel, ".png"));
        assert_true(rel[0] != '/'); /* relative: the report moves with its directory */
        snprintf(path, sizeof path, "%s/%s", dir, rel);
        if (!pe_png_valid(path, NULL, NULL))
            fail_msg("report.md embeds %s: not a valid PNG", rel);
        n++;
    }
    free(md);
    return n;
}

static long long q_int(const char *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static void test_one_drive_mixed_disc(void **state)
{
    (void)state;
    const char *out = tu_in_scratch("one"), *db = tu_in_scratch("one.db"), *alone = tu_in_scratch("alone");
    const char *a[] = { "suite", "-d", "sim:liteon-ltr40125s", "--disc", "pressed-mixed-60", "--zones", "20",
                        "--samples", "5", "--label", "mixed", "--db", db, "-o", out, NULL };
    char *o = NULL;
    tu_run_discbench_ok(&o, a);
    assert_non_null(strstr(o, "SIMULATED"));
    assert_non_null(strstr(o, "report.md"));
    free(o);
    char path[800];
    static const char *const ran[] = { "transfer", "dae", "seek", "quality", "scan" };
    for (size_t i = 0; i < sizeof ran / sizeof ran[0]; i++) {
        snprintf(path, sizeof path, "%s/%s/summary.json", out, ran[i]);
        char *js = tu_read_file(path, NULL);
        if (!js || !strstr(js, "\"status\": \"complete\""))
            fail_msg("%s: %s", path, js ? js : "missing");
        free(js);
    }
    snprintf(path, sizeof path, "%s/c2scan", out);
    assert_int_equal(access(path, F_OK), -1);
    /* the same test alone gives the same rows */
    const char *t[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "pressed-mixed-60", "--zones", "20",
                        "--no-store", "-o", alone, NULL };
    tu_run_discbench_ok(NULL, t);
    char p1[800], p2[800];
    snprintf(p1, sizeof p1, "%s/transfer/transfer.csv", out);
    snprintf(p2, sizeof p2, "%s/transfer.csv", alone);
    same_file(p1, p2);
    /* suite.csv: one row per test; report.md: all six, pictures valid */
    snprintf(path, sizeof path, "%s/suite.csv", out);
    tu_csv c;
    assert_int_equal(tu_csv_load(path, &c), 0);
    assert_int_equal(c.nrows, 7);
    assert_string_equal(c.rows[5][0], "c2scan");
    assert_string_equal(c.rows[5][tu_csv_col(&c, "ran")], "0");
    assert_non_null(strstr(c.rows[5][tu_csv_col(&c, "why")], "quality scan"));
    tu_csv_free(&c);
    snprintf(path, sizeof path, "%s/report.md", out);
    char *md = tu_read_file(path, NULL);
    assert_non_null(strstr(md, "[SIMULATED]"));
    assert_non_null(strstr(md, "| transfer | complete |"));
    assert_non_null(strstr(md, "| c2scan | not run | the quality scan reads C1, C2 and CU"));
    assert_non_null(strstr(md, "label: mixed"));
    free(md);
    /* transfer, dae (+ data versus audio), seek, quality, scan */
    assert_int_equal(check_report_pictures(out), 6);
    snprintf(path, sizeof path, "%s/summary.json", out);
    char *js = tu_read_file(path, NULL);
    assert_non_null(strstr(js, "\"test\": \"suite\""));
    assert_non_null(strstr(js, "\"info\""));
    free(js);
    /* info first, as `info --json` prints it */
    snprintf(path, sizeof path, "%s/info.json", out);
    js = tu_read_file(path, NULL);
    assert_non_null(js);
    assert_non_null(strstr(js, "\"can_test\""));
    assert_non_null(strstr(js, "\"drive_key\": \"LITE-ON|LTR-40125S|ZS0K\""));
    free(js);
    /* the store: the suite and its five tests under it */
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE test = 'suite' AND complete = 1"), 1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs WHERE parent_id = (SELECT id FROM runs WHERE test = "
                               "'suite') AND complete = 1 AND label = 'mixed'"),
                     5);
    assert_int_equal(q_int(db, "SELECT count(*) FROM zones z JOIN runs r ON r.id = z.run_id WHERE r.test = 'suite'"),
                     6);
}

static void test_three_drives_at_once(void **state)
{
    (void)state;
    const char *out = tu_in_scratch("three");
    static const char *const drives[] = { "liteon-ltr40125s", "samsung-sc152", "plextor-px-12ts" };
    const char *a[] = { "suite", "-d", "sim:liteon-ltr40125s", "-d", "sim:samsung-sc152", "-d", "sim:plextor-px-12ts",
                        "--disc", "short-21", "--tests", "transfer,seek,c2scan", "--zones", "25", "--samples", "6",
                        "--no-store", "-o", out, NULL };
    char *o = NULL;
    tu_run_discbench_ok(&o, a);
    free(o);
    char path[800], alone[800];
    /* each drive as if alone: identical files */
    for (int i = 0; i < 3; i++) {
        char dev[64], name[64];
        snprintf(dev, sizeof dev, "sim:%s", drives[i]);
        snprintf(name, sizeof name, "alone-%d", i);
        const char *solo = tu_in_scratch(name);
        const char *s[] = { "suite", "-d", dev, "--disc", "short-21", "--tests", "transfer,seek,c2scan", "--zones",
                            "25", "--samples", "6", "--no-store", "-o", solo, NULL };
        tu_run_discbench_ok(NULL, s);
        static const char *const files[] = { "transfer/transfer.csv", "seek/seek.csv", "c2scan/c2scan.csv" };
        for (size_t f = 0; f < 3; f++) {
            snprintf(path, sizeof path, "%s/%s/%s", out, drives[i], files[f]);
            snprintf(alone, sizeof alone, "%s/%s", solo, files[f]);
            same_file(path, alone);
        }
    }
    /* the drives compared: one curve (or bar series) per drive */
    snprintf(path, sizeof path, "%s/compare-transfer/compare.svg", out);
    assert_int_equal(pe_svg_plots(path), 3);
    snprintf(path, sizeof path, "%s/compare-c2scan/compare-c2.svg", out);
    assert_int_equal(pe_svg_plots(path), 3);
    snprintf(path, sizeof path, "%s/compare-seek/compare-access.svg", out);
    assert_int_equal(pe_svg_plots(path), 6);
    snprintf(path, sizeof path, "%s/compare-transfer/compare.csv", out);
    tu_csv c;
    assert_int_equal(tu_csv_load(path, &c), 0);
    assert_int_equal(c.nrows, 4);
    assert_string_equal(c.rows[3][tu_csv_col(&c, "legend")], "CD-ROM PX-12TS 1.03");
    tu_csv_free(&c);
    /* report: three drives, the comparisons, every picture valid */
    snprintf(path, sizeof path, "%s/report.md", out);
    char *md = tu_read_file(path, NULL);
    assert_non_null(strstr(md, "## Drive 3: PLEXTOR"));
    assert_non_null(strstr(md, "## Drives compared"));
    assert_non_null(strstr(md, "| quality | not run | left out (--tests)"));
    free(md);
    assert_int_equal(check_report_pictures(out), 3 * 3 + 3);
    snprintf(path, sizeof path, "%s/summary.json", out);
    char *js = tu_read_file(path, NULL);
    assert_non_null(strstr(js, "\"dir\": \"samsung-sc152\""));
    assert_non_null(strstr(js, "\"compare-seek\""));
    free(js);
    /* several drives: no CPU figure (the whole process's time would count) */
    snprintf(path, sizeof path, "%s/liteon-ltr40125s/seek/summary.json", out);
    js = tu_read_file(path, NULL);
    assert_non_null(strstr(js, "\"cpu_mib\": 0"));
    free(js);
}

static void test_audio_disc(void **state)
{
    (void)state;
    const char *out = tu_in_scratch("audio");
    const char *a[] = { "suite", "-d", "sim:samsung-sc152", "--disc", "pressed-audio-74", "--zones", "10",
                        "--no-store", "-o", out, NULL };
    tu_run_discbench_ok(NULL, a);
    char path[800];
    snprintf(path, sizeof path, "%s/report.md", out);
    char *md = tu_read_file(path, NULL);
    assert_non_null(strstr(md, "| transfer | not run | no data track on this disc"));
    assert_non_null(strstr(md, "| seek | not run | no data track"));
    assert_non_null(strstr(md, "| quality | not run | no vendor C1/C2 scan protocol"));
    assert_non_null(strstr(md, "| dae | complete |"));
    assert_non_null(strstr(md, "| c2scan | complete |"));
    free(md);
    assert_int_equal(check_report_pictures(out), 3);
}

static void test_usage(void **state)
{
    (void)state;
    const char *out = tu_in_scratch("never");
    const char *cases[][10] = {
        { "suite", "--tests", "transfer,nero", "-o", out, NULL },
        { "suite", "-d", "sim:samsung-sc152", "-d", "sim:samsung-sc152", "-o", out, NULL },
        { "suite", "-d", "sim:samsung-sc152", "-d", "sim:liteon-ltr40125s", "--trace", "x.gz", "-o", out, NULL },
        { "suite", "--zones", "0", "-o", out, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *e = NULL;
        int rc = tu_run_discbench(NULL, &e, cases[i]);
        if (rc != 2 || !e || strchr(e, '\n') != e + strlen(e) - 1)
            fail_msg("case %zu: exit %d: %s", i, rc, e);
        free(e);
        assert_int_equal(access(out, F_OK), -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_drive_mixed_disc), cmocka_unit_test(test_three_drives_at_once),
        cmocka_unit_test(test_audio_disc),           cmocka_unit_test(test_usage),
    };
    return cmocka_run_group_tests(tests, setup, tu_scratch_close);
}
