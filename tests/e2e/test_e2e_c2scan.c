/* End to end: `discbench c2scan` on the virtual drive.  The C2 bytes and
 * C2 sectors of every zone equal the pointers the seeded disc injects,
 * with the 294- and the 296-byte form, on data and audio discs; unreadable
 * sectors are listed exactly; a drive whose C2 reporting does not work is
 * never reported as error-free. */
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

/* Run c2scan and compare zone by zone; returns the form the run used. */
static int check(const char *drive, const char *disc, const char *seed, const char *mode)
{
    es_job j;
    es_job_open(&j, "c2scan", drive, disc);
    const char *args[] = { "c2scan", "-d", j.sim.dev, "--disc", j.sim.disc_path, "--seed", seed, "--zones", "37",
                           "-o", j.dir, "--no-plot", mode ? "--c2-mode" : NULL, mode, NULL };
    int rc = es_job_run(&j, args);
    vdrive *vd = es_truth(j.sim.drive_path, j.sim.disc_path, strtoull(seed, NULL, 10));
    uint32_t bad_list[4096];
    uint32_t nbad = vdrive_truth_unreadable_list(vd, bad_list, 4096);
    assert_int_equal(rc, nbad ? 1 : 0);
    assert_non_null(strstr(j.out, "SIMULATED"));
    tu_csv c;
    tu_csv_load_in(j.dir, "c2scan.csv", &c);
    assert_int_equal(c.nrows, 38);
    uint64_t all = 0;
    for (size_t z = 0; z + 1 < c.nrows; z++) {
        uint32_t a = (uint32_t)tu_csv_num(&c, z, "lba_start"), b = (uint32_t)tu_csv_num(&c, z, "lba_end");
        uint64_t bytes = 0;
        uint32_t sectors = 0, unreadable = 0;
        for (uint32_t lba = a; lba < b; lba++) {
            if (vdrive_truth_unreadable(vd, lba)) {
                unreadable++; /* no data, no pointers */
                continue;
            }
            uint32_t n = vdrive_truth_c2_bytes(vd, lba);
            bytes += n;
            sectors += n > 0;
        }
        if ((uint64_t)tu_csv_num(&c, z, "c2_bytes") != bytes)
            fail_msg("%s zone %zu: %g C2 bytes, injected %llu", drive, z, tu_csv_num(&c, z, "c2_bytes"),
                     (unsigned long long)bytes);
        assert_int_equal((uint32_t)tu_csv_num(&c, z, "c2_sectors"), sectors);
        assert_int_equal((uint32_t)tu_csv_num(&c, z, "unreadable_sectors"), unreadable);
        assert_int_equal((uint32_t)tu_csv_num(&c, z, "sectors_counted"), b - a - unreadable);
        all += bytes;
    }
    assert_true(all > 100);
    tu_csv_free(&c);
    /* the unreadable list is the truth's, in order */
    tu_csv_load_in(j.dir, "c2scan_unreadable.csv", &c);
    assert_int_equal(c.nrows, nbad + 1);
    for (uint32_t i = 0; i < nbad; i++) {
        assert_int_equal((uint32_t)tu_csv_num(&c, i, "lba"), bad_list[i]);
        assert_string_equal(c.rows[i + 1][tu_csv_col(&c, "asc")], "11");
    }
    tu_csv_free(&c);
    char *json = tu_read_in(j.dir, "summary.json");
    char v[64];
    tu_json_field_in(json, "result", "c2_bytes", v, sizeof v);
    assert_int_equal(strtoull(v, NULL, 10), all);
    tu_json_field_in(json, "c2_reporting", "form_bytes", v, sizeof v);
    int form = atoi(v);
    free(json);
    vdrive_free(vd);
    es_job_close(&j);
    return form;
}

static void test_294_on_data(void **state)
{
    (void)state;
    assert_int_equal(check("lo-old", "cdr-errs-10", "3", NULL), 294);
    /* the same drive forced to the 296-byte form counts the same */
    assert_int_equal(check("lo-old", "cdr-errs-10", "3", "296"), 296);
}

static void test_296_drive_is_probed(void **state)
{
    (void)state;
    assert_int_equal(check("c2-296", "cdr-errs-10", "4", NULL), 296);
}

static void test_audio_disc(void **state)
{
    (void)state;
    assert_int_equal(check("lo-old", "audio-errs-6", "5", NULL), 294);
}

/* Drives whose C2 reporting does not work: no "0 errors", ever. */
static void refuses(const char *drive, const char *mode)
{
    es_job j;
    es_job_open(&j, "c2scan-no", drive, "cdr-errs-10");
    const char *args[] = { "c2scan", "-d", j.sim.dev, "--disc", j.sim.disc_path, "-o", j.dir, "--no-plot",
                           mode ? "--c2-mode" : NULL, mode, NULL };
    assert_int_equal(es_job_run(&j, args), 6);
    assert_non_null(strstr(j.err, "C2 reporting does not work"));
    assert_non_null(strstr(j.out, "not reported"));
    assert_null(strstr(j.out, "C2 errors  0"));
    char *json = tu_read_in(j.dir, "summary.json");
    char v[64];
    tu_json_field_in(json, "result", "c2_bytes", v, sizeof v);
    assert_string_equal(v, "null");
    tu_json_field_in(json, "c2_reporting", "works", v, sizeof v);
    assert_string_equal(v, "false");
    tu_json_field(json, "status", v, sizeof v);
    assert_string_equal(v, "c2-not-working");
    free(json);
    es_job_close(&j);
}

static void test_broken_and_missing_c2(void **state)
{
    (void)state;
    refuses("c2-broken", NULL);
    refuses("c2-none", NULL);
    refuses("c2-296", "294"); /* forced to the form it does not give */
}

static void test_picture(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("c2scan-pic");
    const char *args[] = { "c2scan", "-d", "sim:liteon-ltr40125s", "--disc", "pressed-74-scratched", "-o", dir, NULL };
    assert_int_equal(es_run(NULL, NULL, args), 1);
    es_check_picture(dir, "c2scan.gp", "SIMULATED", "c2scan.svg");
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_294_on_data),
        cmocka_unit_test(test_296_drive_is_probed),
        cmocka_unit_test(test_audio_disc),
        cmocka_unit_test(test_broken_and_missing_c2),
        cmocka_unit_test(test_picture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
