/* Sample pairs of the seek test: nominal geometry, the three kinds'
 * definitions, the read-ahead rule, seeds, discs too short. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bench/seek_plan.h"

static void test_nominal_geometry(void **state)
{
    (void)state;
    assert_true(fabs(seek_nominal_radius_mm(0) - 25.0) < 1e-12);
    /* 80 minutes at 1.2 m/s and 1.5 um: ~58.1 mm (DESIGN.md geometry facts) */
    double r80 = seek_nominal_radius_mm(360000);
    assert_true(r80 > 58.0 && r80 < 58.2);
    /* k = v p / (75 pi) */
    assert_true(fabs(SEEK_NOMINAL_K_MM2 - 1200.0 * 0.0015 / (75.0 * M_PI)) < 1e-15);
    for (double lba = 0; lba < 450000; lba += 12345.5)
        assert_true(fabs(seek_nominal_lba_at_radius(seek_nominal_radius_mm(lba)) - lba) < 1e-6);
    assert_true(seek_nominal_lba_at_radius(20.0) < 0);
    assert_true(fabs(seek_radial_distance_mm(0, 360000) - (r80 - 25.0)) < 1e-9);
    assert_true(fabs(seek_radial_distance_mm(360000, 0) - (r80 - 25.0)) < 1e-9);
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(seek_kind_name(SEEK_RANDOM), "random");
    assert_string_equal(seek_kind_name(SEEK_THIRD), "one_third");
    assert_string_equal(seek_kind_name(SEEK_FULL), "full");
    assert_string_equal(seek_kind_label(SEEK_THIRD), "1/3 stroke");
}

static void test_window_rule(void **state)
{
    (void)state;
    seek_planner p;
    seek_planner_init(&p, 0, 100000, 1000, 10, 1);
    assert_true(seek_in_window(&p, 500, 500));
    assert_true(seek_in_window(&p, 500, 1500));
    assert_false(seek_in_window(&p, 500, 1501));
    assert_false(seek_in_window(&p, 500, 499)); /* read-ahead runs forwards only */
    assert_false(seek_in_window(&p, 4294967000u, 10));
}

/* Every pair obeys the read-ahead rule against the read before it. */
static void check_sequence(seek_planner *p, seek_kind k, int n, uint32_t *from, uint32_t *to)
{
    for (int i = 0; i < n; i++) {
        char why[300];
        bool had_prev = p->have_prev;
        uint32_t prev = p->prev;
        assert_int_equal(seek_plan_pair(p, k, i, &from[i], &to[i], why, sizeof why), 0);
        assert_true(from[i] >= p->first && from[i] <= p->last);
        assert_true(to[i] >= p->first && to[i] <= p->last);
        assert_true(from[i] != to[i]);
        if (had_prev)
            assert_false(seek_in_window(p, prev, from[i]));
        assert_false(seek_in_window(p, from[i], to[i]));
        seek_planner_note_read(p, from[i]);
        seek_planner_note_read(p, to[i]);
    }
}

static void test_random_pairs_seeded(void **state)
{
    (void)state;
    enum { N = 500 };
    static uint32_t f1[N], t1[N], f2[N], t2[N], f3[N], t3[N];
    seek_planner a, b, c;
    seek_planner_init(&a, 0, 333000, 1025, N, 5);
    seek_planner_init(&b, 0, 333000, 1025, N, 5);
    seek_planner_init(&c, 0, 333000, 1025, N, 6);
    check_sequence(&a, SEEK_RANDOM, N, f1, t1);
    check_sequence(&b, SEEK_RANDOM, N, f2, t2);
    check_sequence(&c, SEEK_RANDOM, N, f3, t3);
    assert_memory_equal(f1, f2, sizeof f1);
    assert_memory_equal(t1, t2, sizeof t1);
    int same = 0;
    double mean = 0;
    for (int i = 0; i < N; i++) {
        same += f1[i] == f3[i];
        mean += fabs((double)t1[i] - f1[i]);
    }
    assert_true(same < 5);
    /* uniform pairs: mean |to - from| is a third of the span */
    mean /= N;
    assert_true(mean > 333000 / 3.0 * 0.9 && mean < 333000 / 3.0 * 1.1);
}

static void test_third_stroke(void **state)
{
    (void)state;
    enum { N = 200 };
    static uint32_t f[N], t[N];
    seek_planner p;
    seek_planner_init(&p, 0, 333000, 1025, N, 1);
    char why[300];
    assert_true(seek_plan_possible(&p, SEEK_THIRD, why, sizeof why));
    check_sequence(&p, SEEK_THIRD, N, f, t);
    double span = seek_nominal_radius_mm(332999) - 25.0;
    double lo = 1e9, hi = 0;
    for (int i = 0; i < N; i++) {
        assert_true(fabs(seek_radial_distance_mm(f[i], t[i]) - span / 3) < 0.01);
        assert_true(i % 2 ? t[i] < f[i] : t[i] > f[i]);
        lo = fmin(lo, seek_nominal_radius_mm(fmin(f[i], t[i])));
        hi = fmax(hi, seek_nominal_radius_mm(fmax(f[i], t[i])));
    }
    /* start radii are spread over the whole disc */
    assert_true(lo < 25.0 + span * 0.05);
    assert_true(hi > 25.0 + span * 0.95);
}

static void test_full_stroke(void **state)
{
    (void)state;
    enum { N = 50 };
    uint32_t f[N], t[N];
    seek_planner p;
    seek_planner_init(&p, 150, 300150, 1025, N, 1);
    check_sequence(&p, SEEK_FULL, N, f, t);
    for (int i = 0; i < N; i++) {
        uint32_t inner = 150 + (uint32_t)(N - 1 - i), outer = 300149 - (uint32_t)i;
        assert_int_equal(f[i], i % 2 ? outer : inner);
        assert_int_equal(t[i], i % 2 ? inner : outer);
    }
    /* the first sample reaches the last sector, the last one the first sector */
    assert_int_equal(t[0], 300149);
    assert_int_equal(t[N - 1], 150);
    char why[300];
    assert_int_equal(seek_plan_pair(&p, SEEK_FULL, N, &f[0], &t[0], why, sizeof why), -1);
}

static void test_too_short(void **state)
{
    (void)state;
    seek_planner p;
    char why[400];
    /* 1 minute: 0.68 mm of radius, a third is 0.23 mm */
    seek_planner_init(&p, 0, 4500, 1025, 100, 1);
    assert_false(seek_plan_possible(&p, SEEK_THIRD, why, sizeof why));
    assert_non_null(strstr(why, "too short for a 1/3 stroke"));
    assert_non_null(strstr(why, "1 mm minimum"));
    assert_true(seek_plan_possible(&p, SEEK_RANDOM, why, sizeof why));
    assert_true(seek_plan_possible(&p, SEEK_FULL, why, sizeof why));
    /* the minimum: 3 mm of radial span from the hub */
    uint32_t need = (uint32_t)ceil(seek_nominal_lba_at_radius(28.0));
    seek_planner_init(&p, 0, need + 1, 1025, 100, 1);
    assert_true(seek_plan_possible(&p, SEEK_THIRD, why, sizeof why));
    seek_planner_init(&p, 0, need - 200, 1025, 100, 1);
    assert_false(seek_plan_possible(&p, SEEK_THIRD, why, sizeof why));
    /* a huge read-ahead window: nothing fits */
    seek_planner_init(&p, 0, 30000, 40000, 100, 1);
    assert_false(seek_plan_possible(&p, SEEK_RANDOM, why, sizeof why));
    assert_non_null(strstr(why, "read-ahead window"));
    assert_false(seek_plan_possible(&p, SEEK_THIRD, why, sizeof why));
    assert_false(seek_plan_possible(&p, SEEK_FULL, why, sizeof why));
    /* too many full-stroke samples for a tiny area */
    seek_planner_init(&p, 0, 1500, 100, 1000, 1);
    assert_false(seek_plan_possible(&p, SEEK_FULL, why, sizeof why));
}

static void test_random_gives_up_on_tiny_area(void **state)
{
    (void)state;
    seek_planner p;
    char why[400];
    uint32_t f, t;
    /* every start lands in the read-ahead of the last read: the planner
     * says so instead of looping */
    seek_planner_init(&p, 0, 50, 60, 10, 1);
    seek_planner_note_read(&p, 0);
    assert_int_equal(seek_plan_pair(&p, SEEK_RANDOM, 0, &f, &t, why, sizeof why), -1);
    assert_non_null(strstr(why, "draws"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nominal_geometry),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_window_rule),
        cmocka_unit_test(test_random_pairs_seeded),
        cmocka_unit_test(test_third_stroke),
        cmocka_unit_test(test_full_stroke),
        cmocka_unit_test(test_too_short),
        cmocka_unit_test(test_random_gives_up_on_tiny_area),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
