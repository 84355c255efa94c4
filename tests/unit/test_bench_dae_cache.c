/* dae_cache.c: does the drive cache audio?  The verdict's thresholds, and
 * the probe against a scripted drive whose repeat reads cost what a drive
 * with, without, and with a noisy cache would take. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bench/dae_int.h"
#include "bench/reader.h"
#include "drive/mmc.h"
#include "testutil.h"

static void test_verdict_thresholds(void **state)
{
    (void)state;
    assert_int_equal(dae_cache_verdict_of(12.0, 2.0), DAE_CACHE_YES);
    assert_int_equal(dae_cache_verdict_of(12.0, 6.0), DAE_CACHE_YES);    /* exactly half */
    assert_int_equal(dae_cache_verdict_of(12.0, 9.0), DAE_CACHE_UNCLEAR);
    assert_int_equal(dae_cache_verdict_of(12.0, 12.0), DAE_CACHE_UNCLEAR); /* interface-bound: cannot tell */
    assert_int_equal(dae_cache_verdict_of(12.0, 14.5), DAE_CACHE_NO);     /* over 1.2x: went back to the disc */
    assert_int_equal(dae_cache_verdict_of(12.0, 60.0), DAE_CACHE_NO);
    assert_int_equal(dae_cache_verdict_of(0.0, 1.0), DAE_CACHE_UNCLEAR);  /* nothing to compare with */
    assert_string_equal(dae_cache_verdict_name(DAE_CACHE_YES), "yes");
    assert_string_equal(dae_cache_verdict_name(DAE_CACHE_UNTESTED), "untested");
}

/* A drive that answers READ CD with silence and times each read: a block
 * it has just delivered costs again_ms (one probe in three costs
 * odd_again_ms: the drive busy with something else), anything else new_ms. */
typedef struct fake {
    uint64_t now_ns;
    uint32_t last_lba;
    int repeats;
    double new_ms, again_ms, odd_again_ms;
    int reads;
} fake;

static int fake_exec(void *ctx, const uint8_t *c, size_t cdb_len, db_dir dir, void *buf, size_t buf_len,
                     unsigned timeout_ms, db_cmd_result *res)
{
    (void)cdb_len;
    (void)dir;
    (void)timeout_ms;
    fake *f = ctx;
    memset(res, 0, sizeof *res);
    if (c[0] != 0xBE) {
        tu_sense(res, 0x05, 0x20, 0x00);
        return 0;
    }
    uint32_t lba = (uint32_t)c[2] << 24 | (uint32_t)c[3] << 16 | (uint32_t)c[4] << 8 | c[5];
    uint32_t n = (uint32_t)c[6] << 16 | (uint32_t)c[7] << 8 | c[8];
    double ms = f->new_ms;
    if (f->reads > 0 && lba == f->last_lba)
        ms = ++f->repeats == 2 ? f->odd_again_ms : f->again_ms;
    f->now_ns += (uint64_t)(ms * 1e6);
    f->last_lba = lba;
    f->reads++;
    memset(buf, 0, buf_len);
    res->data_len = (size_t)n * 2352;
    return 0;
}

static uint64_t fake_now(void *ctx) { return ((fake *)ctx)->now_ns; }
static void fake_close(void *ctx) { (void)ctx; }
static const struct db_transport_ops fake_ops = { "fake", fake_exec, fake_close };
static const struct db_clock_ops fake_clock = { .now_ns = fake_now };

static dae_cache_probe probe(fake *f, uint32_t audio_sectors)
{
    db_drive d;
    tu_fake_attach(&d, &fake_ops, &fake_clock, f, true);
    db_bench_ctx ctx = { .drive = &d };
    db_reader rd;
    db_read_method m = db_read_method_cdda(MMC_READCD_USER);
    assert_int_equal(db_reader_init_method(&rd, &d, &m, 27), 0);
    dae_cache_probe out;
    char why[256] = "";
    assert_int_equal(dae_cache_probe_run(&ctx, &rd, 0, audio_sectors, &out, why, sizeof why), 0);
    db_reader_free(&rd);
    return out;
}

static void test_probe_reads_the_timing(void **state)
{
    (void)state;
    /* from the cache: the repeat costs the interface alone */
    fake f = { .new_ms = 12, .again_ms = 2, .odd_again_ms = 2 };
    dae_cache_probe p = probe(&f, 100000);
    assert_int_equal(p.verdict, DAE_CACHE_YES);
    assert_int_equal(p.trials, 3);
    assert_int_equal(f.reads, 9); /* lead-in, new, again: three times */
    assert_true(p.new_ms > 11.9 && p.new_ms < 12.1);
    assert_true(p.again_ms > 1.9 && p.again_ms < 2.1);
    /* back to the disc: seek and rotation on top of the reading */
    fake g = { .new_ms = 12, .again_ms = 40, .odd_again_ms = 40 };
    assert_int_equal(probe(&g, 100000).verdict, DAE_CACHE_NO);
    /* one disturbed probe out of three does not change the answer */
    fake h = { .new_ms = 12, .again_ms = 2, .odd_again_ms = 80 };
    assert_int_equal(probe(&h, 100000).verdict, DAE_CACHE_YES);
    /* interface-bound: the repeat costs what new sectors cost */
    fake k = { .new_ms = 12, .again_ms = 12, .odd_again_ms = 12 };
    assert_int_equal(probe(&k, 100000).verdict, DAE_CACHE_UNCLEAR);
    /* too little audio to probe away from its edges: not tested, no read */
    fake s = { .new_ms = 12, .again_ms = 2 };
    p = probe(&s, 100);
    assert_int_equal(p.verdict, DAE_CACHE_UNTESTED);
    assert_int_equal(p.trials, 0);
    assert_int_equal(s.reads, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdict_thresholds),
        cmocka_unit_test(test_probe_reads_the_timing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
