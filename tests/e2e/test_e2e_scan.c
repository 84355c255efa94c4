/* End to end: `discbench scan` on the virtual drive.  It finds every
 * unreadable sector of the seeded disc and no other, classifies the slow
 * (retried) sectors - exactly with --block 1, by block otherwise - and
 * reports a clean disc as clean. */
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

typedef struct run_out {
    char *dir;
    int rc;
    vdrive *vd;
    char *json;
} run_out;

static void run_scan(run_out *o, const char *drive_path, const char *dev, const char *disc, const char *block,
                     const char *retries)
{
    o->dir = tu_tmpdir("scan");
    const char *args[] = { "scan", "-d", dev, "--disc", disc, "--block", block, "--retries", retries,
                           "-o", o->dir, "--no-plot", NULL };
    char *err = NULL;
    o->rc = es_run(NULL, &err, args);
    free(err);
    o->vd = es_truth(drive_path, disc, 1);
    o->json = tu_read_in(o->dir, "summary.json");
    assert_non_null(o->json);
}

static void done(run_out *o)
{
    vdrive_free(o->vd);
    free(o->json);
    tu_rmrf(o->dir);
    free(o->dir);
}

/* Every unreadable sector of the truth, in order, and nothing else. */
static void check_unreadable(const run_out *o)
{
    uint32_t list[2048];
    uint32_t n = vdrive_truth_unreadable_list(o->vd, list, 2048);
    assert_true(n > 0 && n < 2048);
    tu_csv c;
    tu_csv_load_in(o->dir, "scan_unreadable.csv", &c);
    assert_int_equal(c.nrows, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        assert_int_equal((uint32_t)tu_csv_num(&c, i, "lba"), list[i]);
        assert_string_equal(c.rows[i + 1][tu_csv_col(&c, "sense_key")], "03");
        assert_string_equal(c.rows[i + 1][tu_csv_col(&c, "asc")], "11");
    }
    tu_csv_free(&c);
    /* zone rows add up, and each zone's unreadable count is the truth's */
    tu_csv_load_in(o->dir, "scan.csv", &c);
    uint64_t total = 0;
    for (size_t z = 0; z + 1 < c.nrows; z++) {
        uint32_t a = (uint32_t)tu_csv_num(&c, z, "lba_start"), b = (uint32_t)tu_csv_num(&c, z, "lba_end");
        uint32_t bad = 0;
        for (uint32_t i = 0; i < n; i++)
            bad += list[i] >= a && list[i] < b;
        assert_int_equal((uint32_t)tu_csv_num(&c, z, "unreadable_sectors"), bad);
        uint32_t sum = (uint32_t)(tu_csv_num(&c, z, "good_sectors") + tu_csv_num(&c, z, "slow_sectors") +
                                  tu_csv_num(&c, z, "unreadable_sectors"));
        assert_int_equal(sum, b - a);
        total += b - a;
        if (bad)
            assert_string_equal(c.rows[z + 1][tu_csv_col(&c, "status")], "unreadable");
    }
    vdrive_truth t;
    vdrive_get_truth(o->vd, &t);
    assert_int_equal(total, t.disc_sectors);
    tu_csv_free(&c);
    assert_int_equal(o->rc, 1);
}

static bool truth_slow(const vdrive *vd, uint32_t lba)
{
    return vdrive_truth_slow_retries(vd, lba) > 0;
}

static void test_exact_with_single_sectors(void **state)
{
    (void)state;
    es_sim sim;
    es_sim_open(&sim, "lo-old", "cdr-errs-10");
    run_out o;
    run_scan(&o, sim.drive_path, sim.dev, sim.disc_path, "1", "1");
    check_unreadable(&o);
    /* --block 1: the slow sectors exactly */
    tu_csv c;
    tu_csv_load_in(o.dir, "scan_slow.csv", &c);
    vdrive_truth t;
    vdrive_get_truth(o.vd, &t);
    uint32_t want = 0;
    for (uint32_t lba = 0; lba < t.disc_sectors; lba++)
        want += truth_slow(o.vd, lba);
    assert_int_equal(want, 4);
    assert_int_equal(c.nrows, want + 1);
    for (size_t r = 0; r + 1 < c.nrows; r++) {
        uint32_t a = (uint32_t)tu_csv_num(&c, r, "lba_start");
        assert_int_equal((uint32_t)tu_csv_num(&c, r, "lba_end"), a + 1);
        assert_true(truth_slow(o.vd, a));
        assert_true(tu_csv_num(&c, r, "time_ms") > 3 * tu_csv_num(&c, r, "expected_ms"));
    }
    tu_csv_free(&c);
    char v[64];
    tu_json_field_in(o.json, "result", "slow_sectors", v, sizeof v);
    assert_int_equal(atoi(v), 4);
    done(&o);
    es_sim_close(&sim);
}

static void test_scratched_disc_default_blocks(void **state)
{
    (void)state;
    char *dp = tu_profile("drives", "liteon-ltr40125s"), *mp = tu_profile("media", "pressed-74-scratched");
    run_out o;
    run_scan(&o, dp, "sim:liteon-ltr40125s", mp, "16", "1");
    check_unreadable(&o);
    /* by blocks: every slow block holds a slow sector, every slow sector is
     * in a slow block */
    tu_csv c;
    tu_csv_load_in(o.dir, "scan_slow.csv", &c);
    assert_true(c.nrows > 1);
    for (size_t r = 0; r + 1 < c.nrows; r++) {
        uint32_t a = (uint32_t)tu_csv_num(&c, r, "lba_start"), b = (uint32_t)tu_csv_num(&c, r, "lba_end");
        bool any = false;
        for (uint32_t lba = a; lba < b; lba++)
            any |= truth_slow(o.vd, lba);
        if (!any)
            fail_msg("block %u..%u classified slow without a slow sector", a, b);
    }
    vdrive_truth t;
    vdrive_get_truth(o.vd, &t);
    for (uint32_t lba = 0; lba < t.disc_sectors; lba++) {
        if (!truth_slow(o.vd, lba))
            continue;
        bool found = false;
        for (size_t r = 0; r + 1 < c.nrows && !found; r++)
            found = lba >= (uint32_t)tu_csv_num(&c, r, "lba_start") && lba < (uint32_t)tu_csv_num(&c, r, "lba_end");
        if (!found)
            fail_msg("slow sector %u not found", lba);
    }
    tu_csv_free(&c);
    done(&o);
    free(dp);
    free(mp);
}

static void test_clean_disc_and_retries(void **state)
{
    (void)state;
    char *dp = tu_profile("drives", "liteon-ltr40125s"), *mp = tu_profile("media", "pressed-74-clean");
    run_out o;
    run_scan(&o, dp, "sim:liteon-ltr40125s", mp, "16", "1");
    assert_int_equal(o.rc, 0);
    char v[64];
    tu_json_field(o.json, "status", v, sizeof v);
    assert_string_equal(v, "complete");
    tu_json_field_in(o.json, "result", "slow_sectors", v, sizeof v);
    assert_string_equal(v, "0");
    tu_json_field_in(o.json, "result", "good_sectors", v, sizeof v);
    assert_string_equal(v, "333000");
    done(&o);
    free(dp);
    free(mp);
    /* more retries: the same unreadable sectors, more time spent on them */
    es_sim sim;
    es_sim_open(&sim, "lo-old", "cdr-errs-10");
    run_out a, b;
    run_scan(&a, sim.drive_path, sim.dev, sim.disc_path, "16", "0");
    run_scan(&b, sim.drive_path, sim.dev, sim.disc_path, "16", "3");
    check_unreadable(&a);
    check_unreadable(&b);
    char da[64], db[64];
    tu_json_field_in(a.json, "result", "duration_s", da, sizeof da);
    tu_json_field_in(b.json, "result", "duration_s", db, sizeof db);
    assert_true(atof(db) > atof(da) + 10); /* 81 sectors x 3 more tries x 300 ms */
    done(&a);
    done(&b);
    es_sim_close(&sim);
}

static void test_map_picture(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("scan-pic");
    const char *args[] = { "scan", "-d", "sim:liteon-ltr40125s", "--disc", "pressed-74-scratched", "-o", dir, NULL };
    char *out = NULL;
    assert_int_equal(es_run(&out, NULL, args), 1);
    assert_non_null(strstr(out, "SIMULATED"));
    free(out);
    es_check_picture(dir, "scan.gp", "cols          = 20", "scan.png"); /* 400 zones: a 20 x 20 map */
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_with_single_sectors),
        cmocka_unit_test(test_scratched_disc_default_blocks),
        cmocka_unit_test(test_clean_disc_and_retries),
        cmocka_unit_test(test_map_picture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
