/* End to end: `discbench grade` on a store filled by suite runs on seeded
 * virtual CD-Rs - CMC Magnetics dye burned at 48x and at 24x (two discs
 * each) and Taiyo Yuden at 48x, every one labelled "ATT" as the users'
 * blanks were.  Checked against the virtual drive's ground truth: each
 * group's mean C1 is the mean of its discs' true C1 per second, the rank
 * follows those figures, the letters follow the README thresholds applied
 * to the true C1/C2/CU, the manufacturer comes from the ATIP (the TY
 * discs labelled ATT are graded as Taiyo Yuden), the best write speed of
 * CMC is 24x; grouping by label merges what the label hides. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pictures_e2e.h"
#include "testutil.h"
#include "vdrive/vdrive.h"

typedef struct disc {
    const char *media;     /* profile name */
    int write_x;
    int seed;
} disc;

static const disc discs[] = {
    { "cdr-80-cmc", 48, 1 }, { "cdr-80-cmc", 48, 2 }, { "cdr-80-cmc", 24, 1 },
    { "cdr-80-cmc", 24, 2 }, { "cdr-80-ty", 48, 1 },
};
#define NDISCS (sizeof discs / sizeof discs[0])

/* True C1 mean per second, C2 and CU totals of one disc. */
static void truth(const disc *d, double *c1_mean, uint64_t *c2, uint64_t *cu)
{
    char *drive = tu_profile("drives", "liteon-ltr40125s"), *media = tu_profile("media", d->media);
    char spec[4200];
    snprintf(spec, sizeof spec, "%s:write=%d", media, d->write_x);
    vdrive_config cfg = { .drive_profile = drive, .disc = spec, .seed = (uint64_t)d->seed };
    vdrive *vd = NULL;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("vdrive_open: %s", err.msg);
    uint32_t n = vdrive_truth_seconds(vd);
    uint64_t c1 = 0;
    *c2 = *cu = 0;
    for (uint32_t s = 0; s < n; s++) {
        vdrive_err_truth t;
        vdrive_truth_errors(vd, s, &t);
        c1 += t.c1;
        *c2 += t.c2;
        *cu += t.cu;
    }
    *c1_mean = (double)c1 / n;
    vdrive_free(vd);
    free(drive);
    free(media);
}

/* The README's thresholds, applied here on their own. */
static const char *expected_letter(double c1, uint64_t c2, uint64_t cu)
{
    if (cu > 0)
        return "F";
    if (c2 > 0 || c1 > 10)
        return "D";
    return c1 <= 2 ? "A" : c1 <= 5 ? "B" : "C";
}

typedef struct group {
    const char *maker;
    int write_x;
    int discs;
    double c1_sum;
    uint64_t c2, cu;
} group;

static void test_grade_follows_figures(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("grade");
    char db[600], gdir[600], ldir[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(gdir, sizeof gdir, "%s/grade", dir);
    snprintf(ldir, sizeof ldir, "%s/by-label", dir);
    group groups[1][3] = { { { "CMC Magnetics", 48, 0, 0, 0, 0 }, { "CMC Magnetics", 24, 0, 0, 0, 0 },
                             { "Taiyo Yuden", 48, 0, 0, 0, 0 } } };
    for (size_t i = 0; i < NDISCS; i++) {
        char out[700], spec[64], seed[16];
        snprintf(out, sizeof out, "%s/disc-%zu", dir, i);
        snprintf(spec, sizeof spec, "%s:write=%d", discs[i].media, discs[i].write_x);
        snprintf(seed, sizeof seed, "%d", discs[i].seed);
        const char *a[] = { "suite", "-d", "sim:liteon-ltr40125s", "--disc", spec, "--seed", seed, "--label", "ATT",
                            "--tests", "quality,scan", "--no-plot", "--db", db, "-o", out, NULL };
        char *err = NULL;
        int rc = tu_run_discbench(NULL, &err, a);
        if (rc)
            fail_msg("suite %s: exit %d: %s", spec, rc, err);
        free(err);
        double c1;
        uint64_t c2, cu;
        truth(&discs[i], &c1, &c2, &cu);
        group *g = !strcmp(discs[i].media, "cdr-80-ty") ? &groups[0][2] : discs[i].write_x == 48 ? &groups[0][0]
                                                                                                     : &groups[0][1];
        g->discs++;
        g->c1_sum += c1;
        g->c2 += c2;
        g->cu += cu;
    }
    const char *a[] = { "grade", "--db", db, "-o", gdir, NULL };
    char *o = NULL, *e = NULL;
    int rc = tu_run_discbench(&o, &e, a);
    if (rc)
        fail_msg("grade: exit %d: %s", rc, e);
    assert_non_null(strstr(o, "SIMULATED"));
    assert_non_null(strstr(o, "| 1 | Taiyo Yuden"));
    free(o);
    free(e);
    char path[800];
    snprintf(path, sizeof path, "%s/grade.csv", gdir);
    tu_csv c;
    assert_int_equal(tu_csv_load(path, &c), 0);
    assert_int_equal(c.nrows, 4);
    double last_c1 = -1;
    for (size_t r = 0; r < 3; r++) {
        const char *name = c.rows[r + 1][tu_csv_col(&c, "group")];
        int ws = (int)tu_csv_num(&c, r, "write_speed_x");
        group *g = NULL;
        for (int k = 0; k < 3; k++)
            if (strstr(name, groups[0][k].maker) && groups[0][k].write_x == ws)
                g = &groups[0][k];
        if (!g)
            fail_msg("unexpected group %s %dx", name, ws);
        double c1 = g->c1_sum / g->discs;
        assert_int_equal((int)tu_csv_num(&c, r, "discs"), g->discs);
        if (fabs(tu_csv_num(&c, r, "c1_mean_per_s") - c1) > 0.001)
            fail_msg("%s %dx: mean C1 %g, truth %g", name, ws, tu_csv_num(&c, r, "c1_mean_per_s"), c1);
        assert_true(tu_csv_num(&c, r, "c2_total") == (double)g->c2);
        assert_true(tu_csv_num(&c, r, "cu_total") == (double)g->cu);
        assert_string_equal(c.rows[r + 1][tu_csv_col(&c, "grade")], expected_letter(c1, g->c2, g->cu));
        assert_int_equal((int)tu_csv_num(&c, r, "rank"), (int)r + 1);
        /* ranked best first: the true C1 rises down the table */
        assert_true(c1 > last_c1);
        last_c1 = c1;
        if (strstr(name, "CMC"))
            assert_true(tu_csv_num(&c, r, "best_write_speed_x") == 24);
    }
    tu_csv_free(&c);
    snprintf(path, sizeof path, "%s/grade.png", gdir);
    assert_true(pe_png_valid(path, NULL, NULL));
    snprintf(path, sizeof path, "%s/grade.md", gdir);
    char *md = tu_read_file(path, NULL);
    assert_non_null(strstr(md, "![mean C1 per second and grade](grade.png)"));
    assert_non_null(strstr(md, "CMC Magnetics Corporation: 24x"));
    free(md);

    /* by label: "ATT" hides two manufacturers at 48x */
    const char *b[] = { "grade", "--db", db, "--by", "label", "--no-plot", "-o", ldir, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, b), 0);
    snprintf(path, sizeof path, "%s/grade.csv", ldir);
    assert_int_equal(tu_csv_load(path, &c), 0);
    assert_int_equal(c.nrows, 3);
    for (size_t r = 0; r < 2; r++) {
        assert_string_equal(c.rows[r + 1][tu_csv_col(&c, "group")], "ATT");
        if (tu_csv_num(&c, r, "write_speed_x") == 48)
            assert_int_equal((int)tu_csv_num(&c, r, "discs"), 3);
    }
    tu_csv_free(&c);
    tu_rmrf(dir);
    free(dir);
}

/* One quality scan into the store; returns its mean C1 per second. */
static double scan_into(const char *db, const char *dir, const char *drive, int seed, const char *name)
{
    static int n;
    char out[700], dev[64], seed_s[16];
    snprintf(out, sizeof out, "%s/scan-%d", dir, n++);
    snprintf(dev, sizeof dev, "sim:%s", drive);
    snprintf(seed_s, sizeof seed_s, "%d", seed);
    const char *a[] = { "quality", "-d", dev, "--disc", "cdr-80-ty:write=48", "--seed", seed_s, "--no-plot",
                        "--db", db, "-o", out, name ? "--disc-name" : NULL, name, NULL };
    tu_run_discbench_ok(NULL, a);
    char *json = tu_read_in(out, "summary.json");
    char v[64];
    tu_json_field_in(json, "c1", "average_per_second", v, sizeof v);
    free(json);
    return atof(v);
}

/* --disc-name: the same disc scanned again (here on a second drive, and
 * reading differently, as a disc does after cleaning: another seed) counts
 * once, by its latest scan; unnamed rescans still count apart. */
static void test_named_disc_counts_once(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("gradename");
    char db[600], gdir[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(gdir, sizeof gdir, "%s/grade", dir);
    double old = scan_into(db, dir, "liteon-ltr40125s", 4, "TY-01");
    double a = scan_into(db, dir, "plextor-px-w124tsi", 1, "TY-01"); /* the latest scan of TY-01 */
    assert_true(fabs(old - a) > 0.01);                                /* so the test tells them apart */
    double b = scan_into(db, dir, "liteon-ltr40125s", 2, NULL);
    double c1 = scan_into(db, dir, "liteon-ltr40125s", 3, NULL);
    double c2 = scan_into(db, dir, "liteon-ltr40125s", 3, NULL);     /* unnamed: a disc of its own */
    const char *g[] = { "grade", "--db", db, "--no-plot", "-o", gdir, NULL };
    char *out = NULL;
    tu_run_discbench_ok(&out, g);
    assert_non_null(strstr(out, "1 older scans of named discs left out"));
    free(out);
    tu_csv c;
    tu_csv_load_in(gdir, "grade.csv", &c);
    assert_int_equal(c.nrows, 2);
    assert_int_equal((int)tu_csv_num(&c, 0, "discs"), 4);
    double want = (a + b + c1 + c2) / 4;
    if (fabs(tu_csv_num(&c, 0, "c1_mean_per_s") - want) > 0.001)
        fail_msg("mean C1 %g, want %g (the named disc by its latest scan)", tu_csv_num(&c, 0, "c1_mean_per_s"), want);
    tu_csv_free(&c);
    char *md = tu_read_in(gdir, "grade.md");
    assert_non_null(strstr(md, "1 older scans of discs named with --disc-name left out"));
    free(md);
    /* runs lists the name with the run */
    const char *runs[] = { "runs", "--db", db, NULL };
    tu_run_discbench_ok(&out, runs);
    assert_non_null(strstr(out, " #TY-01\n"));
    free(out);
    /* a bad name is refused before anything runs */
    const char *bad[] = { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80-ty", "--disc-name", "",
                          "--db", db, "-o", gdir, NULL };
    char *err = NULL;
    assert_int_equal(tu_run_discbench(NULL, &err, bad), 2);
    assert_non_null(strstr(err, "--disc-name: expected 1..64 characters"));
    free(err);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grade_follows_figures),
        cmocka_unit_test(test_named_disc_counts_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
