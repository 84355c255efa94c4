/* End to end: `discbench quality` on the virtual drive.  Every counted
 * second equals the seeded disc's ground truth for each vendor protocol;
 * the CMC-at-48x disc comes out worst from measurement; drives without a
 * protocol fall back to c2scan; firmware that answers zeros is not
 * believed; repeated positions are never counted twice; a stalled drive
 * leaves a partial, failed-to-pass scan. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "errscan_e2e.h"

/* Run quality on drive/disc (test data names) and check each row against
 * the truth; returns the summary JSON (caller frees). */
static char *check_protocol(const char *drive, const char *disc, const char *seed, const char *want_proto)
{
    es_job j;
    es_job_open(&j, "quality", drive, disc);
    const char *args[] = { "quality", "-d", j.sim.dev, "--disc", j.sim.disc_path, "--seed", seed, "-o", j.dir,
                           "--no-plot", NULL };
    int rc = es_job_run(&j, args);
    if (rc != 0)
        fail_msg("%s: exit %d: %s", drive, rc, j.err);
    assert_non_null(strstr(j.out, "SIMULATED"));
    char *json = tu_read_in(j.dir, "summary.json");
    char v[256];
    tu_json_field_in(json, "protocol", "used", v, sizeof v);
    assert_string_equal(v, want_proto);
    tu_json_field_in(json, "coverage", "complete", v, sizeof v);
    assert_string_equal(v, "true");

    vdrive *vd = es_truth(j.sim.drive_path, j.sim.disc_path, strtoull(seed, NULL, 10));
    uint32_t seconds = vdrive_truth_seconds(vd);
    tu_csv c;
    tu_csv_load_in(j.dir, "quality.csv", &c);
    assert_int_equal(c.nrows, seconds + 1); /* one row per second, no faults */
    int cu_col = tu_csv_col(&c, "cu");
    uint64_t c1 = 0, c2 = 0, cu = 0;
    for (size_t r = 0; r + 1 < c.nrows; r++) {
        uint32_t s = (uint32_t)tu_csv_num(&c, r, "second");
        assert_int_equal(s, r);
        assert_int_equal((int)tu_csv_num(&c, r, "counted"), 1);
        vdrive_err_truth t;
        vdrive_truth_errors(vd, s, &t);
        if ((uint32_t)tu_csv_num(&c, r, "c1") != t.c1 || (uint32_t)tu_csv_num(&c, r, "c2") != t.c2)
            fail_msg("%s second %u: C1 %g C2 %g, truth %u %u", drive, s, tu_csv_num(&c, r, "c1"),
                     tu_csv_num(&c, r, "c2"), t.c1, t.c2);
        if (!strcmp(want_proto, "liteon-new"))
            assert_string_equal(c.rows[r + 1][cu_col], ""); /* no CU in this protocol */
        else
            assert_int_equal((uint32_t)tu_csv_num(&c, r, "cu"), t.cu);
        assert_string_equal(c.rows[r + 1][tu_csv_col(&c, "source")], "simulated");
        /* scanned at the default 8x: the read speed line shows it, and
         * shows the drive retrying slow sectors (and, when the host reads
         * itself, unreadable ones) */
        if (r > 0 && r + 2 < c.nrows) {
            double x = tu_csv_num(&c, r, "speed_x");
            bool slow = false, bad = false;
            for (uint32_t lba = s * 75; lba < s * 75 + 75; lba++) {
                slow |= vdrive_truth_slow_retries(vd, lba) > 0;
                bad |= vdrive_truth_unreadable(vd, lba);
            }
            if (slow || (bad && !strcmp(want_proto, "plextor"))) {
                if (!(x < 7.0))
                    fail_msg("%s second %u: retried sectors, yet read at %.2fx", drive, s, x);
            } else if (!(x > 7.0 && x < 8.1)) {
                fail_msg("%s second %u: read at %.2fx, not the default 8x", drive, s, x);
            }
        }
        c1 += t.c1;
        c2 += t.c2;
        cu += t.cu;
    }
    assert_true(c1 > 1000 && c2 > 100 && cu > 10); /* the disc really has errors of each kind */
    tu_json_field_in(json, "c1", "total", v, sizeof v);
    assert_int_equal(strtoull(v, NULL, 10), c1);
    tu_csv_free(&c);
    vdrive_free(vd);
    es_job_close(&j);
    return json;
}

static void test_liteon_old_equals_truth(void **state)
{
    (void)state;
    char *json = check_protocol("lo-old", "cdr-errs-10", "77", "liteon-old");
    char v[64];
    tu_json_field_in(json, "redbook", "verdict", v, sizeof v);
    assert_string_equal(v, "fail"); /* this test disc has CU and an unreadable band */
    free(json);
}

static void test_liteon_new_equals_truth(void **state)
{
    (void)state;
    free(check_protocol("lo-new", "cdr-errs-10", "78", "liteon-new"));
}

static void test_plextor_equals_truth(void **state)
{
    (void)state;
    char *json = check_protocol("px", "cdr-errs-10", "79", "plextor");
    /* the host's reads met the unreadable sectors and listed them */
    char v[64];
    tu_json_field_in(json, "unreadable", "count", v, sizeof v);
    assert_true(atoi(v) > 70);
    free(json);
    /* a mixed-mode disc: reads split at the track boundary, counts exact */
    free(check_protocol("px", "mixed-errs-4", "80", "plextor"));
}

/* The same burn, measured: CMC at 48x fails or scores clearly lower than
 * CMC at 24x and Taiyo Yuden at 48x (on the shipped profiles, full discs). */
static int measure(const char *disc, char *verdict, size_t len)
{
    char *dir = tu_tmpdir("quality-media");
    const char *args[] = { "quality", "-d", "sim:liteon-ltr40125s", "--disc", disc, "-o", dir, "--no-plot", NULL };
    char *err = NULL;
    int rc = es_run(NULL, &err, args);
    if (rc != 0)
        fail_msg("%s: exit %d: %s", disc, rc, err);
    char *json = tu_read_in(dir, "summary.json");
    char v[64];
    tu_json_field(json, "score", v, sizeof v);
    tu_json_field_in(json, "redbook", "verdict", verdict, len);
    int score = atoi(v);
    free(json);
    free(err);
    tu_rmrf(dir);
    free(dir);
    return score;
}

static void test_cmc48_worst_by_measurement(void **state)
{
    (void)state;
    char v48[32], v24[32], vty[32];
    int cmc48 = measure("cdr-80-cmc:write=48", v48, sizeof v48);
    int cmc24 = measure("cdr-80-cmc:write=24", v24, sizeof v24);
    int ty48 = measure("cdr-80-ty", vty, sizeof vty);
    assert_true(!strcmp(v48, "fail") || (cmc48 + 20 <= cmc24 && cmc48 + 20 <= ty48));
    assert_true(cmc48 + 20 <= cmc24);
    assert_true(cmc48 + 20 <= ty48);
    assert_string_equal(v24, "pass");
    assert_string_equal(vty, "pass");
    assert_true(ty48 > cmc24);
    /* and a new pressed disc is near perfect */
    char vp[32];
    assert_true(measure("pressed-74-clean", vp, sizeof vp) >= 90);
    assert_string_equal(vp, "pass");
}

static void test_fallback_without_protocol(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("quality-fb");
    const char *args[] = { "quality", "-d", "sim:samsung-sc152", "--disc", "cdr-80-cmc", "-o", dir, "--no-plot", NULL };
    char *out = NULL, *err = NULL;
    assert_int_equal(es_run(&out, &err, args), 0);
    assert_non_null(strstr(err, "ran c2scan instead"));
    assert_non_null(strstr(err, "--protocol"));
    assert_non_null(strstr(out, "discbench c2scan"));
    char *json = tu_read_in(dir, "summary.json");
    char v[64];
    tu_json_field(json, "test", v, sizeof v);
    assert_string_equal(v, "c2scan");
    tu_json_field(json, "fallback_from", v, sizeof v);
    assert_string_equal(v, "quality");
    free(json);
    char *csv = tu_read_in(dir, "c2scan.csv");
    assert_non_null(csv);
    free(csv);
    assert_null(tu_read_in(dir, "quality.csv"));
    free(out);
    free(err);
    tu_rmrf(dir);
    free(dir);

    /* --protocol c2 forces it; --protocol plextor on a Lite-On drive: the
     * firmware does not answer, and quality says so before falling back */
    dir = tu_tmpdir("quality-fb2");
    const char *args2[] = { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:3", "--protocol",
                            "plextor", "-o", dir, "--no-plot", NULL };
    assert_int_equal(es_run(&out, &err, args2), 0);
    assert_non_null(strstr(err, "Plextor Q-Check start (EA 15) failed: ILLEGAL REQUEST"));
    free(out);
    free(err);
    tu_rmrf(dir);
    free(dir);
}

static void test_zero_scan_not_believed(void **state)
{
    (void)state;
    es_job j;
    es_job_open(&j, "quality-zero", "lo-zero", "cdr-errs-10");
    const char *args[] = { "quality", "-d", j.sim.dev, "--disc", j.sim.disc_path, "-o", j.dir, "--no-plot", NULL };
    assert_int_equal(es_job_run(&j, args), 0);
    assert_non_null(strstr(j.out, "not believed"));
    char *json = tu_read_in(j.dir, "summary.json");
    char v[64];
    tu_json_field_in(json, "plausibility", "believed", v, sizeof v);
    assert_string_equal(v, "false");
    tu_json_field_in(json, "redbook", "verdict", v, sizeof v);
    assert_string_equal(v, "not-believed");
    tu_json_field(json, "score", v, sizeof v);
    assert_string_equal(v, "null");
    free(json);
    es_job_close(&j);
}

static void test_repeat_never_counted_twice(void **state)
{
    (void)state;
    es_job j;
    es_job_open(&j, "quality-rep", "lo-repeat", "cdr-errs-10");
    const char *args[] = { "quality", "-d", j.sim.dev, "--disc", j.sim.disc_path, "--seed", "5", "-o", j.dir,
                           "--no-plot", NULL };
    assert_int_equal(es_job_run(&j, args), 0);
    vdrive *vd = es_truth(j.sim.drive_path, j.sim.disc_path, 5);
    uint64_t truth = 0;
    for (uint32_t s = 0; s < vdrive_truth_seconds(vd); s++) {
        vdrive_err_truth t;
        vdrive_truth_errors(vd, s, &t);
        truth += t.c1;
    }
    char *json = tu_read_in(j.dir, "summary.json");
    char v[64];
    tu_json_field_in(json, "c1", "total", v, sizeof v);
    assert_int_equal(strtoull(v, NULL, 10), truth);
    tu_json_field_in(json, "drive_faults", "count", v, sizeof v);
    assert_true(atoi(v) >= 10); /* every 50th reply of ~600 */
    tu_json_field_in(json, "coverage", "complete", v, sizeof v);
    assert_string_equal(v, "true");
    free(json);
    vdrive_free(vd);
    es_job_close(&j);
}

static void test_stall_is_partial(void **state)
{
    (void)state;
    es_job j;
    es_job_open(&j, "quality-stall", "lo-stall", "cdr-errs-10");
    const char *args[] = { "quality", "-d", j.sim.dev, "--disc", j.sim.disc_path, "-o", j.dir, "--no-plot", NULL };
    assert_int_equal(es_job_run(&j, args), 6);
    assert_non_null(strstr(j.err, "stopped advancing"));
    char *json = tu_read_in(j.dir, "summary.json");
    char v[64];
    tu_json_field(json, "status", v, sizeof v);
    assert_string_equal(v, "aborted");
    tu_json_field_in(json, "coverage", "complete", v, sizeof v);
    assert_string_equal(v, "false");
    tu_json_field_in(json, "coverage", "fraction", v, sizeof v);
    assert_true(atof(v) > 0.45 && atof(v) < 0.55);
    tu_json_field_in(json, "redbook", "verdict", v, sizeof v);
    assert_true(!strcmp(v, "fail") || !strcmp(v, "incomplete")); /* never a pass */
    free(json);
    es_job_close(&j);
}

static void test_picture_and_bad_options(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("quality-pic");
    const char *args[] = { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80-cmc", "-o", dir, NULL };
    assert_int_equal(es_run(NULL, NULL, args), 0);
    es_check_picture(dir, "quality.gp", "SIMULATED", "quality.png");
    tu_rmrf(dir);
    free(dir);
    const char *bad1[] = { "quality", "--protocol", "kprobe", NULL };
    char *err = NULL;
    assert_int_equal(es_run(NULL, &err, bad1), 2);
    assert_non_null(strstr(err, "--protocol"));
    free(err);
    const char *bad2[] = { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:5:write=48", NULL };
    assert_int_equal(es_run(NULL, &err, bad2), 4);
    assert_non_null(strstr(err, "[errors]"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_liteon_old_equals_truth),
        cmocka_unit_test(test_liteon_new_equals_truth),
        cmocka_unit_test(test_plextor_equals_truth),
        cmocka_unit_test(test_cmc48_worst_by_measurement),
        cmocka_unit_test(test_fallback_without_protocol),
        cmocka_unit_test(test_zero_scan_not_believed),
        cmocka_unit_test(test_repeat_never_counted_twice),
        cmocka_unit_test(test_stall_is_partial),
        cmocka_unit_test(test_picture_and_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
