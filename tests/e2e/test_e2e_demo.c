/* End to end: the users' story of `make demo` (scripts/demo.sh, run here
 * with the binary under test into a temporary directory).  It must finish
 * and leave what its last lines point to: the reports, every picture they
 * embed a valid PNG, one curve per compared run in each comparison, the
 * grade ordered Taiyo Yuden 48x, CMC 24x, CMC 48x, and a results store of
 * its own (the user's store is not touched). */
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

static int report_pictures(const char *dir)
{
    char path[1000];
    snprintf(path, sizeof path, "%s/report.md", dir);
    char *md = tu_read_file(path, NULL);
    if (!md)
        fail_msg("no %s", path);
    int n = 0;
    for (const char *p = md; (p = strstr(p, "](")); p += 2) {
        const char *end = strchr(p + 2, ')');
        snprintf(path, sizeof path, "%s/%.*s", dir, (int)(end - p - 2), p + 2);
        if (!pe_png_valid(path, NULL, NULL))
            fail_msg("%s/report.md embeds %s: not a valid PNG", dir, path);
        n++;
    }
    free(md);
    return n;
}

static void curves(const char *out, const char *svg, int want)
{
    char path[1000], png[1000];
    snprintf(path, sizeof path, "%s/%s.svg", out, svg);
    snprintf(png, sizeof png, "%s/%s.png", out, svg);
    if (!pe_png_valid(png, NULL, NULL))
        fail_msg("%s: not a valid PNG", png);
    int n = pe_svg_plots(path);
    if (n != want)
        fail_msg("%s: %d plot elements, want %d", path, n, want);
}

static void test_demo(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("demo");
    char out[600], xdg[600], script[600];
    snprintf(out, sizeof out, "%s/results/demo", dir);
    snprintf(xdg, sizeof xdg, "%s/xdg", dir);
    const char *src = getenv("DB_SRC");
    snprintf(script, sizeof script, "%s/scripts/demo.sh", src ? src : ".");
    /* the user's store must stay untouched: point XDG_DATA_HOME at a
     * place that must still be empty afterwards */
    setenv("XDG_DATA_HOME", xdg, 1);
    const char *argv[] = { "sh", script, getenv("DISCBENCH_BIN"), out, NULL };
    char *o = NULL, *e = NULL;
    int rc = tu_run(&o, &e, argv);
    if (rc)
        fail_msg("demo: exit %d\n%s\n%s", rc, o, e);
    assert_int_equal(access(xdg, F_OK), -1);
    /* it ends by saying where everything is */
    const char *where = strstr(o, "Where everything is");
    assert_non_null(where);
    char path[1000];
    snprintf(path, sizeof path, "%s/data-disc/report.md", out);
    assert_non_null(strstr(where, path));
    snprintf(path, sizeof path, "%s/grade/grade.png", out);
    assert_non_null(strstr(where, path));
    free(o);
    free(e);

    /* drive versus drive on the data disc; the audio disc */
    snprintf(path, sizeof path, "%s/data-disc", out);
    assert_true(report_pictures(path) >= 2 * 4 + 2);
    snprintf(path, sizeof path, "%s/audio-disc", out);
    assert_true(report_pictures(path) >= 2 * 3 + 2);
    snprintf(path, sizeof path, "%s/data-disc/compare-transfer", out);
    curves(path, "compare", 2);
    snprintf(path, sizeof path, "%s/audio-disc/compare-dae", out);
    curves(path, "compare", 2);
    /* data versus audio, each drive */
    snprintf(path, sizeof path, "%s/data-vs-audio-liteon", out);
    curves(path, "compare", 2);
    snprintf(path, sizeof path, "%s/data-vs-audio-samsung", out);
    curves(path, "compare", 2);
    /* C1/C2 per second of the three burns */
    snprintf(path, sizeof path, "%s/cdr-write-speeds", out);
    curves(path, "compare-c1", 3);
    curves(path, "compare-c2", 3);
    /* the grade, best first */
    snprintf(path, sizeof path, "%s/grade/grade.png", out);
    assert_true(pe_png_valid(path, NULL, NULL));
    snprintf(path, sizeof path, "%s/grade/grade.csv", out);
    tu_csv c;
    assert_int_equal(tu_csv_load(path, &c), 0);
    assert_int_equal(c.nrows, 4);
    assert_non_null(strstr(c.rows[1][tu_csv_col(&c, "group")], "Taiyo Yuden"));
    assert_true(tu_csv_num(&c, 1, "write_speed_x") == 24);
    assert_non_null(strstr(c.rows[2][tu_csv_col(&c, "group")], "CMC"));
    assert_true(tu_csv_num(&c, 2, "write_speed_x") == 48);
    assert_string_equal(c.rows[3][tu_csv_col(&c, "grade")], "F");
    assert_int_equal((int)tu_csv_num(&c, 0, "discs"), 2);
    tu_csv_free(&c);
    /* its own store, holding exactly this demo's runs: 2 + 2 suites of
     * two drives, 6 CD-R suites */
    snprintf(path, sizeof path, "%s/results.db", out);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), sum(simulated) FROM runs WHERE test = 'suite'", -1, &st,
                                        NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 4 + 6);
    assert_int_equal(sqlite3_column_int(st, 1), 4 + 6);
    sqlite3_finalize(st);
    sqlite3_close(db);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
