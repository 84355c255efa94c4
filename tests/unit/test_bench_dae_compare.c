/* dae_compare_reads (src/bench/dae_accuracy.c): two reads of the same
 * audio, the second shifted and/or damaged; the offset search and the
 * mismatch count.  Audio here is a sum of sines with noise, like music:
 * nothing repeats within the search window. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bench/dae_int.h"

#define N 40            /* sectors per read */
#define SAMPLES (N * 588)

/* Stereo 16-bit samples of a "song", from absolute sample index start. */
static void song(uint8_t *out, int64_t start, int64_t count)
{
    for (int64_t i = 0; i < count; i++) {
        int64_t t = start + i;
        /* tones plus a hashed "noise" of t: the same t always gives the same sample */
        double v = 8000 * sin(t * 0.0313) + 5000 * sin(t * 0.1171 + 1) + 3000 * sin(t * 0.00717);
        int16_t l = (int16_t)(v + (double)((uint32_t)(t * 2654435761u) >> 24) - 128);
        int16_t r = (int16_t)(0.7 * v - (double)((uint32_t)(t * 40503u) >> 25));
        out[4 * i] = (uint8_t)l;
        out[4 * i + 1] = (uint8_t)((uint16_t)l >> 8);
        out[4 * i + 2] = (uint8_t)r;
        out[4 * i + 3] = (uint8_t)((uint16_t)r >> 8);
    }
}

static void test_identical(void **state)
{
    (void)state;
    uint8_t *a = malloc(N * 2352);
    song(a, 100000, SAMPLES);
    dae_compare c;
    dae_compare_reads(a, a, N, 588, &c);
    assert_true(c.aligned);
    assert_int_equal(c.offset, 0);
    assert_int_equal(c.compared_sectors, N);
    assert_int_equal(c.mismatched_sectors, 0);
    free(a);
}

static void test_shift_found(void **state)
{
    (void)state;
    uint8_t *a = malloc(N * 2352), *b = malloc(N * 2352);
    int shifts[] = { 1, -1, 37, -250, 587, -588, 300 };
    for (size_t k = 0; k < sizeof shifts / sizeof shifts[0]; k++) {
        int s = shifts[k];
        song(a, 100000, SAMPLES);
        song(b, 100000 + s, SAMPLES); /* the second read landed s samples away */
        dae_compare c;
        dae_compare_reads(a, b, N, 588, &c);
        assert_true(c.aligned);
        assert_int_equal(c.offset, s);
        /* the one sector whose audio lies outside the first read is not compared */
        assert_int_equal(c.compared_sectors, N - 1);
        assert_int_equal(c.mismatched_sectors, 0);
    }
    free(a);
    free(b);
}

static void test_shift_outside_window(void **state)
{
    (void)state;
    uint8_t *a = malloc(N * 2352), *b = malloc(N * 2352);
    song(a, 100000, SAMPLES);
    song(b, 100000 + 900, SAMPLES);
    dae_compare c;
    dae_compare_reads(a, b, N, 588, &c);
    assert_false(c.aligned);
    assert_int_equal(c.mismatched_sectors, N);
    /* a wider window finds it */
    dae_compare_reads(a, b, N, 1000, &c);
    assert_true(c.aligned);
    assert_int_equal(c.offset, 900);
    free(a);
    free(b);
}

static void test_mismatches_counted_after_alignment(void **state)
{
    (void)state;
    uint8_t *a = malloc(N * 2352), *b = malloc(N * 2352);
    song(a, 5000, SAMPLES);
    song(b, 5000 - 42, SAMPLES);
    /* damage three sectors of the second read (a burst in each) */
    int damaged[] = { 3, 17, 30 };
    for (int k = 0; k < 3; k++)
        for (int i = 100; i < 180; i++)
            b[damaged[k] * 2352 + i] ^= 0x5A;
    dae_compare c;
    dae_compare_reads(a, b, N, 588, &c);
    assert_true(c.aligned);
    assert_int_equal(c.offset, -42);
    assert_int_equal(c.compared_sectors, N - 1);
    assert_int_equal(c.mismatched_sectors, 3);
    free(a);
    free(b);
}

static void test_silence_does_not_fake_an_offset(void **state)
{
    (void)state;
    uint8_t *a = calloc(N, 2352), *b = calloc(N, 2352);
    b[7 * 2352 + 11] = 1; /* one sector differs, the rest is digital silence */
    dae_compare c;
    dae_compare_reads(a, b, N, 588, &c);
    assert_true(c.aligned);
    assert_int_equal(c.offset, 0);
    assert_int_equal(c.mismatched_sectors, 1);
    /* nothing agrees at all: not aligned, every sector counted */
    memset(b, 0x33, N * 2352);
    dae_compare_reads(a, b, N, 588, &c);
    assert_false(c.aligned);
    assert_int_equal(c.mismatched_sectors, N);
    free(a);
    free(b);
}

static void test_popcount(void **state)
{
    (void)state;
    uint8_t p[294] = { 0 };
    assert_int_equal(dae_popcount(p, sizeof p), 0);
    p[0] = 0x80;
    p[10] = 0xFF;
    p[293] = 0x03;
    assert_int_equal(dae_popcount(p, sizeof p), 11);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical),
        cmocka_unit_test(test_shift_found),
        cmocka_unit_test(test_shift_outside_window),
        cmocka_unit_test(test_mismatches_counted_after_alignment),
        cmocka_unit_test(test_silence_does_not_fake_an_offset),
        cmocka_unit_test(test_popcount),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
