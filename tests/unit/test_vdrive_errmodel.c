/* The virtual drive's error model: the [errors] profile syntax (strict,
 * file:line), determinism from the seed, O(1) seconds, write-speed
 * interpolation, caps, C2 pointer fields, shares, unreadable and slow
 * ranges, and the mean rates it draws from. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/kv.h"
#include "vdrive/errmodel.h"
#include "vdrive/geometry.h"
#include "vdrive/profile.h"

static const char disc_head[] = "[disc]\ntype = CD-R\ncontent = data\ncapacity_sectors = 45000\n"
                                "scanning_velocity_mps = 1.2\ntrack_pitch_um = 1.5\ninner_radius_mm = 25\n";

/* Parse an [errors] section; returns the parser's rc, msg gets the error. */
static int parse(const char *errors, vd_err_spec *spec, char *msg, size_t len)
{
    char text[4096];
    snprintf(text, sizeof text, "%s[errors]\n%s", disc_head, errors);
    kv_file kv;
    db_error err = { 0 };
    int rc = kv_parse("t.profile", text, strlen(text), &kv, &err);
    if (rc == 0) {
        rc = vd_err_spec_from_kv(&kv, spec, &err);
        kv_free(&kv);
    }
    snprintf(msg, len, "%s", err.msg);
    return rc;
}

static void model(const char *errors, double write_x, uint32_t sectors, uint64_t seed, vd_errmodel *m)
{
    vd_err_spec spec;
    char msg[512];
    if (parse(errors, &spec, msg, sizeof msg))
        fail_msg("parse: %s", msg);
    vd_geom g;
    vd_geom_init(&g, 1.2, 1.5, 25.0);
    db_error err = { 0 };
    if (vd_errmodel_init(m, &spec, write_x, &g, sectors, "t", &err))
        fail_msg("init: %s", err.msg);
    m->seed = seed;
}

static void expect_error(const char *errors, const char *needle)
{
    vd_err_spec spec;
    char msg[512];
    assert_int_equal(parse(errors, &spec, msg, sizeof msg), -1);
    if (!strstr(msg, needle))
        fail_msg("error '%s' does not mention '%s'", msg, needle);
    assert_non_null(strstr(msg, "t.profile:"));
}

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_error("rates = 1 2 3\n", "C1_INNER C1_OUTER");
    expect_error("rates = 1 2 3 4 5 -6\n", "numbers >= 0");
    expect_error("burn = 24 1 2 0 0 0 0\nburn = 16 1 2 0 0 0 0\nwrite_speed_x = 16\n", "ascending");
    expect_error("burn = 24 1 2 0 0 0 0\n", "write_speed_x");
    expect_error("burn = 24 1 2 0 0 0 0\nwrite_speed_x = 48\n", "out of range");
    expect_error("rates = 1 2 0 0 0 0\nburn = 24 1 2 0 0 0 0\nwrite_speed_x = 24\n", "not both");
    expect_error("rates = 1 2 0 0 0 0\nwrite_speed_x = 24\n", "goes with 'burn'");
    expect_error("rates = 1 2 0 0 0 0\ndefect = 30 31 dent 5\n", "scratch|fingerprint|edge");
    expect_error("rates = 1 2 0 0 0 0\ndefect = 31 30 scratch 5\n", "must ascend");
    expect_error("rates = 1 2 0 0 0 0\nunreadable = 10 5\n", "ends before it starts");
    expect_error("rates = 1 2 0 0 0 0\nunreadable = 1.5\n", "whole numbers");
    expect_error("rates = 1 2 0 0 0 0\nslow = 5 6 0\n", "RETRIES 1..100");
    expect_error("rates = 1 2 0 0 0 0\nshape = cubic\n", "shape");
    expect_error("shape = linear\n", "needs 'rates' or at least one 'burn'");
    /* an unknown key is caught by the profile's unused-key check, so the
     * whole media profile parser must refuse it */
    char text[1024];
    snprintf(text, sizeof text, "%s[errors]\nrates = 1 2 0 0 0 0\nc1_rate = 5\n", disc_head);
    kv_file kv;
    db_error err = { 0 };
    assert_int_equal(kv_parse("t.profile", text, strlen(text), &kv, &err), 0);
    vd_media_profile mp;
    assert_int_equal(vd_media_profile_from_kv(&kv, &mp, &err), -1);
    assert_non_null(strstr(err.msg, "c1_rate"));
    kv_free(&kv);
    /* and a good one is kept in the media profile */
    snprintf(text, sizeof text, "%s[errors]\nrates = 1 2 0 0 0 0\n", disc_head);
    assert_int_equal(kv_parse("t.profile", text, strlen(text), &kv, &err), 0);
    assert_int_equal(vd_media_profile_from_kv(&kv, &mp, &err), 0);
    assert_true(mp.errors.present && mp.errors.burns[0].rates.c1[1] == 2);
    kv_free(&kv);
}

static void test_overlapping_slow_ranges_refused(void **state)
{
    (void)state;
    vd_err_spec spec;
    char msg[512];
    assert_int_equal(parse("rates = 1 1 0 0 0 0\nslow = 10 20 2\nslow = 20 30 3\n", &spec, msg, sizeof msg), 0);
    vd_geom g;
    vd_geom_init(&g, 1.2, 1.5, 25.0);
    vd_errmodel m;
    db_error err = { 0 };
    assert_int_equal(vd_errmodel_init(&m, &spec, NAN, &g, 1000, "t", &err), -1);
    assert_non_null(strstr(err.msg, "overlap"));
}

static void test_deterministic_and_seeded(void **state)
{
    (void)state;
    const char *e = "rates = 30 80 2 5 0.2 0.5\n";
    vd_errmodel a, b, c;
    model(e, NAN, 45000, 7, &a);
    model(e, NAN, 45000, 7, &b);
    model(e, NAN, 45000, 8, &c);
    int differ = 0;
    /* any second, in any order: no state between calls */
    for (uint32_t s = 599; s < 600; s--) {
        vd_err_counts x, y, z, again;
        vd_err_second(&a, s, &x);
        vd_err_second(&b, 599 - s, &again);
        vd_err_second(&b, s, &y);
        vd_err_second(&c, s, &z);
        assert_memory_equal(&x, &y, sizeof x);
        differ += memcmp(&x, &z, sizeof x) != 0;
    }
    assert_true(differ > 500);
    /* outside the disc: nothing */
    vd_err_counts o;
    vd_err_second(&a, 600, &o);
    assert_int_equal(o.c1 + o.c2 + o.cu, 0);
}

static void test_means_follow_the_rates(void **state)
{
    (void)state;
    /* flat rates: the draws average to them (Poisson on both sides of 30) */
    vd_errmodel m;
    model("rates = 50 50 4 4 0.5 0.5\n", NAN, 600 * 75, 1, &m);
    double c1 = 0, c2 = 0, cu = 0;
    for (uint32_t s = 0; s < 600; s++) {
        vd_err_counts c;
        vd_err_second(&m, s, &c);
        c1 += c.c1;
        c2 += c.c2;
        cu += c.cu;
    }
    assert_true(fabs(c1 / 600 - 50) < 2.0);
    assert_true(fabs(c2 / 600 - 4) < 0.5);
    assert_true(fabs(cu / 600 - 0.5) < 0.15);
    /* linear from 10 at 25 mm to 110 at 58 mm: the second at ~41.5 mm draws around 60 */
    model("rates = 10 110 0 0 0 0\n", NAN, 359000, 1, &m);
    vd_geom g;
    vd_geom_init(&g, 1.2, 1.5, 25.0);
    uint32_t mid = (uint32_t)(vd_geom_lba_at_radius(&g, 41.5) / 75);
    double sum = 0;
    for (uint32_t s = mid - 20; s < mid + 20; s++) {
        vd_err_counts c;
        vd_err_second(&m, s, &c);
        sum += c.c1;
    }
    assert_true(fabs(sum / 40 - 60) < 6);
}

static void test_write_speed_interpolation(void **state)
{
    (void)state;
    const char *e = "burn = 16 10 10 0 0 0 0\nburn = 48 50 50 4 4 0 0\nwrite_speed_x = 16\n";
    vd_errmodel m;
    model(e, NAN, 1000, 1, &m);
    assert_true(m.write_x == 16 && m.rates.c1[0] == 10);
    model(e, 32, 1000, 1, &m);
    assert_true(fabs(m.rates.c1[1] - 30) < 1e-9 && fabs(m.rates.c2[0] - 2) < 1e-9);
    model(e, 48, 1000, 1, &m);
    assert_true(m.rates.c1[0] == 50);
    vd_err_spec spec;
    char msg[512];
    assert_int_equal(parse(e, &spec, msg, sizeof msg), 0);
    vd_geom g;
    vd_geom_init(&g, 1.2, 1.5, 25.0);
    db_error err = { 0 };
    assert_int_equal(vd_errmodel_init(&m, &spec, 52, &g, 1000, "cmc", &err), -1);
    assert_non_null(strstr(err.msg, "16..48x"));
    /* a pressed disc (`rates`) or no model: no burn speed */
    assert_int_equal(parse("rates = 1 1 0 0 0 0\n", &spec, msg, sizeof msg), 0);
    assert_int_equal(vd_errmodel_init(&m, &spec, 24, &g, 1000, "p", &err), -1);
    assert_int_equal(vd_errmodel_init(&m, NULL, 24, &g, 1000, "synthetic", &err), -1);
    assert_non_null(strstr(err.msg, "[errors]"));
    assert_int_equal(vd_errmodel_init(&m, NULL, NAN, &g, 1000, "synthetic", &err), 0);
    assert_false(m.active);
}

static void test_caps(void **state)
{
    (void)state;
    vd_errmodel m;
    model("rates = 20000 20000 20000 20000 900 900\n", NAN, 7500, 3, &m);
    for (uint32_t s = 0; s < 100; s++) {
        vd_err_counts c;
        vd_err_second(&m, s, &c);
        assert_true(c.c1 <= 7350);
        assert_true(c.c2 <= c.c1);
        assert_true(c.cu <= 255);
    }
}

static void test_c2_fields_and_shares(void **state)
{
    (void)state;
    vd_errmodel m;
    model("rates = 40 40 6 6 1 1\n", NAN, 3000, 11, &m);
    for (uint32_t s = 0; s < 40; s++) {
        vd_err_counts c;
        vd_err_second(&m, s, &c);
        uint16_t bytes[75];
        uint32_t n, sum = 0;
        vd_err_second_c2(&m, s, bytes, &n);
        assert_int_equal(n, 75);
        for (uint32_t i = 0; i < n; i++) {
            uint8_t field[294];
            uint32_t bits = vd_err_c2_field(&m, s * 75 + i, bytes[i], field);
            uint32_t pop = 0;
            for (int k = 0; k < 294; k++)
                pop += (uint32_t)__builtin_popcount(field[k]);
            assert_int_equal(pop, bits);
            assert_int_equal(bits, bytes[i]); /* no collisions */
            sum += bytes[i];
        }
        assert_int_equal(sum, 2 * c.c2 + 4 * c.cu); /* 2 bytes per E22, 4 per E32 */
        /* integer shares: any split of the second sums to the second */
        vd_err_counts a, b, all;
        vd_err_range_counts(&m, s * 75, s * 75 + 31, &a);
        vd_err_range_counts(&m, s * 75 + 31, s * 75 + 75, &b);
        vd_err_range_counts(&m, s * 75, s * 75 + 75, &all);
        assert_int_equal(a.c1 + b.c1, c.c1);
        assert_int_equal(a.c2 + b.c2, c.c2);
        assert_int_equal(a.cu + b.cu, c.cu);
        assert_memory_equal(&all, &c, sizeof c);
    }
    /* a range over several seconds */
    vd_err_counts r, want = { 0, 0, 0 };
    vd_err_range_counts(&m, 150, 750, &r);
    for (uint32_t s = 2; s < 10; s++) {
        vd_err_counts c;
        vd_err_second(&m, s, &c);
        want.c1 += c.c1;
        want.c2 += c.c2;
        want.cu += c.cu;
    }
    assert_memory_equal(&r, &want, sizeof r);
}

static void test_partial_last_second(void **state)
{
    (void)state;
    vd_errmodel m;
    model("rates = 7350 7350 0 0 0 0\n", NAN, 75 * 10 + 15, 1, &m);
    assert_int_equal(vd_err_seconds(&m), 11);
    vd_err_counts c;
    vd_err_second(&m, 10, &c);
    assert_true(c.c1 <= 1470); /* 15 sectors of 98 frames */
    uint16_t bytes[75];
    uint32_t n;
    vd_err_second_c2(&m, 10, bytes, &n);
    assert_int_equal(n, 15);
}

static void test_unreadable_and_slow(void **state)
{
    (void)state;
    vd_errmodel m;
    model("rates = 1 1 0 0 0 0\nunreadable = 100 104\nunreadable = 103 110\nunreadable = 5000\n"
          "unreadable_band = 30.0 30.01\nslow = 200 203 2\nslow = 300 300 5\nunreadable = 999999\n",
          NAN, 45000, 1, &m);
    /* merged, sorted, the one beyond the disc dropped */
    assert_int_equal(vd_err_first_unreadable(&m, 0, 1000), 100);
    assert_int_equal(vd_err_first_unreadable(&m, 105, 1000), 105);
    assert_int_equal(vd_err_first_unreadable(&m, 111, 1000), 1000);
    assert_int_equal(vd_err_unreadable_in(&m, 0, 200), 11);
    assert_int_equal(vd_err_first_unreadable(&m, 4000, 6000), 5000);
    vd_geom g;
    vd_geom_init(&g, 1.2, 1.5, 25.0);
    uint32_t band = (uint32_t)ceil(vd_geom_lba_at_radius(&g, 30.0));
    assert_int_equal(vd_err_first_unreadable(&m, 6000, 45000), band);
    uint32_t band_len = vd_err_unreadable_in(&m, band, 45000);
    assert_true(band_len > 50 && band_len < 200);
    /* an unreadable sector adds 98 C1 and 1 CU to its second */
    vd_errmodel clean;
    model("rates = 1 1 0 0 0 0\n", NAN, 45000, 1, &clean);
    vd_err_counts a, b;
    vd_err_second(&m, 5000 / 75, &a);
    vd_err_second(&clean, 5000 / 75, &b);
    assert_int_equal(a.c1, b.c1 + 98);
    assert_int_equal(a.cu, b.cu + 1);
    uint32_t first;
    assert_int_equal(vd_err_slow_retries(&m, 0, 1000, &first), 4 * 2 + 5);
    assert_int_equal(first, 200);
    assert_int_equal(vd_err_slow_retries(&m, 202, 301, NULL), 2 * 2 + 5);
    assert_int_equal(vd_err_slow_retries(&m, 204, 300, &first), 0);
    assert_int_equal(first, 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_overlapping_slow_ranges_refused),
        cmocka_unit_test(test_deterministic_and_seeded),
        cmocka_unit_test(test_means_follow_the_rates),
        cmocka_unit_test(test_write_speed_interpolation),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_c2_fields_and_shares),
        cmocka_unit_test(test_partial_last_second),
        cmocka_unit_test(test_unreadable_and_slow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
