/* The virtual drive's DAE behaviour ([dae] accurate_stream, jitter_samples,
 * caches_audio, unstable_sectors_ppm; src/vdrive/dae.h): what READ CD of
 * CD-DA returns, checked through the CDB boundary like a host sees it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drive/mmc.h"
#include "testutil.h"
#include "util/kv.h"
#include "vdrive/profile.h"
#include "vdrive/vdrive.h"

static void open_drive(const char *profile, uint64_t seed, vdrive **vd, db_drive *d)
{
    char *prof = tu_data("vdrive", profile), *disc = tu_data("vdrive", "dae_audio10.profile");
    vdrive_config cfg = { .drive_profile = prof, .disc = disc, .seed = seed };
    db_error err = { 0 };
    if (vdrive_open(&cfg, vd, &err))
        fail_msg("%s: %s", profile, err.msg);
    vdrive_attach(*vd, "sim:test", d);
    free(prof);
    free(disc);
}

/* READ CD of CD-DA, user data (+ C2 pointers when c2). */
static void read_cd(db_drive *d, uint32_t lba, uint32_t n, bool c2, uint8_t *buf)
{
    uint8_t flags = MMC_READCD_USER | (c2 ? MMC_READCD_C2 : 0);
    size_t per = c2 ? 2646 : 2352;
    db_cmd_result res;
    if (db_mmc_read_cd(d, MMC_SECTOR_CDDA, lba, n, flags, 0, buf, per * n, &res))
        fail_msg("READ CD at %u failed", lba);
}

/* The generated audio holds frame number f as its 32-bit little-endian
 * stereo sample (disc.h): the first sample of a read says where it came
 * from, so its shift in samples is f - 588 * lba. */
static int64_t shift_of(const uint8_t *buf, uint32_t lba)
{
    uint32_t f = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24;
    return (int64_t)f - (int64_t)lba * 588;
}

/* The bytes are the pattern, shifted as a whole by shift samples. */
static bool consistent(const uint8_t *buf, uint32_t lba, uint32_t n, int64_t shift)
{
    for (uint32_t i = 0; i < n * 588; i++) {
        uint32_t want = (uint32_t)((int64_t)lba * 588 + shift + i);
        const uint8_t *p = buf + 4 * (size_t)i;
        uint32_t got = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        if (got != want)
            return false;
    }
    return true;
}

static void test_accurate_drive_never_shifts(void **state)
{
    (void)state;
    vdrive *vd;
    db_drive d;
    open_drive("dae_unstable.profile", 1, &vd, &d);
    uint8_t *buf = malloc(20 * 2352);
    uint32_t starts[] = { 1000, 30000, 1000, 44980 };
    for (size_t i = 0; i < 4; i++) {
        read_cd(&d, starts[i], 20, false, buf);
        /* no unstable sector in these ranges for seed 1? check, then compare */
        bool stable = vdrive_truth_dae_unstable_count(vd, starts[i], starts[i] + 20) == 0;
        if (stable)
            assert_true(consistent(buf, starts[i], 20, 0));
        assert_int_equal(shift_of(buf, starts[i]), 0);
    }
    free(buf);
    db_drive_close(&d);
}

static void test_jitter_per_stream(void **state)
{
    (void)state;
    vdrive *vd;
    db_drive d;
    open_drive("dae_jitter.profile", 7, &vd, &d);
    vdrive_truth t;
    vdrive_get_truth(vd, &t);
    assert_false(t.dae_accurate_stream);
    assert_int_equal(t.dae_jitter_samples, 200);
    uint8_t *buf = malloc(27 * 2352);
    int distinct = 0;
    int64_t last = 0;
    for (int k = 0; k < 12; k++) {
        uint32_t lba = 2000 + 1500u * (uint32_t)k; /* a seek each time: a new stream */
        read_cd(&d, lba, 27, false, buf);
        int64_t s = shift_of(buf, lba);
        assert_true(s != 0 && s >= -200 && s <= 200);
        assert_true(consistent(buf, lba, 27, s)); /* the whole read shifted alike */
        /* continuing the stream keeps the shift */
        read_cd(&d, lba + 27, 27, false, buf);
        assert_true(consistent(buf, lba + 27, 27, s));
        distinct += k == 0 || s != last;
        last = s;
    }
    assert_true(distinct >= 6); /* landing anew each seek */
    free(buf);
    db_drive_close(&d);

    /* deterministic: the same seed gives the same shifts */
    int64_t a[2];
    for (int run = 0; run < 2; run++) {
        open_drive("dae_jitter.profile", 7, &vd, &d);
        uint8_t b2[2352];
        read_cd(&d, 2000, 1, false, b2);
        a[run] = shift_of(b2, 2000);
        db_drive_close(&d);
    }
    assert_true(a[0] == a[1]);
}

static void test_unstable_sectors_differ_each_disc_read(void **state)
{
    (void)state;
    vdrive *vd;
    db_drive d;
    open_drive("dae_unstable.profile", 3, &vd, &d);
    /* find an unstable sector and a stable one */
    uint32_t bad = 0, good = 0;
    for (uint32_t lba = 100; lba < 45000 && (!bad || !good); lba++) {
        if (!bad && vdrive_truth_dae_unstable(vd, lba))
            bad = lba;
        if (!good && !vdrive_truth_dae_unstable(vd, lba) && !vdrive_truth_dae_unstable(vd, lba + 1))
            good = lba;
    }
    assert_true(bad > 0 && good > 0);
    uint32_t n = vdrive_truth_dae_unstable_count(vd, 0, 45000);
    assert_true(n >= 5 && n <= 40); /* 400 ppm of 45,000 = 18 */

    uint8_t r1[2646], r2[2646], r3[2646];
    read_cd(&d, bad, 1, true, r1);
    read_cd(&d, bad, 1, true, r3); /* right away: from the cache, the same bytes */
    assert_memory_equal(r1, r3, sizeof r1);
    read_cd(&d, 40000, 1, false, r2); /* elsewhere: the next read of bad is from the disc */
    read_cd(&d, bad, 1, true, r2);
    assert_memory_not_equal(r1, r2, 2352);
    /* pointer bits = the burst, on both reads */
    uint64_t bits1 = 0, bits2 = 0;
    for (int i = 2352; i < 2646; i++) {
        bits1 += (uint64_t)__builtin_popcount(r1[i]);
        bits2 += (uint64_t)__builtin_popcount(r2[i]);
    }
    assert_int_equal(bits1, vdrive_truth_dae_c2_bits(vd, bad, bad + 1));
    assert_int_equal(bits2, bits1);
    /* the bytes outside the flagged ones are the disc's */
    uint8_t clean[2352];
    for (int i = 0; i < 588; i++) {
        uint32_t f = bad * 588u + (uint32_t)i;
        memcpy(clean + 4 * i, &f, 4);
    }
    for (int i = 0; i < 2352; i++) {
        bool flagged = r1[2352 + i / 8] & (0x80 >> (i % 8));
        if (!flagged)
            assert_int_equal(r1[i], clean[i]);
        else
            assert_true(r1[i] != clean[i]);
    }
    /* a stable sector: never a pointer bit, always the disc's bytes */
    read_cd(&d, good, 1, true, r1);
    for (int i = 2352; i < 2646; i++)
        assert_int_equal(r1[i], 0);
    assert_true(consistent(r1, good, 1, 0));
    db_drive_close(&d);
}

static void test_no_audio_cache_rereads_from_disc(void **state)
{
    (void)state;
    double took[2];
    const char *profiles[2] = { "dae_unstable.profile", "dae_nocache.profile" };
    for (int k = 0; k < 2; k++) {
        vdrive *vd;
        db_drive d;
        open_drive(profiles[k], 1, &vd, &d);
        uint8_t buf[10 * 2352];
        read_cd(&d, 20000, 10, false, buf);
        read_cd(&d, 20010, 10, false, buf);
        uint64_t t0 = db_clock_now_ns(&d.clock);
        read_cd(&d, 20000, 10, false, buf); /* a re-read of what was just read */
        took[k] = (double)(db_clock_now_ns(&d.clock) - t0) / 1e6;
        db_drive_close(&d);
    }
    assert_true(took[0] < 2.0);  /* from the cache: interface time only */
    assert_true(took[1] > 5.0);  /* from the disc: settle + rotational latency at least */
}

static int parse(const char *text, vd_drive_profile *p, db_error *err)
{
    kv_file kv;
    if (kv_parse("t.profile", text, strlen(text), &kv, err))
        return -1;
    int rc = vd_drive_profile_from_kv(&kv, p, err);
    kv_free(&kv);
    return rc;
}

static const char *const base =
    "[drive]\nvendor = V\nmodel = M\nfirmware = F\ninterface = udma2\ncache_kib = 2048\n"
    "[data]\nstrategy = CLV\nmax_speed_x = 40\n"
    "[mech]\nspinup_ms = 1\nspindown_ms = 1\nsettle_ms = 1\nfull_stroke_ms = 1\ncommand_overhead_us = 1\n";

static void test_profile_keys(void **state)
{
    (void)state;
    char text[2048];
    vd_drive_profile p;
    db_error err = { 0 };
    /* defaults */
    assert_int_equal(parse(base, &p, &err), 0);
    assert_true(p.dae_accurate_stream);
    assert_true(p.dae_caches_audio);
    assert_int_equal(p.dae_jitter_samples, 0);
    /* behaviour keys only: the speeds stay those of [data] */
    snprintf(text, sizeof text, "%s[dae]\naccurate_stream = no\njitter_samples = 30\ncaches_audio = no\n"
                                "unstable_sectors_ppm = 12.5\n", base);
    assert_int_equal(parse(text, &p, &err), 0);
    assert_false(p.has_dae);
    assert_true(p.dae.max_speed_x == 40);
    assert_false(p.dae_accurate_stream);
    assert_int_equal(p.dae_jitter_samples, 30);
    assert_false(p.dae_caches_audio);
    assert_true(p.dae_unstable_sectors_ppm == 12.5);
    /* errors name the line */
    snprintf(text, sizeof text, "%s[dae]\naccurate_stream = no\n", base);
    assert_int_equal(parse(text, &p, &err), -1);
    assert_non_null(strstr(err.msg, "needs 'jitter_samples'"));
    assert_non_null(strstr(err.msg, "t.profile:"));
    snprintf(text, sizeof text, "%s[dae]\njitter_samples = 30\n", base);
    assert_int_equal(parse(text, &p, &err), -1);
    assert_non_null(strstr(err.msg, "only with accurate_stream = no"));
    snprintf(text, sizeof text, "%s[dae]\naccurate_stream = no\njitter_samples = 2.5\n", base);
    assert_int_equal(parse(text, &p, &err), -1);
    assert_non_null(strstr(err.msg, "whole number"));
    snprintf(text, sizeof text, "%s[dae]\naccurate_stream = no\njitter_samples = 6000\n", base);
    assert_int_equal(parse(text, &p, &err), -1);
    snprintf(text, sizeof text, "%s[dae]\ncaches_audio = maybe\n", base);
    assert_int_equal(parse(text, &p, &err), -1);
    /* a speed key without a strategy is still a [dae] speed profile */
    snprintf(text, sizeof text, "%s[dae]\nmax_speed_x = 20\n", base);
    assert_int_equal(parse(text, &p, &err), -1);
    assert_non_null(strstr(err.msg, "strategy"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accurate_drive_never_shifts),
        cmocka_unit_test(test_jitter_per_stream),
        cmocka_unit_test(test_unstable_sectors_differ_each_disc_read),
        cmocka_unit_test(test_no_audio_cache_rereads_from_disc),
        cmocka_unit_test(test_profile_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
