/* The transfer module against a scripted fake drive: zone arithmetic,
 * error policy (medium errors counted exactly, fatal errors keep the zones
 * measured), refusals noted, interruption, speed restored at the end. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bench/transfer.h"
#include "testutil.h"

#define DISC_SECTORS 30000u

typedef struct fake {
    uint64_t now_ns;
    double speed_x;            /* constant read speed (CLV) */
    uint32_t bad_lba_from, bad_lba_to; /* medium error range */
    uint32_t hw_error_lba;     /* hardware error at/after this LBA (0 = never) */
    int refuse_start_stop;
    uint16_t last_speed_kbs;
    int reads;
    volatile sig_atomic_t *stop;
    int stop_after_reads;
} fake;

static int fake_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir, void *buf,
                     size_t len, unsigned timeout_ms, db_cmd_result *res)
{
    fake *f = ctx;
    uint8_t *b = buf;
    memset(res, 0, sizeof *res);
    if (cdb[0] != 0x28)
        f->now_ns += 20000; /* command overhead; reads stream with no gap */
    switch (cdb[0]) {
    case 0x12: /* INQUIRY */
        memset(b, 0, len);
        b[0] = 5;
        b[4] = 31;
        memcpy(b + 8, "FAKE    FAKEDRIVE       1.00", 28);
        res->data_len = len < 36 ? len : 36;
        return 0;
    case 0x00: return 0;
    case 0x43: { /* READ TOC format 0: one data track + lead-out */
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
    case 0x1B:
        if (f->refuse_start_stop) {
            tu_sense(res, 0x05, 0x20, 0x00);
            return 0;
        }
        f->now_ns += 1000000000ull; /* 1 s either way */
        return 0;
    case 0xBB:
        f->last_speed_kbs = (uint16_t)(cdb[2] << 8 | cdb[3]);
        return 0;
    case 0x28: {
        uint32_t lba = (uint32_t)cdb[2] << 24 | (uint32_t)cdb[3] << 16 | (uint32_t)cdb[4] << 8 | cdb[5];
        uint32_t n = (uint32_t)cdb[7] << 8 | cdb[8];
        f->reads++;
        if (f->stop && f->stop_after_reads && f->reads >= f->stop_after_reads)
            *f->stop = 1;
        if (f->hw_error_lba && lba + n > f->hw_error_lba) {
            tu_sense(res, 0x04, 0x44, 0x00);
            return 0;
        }
        f->now_ns += (uint64_t)(n * 1e9 / (75.0 * f->speed_x));
        if (lba < f->bad_lba_to && lba + n > f->bad_lba_from) {
            tu_sense(res, 0x03, 0x11, 0x00);
            return 0;
        }
        memset(b, 0, len);
        res->data_len = (size_t)n * 2048;
        return 0;
    }
    default:
        tu_sense(res, 0x05, 0x20, 0x00);
        return 0;
    }
}

static uint64_t fake_now(void *ctx) { return ((fake *)ctx)->now_ns; }
static void fake_close(void *ctx) { (void)ctx; }
static const struct db_transport_ops fake_ops = { "fake", fake_exec, fake_close };
static const struct db_clock_ops fake_clock = { .now_ns = fake_now };

static int run(fake *f, transfer_opts *o, transfer_result *r, char **dir, db_error *err,
               volatile sig_atomic_t *stop)
{
    db_drive d;
    tu_fake_attach(&d, &fake_ops, &fake_clock, f, true);
    *dir = tu_tmpdir("xfer");
    db_bench_ctx ctx = { .drive = &d, .out_dir = *dir, .stop = stop, .no_plot = true };
    return transfer_run(&ctx, o, r, err);
}

static void test_clv_zones_exact(void **state)
{
    (void)state;
    fake f = { .speed_x = 24.0 };
    transfer_opts o = { .zones = 10, .block_sectors = 32 };
    transfer_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, &o, &r, &dir, &err, NULL), 0);
    assert_int_equal(r.zones_done, 10);
    assert_int_equal(r.lba_done, DISC_SECTORS);
    assert_true(fabs(r.avg_x - 24.0) < 0.01);
    assert_true(fabs(r.start_x - 24.0) < 0.01 && fabs(r.end_x - 24.0) < 0.01);
    assert_int_equal(r.strategy, DB_STRAT_CLV);
    assert_true(fabs(r.spinup_ms - 1000.0) < 0.5);
    assert_int_equal(f.last_speed_kbs, 0xFFFF); /* back to max at the end */
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", dir);
    tu_csv c;
    assert_int_equal(tu_csv_load(path, &c), 0);
    assert_int_equal(c.nrows, 11);
    assert_int_equal((int)tu_csv_num(&c, 0, "lba_start"), 0);
    assert_int_equal((int)tu_csv_num(&c, 9, "lba_end"), DISC_SECTORS);
    for (size_t z = 1; z < 10; z++)
        assert_int_equal((int)tu_csv_num(&c, z, "lba_start"), (int)tu_csv_num(&c, z - 1, "lba_end"));
    tu_csv_free(&c);
    tu_rmrf(dir);
    free(dir);
}

static void test_medium_errors_counted_exactly(void **state)
{
    (void)state;
    fake f = { .speed_x = 16.0, .bad_lba_from = 10005, .bad_lba_to = 10012 };
    transfer_opts o = { .zones = 10, .block_sectors = 32 };
    transfer_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, &o, &r, &dir, &err, NULL), DB_EXIT_INCOMPLETE);
    assert_int_equal(r.read_errors, 7);
    assert_int_equal(r.lba_done, DISC_SECTORS);
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", dir);
    tu_csv c;
    assert_int_equal(tu_csv_load(path, &c), 0);
    assert_int_equal((int)tu_csv_num(&c, 3, "read_errors"), 7);
    assert_int_equal((int)tu_csv_num(&c, 2, "read_errors"), 0);
    tu_csv_free(&c);
    tu_rmrf(dir);
    free(dir);
}

static void test_hardware_error_keeps_zones(void **state)
{
    (void)state;
    fake f = { .speed_x = 16.0, .hw_error_lba = 15100 };
    transfer_opts o = { .zones = 10, .block_sectors = 32 };
    transfer_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, &o, &r, &dir, &err, NULL), DB_EXIT_DRIVE);
    assert_true(r.aborted);
    assert_int_equal(r.zones_done, 5);
    assert_non_null(strstr(err.msg, "HARDWARE ERROR"));
    assert_int_equal(f.last_speed_kbs, 0xFFFF);
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", dir);
    tu_csv c;
    assert_int_equal(tu_csv_load(path, &c), 0);
    assert_int_equal(c.nrows, 6);
    tu_csv_free(&c);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *json = tu_read_file(path, NULL);
    assert_non_null(strstr(json, "aborted"));
    assert_non_null(strstr(json, "HARDWARE ERROR"));
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_refused_start_stop_is_a_note(void **state)
{
    (void)state;
    fake f = { .speed_x = 10.0, .refuse_start_stop = 1 };
    transfer_opts o = { .zones = 5, .block_sectors = 16, .speed_x = 8 };
    transfer_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, &o, &r, &dir, &err, NULL), 0);
    assert_true(isnan(r.spinup_ms));
    assert_non_null(strstr(r.spinup_note, "not measured"));
    tu_rmrf(dir);
    free(dir);
}

static void test_interrupt_keeps_complete_zones(void **state)
{
    (void)state;
    volatile sig_atomic_t stop = 0;
    fake f = { .speed_x = 20.0, .stop = &stop, .stop_after_reads = 400 };
    transfer_opts o = { .zones = 20, .block_sectors = 32 };
    transfer_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run(&f, &o, &r, &dir, &err, &stop), DB_EXIT_INTERRUPTED);
    assert_true(r.interrupted);
    assert_true(r.zones_done > 0 && r.zones_done < 20);
    assert_int_equal(f.last_speed_kbs, 0xFFFF);
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", dir);
    tu_csv c;
    assert_int_equal(tu_csv_load(path, &c), 0);
    assert_int_equal(c.nrows, (size_t)r.zones_done + 1);
    tu_csv_free(&c);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clv_zones_exact),
        cmocka_unit_test(test_medium_errors_counted_exactly),
        cmocka_unit_test(test_hardware_error_keeps_zones),
        cmocka_unit_test(test_refused_start_stop_is_a_note),
        cmocka_unit_test(test_interrupt_keeps_complete_zones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
