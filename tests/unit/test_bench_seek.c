/* The seek module against a scripted fake drive with a simple, known
 * mechanical model: every sample equals the model (so no target came from
 * the read-ahead), spin and burst figures, and every failure path: START
 * STOP UNIT refused, SET CD SPEED refused, no page 2A, an unreadable target,
 * a hardware error, an interruption, --samples 0. */
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bench/seek.h"
#include "testutil.h"

#define DISC_SECTORS 300000u
#define MAX_X 40.0
#define SEEK_BASE_MS 20.0
#define SEEK_MS_PER_SECTOR 0.0002   /* 60 ms across the disc */
#define OVERHEAD_NS 100000u          /* per command */
#define STOP_NS 700000000u
#define START_NS 1300000000u

typedef struct fake {
    uint64_t now_ns;
    uint32_t buffer_kib;         /* 0: MODE SENSE refused */
    double iface_bytes_s;
    double speed_x;              /* from SET CD SPEED, capped at MAX_X */
    bool refuse_stop, refuse_start, refuse_speed;
    bool spinning;
    uint32_t head;               /* next sector under the head */
    uint32_t cache_from, cache_to;  /* read-ahead held in the buffer */
    uint32_t bad_lba;            /* medium error there (0 = none) */
    int hw_error_at_read;        /* hardware error on that read (0 = never) */
    int reads, cache_hits;
    uint16_t last_speed_kbs;
    volatile sig_atomic_t *stop;
    int stop_after_reads;
} fake;

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The model the test expects: seek from the head, then the sector. */
static double model_access_ms(uint32_t head, uint32_t lba, double speed_x)
{
    double d = fabs((double)lba - head);
    return SEEK_BASE_MS + SEEK_MS_PER_SECTOR * d + 1000.0 / (75.0 * speed_x) + OVERHEAD_NS / 1e6;
}

static int fake_read(fake *f, const uint8_t *cdb, uint8_t *b, size_t len, db_cmd_result *res)
{
    uint32_t lba = be32(cdb + 2);
    uint32_t n = (uint32_t)cdb[7] << 8 | cdb[8];
    f->reads++;
    if (f->stop && f->stop_after_reads && f->reads >= f->stop_after_reads)
        *f->stop = 1;
    if (f->hw_error_at_read && f->reads >= f->hw_error_at_read) {
        tu_sense(res, 0x04, 0x44, 0x00);
        return 0;
    }
    if (lba + n > DISC_SECTORS) {
        tu_sense(res, 0x05, 0x21, 0x00);
        return 0;
    }
    if (!f->spinning) {
        f->now_ns += START_NS;
        f->spinning = true;
    }
    if (lba == f->head) { /* sequential: media rate */
        f->now_ns += OVERHEAD_NS + (uint64_t)(n * 1e9 / (75.0 * f->speed_x));
    } else if (lba >= f->cache_from && lba + n <= f->cache_to) {
        /* in the buffer (a simplification: read-ahead is instant) */
        f->cache_hits++;
        f->now_ns += OVERHEAD_NS + (uint64_t)(n * 2048.0 / f->iface_bytes_s * 1e9);
    } else {
        double ms = model_access_ms(f->head, lba, f->speed_x) - 1000.0 / (75.0 * f->speed_x);
        f->now_ns += (uint64_t)(ms * 1e6) + (uint64_t)(n * 1e9 / (75.0 * f->speed_x));
        f->cache_from = lba;
    }
    f->head = lba + n;
    uint32_t ahead = f->buffer_kib ? f->buffer_kib * 1024 / 2352 : 0;
    if (f->cache_from < lba && lba + n - f->cache_from > ahead + n)
        f->cache_from = lba; /* the buffer only holds so much */
    f->cache_to = lba + n + ahead;
    if (f->bad_lba && lba <= f->bad_lba && f->bad_lba < lba + n) {
        tu_sense(res, 0x03, 0x11, 0x00);
        return 0;
    }
    memset(b, 0, len);
    res->data_len = (size_t)n * 2048;
    return 0;
}

static int fake_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir, void *buf,
                     size_t len, unsigned timeout_ms, db_cmd_result *res)
{
    fake *f = ctx;
    uint8_t *b = buf;
    memset(res, 0, sizeof *res);
    switch (cdb[0]) {
    case 0x12: /* INQUIRY */
        f->now_ns += OVERHEAD_NS;
        memset(b, 0, len);
        b[0] = 5;
        b[4] = 31;
        memcpy(b + 8, "FAKE    SEEKDRIVE       1.00", 28);
        res->data_len = len < 36 ? len : 36;
        return 0;
    case 0x00: f->now_ns += OVERHEAD_NS; return 0;
    case 0x43: { /* READ TOC: one data track + lead-out */
        f->now_ns += OVERHEAD_NS;
        uint8_t toc[20] = { 0, 18, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0, 0, 0x14, 0xAA, 0 };
        toc[16] = (uint8_t)(DISC_SECTORS >> 24);
        toc[17] = (uint8_t)(DISC_SECTORS >> 16);
        toc[18] = (uint8_t)(DISC_SECTORS >> 8);
        toc[19] = (uint8_t)DISC_SECTORS;
        size_t n = len < sizeof toc ? len : sizeof toc;
        memcpy(b, toc, n);
        res->data_len = n;
        return 0;
    }
    case 0x5A: { /* MODE SENSE(10) page 2A */
        f->now_ns += OVERHEAD_NS;
        if (!f->buffer_kib) {
            tu_sense(res, 0x05, 0x24, 0x00);
            return 0;
        }
        uint8_t p[8 + 20] = { 0, 26, 0, 0, 0, 0, 0, 0, 0x2A, 18 };
        p[8 + 12] = (uint8_t)(f->buffer_kib >> 8);
        p[8 + 13] = (uint8_t)f->buffer_kib;
        size_t n = len < sizeof p ? len : sizeof p;
        memcpy(b, p, n);
        res->data_len = n;
        return 0;
    }
    case 0x1B: { /* START STOP UNIT */
        bool start = cdb[4] & 1;
        assert_int_equal(cdb[4] & 0x02, 0); /* never eject */
        assert_int_equal(cdb[1] & 0x01, 0); /* not immediate */
        if ((start && f->refuse_start) || (!start && f->refuse_stop)) {
            tu_sense(res, 0x05, 0x20, 0x00);
            return 0;
        }
        f->now_ns += start ? START_NS : STOP_NS;
        f->spinning = start;
        f->cache_from = f->cache_to = 0;
        return 0;
    }
    case 0xBB: { /* SET CD SPEED */
        f->now_ns += OVERHEAD_NS;
        f->last_speed_kbs = (uint16_t)(cdb[2] << 8 | cdb[3]);
        if (f->refuse_speed) {
            tu_sense(res, 0x05, 0x24, 0x00);
            return 0;
        }
        double x = f->last_speed_kbs / 176.4;
        f->speed_x = x > MAX_X ? MAX_X : floor(x);
        f->cache_from = f->cache_to = 0;
        f->head = UINT32_MAX;  /* the next read seeks */
        return 0;
    }
    case 0x28: return fake_read(f, cdb, b, len, res);
    default:
        tu_sense(res, 0x05, 0x20, 0x00);
        return 0;
    }
}

static uint64_t fake_now(void *ctx) { return ((fake *)ctx)->now_ns; }
static void fake_close(void *ctx) { (void)ctx; }
static const struct db_transport_ops fake_ops = { "fake", fake_exec, fake_close };
static const struct db_clock_ops fake_clock = { .now_ns = fake_now };

static fake new_fake(void)
{
    fake f = { .buffer_kib = 1024, .iface_bytes_s = 33.3e6, .speed_x = MAX_X, .spinning = true };
    return f;
}

static int run(fake *f, int samples, double cpu_mib, seek_result *r, char **dir, db_error *err,
               volatile sig_atomic_t *stop)
{
    db_drive d;
    tu_fake_attach(&d, &fake_ops, &fake_clock, f, true);
    *dir = tu_tmpdir("seekunit");
    db_bench_ctx ctx = { .drive = &d, .out_dir = *dir, .stop = stop, .no_plot = true };
    seek_opts o = { .samples = samples, .seed = 3, .cpu_mib = cpu_mib };
    return seek_run(&ctx, &o, r, err);
}

static void load(const char *dir, const char *file, tu_csv *c, char **json)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    assert_int_equal(tu_csv_load(path, c), 0);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    *json = tu_read_file(path, NULL);
    assert_non_null(*json);
}

/* Every row against the model: the head is just past `from` when the
 * timed read starts. */
static void check_rows(const tu_csv *c, double speed_x)
{
    for (size_t r = 0; r + 1 < c->nrows; r++) {
        uint32_t from = (uint32_t)tu_csv_num(c, r, "from_lba");
        uint32_t to = (uint32_t)tu_csv_num(c, r, "to_lba");
        double want = model_access_ms(from + 1, to, speed_x);
        double got = tu_csv_num(c, r, "access_ms");
        if (fabs(got - want) > 0.002)
            fail_msg("row %zu %u -> %u: %.4f ms, model %.4f", r, from, to, got, want);
    }
}

static void test_model_exact(void **state)
{
    (void)state;
    fake f = new_fake();
    seek_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, 20, 1, &r, &dir, &err, NULL), 0);
    assert_int_equal(r.buffer_kib, 1024);
    assert_int_equal(r.window_sectors, 513);
    for (int k = 0; k < SEEK_KINDS; k++)
        assert_int_equal(r.kind[k].done, 20);
    tu_csv c;
    char *json;
    load(dir, "seek.csv", &c, &json);
    assert_int_equal(c.nrows, 61);
    check_rows(&c, MAX_X);
    /* the full stroke is measured first, then 1/3, then random */
    assert_string_equal(c.rows[1][0], "full");
    assert_string_equal(c.rows[21][0], "one_third");
    assert_string_equal(c.rows[41][0], "random");
    double full = model_access_ms(19 + 1, DISC_SECTORS - 1, MAX_X);
    assert_true(fabs(r.kind[SEEK_FULL].min_ms - fmin(full, model_access_ms(DISC_SECTORS - 1 + 1, 0, MAX_X))) < 0.1);
    assert_true(fabs(r.spindown_ms - 700.0) < 1e-6);
    assert_true(fabs(r.spinup_ms - 1300.0) < 1e-6);
    /* burst: a quarter of the 1 MiB buffer = 256 KiB, capped at 64 KiB */
    assert_int_equal(r.burst_bytes, 65536);
    double want_burst = 65536.0 / (OVERHEAD_NS / 1e9 + 65536.0 / 33.3e6) / 1e6;
    assert_true(fabs(r.burst_mb_s - want_burst) < 0.01);
    assert_null(r.burst_warning);
    assert_true(f.cache_hits >= SEEK_BURST_READS);
    /* CPU steps: 8x, 16x, then max (40x on this drive) */
    assert_int_equal(r.cpu_steps, 3);
    assert_true(fabs(r.cpu[0].speed_x - 8.0) < 0.05);
    assert_true(fabs(r.cpu[1].speed_x - 16.0) < 0.1);
    assert_true(fabs(r.cpu[2].speed_x - MAX_X) / MAX_X < 0.02);
    assert_int_equal(r.cpu[0].sectors, 512 - 32);
    assert_string_equal(r.cpu_basis, "virtual time");
    assert_int_equal(f.last_speed_kbs, 0xFFFF);
    assert_non_null(strstr(json, "\"status\": \"complete\""));
    assert_non_null(strstr(json, "\"buffer_kib\": 1024"));
    tu_csv_free(&c);
    free(json);
    tu_rmrf(dir);
    free(dir);
}

/* A huge buffer on a small disc: targets are still never cache hits. */
static void test_targets_avoid_read_ahead(void **state)
{
    (void)state;
    fake f = new_fake();
    f.buffer_kib = 65535; /* 28,000 sectors of read-ahead on a 300,000-sector disc */
    seek_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, 100, 0, &r, &dir, &err, NULL), 0);
    tu_csv c;
    char *json;
    load(dir, "seek.csv", &c, &json);
    assert_int_equal(c.nrows, 301);
    check_rows(&c, MAX_X);
    tu_csv_free(&c);
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_start_stop_refused(void **state)
{
    (void)state;
    fake f = new_fake();
    f.refuse_stop = true;
    seek_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, 5, 0.5, &r, &dir, &err, NULL), 0);
    assert_true(isnan(r.spinup_ms) && isnan(r.spindown_ms));
    assert_non_null(strstr(r.spin_note, "refused"));
    assert_non_null(strstr(r.spin_note, "STOP UNIT"));
    assert_non_null(strstr(r.spin_note, "ILLEGAL REQUEST"));
    /* the rest still runs */
    for (int k = 0; k < SEEK_KINDS; k++)
        assert_int_equal(r.kind[k].done, 5);
    assert_true(r.burst_mb_s > 0);
    assert_int_equal(r.cpu_steps, 3);
    tu_csv c;
    char *json;
    load(dir, "seek.csv", &c, &json);
    assert_non_null(strstr(json, "\"status\": \"partial\""));
    assert_non_null(strstr(json, "\"spinup_ms\": null"));
    assert_non_null(strstr(json, "STOP UNIT"));
    check_rows(&c, MAX_X);
    tu_csv_free(&c);
    free(json);
    tu_rmrf(dir);
    free(dir);

    /* stop works, start refused: spin-down kept, the next read spins up */
    f = new_fake();
    f.refuse_start = true;
    assert_int_equal(run(&f, 3, 0, &r, &dir, &err, NULL), 0);
    assert_true(fabs(r.spindown_ms - 700.0) < 1e-6);
    assert_true(isnan(r.spinup_ms));
    assert_non_null(strstr(r.spin_note, "START UNIT"));
    assert_int_equal(r.kind[SEEK_RANDOM].done, 3);
    tu_rmrf(dir);
    free(dir);
}

static void test_speed_refused_and_no_page_2a(void **state)
{
    (void)state;
    fake f = new_fake();
    f.refuse_speed = true;
    f.buffer_kib = 0;
    seek_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, 4, 0.5, &r, &dir, &err, NULL), 0);
    assert_int_equal(r.buffer_kib, 0);
    assert_int_equal(r.window_sectors, SEEK_DEFAULT_BUFFER_KIB / 2 + 1);
    assert_non_null(strstr(r.speed_note, "SET CD SPEED"));
    assert_int_equal(r.cpu_steps, 3);
    assert_non_null(strstr(r.cpu[0].note, "speed not set"));
    assert_true(fabs(r.cpu[0].speed_x - MAX_X) / MAX_X < 0.02); /* it read at its own speed */
    tu_csv c;
    char *json;
    load(dir, "seek.csv", &c, &json);
    assert_non_null(strstr(json, "\"buffer_kib\": null"));
    check_rows(&c, MAX_X);
    tu_csv_free(&c);
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_unreadable_target_dropped(void **state)
{
    (void)state;
    fake f = new_fake();
    f.bad_lba = DISC_SECTORS - 1; /* the first full-stroke target */
    seek_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, 6, 0, &r, &dir, &err, NULL), DB_EXIT_INCOMPLETE);
    assert_int_equal(r.read_errors, 1);
    assert_int_equal(r.kind[SEEK_FULL].done, 5);
    assert_non_null(strstr(r.kind[SEEK_FULL].note, "dropped"));
    assert_int_equal(r.kind[SEEK_RANDOM].done, 6);
    tu_csv c;
    char *json;
    load(dir, "seek.csv", &c, &json);
    assert_int_equal(c.nrows, 1 + 17);
    assert_non_null(strstr(json, "\"status\": \"complete-with-errors\""));
    tu_csv_free(&c);
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_hardware_error_keeps_samples(void **state)
{
    (void)state;
    fake f = new_fake();
    f.hw_error_at_read = 21; /* 10 samples of 2 reads, then the failure */
    seek_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, 30, 0.5, &r, &dir, &err, NULL), DB_EXIT_DRIVE);
    assert_true(r.aborted);
    assert_int_equal(r.kind[SEEK_FULL].done, 10);
    assert_non_null(strstr(err.msg, "HARDWARE ERROR"));
    assert_non_null(strstr(err.msg, "10 access samples kept"));
    assert_int_equal(f.last_speed_kbs, 0xFFFF);
    tu_csv c;
    char *json;
    load(dir, "seek.csv", &c, &json);
    assert_int_equal(c.nrows, 11);
    assert_non_null(strstr(json, "\"status\": \"aborted\""));
    assert_non_null(strstr(json, "\"stop_reason\": \"READ(10) at LBA"));
    tu_csv_free(&c);
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_interrupt_keeps_samples(void **state)
{
    (void)state;
    fake f = new_fake();
    volatile sig_atomic_t stop = 0;
    f.stop = &stop;
    f.stop_after_reads = 30; /* during the 15th sample */
    seek_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, 100, 1, &r, &dir, &err, &stop), DB_EXIT_INTERRUPTED);
    assert_true(r.interrupted);
    assert_int_equal(r.kind[SEEK_FULL].done, 15);
    assert_int_equal(r.kind[SEEK_RANDOM].done, 0);
    assert_int_equal(r.cpu_steps, 0);
    assert_int_equal(f.last_speed_kbs, 0xFFFF); /* back to full speed */
    tu_csv c;
    char *json;
    load(dir, "seek.csv", &c, &json);
    assert_int_equal(c.nrows, 16);
    assert_non_null(strstr(json, "\"status\": \"interrupted\""));
    assert_non_null(strstr(json, "\"interrupted\": true"));
    tu_csv_free(&c);
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_samples_zero(void **state)
{
    (void)state;
    fake f = new_fake();
    seek_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, 0, 0.5, &r, &dir, &err, NULL), 0);
    assert_non_null(strstr(r.kind[SEEK_RANDOM].note, "--samples 0"));
    assert_true(r.spinup_ms > 0 && r.burst_mb_s > 0);
    assert_int_equal(r.cpu_steps, 3);
    assert_int_equal(f.reads, 1 + SEEK_BURST_READS + 3 * (256 / 32));
    tu_csv c;
    char *json;
    load(dir, "seek.csv", &c, &json);
    assert_int_equal(c.nrows, 1);
    assert_non_null(strstr(json, "nothing to plot"));
    tu_csv_free(&c);
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_burst_warning_thresholds(void **state)
{
    (void)state;
    assert_null(seek_burst_warning(NAN));
    assert_null(seek_burst_warning(32.6));
    assert_null(seek_burst_warning(20.0));
    assert_non_null(strstr(seek_burst_warning(16.4), "PIO"));
    assert_non_null(strstr(seek_burst_warning(16.4), "DMA off?"));
    assert_non_null(strstr(seek_burst_warning(2.0), "PIO"));
    assert_non_null(strstr(seek_burst_warning(0.99), "USB 1.1"));

    /* a slow link end to end: 1 MB/s interface */
    fake f = new_fake();
    f.iface_bytes_s = 1.0e6;
    f.buffer_kib = 128; /* a 32 KiB block */
    seek_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, 0, 0, &r, &dir, &err, NULL), 0);
    assert_int_equal(r.burst_bytes, 32768);
    assert_true(r.burst_mb_s < 1.0);
    assert_non_null(strstr(r.burst_warning, "USB 1.1"));
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_exact),
        cmocka_unit_test(test_targets_avoid_read_ahead),
        cmocka_unit_test(test_start_stop_refused),
        cmocka_unit_test(test_speed_refused_and_no_page_2a),
        cmocka_unit_test(test_unreadable_target_dropped),
        cmocka_unit_test(test_hardware_error_keeps_samples),
        cmocka_unit_test(test_interrupt_keeps_samples),
        cmocka_unit_test(test_samples_zero),
        cmocka_unit_test(test_burst_warning_thresholds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
