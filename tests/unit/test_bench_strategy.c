/* Spin strategy classification on model curves, with and without noise. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "bench/strategy.h"

#define DISC 360000.0

/* CD radius (mm) at LBA for 1.2 m/s, 1.5 um. */
static double radius_mm(double lba)
{
    return sqrt(625.0 + 1200.0 * (lba / 75.0) * 0.0015 / M_PI);
}

typedef double (*curve_fn)(double lba);

static double clv(double lba) { (void)lba; return 24.0; }
static double cav48(double lba) { return 48.0 * radius_mm(lba) / radius_mm(DISC); }
/* P-CAV 20x at the hub, capped at 32x (reached near 40 mm) */
static double pcav(double lba) { return fmin(20.0 * radius_mm(lba) / 25.0, 32.0); }
static double zclv(double lba)
{
    double min = lba / 4500.0;
    return min < 20 ? 24.0 : min < 50 ? 32.0 : 40.0;
}

/* Zone speeds as a drive would deliver them: the zone's harmonic mean. */
static db_strategy classify(curve_fn f, size_t zones, double noise, unsigned seed)
{
    double *mid = calloc(zones, sizeof *mid), *v = calloc(zones, sizeof *v);
    srand(seed);
    for (size_t z = 0; z < zones; z++) {
        double a = DISC * z / zones, b = DISC * (z + 1) / zones, t = 0;
        for (int k = 0; k < 200; k++)
            t += 1.0 / f(a + (b - a) * (k + 0.5) / 200);
        mid[z] = (a + b) / 2;
        v[z] = 200.0 / t * (1 + noise * (2.0 * rand() / RAND_MAX - 1));
    }
    db_strategy s = db_strategy_classify(mid, v, zones);
    free(mid);
    free(v);
    return s;
}

static void test_clean_curves(void **state)
{
    (void)state;
    size_t zone_counts[] = { 10, 20, 50, 100, 400 };
    for (size_t i = 0; i < sizeof zone_counts / sizeof zone_counts[0]; i++) {
        size_t n = zone_counts[i];
        assert_int_equal(classify(clv, n, 0, 1), DB_STRAT_CLV);
        assert_int_equal(classify(cav48, n, 0, 1), DB_STRAT_CAV);
        assert_int_equal(classify(pcav, n, 0, 1), DB_STRAT_PCAV);
        if (n >= 20) /* 10 zones cannot show three flat steps */
            assert_int_equal(classify(zclv, n, 0, 1), DB_STRAT_ZCLV);
    }
}

static void test_noisy_curves(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 20; seed++) {
        assert_int_equal(classify(clv, 100, 0.004, seed), DB_STRAT_CLV);
        assert_int_equal(classify(cav48, 100, 0.004, seed), DB_STRAT_CAV);
        assert_int_equal(classify(pcav, 100, 0.004, seed), DB_STRAT_PCAV);
        assert_int_equal(classify(zclv, 100, 0.003, seed), DB_STRAT_ZCLV);
    }
}

static void test_degenerate(void **state)
{
    (void)state;
    double mid[3] = { 1, 2, 3 }, v[3] = { 30, 10, 30 };
    assert_int_equal(db_strategy_classify(mid, v, 0), DB_STRAT_UNKNOWN);
    assert_int_equal(db_strategy_classify(mid, v, 3), DB_STRAT_UNKNOWN);
    assert_string_equal(db_strategy_name(DB_STRAT_PCAV), "P-CAV");
    assert_string_equal(db_strategy_name(DB_STRAT_ZCLV), "Z-CLV");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_curves),
        cmocka_unit_test(test_noisy_curves),
        cmocka_unit_test(test_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
