/* The arithmetic of the quality scan: each second counted once, totals
 * and maxima, the rolling 10-second BLER, the Red Book verdict and the
 * documented score formula. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bench/qstats.h"

static void fill(db_qstats *q, uint32_t seconds, uint32_t c1, uint32_t c2, uint32_t cu, bool has_cu)
{
    for (uint32_t s = 0; s < seconds; s++)
        assert_true(db_qstats_add(q, s, 75, c1, c2, cu, has_cu));
    db_qstats_finish(q);
}

static void test_counts_once(void **state)
{
    (void)state;
    db_qstats q;
    db_qstats_init(&q, 750);
    assert_int_equal(q.seconds_total, 10);
    assert_true(db_qstats_add(&q, 3, 75, 10, 1, 0, true));
    assert_false(db_qstats_fresh(&q, 3));
    assert_false(db_qstats_add(&q, 3, 75, 10, 1, 0, true)); /* again: refused */
    assert_false(db_qstats_add(&q, 10, 75, 10, 1, 0, true)); /* outside */
    assert_int_equal(q.seconds_counted, 1);
    assert_int_equal(q.c1_total, 10);
    assert_int_equal(q.c2_total, 1);
    assert_true(db_qstats_add(&q, 4, 75, 30, 0, 2, true));
    assert_int_equal(q.c1_max, 30);
    assert_int_equal(q.c1_max_second, 4);
    assert_int_equal(q.cu_total, 2);
    assert_int_equal(q.seconds_with_c2, 1);
    assert_true(fabs(db_qstats_c1_avg(&q) - 20) < 1e-9);
    /* a second without CU (new Lite-On protocol): CU no longer complete */
    assert_true(db_qstats_add(&q, 5, 75, 0, 0, 0, false));
    assert_false(q.cu_reported);
    assert_true(isnan(db_qstats_cu_avg(&q)));
}

static void test_rolling_bler(void **state)
{
    (void)state;
    db_qstats q;
    db_qstats_init(&q, 100 * 75);
    /* 9 seconds at 2000 and the rest at 0: a 10-second window averages
     * 1800 at most, never one second alone */
    for (uint32_t s = 0; s < 100; s++)
        db_qstats_add(&q, s, 75, s >= 40 && s < 49 ? 2000 : 0, 0, 0, true);
    db_qstats_finish(&q);
    assert_true(fabs(q.bler10_max - 1800) < 1e-9);
    assert_int_equal(q.bler10_max_second, 48);
    assert_true(q.windows_over > 0);
    assert_int_equal(db_qstats_verdict(&q, true, true), DB_VERDICT_FAIL);
    /* 219 everywhere passes, 220 does not */
    db_qstats_init(&q, 30 * 75);
    fill(&q, 30, 219, 0, 0, true);
    assert_int_equal(db_qstats_verdict(&q, true, true), DB_VERDICT_PASS);
    db_qstats_init(&q, 30 * 75);
    fill(&q, 30, 220, 0, 0, true);
    assert_int_equal(db_qstats_verdict(&q, true, true), DB_VERDICT_FAIL);
    /* a peak of 2000 every 10 seconds among 10s: every window averages
     * (2000 + 9 x 10) / 10 = 209 -> pass, though single seconds are far over */
    db_qstats_init(&q, 200 * 75);
    for (uint32_t s = 0; s < 200; s++)
        db_qstats_add(&q, s, 75, s % 10 == 0 ? 2000 : 10, 0, 0, true);
    db_qstats_finish(&q);
    assert_true(fabs(q.bler10_max - 209) < 1e-9);
    assert_int_equal(db_qstats_verdict(&q, true, true), DB_VERDICT_PASS);
    /* a disc shorter than 10 seconds is one window */
    db_qstats_init(&q, 5 * 75);
    fill(&q, 5, 300, 0, 0, true);
    assert_true(fabs(q.bler10_max - 300) < 1e-9);
    assert_int_equal(db_qstats_verdict(&q, true, true), DB_VERDICT_FAIL);
}

static void test_verdicts(void **state)
{
    (void)state;
    db_qstats q;
    db_qstats_init(&q, 100 * 75);
    assert_int_equal(db_qstats_verdict(&q, false, true), DB_VERDICT_NONE);
    fill(&q, 100, 5, 0, 0, true);
    assert_int_equal(db_qstats_verdict(&q, true, true), DB_VERDICT_PASS);
    assert_int_equal(db_qstats_verdict(&q, false, true), DB_VERDICT_INCOMPLETE); /* partial: never a pass */
    assert_int_equal(db_qstats_verdict(&q, true, false), DB_VERDICT_NOT_BELIEVED);
    /* a single CU fails, whatever else */
    db_qstats_init(&q, 100 * 75);
    for (uint32_t s = 0; s < 100; s++)
        db_qstats_add(&q, s, 75, 1, 0, s == 50, true);
    db_qstats_finish(&q);
    assert_int_equal(db_qstats_verdict(&q, true, true), DB_VERDICT_FAIL);
    assert_int_equal(db_qstats_verdict(&q, false, false), DB_VERDICT_FAIL);
    assert_string_equal(db_verdict_name(DB_VERDICT_NOT_BELIEVED), "not-believed");
    assert_string_equal(db_verdict_name(DB_VERDICT_INCOMPLETE), "incomplete");
}

static double formula(double c1_avg, double c2_per_80min, double bler10)
{
    return 100 - fmin(50, 25 * log10(1 + c1_avg)) - fmin(30, 10 * log10(1 + c2_per_80min)) -
           20 * fmin(1, bler10 / 220);
}

static void test_score(void **state)
{
    (void)state;
    db_qstats q;
    /* no errors at all: 100 */
    db_qstats_init(&q, 4800 * 75);
    fill(&q, 4800, 0, 0, 0, true);
    assert_int_equal(db_qstats_score(&q, true, true), 100);
    /* flat C1 4/s, C2 1 per 100 s on an 80-minute disc */
    db_qstats_init(&q, 4800 * 75);
    for (uint32_t s = 0; s < 4800; s++)
        db_qstats_add(&q, s, 75, 4, s % 100 == 0, 0, true);
    db_qstats_finish(&q);
    assert_int_equal(db_qstats_score(&q, true, true), (int)lround(formula(4, 48, 4)));
    /* the C2 term is per 80 minutes: a 40-minute disc with half the C2 scores the same */
    db_qstats h;
    db_qstats_init(&h, 2400 * 75);
    for (uint32_t s = 0; s < 2400; s++)
        db_qstats_add(&h, s, 75, 4, s % 100 == 0, 0, true);
    db_qstats_finish(&h);
    assert_int_equal(db_qstats_score(&h, true, true), db_qstats_score(&q, true, true));
    /* caps: CU -> at most 20; BLER over 220 -> at most 40 */
    db_qstats_init(&q, 100 * 75);
    for (uint32_t s = 0; s < 100; s++)
        db_qstats_add(&q, s, 75, 1, 0, s == 7, true);
    db_qstats_finish(&q);
    assert_int_equal(db_qstats_score(&q, true, true), 20);
    db_qstats_init(&q, 100 * 75);
    fill(&q, 100, 230, 0, 0, true);
    assert_true(db_qstats_score(&q, true, true) <= 40);
    /* never below 0 */
    db_qstats_init(&q, 100 * 75);
    fill(&q, 100, 7000, 7000, 200, true);
    assert_int_equal(db_qstats_score(&q, true, true), 0);
    /* no score for a partial or unbelieved scan */
    assert_int_equal(db_qstats_score(&q, false, true), -1);
    assert_int_equal(db_qstats_score(&q, true, false), -1);
    /* better discs score higher: monotone in C1 */
    int prev = 101;
    for (uint32_t c1 = 0; c1 <= 200; c1 += 10) {
        db_qstats_init(&q, 600 * 75);
        fill(&q, 600, c1, 0, 0, true);
        int sc = db_qstats_score(&q, true, true);
        assert_true(sc <= prev);
        prev = sc;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_once),
        cmocka_unit_test(test_rolling_bler),
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
