/* SplitMix64: the published reference sequence, seeding, bounded draws. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/splitmix.h"

static void test_reference_sequence(void **state)
{
    (void)state;
    /* the first outputs of SplitMix64 seeded with 0 (reference implementation) */
    db_rng r;
    db_rng_seed(&r, 0);
    assert_true(db_rng_next(&r) == 0xE220A8397B1DCDAFull);
    assert_true(db_rng_next(&r) == 0x6E789E6AA1B965F4ull);
    assert_true(db_rng_next(&r) == 0x06C45D188009454Full);
}

static void test_same_seed_same_stream(void **state)
{
    (void)state;
    db_rng a, b, c;
    db_rng_seed(&a, 42);
    db_rng_seed(&b, 42);
    db_rng_seed(&c, 43);
    int differ = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = db_rng_next(&a);
        assert_true(x == db_rng_next(&b));
        differ += x != db_rng_next(&c);
    }
    assert_int_equal(differ, 100);
}

static void test_below_and_unit(void **state)
{
    (void)state;
    db_rng r;
    db_rng_seed(&r, 7);
    int hist[10] = { 0 };
    for (int i = 0; i < 100000; i++) {
        uint64_t v = db_rng_below(&r, 10);
        assert_true(v < 10);
        hist[v]++;
    }
    for (int i = 0; i < 10; i++) /* 10,000 expected; 5 sigma is ~475 */
        assert_true(hist[i] > 9500 && hist[i] < 10500);
    assert_true(db_rng_below(&r, 0) == 0);
    assert_true(db_rng_below(&r, 1) == 0);
    double sum = 0;
    for (int i = 0; i < 100000; i++) {
        double u = db_rng_unit(&r);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
    }
    assert_true(sum / 100000 > 0.49 && sum / 100000 < 0.51);
    /* a bound near 2^64 still lands below it */
    for (int i = 0; i < 1000; i++)
        assert_true(db_rng_below(&r, UINT64_MAX - 5) < UINT64_MAX - 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_sequence),
        cmocka_unit_test(test_same_seed_same_stream),
        cmocka_unit_test(test_below_and_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
