/* End to end: `discbench compare` on runs made by the binary on the
 * virtual drive.
 *  - transfer runs of two drives on discs of different lengths with
 *    different zone counts: one curve per run, figures equal to each
 *    run's own summary, legends from drive model + firmware;
 *  - data versus audio of one drive (transfer + dae);
 *  - C1/C2 per second of one brand burned at two write speeds (quality):
 *    legends from the write speed, C1 figures equal to the summaries;
 *  - C2 per minute of c2scans with different zone counts;
 *  - access times as grouped bars (seek);
 *  - runs named store:ID;
 *  - bad input: a CSV from another tool, cut CSVs, runs of different
 *    tests, a missing run: exit code, one line, nothing written. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "pictures_e2e.h"
#include "testutil.h"

/* Every test's runs go into one scratch directory of the group. */
static int setup(void **state)
{
    (void)state;
    return tu_scratch_open("cmp");
}

/* "key": NUMBER after `after` in a summary.json. */
static double json_num(const char *dir, const char *after, const char *key)
{
    char path[800], pat[96];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *js = tu_read_file(path, NULL);
    assert_non_null(js);
    const char *p = after ? strstr(js, after) : js;
    assert_non_null(p);
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    p = strstr(p, pat);
    assert_non_null(p);
    double v = atof(p + strlen(pat));
    free(js);
    return v;
}

static double cmp_fig(const tu_csv *c, size_t row, const char *name)
{
    return tu_csv_num(c, row, name);
}

static void check_picture(const char *dir, const char *name, int curves)
{
    char png[800], svg[800], gp[800];
    snprintf(png, sizeof png, "%s/%s.png", dir, name);
    snprintf(svg, sizeof svg, "%s/%s.svg", dir, name);
    snprintf(gp, sizeof gp, "%s/%s.gp", dir, name);
    assert_int_equal(access(gp, R_OK), 0);
    uint32_t w = 0, h = 0;
    if (!pe_png_valid(png, &w, &h))
        fail_msg("%s is not a valid PNG", png);
    assert_true(w >= 640 && h >= 400);
    int n = pe_svg_plots(svg);
    if (n != curves)
        fail_msg("%s: %d plot elements, want %d (one per compared run)", svg, n, curves);
}

/* The results directory a run's argv names: what follows its "-o". */
static const char *out_dir_of(const char *const *args)
{
    for (size_t i = 0; args[i] && args[i + 1]; i++)
        if (!strcmp(args[i], "-o"))
            return args[i + 1];
    fail_msg("%s: no -o", args[0]);
    return NULL;
}

/* Make the runs ra and rb, then `compare` their results directories into
 * out; all must succeed.  compare's stdout in *text (may be NULL). */
static void compare_two(const char *const *ra, const char *const *rb, const char *out, char **text)
{
    tu_run_discbench_ok(NULL, ra);
    tu_run_discbench_ok(NULL, rb);
    const char *args[] = { "compare", out_dir_of(ra), out_dir_of(rb), "-o", out, NULL };
    tu_run_discbench_ok(text, args);
}

/* The gnuplot script a comparison wrote into out (caller frees). */
static char *compare_script(const char *out)
{
    char *gp = tu_read_in(out, "compare.gp");
    assert_non_null(gp);
    return gp;
}

static void test_transfer_lengths_and_zones(void **state)
{
    (void)state;
    const char *a = tu_in_scratch("t-liteon"), *b = tu_in_scratch("t-samsung"), *out = tu_in_scratch("cmp-transfer");
    const char *ra[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:30", "--zones", "17",
                         "--no-store", "-o", a, NULL };
    const char *rb[] = { "transfer", "-d", "sim:samsung-sc152", "--disc", "synthetic:80", "--zones", "50",
                         "--no-store", "-o", b, NULL };
    char *o = NULL;
    compare_two(ra, rb, out, &o);
    assert_non_null(strstr(o, "SIMULATED"));
    free(o);
    tu_csv t;
    tu_csv_load_in(out, "compare.csv", &t);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(t.rows[1][tu_csv_col(&t, "legend")], "LTR-40125S ZS0K");
    assert_string_equal(t.rows[2][tu_csv_col(&t, "legend")], "CD-ROM SC-152C CS05");
    assert_string_equal(t.rows[1][tu_csv_col(&t, "source")], "simulated");
    assert_true(cmp_fig(&t, 0, "zones") == 17);
    assert_true(cmp_fig(&t, 1, "zones") == 50);
    assert_true(fabs(cmp_fig(&t, 0, "covered_min") - 30) < 0.01);
    assert_true(fabs(cmp_fig(&t, 1, "covered_min") - 80) < 0.01);
    /* the figures are the runs' own */
    const char *dirs[2] = { a, b };
    for (int i = 0; i < 2; i++) {
        assert_true(fabs(cmp_fig(&t, (size_t)i, "average_speed_x") - json_num(dirs[i], "\"result\"", "average_speed_x")) <
                    0.006);
        assert_true(fabs(cmp_fig(&t, (size_t)i, "start_speed_x") - json_num(dirs[i], "\"result\"", "start_speed_x")) <
                    0.006);
        assert_true(fabs(cmp_fig(&t, (size_t)i, "end_speed_x") - json_num(dirs[i], "\"result\"", "end_speed_x")) <
                    0.006);
    }
    tu_csv_free(&t);
    /* each run's rows beside the script, whole */
    tu_csv_load_in(out, "runs/01-transfer.csv", &t);
    assert_int_equal(t.nrows, 18);
    tu_csv_free(&t);
    tu_csv_load_in(out, "runs/02-transfer.csv", &t);
    assert_int_equal(t.nrows, 51);
    tu_csv_free(&t);
    check_picture(out, "compare", 2);
    /* the script names both CSVs and both legends, and says SIMULATED */
    char *gp = compare_script(out);
    assert_non_null(strstr(gp, "runs/01-transfer.csv"));
    assert_non_null(strstr(gp, "runs/02-transfer.csv"));
    assert_non_null(strstr(gp, "CD-ROM SC-152C CS05"));
    assert_non_null(strstr(gp, "[SIMULATED]"));
    free(gp);
}

static void test_data_versus_audio(void **state)
{
    (void)state;
    const char *a = tu_in_scratch("dva-data"), *b = tu_in_scratch("dva-audio"), *out = tu_in_scratch("cmp-dva");
    const char *ra[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "pressed-74", "--zones", "20",
                         "--no-store", "-o", a, NULL };
    const char *rb[] = { "dae", "-d", "sim:liteon-ltr40125s", "--disc", "pressed-audio-74", "--zones", "30",
                         "--no-store", "-o", b, NULL };
    compare_two(ra, rb, out, NULL);
    tu_csv t;
    tu_csv_load_in(out, "compare.csv", &t);
    assert_string_equal(t.rows[1][tu_csv_col(&t, "legend")], "data");
    assert_string_equal(t.rows[2][tu_csv_col(&t, "legend")], "audio");
    assert_string_equal(t.rows[2][tu_csv_col(&t, "test")], "dae");
    tu_csv_free(&t);
    check_picture(out, "compare", 2);
    char *gp = compare_script(out);
    assert_non_null(strstr(gp, "data versus audio"));
    assert_non_null(strstr(gp, "LITE-ON LTR-40125S ZS0K")); /* the one drive, in the title */
    free(gp);
}

static void test_quality_write_speeds(void **state)
{
    (void)state;
    const char *a = tu_in_scratch("q48"), *b = tu_in_scratch("q24"), *out = tu_in_scratch("cmp-q");
    const char *ra[] = { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80-cmc:write=48", "--no-store",
                         "-o", a, NULL };
    const char *rb[] = { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80-cmc:write=24", "--no-store",
                         "-o", b, NULL };
    compare_two(ra, rb, out, NULL);
    tu_csv t;
    tu_csv_load_in(out, "compare.csv", &t);
    assert_string_equal(t.rows[1][tu_csv_col(&t, "legend")], "burned at 48x");
    assert_string_equal(t.rows[2][tu_csv_col(&t, "legend")], "burned at 24x");
    assert_true(fabs(cmp_fig(&t, 0, "c1_avg_per_s") - json_num(a, "\"c1\"", "average_per_second")) < 0.002);
    assert_true(fabs(cmp_fig(&t, 1, "c1_avg_per_s") - json_num(b, "\"c1\"", "average_per_second")) < 0.002);
    assert_true(cmp_fig(&t, 0, "c2_total") == json_num(a, "\"c2\"", "total"));
    assert_true(cmp_fig(&t, 0, "cu_total") == json_num(a, "\"cu\"", "total"));
    /* burned faster, more C1: what the write-speed comparison is for */
    assert_true(cmp_fig(&t, 0, "c1_avg_per_s") > 4 * cmp_fig(&t, 1, "c1_avg_per_s"));
    tu_csv_free(&t);
    check_picture(out, "compare-c1", 2);
    check_picture(out, "compare-c2", 2);
}

static void test_c2scan_zone_counts(void **state)
{
    (void)state;
    const char *a = tu_in_scratch("c2a"), *b = tu_in_scratch("c2b"), *out = tu_in_scratch("cmp-c2");
    const char *ra[] = { "c2scan", "-d", "sim:samsung-sc152", "--disc", "cdr-80-cmc", "--zones", "20", "--no-store",
                         "-o", a, NULL };
    const char *rb[] = { "c2scan", "-d", "sim:samsung-sc152", "--disc", "cdr-80-cmc", "--zones", "80", "--seed", "2",
                         "--no-store", "-o", b, NULL };
    compare_two(ra, rb, out, NULL);
    tu_csv t;
    tu_csv_load_in(out, "compare.csv", &t);
    assert_true(cmp_fig(&t, 0, "c2_bytes") == json_num(a, "\"result\"", "c2_bytes"));
    assert_true(cmp_fig(&t, 1, "c2_bytes") == json_num(b, "\"result\"", "c2_bytes"));
    /* the seed is all that differs: legends numbered */
    assert_non_null(strstr(t.rows[1][tu_csv_col(&t, "legend")], "#1"));
    tu_csv_free(&t);
    /* per minute: zone sizes differ, the per-minute figure times the
     * zone's minutes gives back the zone's bytes */
    tu_csv_load_in(out, "runs/02-c2scan.csv", &t);
    assert_int_equal(t.nrows, 81);
    double total = 0;
    for (size_t r = 0; r + 1 < t.nrows; r++)
        total += tu_csv_num(&t, r, "c2_bytes_per_min") *
                 (tu_csv_num(&t, r, "lba_end") - tu_csv_num(&t, r, "lba_start")) / 4500.0;
    assert_true(fabs(total - json_num(b, "\"result\"", "c2_bytes")) < 1.0);
    tu_csv_free(&t);
    check_picture(out, "compare-c2", 2);
}

static void test_seek_bars_and_store(void **state)
{
    (void)state;
    const char *a = tu_in_scratch("s-liteon"), *b = tu_in_scratch("s-samsung"), *c3 = tu_in_scratch("s-plextor"),
               *out = tu_in_scratch("cmp-seek"), *db = tu_in_scratch("seek.db"), *out2 = tu_in_scratch("cmp-store");
    const char *ra[] = { "seek", "-d", "sim:liteon-ltr40125s", "--samples", "6", "--cpu-mib", "0", "--db", db, "-o", a,
                         NULL };
    const char *rb[] = { "seek", "-d", "sim:samsung-sc152", "--samples", "9", "--cpu-mib", "0", "--db", db, "-o", b,
                         NULL };
    const char *rc[] = { "seek", "-d", "sim:plextor-px-12ts", "--samples", "4", "--cpu-mib", "0", "--db", db, "-o",
                         c3, NULL };
    tu_run_discbench_ok(NULL, ra);
    tu_run_discbench_ok(NULL, rb);
    tu_run_discbench_ok(NULL, rc);
    const char *c[] = { "compare", a, b, c3, "-o", out, NULL };
    tu_run_discbench_ok(NULL, c);
    tu_csv t;
    tu_csv_load_in(out, "compare_access.csv", &t);
    assert_int_equal(t.nrows, 4); /* random, one_third, full */
    assert_string_equal(t.rows[3][0], "full");
    assert_true(fabs(tu_csv_num(&t, 2, "avg_ms_1") - json_num(a, "\"full\"", "average_ms")) < 0.002);
    assert_true(fabs(tu_csv_num(&t, 0, "avg_ms_2") - json_num(b, "\"random\"", "average_ms")) < 0.002);
    assert_true(fabs(tu_csv_num(&t, 1, "max_ms_3") - json_num(c3, "\"one_third\"", "max_ms")) < 0.002);
    tu_csv_free(&t);
    /* a bar series and its min..max series per run */
    check_picture(out, "compare-access", 2 * 3);

    /* the same runs from the store: same figures */
    const char *s[] = { "compare", "store:1", "store:2", "store:3", "--db", db, "-o", out2, NULL };
    tu_run_discbench_ok(NULL, s);
    tu_csv t2;
    tu_csv_load_in(out2, "compare_access.csv", &t2);
    tu_csv_load_in(out, "compare_access.csv", &t);
    for (size_t r = 1; r < t.nrows; r++)
        for (size_t k = 0; k < t.ncols; k++)
            assert_string_equal(t.rows[r][k], t2.rows[r][k]);
    tu_csv_free(&t);
    tu_csv_free(&t2);
    tu_csv_load_in(out2, "compare.csv", &t);
    assert_string_equal(t.rows[3][tu_csv_col(&t, "store_id")], "3");
    tu_csv_free(&t);
    check_picture(out2, "compare-access", 2 * 3);
}

/* exit code, one stderr line with `needle`, and out never made */
static void expect_refused(const char *const *args, int code, const char *needle, const char *out)
{
    char *err = NULL;
    int rc = tu_run_discbench(NULL, &err, args);
    int lines = 0;
    for (const char *p = err; p && *p; p++)
        lines += *p == '\n';
    if (rc != code || !err || !strstr(err, needle) || lines != 1)
        fail_msg("compare %s ...: exit %d (want %d): %s", args[1], rc, code, err);
    free(err);
    if (out)
        assert_int_equal(access(out, F_OK), -1);
}

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fwrite(text, 1, len, f);
    fclose(f);
}

static void test_bad_input(void **state)
{
    (void)state;
    const char *good = tu_in_scratch("bad-good"), *seek = tu_in_scratch("bad-seek"), *out = tu_in_scratch("never");
    const char *ra[] = { "transfer", "-d", "sim:samsung-sc152", "--disc", "synthetic:5", "--zones", "9", "--no-store",
                         "-o", good, NULL };
    const char *rb[] = { "seek", "-d", "sim:samsung-sc152", "--disc", "synthetic:5", "--samples", "2", "--cpu-mib",
                         "0", "--no-store", "-o", seek, NULL };
    tu_run_discbench_ok(NULL, ra);
    tu_run_discbench_ok(NULL, rb);
    char good_csv[800];
    snprintf(good_csv, sizeof good_csv, "%s/transfer.csv", good);
    size_t len;
    char *text = tu_read_file(good_csv, &len);

    /* another tool's CSV (a speed log of the same shape, no source column) */
    const char *other = tu_in_scratch("other.csv");
    const char *foreign = "zone,lba_start,lba_end,position_min,speed_x,zone_ms\n0,0,100,0,20,50\n";
    write_file(other, foreign, strlen(foreign));
    const char *c1[] = { "compare", other, good, "-o", out, NULL };
    expect_refused(c1, 4, "not a discbench CSV", out);
    /* cut in the middle of a row */
    const char *cut = tu_in_scratch("cut.csv");
    write_file(cut, text, len - 7);
    const char *c2[] = { "compare", good, cut, "-o", out, NULL };
    expect_refused(c2, 4, "the file was cut", out);
    /* cut in a quoted field */
    const char *cutq = tu_in_scratch("cutq.csv");
    const char *q = "zone,lba_start,lba_end,position_min,speed_x,zone_ms,source\n0,0,100,0,20,50,\"simul";
    write_file(cutq, q, strlen(q));
    const char *c3[] = { "compare", good, cutq, "-o", out, NULL };
    expect_refused(c3, 4, "never ends", out);
    /* a binary file */
    const char *bin = tu_in_scratch("bin.csv");
    write_file(bin, "zone\n\0\1\2\n", 9);
    const char *c4[] = { "compare", good, bin, "-o", out, NULL };
    expect_refused(c4, 4, "NUL byte", out);
    /* runs of different tests */
    const char *c5[] = { "compare", good, seek, "-o", out, NULL };
    expect_refused(c5, 2, "runs of different tests", out);
    /* one run, a missing one, a directory that is no results directory */
    const char *c6[] = { "compare", good, "-o", out, NULL };
    expect_refused(c6, 2, "give 2 to 16 runs", out);
    const char *c7[] = { "compare", good, tu_in_scratch("nowhere"), "-o", out, NULL };
    expect_refused(c7, 4, "No such file", out);
    const char *c8[] = { "compare", good, tu_scratch(), "-o", out, NULL };
    expect_refused(c8, 4, "not a discbench results directory", out);
    const char *c9[] = { "compare", good, "store:abc", "-o", out, NULL };
    expect_refused(c9, 2, "store:ID", out);

    /* an existing results directory is left as it was */
    const char *keep = tu_in_scratch("keep");
    mkdir(keep, 0755);
    char kept[800];
    snprintf(kept, sizeof kept, "%s/compare.csv", keep);
    write_file(kept, "mine\n", 5);
    const char *c10[] = { "compare", good, cut, "-o", keep, NULL };
    expect_refused(c10, 4, "cut", NULL);
    char *now = tu_read_file(kept, NULL);
    assert_string_equal(now, "mine\n");
    free(now);
    char other_file[800];
    snprintf(other_file, sizeof other_file, "%s/runs", keep);
    assert_int_equal(access(other_file, F_OK), -1);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transfer_lengths_and_zones), cmocka_unit_test(test_data_versus_audio),
        cmocka_unit_test(test_quality_write_speeds),       cmocka_unit_test(test_c2scan_zone_counts),
        cmocka_unit_test(test_seek_bars_and_store),        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, tu_scratch_close);
}
