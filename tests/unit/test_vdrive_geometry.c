/* Virtual drive geometry: radius, spin strategies, SET CD SPEED caps and
 * the analytic media time against a fine numeric sum. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/kv.h"
#include "vdrive/geometry.h"
#include "vdrive/profile.h"

static const char *const MECH =
    "[mech]\nspinup_ms = 1800\nspindown_ms = 900\nsettle_ms = 12\nfull_stroke_ms = 110\n"
    "command_overhead_us = 40\n";

/* A drive profile whose [data] section is `data`. */
static vd_drive_profile drive_with(const char *data)
{
    char text[2048];
    snprintf(text, sizeof text,
             "[drive]\nvendor = T\nmodel = M\nfirmware = F\ninterface = udma2\ncache_kib = 2048\n"
             "[data]\n%s\n%s", data, MECH);
    kv_file kv;
    db_error err = { 0 };
    vd_drive_profile p;
    assert_int_equal(kv_parse("geom.profile", text, strlen(text), &kv, &err), 0);
    if (vd_drive_profile_from_kv(&kv, &p, &err))
        fail_msg("%s", err.msg);
    kv_free(&kv);
    return p;
}

static vd_geom disc80(void)
{
    vd_geom g;
    vd_geom_init(&g, 1.2, 1.5, 25.0);
    return g;
}

/* Media time by brute force: `steps` midpoints per sector. */
static double numeric_time_s(const vd_speed_profile *sp, const vd_geom *g, double cap, uint32_t a, uint32_t b, int steps)
{
    double t = 0;
    for (uint32_t n = a; n < b; n++)
        for (int k = 0; k < steps; k++)
            t += 1.0 / (75.0 * steps * vd_speed_x(sp, g, cap, n + (k + 0.5) / steps));
    return t;
}

static void assert_rel(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want)))
        fail_msg("got %.12g, want %.12g (relative error %.3g > %.3g)", got, want, fabs(got - want) / fabs(want), rel);
}

static void test_radius(void **state)
{
    (void)state;
    vd_geom g = disc80();
    assert_true(fabs(vd_geom_radius_mm(&g, 0) - 25.0) < 1e-12);
    assert_true(fabs(vd_geom_radius_mm(&g, 360000) - 58.1) < 0.05);
    vd_geom g74;
    vd_geom_init(&g74, 1.2, 1.6, 25.0);
    assert_true(fabs(vd_geom_radius_mm(&g74, 333000) - 57.8) < 0.05);
    /* the inverse */
    assert_true(fabs(vd_geom_lba_at_radius(&g, vd_geom_radius_mm(&g, 123456)) - 123456) < 1e-6);
}

static void test_cav(void **state)
{
    (void)state;
    vd_drive_profile p = drive_with("strategy = CAV\nmax_speed_x = 48");
    vd_geom g = disc80();
    /* default start: max reached at 58 mm */
    assert_true(fabs(p.data.start_speed_x - 48.0 * 25 / 58) < 1e-12);
    assert_true(fabs(vd_speed_x(&p.data, &g, INFINITY, 0) - 20.7) < 0.05);
    /* past 58 mm the drive stays at its rated maximum: never above 48x */
    assert_true(fabs(vd_speed_x(&p.data, &g, INFINITY, 360000) - 48.0) < 1e-9);
    assert_true(vd_speed_x(&p.data, &g, INFINITY, 340000) < 48.0);
    /* speed is proportional to the radius */
    double r1 = vd_geom_radius_mm(&g, 100000), r2 = vd_geom_radius_mm(&g, 300000);
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, 300000) / vd_speed_x(&p.data, &g, INFINITY, 100000), r2 / r1, 1e-12);
    /* constant rpm: 48x at 58 mm on a 1.2 m/s disc */
    double rpm = 48.0 * 1200 * 60 / (2 * M_PI * 58);
    assert_rel(vd_rpm(&p.data, &g, INFINITY, 0), rpm, 1e-12);
    assert_rel(vd_rpm(&p.data, &g, INFINITY, 300000), rpm, 1e-12);
    /* on a faster-scanned disc the same rpm gives fewer x */
    vd_geom g14;
    vd_geom_init(&g14, 1.4, 1.5, 25.0);
    assert_rel(vd_speed_x(&p.data, &g14, INFINITY, 0), p.data.start_speed_x * 1.2 / 1.4, 1e-12);

    /* analytic media time = numeric sum */
    uint32_t ranges[][2] = { { 0, 4500 }, { 0, 360000 }, { 100000, 100300 }, { 359000, 360000 }, { 7, 8 } };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        uint32_t a = ranges[i][0], b = ranges[i][1];
        int steps = b - a > 10000 ? 4 : 20;
        assert_rel(vd_media_time_s(&p.data, &g, INFINITY, a, b), numeric_time_s(&p.data, &g, INFINITY, a, b, steps), 1e-6);
    }
    /* and adds up */
    double whole = vd_media_time_s(&p.data, &g, INFINITY, 0, 360000);
    double parts = vd_media_time_s(&p.data, &g, INFINITY, 0, 123457) + vd_media_time_s(&p.data, &g, INFINITY, 123457, 360000);
    assert_rel(parts, whole, 1e-14);
    /* closed form (2/k)(r(b) - r(a)) / (75 c) up to 58 mm, then flat at 48x */
    double c = p.data.start_speed_x / 25.0;
    double lba58 = vd_geom_lba_at_radius(&g, 58.0);
    assert_rel(whole, 2.0 / g.k_mm2 * (58.0 - 25.0) / (75.0 * c) + (360000 - lba58) / (75.0 * 48.0), 1e-12);
}

static void test_pcav(void **state)
{
    (void)state;
    vd_drive_profile p = drive_with("strategy = PCAV\nmax_speed_x = 32\nstart_speed_x = 20");
    vd_geom g = disc80();
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, 0), 20.0, 1e-12);
    double cross = vd_geom_lba_at_radius(&g, 25.0 * 32 / 20); /* 40 mm */
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, cross * 0.9), 20.0 * vd_geom_radius_mm(&g, cross * 0.9) / 25, 1e-12);
    for (uint32_t lba = 0; lba <= 360000; lba += 1000)
        assert_true(vd_speed_x(&p.data, &g, INFINITY, lba) <= 32.0 + 1e-12);
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, cross + 1), 32.0, 1e-12);
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, 360000), 32.0, 1e-12);
    /* flat part is CLV: time = sectors / (75 * 32) */
    assert_rel(vd_media_time_s(&p.data, &g, INFINITY, 300000, 360000), 60000.0 / (75 * 32), 1e-12);
    /* across the crossing */
    uint32_t a = (uint32_t)cross - 2000, b = (uint32_t)cross + 2000;
    assert_rel(vd_media_time_s(&p.data, &g, INFINITY, a, b), numeric_time_s(&p.data, &g, INFINITY, a, b, 20), 1e-6);
    assert_rel(vd_media_time_s(&p.data, &g, INFINITY, 0, 360000), numeric_time_s(&p.data, &g, INFINITY, 0, 360000, 1), 1e-6);
    /* a cap below the P-CAV maximum moves the crossing inwards */
    assert_rel(vd_speed_x(&p.data, &g, 24.0, 360000), 24.0, 1e-12);
    assert_rel(vd_media_time_s(&p.data, &g, 24.0, 0, 360000), numeric_time_s(&p.data, &g, 24.0, 0, 360000, 1), 1e-6);
}

static void test_zclv(void **state)
{
    (void)state;
    vd_drive_profile p = drive_with("strategy = ZCLV\nmax_speed_x = 40\nzone = 0 24\nzone = 20 32\nzone = 50 40");
    vd_geom g = disc80();
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, 20 * 4500 - 1), 24, 0);
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, 20 * 4500), 32, 0);
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, 50 * 4500 - 1), 32, 0);
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, 50 * 4500), 40, 0);
    assert_rel(vd_speed_x(&p.data, &g, INFINITY, 359999), 40, 0);
    double want = 90000.0 / (75 * 24) + 135000.0 / (75 * 32) + 135000.0 / (75 * 40);
    assert_rel(vd_media_time_s(&p.data, &g, INFINITY, 0, 360000), want, 1e-12);
    assert_rel(vd_media_time_s(&p.data, &g, INFINITY, 85000, 95000), numeric_time_s(&p.data, &g, INFINITY, 85000, 95000, 2), 1e-9);
    /* a 28x cap flattens the upper zones only */
    want = 90000.0 / (75 * 24) + 270000.0 / (75 * 28);
    assert_rel(vd_media_time_s(&p.data, &g, 28, 0, 360000), want, 1e-12);
}

static void test_clv_and_caps(void **state)
{
    (void)state;
    vd_drive_profile p = drive_with("strategy = CAV\nmax_speed_x = 48\nspeeds = 4 8 16 24 32 40 48");
    /* 0 and 0xFFFF: maximum */
    assert_true(isinf(vd_speed_cap_x(&p.data, 0)));
    assert_true(isinf(vd_speed_cap_x(&p.data, 0xFFFF)));
    /* largest listed speed <= the request, in whole kB/s either rounding */
    assert_rel(vd_speed_cap_x(&p.data, 8467), 48, 0);
    assert_rel(vd_speed_cap_x(&p.data, 8468), 48, 0);
    assert_rel(vd_speed_cap_x(&p.data, 7056), 40, 0);
    assert_rel(vd_speed_cap_x(&p.data, 7055), 32, 0);
    assert_rel(vd_speed_cap_x(&p.data, 100), 4, 0); /* below every entry: the smallest */
    /* no list: any speed */
    vd_drive_profile q = drive_with("strategy = CLV\nmax_speed_x = 16");
    assert_rel(vd_speed_cap_x(&q.data, 1764), 10, 1e-12);
    assert_rel(vd_speed_cap_x(&q.data, 50), 1, 0); /* never below 1x */
    vd_geom g = disc80();
    assert_rel(vd_speed_x(&q.data, &g, INFINITY, 5), 16, 0);
    assert_rel(vd_speed_x(&q.data, &g, 10, 5), 10, 0);
    assert_rel(vd_media_time_s(&q.data, &g, INFINITY, 0, 360000), 360000.0 / (75 * 16), 1e-12);
    /* CAV under a cap: rises to the cap then flat */
    vd_geom gg = disc80();
    assert_rel(vd_speed_x(&p.data, &gg, 24, 0), p.data.start_speed_x, 1e-12);
    assert_rel(vd_speed_x(&p.data, &gg, 24, 360000), 24, 0);
    assert_rel(vd_media_time_s(&p.data, &gg, 24, 0, 360000), numeric_time_s(&p.data, &gg, 24, 0, 360000, 1), 1e-6);
    /* clv rpm falls outwards: 1x at 25 mm is 458 rpm on 1.2 m/s */
    assert_rel(vd_rpm(&q.data, &g, 1, 0), 1200.0 * 60 / (2 * M_PI * 25), 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_radius),
        cmocka_unit_test(test_cav),
        cmocka_unit_test(test_pcav),
        cmocka_unit_test(test_zclv),
        cmocka_unit_test(test_clv_and_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
