/* The error scans against a scripted fake drive that misbehaves: vendor
 * replies of the wrong length, impossible counts, positions that repeat,
 * jump back or forward or stop, unexpected sense codes, C2 fields of the
 * wrong size or layout, vendor commands the kernel refuses.  Each is a
 * drive fault in the CSV and summary; the scan goes on where it can;
 * nothing crashes (the ASan build runs this too). */
#include <math.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bench/c2scan.h"
#include "bench/quality.h"
#include "bench/scan.h"
#include "testutil.h"

#define MAXPOS 64

typedef struct fake {
    uint64_t now_ns;
    uint32_t sectors;
    const char *vendor, *product;
    bool real;                   /* not simulated: permission hints apply */
    /* new Lite-On: the positions each F3 0E reply carries, in order */
    uint32_t pos[MAXPOS];
    int npos, call;
    int short_call, impossible_call, sense_call; /* 1-based call numbers, 0 = never */
    /* old Lite-On */
    int old_second;
    int old_short_second, old_sense_second;      /* 1-based */
    /* Plextor */
    int px_second, px_mismatch_second, px_short_second; /* 1-based */
    /* READ CD / READ(10) */
    int c2_forms;                /* bit 0: 294 works, bit 1: 296 works */
    uint32_t short_c2_lba;       /* READ CD covering it returns 2352-byte blocks */
    uint32_t bad_block_byte_lba; /* 296 field with a wrong block error byte */
    uint32_t abort_lba;          /* any read covering it: ABORTED COMMAND 0B/00/00 */
    uint32_t c2_bits_lba;        /* this sector has 3 pointer bits set */
    bool c2_always_short;        /* every READ CD with C2 returns 2352-byte blocks */
    bool vendor_transport_fail;  /* every vendor CDB fails in the transport */
    bool zero_counts;
    volatile sig_atomic_t *stop; /* set after stop_after_calls vendor replies */
    int stop_after_calls;
    uint16_t last_speed_kbs;
} fake;

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

static uint32_t c1_of(uint32_t s) { return s % 7; }
static uint32_t c2_of(uint32_t s) { return s % 3 == 0; }

static int exec_vendor(fake *f, const uint8_t *cdb, uint8_t *b, size_t len, db_cmd_result *res)
{
    if (f->vendor_transport_fail) {
        res->status = DB_CMD_TRANSPORT;
        res->transport_msg = "SG_IO: Operation not permitted";
        return -1;
    }
    uint32_t secs = (f->sectors + 74) / 75;
    if (len)
        memset(b, 0, len);
    if (cdb[0] == 0xF3 && !strcmp(f->vendor, "LITE-ON")) {
        int call = ++f->call;
        if (call == f->sense_call) {
            tu_sense(res, 0x03, 0x02, 0x00);
            return 0;
        }
        uint32_t pos = call <= f->npos ? f->pos[call - 1] : f->pos[f->npos - 1];
        b[1] = (uint8_t)(pos / 4500);
        b[2] = (uint8_t)(pos / 75 % 60);
        b[3] = (uint8_t)(pos % 75);
        uint32_t s = (pos - 1) / 75;
        put16(b + 4, call == f->impossible_call ? 9000 : c1_of(s));
        put16(b + 6, c2_of(s));
        res->data_len = call == f->short_call ? 6 : 16;
        f->now_ns += 100000000; /* 0.1 s a second of disc: 10x */
        return 0;
    }
    if (cdb[0] == 0xDF && !strcmp(f->vendor, "LITE-ON")) {
        if (cdb[1] == 0x82 && cdb[2] == 0x09) {
            f->old_second++;
            if (f->stop && f->old_second == f->stop_after_calls)
                *f->stop = 1;
            f->now_ns += 100000000;
            if (f->old_second == f->old_sense_second) {
                tu_sense(res, 0x0B, 0x00, 0x00);
                return 0;
            }
        }
        if (cdb[1] == 0x82 && cdb[2] == 0x05) {
            uint32_t s = (uint32_t)f->old_second - 1;
            put16(b, f->zero_counts ? 0 : c1_of(s));
            put16(b + 2, f->zero_counts ? 0 : c2_of(s));
            res->data_len = f->old_second == f->old_short_second ? 3 : 256;
            return 0;
        }
        res->data_len = len;
        (void)secs;
        return 0;
    }
    if (cdb[0] == 0xEA && !strcmp(f->vendor, "PLEXTOR")) {
        if (cdb[1] == 0x16) {
            uint32_t s = (uint32_t)f->px_second++;
            uint32_t c1 = c1_of(s);
            put16(b + 10, c1);
            put16(b + 16, f->px_second == f->px_mismatch_second ? c1 + 1 : c1); /* E11 */
            put16(b + 22, c2_of(s));
            res->data_len = f->px_second == f->px_short_second ? 20 : 26;
        }
        return 0;
    }
    tu_sense(res, 0x05, 0x20, 0x00);
    return 0;
}

static int fake_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir, void *buf, size_t len,
                     unsigned timeout_ms, db_cmd_result *res)
{
    (void)cdb_len, (void)dir, (void)timeout_ms;
    fake *f = ctx;
    uint8_t *b = buf;
    memset(res, 0, sizeof *res);
    f->now_ns += 20000;
    switch (cdb[0]) {
    case 0x12: {
        memset(b, ' ', len < 36 ? len : 36);
        b[0] = 5;
        b[1] = 0x80;
        b[4] = 31;
        memcpy(b + 8, f->vendor, strlen(f->vendor));
        memcpy(b + 16, f->product, strlen(f->product));
        memcpy(b + 32, "1.00", 4);
        res->data_len = len < 36 ? len : 36;
        return 0;
    }
    case 0xBB:
        f->last_speed_kbs = (uint16_t)(cdb[2] << 8 | cdb[3]);
        return 0;
    case 0x00: case 0x2B: case 0x1B: return 0;
    case 0x43: {
        uint8_t toc[20] = { 0, 18, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0, 0, 0x14, 0xAA, 0 };
        toc[16] = (uint8_t)(f->sectors >> 24);
        toc[17] = (uint8_t)(f->sectors >> 16);
        toc[18] = (uint8_t)(f->sectors >> 8);
        toc[19] = (uint8_t)f->sectors;
        size_t n = len < sizeof toc ? len : sizeof toc;
        memcpy(b, toc, n);
        res->data_len = n;
        return 0;
    }
    case 0x28: case 0xBE: {
        uint32_t lba = be32(cdb + 2);
        uint32_t n = cdb[0] == 0x28 ? (uint32_t)cdb[7] << 8 | cdb[8]
                                    : (uint32_t)cdb[6] << 16 | (uint32_t)cdb[7] << 8 | cdb[8];
        f->now_ns += (uint64_t)n * 1000000000ull / (75 * 10);
        if (f->abort_lba && lba <= f->abort_lba && f->abort_lba < lba + n) {
            tu_sense(res, 0x0B, 0x00, 0x00);
            return 0;
        }
        if (cdb[0] == 0x28) {
            memset(b, 0, len);
            res->data_len = (size_t)n * 2048;
            return 0;
        }
        int code = (cdb[9] >> 1) & 3;
        if ((code == 1 && !(f->c2_forms & 1)) || (code == 2 && !(f->c2_forms & 2))) {
            tu_sense(res, 0x05, 0x24, 0x00);
            return 0;
        }
        size_t c2 = code == 1 ? 294 : code == 2 ? 296 : 0, blk = 2352 + c2;
        bool short_c2 = c2 && ((f->short_c2_lba && lba <= f->short_c2_lba && f->short_c2_lba < lba + n) ||
                               f->c2_always_short);
        memset(b, 0, len);
        for (uint32_t i = 0; i < n && !short_c2; i++) {
            uint8_t *p = b + i * blk + 2352;
            if (c2 && f->c2_bits_lba && lba + i == f->c2_bits_lba)
                p[0] = 0xE0;
            if (c2 == 296)
                p[294] = lba + i == f->bad_block_byte_lba ? 0x55 : p[0];
        }
        res->data_len = short_c2 ? (size_t)n * 2352 : (size_t)n * blk;
        return 0;
    }
    default:
        return exec_vendor(f, cdb, b, len, res);
    }
}

static uint64_t fake_now(void *ctx) { return ((fake *)ctx)->now_ns; }
static void fake_close(void *ctx) { (void)ctx; }
static const struct db_transport_ops fake_ops = { "fake", fake_exec, fake_close };
static const struct db_clock_ops fake_clock = { .now_ns = fake_now };

/* A scan of fake f: the bench sees it as a drive of its own, writes into a
 * fresh results directory (*dir, for the checks; done() removes it) and
 * watches f->stop, the flag the fake raises as SIGINT would. */
static void make(fake *f, db_drive *d, db_bench_ctx *ctx, char **dir)
{
    tu_fake_attach(d, &fake_ops, &fake_clock, f, !f->real);
    *dir = tu_tmpdir("errfault");
    *ctx = (db_bench_ctx){ .drive = d, .out_dir = *dir, .stop = f->stop, .no_plot = true };
}

/* The quality scan of fake f with `protocol` (DB_QP_AUTO: chosen from its
 * identity); returns the exit code. */
static int run_quality(fake *f, db_qproto protocol, quality_result *r, db_error *err, char **dir)
{
    db_drive d;
    db_bench_ctx ctx;
    make(f, &d, &ctx, dir);
    quality_opts o = { .protocol = protocol };
    return quality_run(&ctx, &o, r, err);
}

static int run_c2scan(fake *f, const c2scan_opts *o, c2scan_result *r, db_error *err, char **dir)
{
    db_drive d;
    db_bench_ctx ctx;
    make(f, &d, &ctx, dir);
    return c2scan_run(&ctx, o, r, err);
}

static int run_scan(fake *f, const scan_opts *o, scan_result *r, db_error *err, char **dir)
{
    db_drive d;
    db_bench_ctx ctx;
    make(f, &d, &ctx, dir);
    return scan_run(&ctx, o, r, err);
}

/* dir/name, which the scan must have written. */
static char *file(const char *dir, const char *name)
{
    char *s = tu_read_in(dir, name);
    assert_non_null(s);
    return s;
}

/* dir/name exists and holds every string of the NULL-terminated list:
 * what a drive fault leaves in the CSV and the summary. */
static void expect_in_file_(const char *dir, const char *name, ...)
{
    char *s = file(dir, name);
    va_list ap;
    va_start(ap, name);
    for (const char *want; (want = va_arg(ap, const char *)) != NULL;)
        if (!strstr(s, want))
            fail_msg("%s has no \"%s\" in:\n%s", name, want, s);
    va_end(ap);
    free(s);
}
#define expect_in_file(dir, name, ...) expect_in_file_(dir, name, __VA_ARGS__, (const char *)NULL)

static void done(char *dir)
{
    tu_rmrf(dir);
    free(dir);
}

/* ---- Lite-On new: positions that repeat, jump, lie; bad replies ---- */

static void test_liteon_new_position_faults(void **state)
{
    (void)state;
    /* 12 seconds = 900 sectors */
    fake f = { .sectors = 900, .vendor = "LITE-ON", .product = "DVDRW SOHW-1673S", .c2_forms = 1 };
    const uint32_t pos[] = { 75, 150, 150, 225, 150, 300, 375, 999, 450, 525, 600, 750, 825, 900 };
    memcpy(f.pos, pos, sizeof pos);
    f.npos = sizeof pos / sizeof pos[0];
    f.short_call = 7;      /* the reply for 375: 6 bytes */
    f.impossible_call = 9; /* 450 with C1 9000 */
    quality_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_quality(&f, DB_QP_LITEON_NEW, &r, &err, &dir), DB_EXIT_INCOMPLETE);
    assert_false(r.complete);
    assert_int_equal(r.verdict, DB_VERDICT_INCOMPLETE);
    assert_int_equal(r.score, -1);
    /* counted: 75 150 225 300 525 600 750 825 900 -> seconds 0 1 2 3 6 7 9 10 11 */
    assert_int_equal(r.stats.seconds_counted, 9);
    uint64_t want = 0;
    const uint32_t counted[] = { 0, 1, 2, 3, 6, 7, 9, 10, 11 };
    for (size_t i = 0; i < 9; i++)
        want += c1_of(counted[i]);
    assert_int_equal(r.stats.c1_total, want);
    /* faults: repeat, jump back, wrong length, beyond the disc, impossible
     * count, and the two holes they leave (300..450, 600..675) */
    assert_int_equal(r.faults, 7);
    tu_csv c;
    tu_csv_load_in(dir, "quality.csv", &c);
    int fcol = tu_csv_col(&c, "fault"), ccol = tu_csv_col(&c, "counted");
    int faults = 0, counted_rows = 0;
    const char *need[] = { "repeated", "jumped back", "wrong reply length", "outside the disc",
                           "impossible count", "jumped forward" };
    bool seen[6] = { false };
    for (size_t i = 1; i < c.nrows; i++) {
        if (c.rows[i][fcol][0])
            faults++;
        counted_rows += !strcmp(c.rows[i][ccol], "1");
        for (int k = 0; k < 6; k++)
            seen[k] |= strstr(c.rows[i][fcol], need[k]) != NULL;
    }
    assert_int_equal(faults, 7);
    assert_int_equal(counted_rows, 9);
    for (int k = 0; k < 6; k++)
        if (!seen[k])
            fail_msg("no CSV fault mentions '%s'", need[k]);
    tu_csv_free(&c);
    expect_in_file(dir, "summary.json", "\"drive_faults\"", "\"count\": 7", "\"complete\": false",
                   "\"verdict\": \"incomplete\"");
    done(dir);
}

static void test_liteon_new_stall_and_sense(void **state)
{
    (void)state;
    fake f = { .sectors = 1500, .vendor = "LITE-ON", .product = "DVDRW SOHW-1673S", .c2_forms = 1 };
    const uint32_t pos[] = { 75, 150, 225, 300 }; /* then 300 for ever */
    memcpy(f.pos, pos, sizeof pos);
    f.npos = 4;
    f.sense_call = 2; /* an unexpected MEDIUM ERROR from the scan command */
    quality_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_quality(&f, DB_QP_LITEON, &r, &err, &dir), DB_EXIT_DRIVE);
    assert_true(r.aborted);
    assert_non_null(strstr(err.msg, "stopped advancing"));
    assert_int_equal(r.stats.seconds_counted, 3); /* the call that failed took 150 */
    assert_false(r.complete);
    assert_true(f.call < 40); /* gave up, no endless loop */
    expect_in_file(dir, "summary.json", "\"status\": \"aborted\"");
    expect_in_file(dir, "quality.csv", "F3 0E) failed: MEDIUM ERROR");
    done(dir);
}

/* ---- Lite-On old: short counters, unexpected sense ---- */

static void test_liteon_old_faults(void **state)
{
    (void)state;
    fake f = { .sectors = 750, .vendor = "LITE-ON", .product = "LTR-40125S", .c2_forms = 1,
               .old_short_second = 4, .old_sense_second = 7 };
    quality_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_quality(&f, DB_QP_LITEON_OLD, &r, &err, &dir), DB_EXIT_INCOMPLETE);
    assert_int_equal(r.stats.seconds_counted, 8);
    assert_int_equal(r.faults, 2);
    assert_non_null(strstr(r.last_fault, "ABORTED COMMAND"));
    expect_in_file(dir, "quality.csv", "wrong reply length: 3 bytes");
    done(dir);
}

/* ---- Plextor: counters that do not add up, short replies ---- */

static void test_plextor_faults(void **state)
{
    (void)state;
    fake f = { .sectors = 600, .vendor = "PLEXTOR", .product = "CD-R   PREMIUM", .c2_forms = 1,
               .px_mismatch_second = 2, .px_short_second = 5, .c2_bits_lba = 310 };
    quality_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_quality(&f, DB_QP_AUTO, &r, &err, &dir), DB_EXIT_INCOMPLETE);
    assert_int_equal(r.used, DB_QP_PLEXTOR);
    assert_int_equal(r.stats.seconds_counted, 6);
    assert_int_equal(r.faults, 2);
    assert_true(r.read_c2_known);
    assert_int_equal(r.read_c2_bytes, 3); /* the host's own reads saw the pointers */
    expect_in_file(dir, "quality.csv", "not E11+E21+E31", "wrong reply length: 20 bytes");
    done(dir);
}

/* ---- plausibility: zeros from a drive whose disc has C2 errors ---- */

static void test_zero_scan_not_believed(void **state)
{
    (void)state;
    fake f = { .sectors = 750, .vendor = "LITE-ON", .product = "LTR-40125S", .c2_forms = 1,
               .zero_counts = true, .c2_bits_lba = 500 };
    quality_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_quality(&f, DB_QP_LITEON_OLD, &r, &err, &dir), 0);
    assert_true(r.cross_checked);
    assert_false(r.believed);
    assert_int_equal(r.verdict, DB_VERDICT_NOT_BELIEVED);
    assert_int_equal(r.score, -1);
    assert_non_null(strstr(r.believe_note, "not believed"));
    expect_in_file(dir, "summary.json", "\"believed\": false");
    done(dir);
    /* the same without the pointers: believed */
    fake g = f;
    g.c2_bits_lba = 0;
    g.old_second = 0;
    assert_int_equal(run_quality(&g, DB_QP_LITEON_OLD, &r, &err, &dir), 0);
    assert_true(r.believed && r.cross_checked);
    assert_int_equal(r.verdict, DB_VERDICT_PASS);
    done(dir);
}

/* ---- the kernel refuses vendor commands: say why, fall back ---- */

static void test_vendor_blocked_falls_back_with_reason(void **state)
{
    (void)state;
    fake f = { .sectors = 600, .vendor = "LITE-ON", .product = "LTR-40125S", .c2_forms = 1,
               .real = true, .vendor_transport_fail = true };
    quality_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_quality(&f, DB_QP_AUTO, &r, &err, &dir), 0);
    assert_true(r.fell_back);
    assert_non_null(strstr(r.protocol_note, "CAP_SYS_RAWIO"));
    assert_non_null(strstr(r.protocol_note, "Operation not permitted"));
    assert_int_equal(r.c2.form, 294);
    expect_in_file(dir, "summary.json", "\"test\": \"c2scan\"", "\"fallback_from\": \"quality\"");
    done(dir);
}

/* ---- c2scan: wrong field size, bad block error byte, odd sense ---- */

static void test_c2scan_faults(void **state)
{
    (void)state;
    fake f = { .sectors = 3000, .vendor = "VDTEST", .product = "C2", .c2_forms = 3, .short_c2_lba = 1000,
               .abort_lba = 2000, .c2_bits_lba = 2500 };
    c2scan_opts o = { .zones = 10, .block_sectors = 16 };
    c2scan_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_c2scan(&f, &o, &r, &err, &dir), DB_EXIT_INCOMPLETE);
    assert_int_equal(r.form, 294);
    assert_int_equal(r.zones_done, 10);
    assert_int_equal(r.total.c2_bytes, 3);
    assert_int_equal(r.total.c2_sectors, 1);
    /* the block around 1000 was short, the sector 2000 aborted each time */
    assert_true(r.total.faults >= 2);
    assert_int_equal(r.total.unreadable, 0);
    assert_true(r.total.sectors_counted < 3000);
    assert_false(r.complete);
    free(file(dir, "c2scan.csv")); /* written, whatever its rows */
    expect_in_file(dir, "summary.json", "\"works\": true", "ABORTED COMMAND");
    done(dir);
    /* a 296-only drive whose block error byte is wrong once: noted, counted */
    fake g = { .sectors = 1500, .vendor = "VDTEST", .product = "C2", .c2_forms = 2, .bad_block_byte_lba = 700,
               .c2_bits_lba = 100 };
    c2scan_opts o2 = { .zones = 5, .block_sectors = 16 };
    /* every sector counted: complete, the fault said */
    assert_int_equal(run_c2scan(&g, &o2, &r, &err, &dir), 0);
    assert_true(r.complete);
    assert_int_equal(r.form, 296);
    assert_non_null(strstr(r.probe_note, "294-byte form failed"));
    assert_int_equal(r.total.c2_bytes, 3);
    assert_int_equal(r.total.faults, 1);
    assert_non_null(strstr(r.total.fault, "block error byte"));
    done(dir);
}

static void test_c2scan_refuses_when_c2_does_not_work(void **state)
{
    (void)state;
    fake f = { .sectors = 1500, .vendor = "VDTEST", .product = "C2", .c2_forms = 0 };
    c2scan_opts o = { .zones = 5 };
    c2scan_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_c2scan(&f, &o, &r, &err, &dir), DB_EXIT_DRIVE);
    assert_int_equal(r.form, 0);
    assert_non_null(strstr(err.msg, "C2 reporting does not work"));
    expect_in_file(dir, "summary.json", "\"c2_bytes\": null", "c2-not-working");
    done(dir);
    /* a drive that answers C2 reads with the wrong field size: the probe
     * does not take it, and 296 is refused: C2 does not work */
    fake g = { .sectors = 1500, .vendor = "VDTEST", .product = "C2", .c2_forms = 1, .c2_always_short = true };
    assert_int_equal(run_c2scan(&g, &o, &r, &err, &dir), DB_EXIT_DRIVE);
    assert_int_equal(r.form, 0);
    assert_non_null(strstr(r.probe_note, "wrong size"));
    done(dir);
    /* forced to a form the drive refuses */
    fake h = { .sectors = 1500, .vendor = "VDTEST", .product = "C2", .c2_forms = 1 };
    c2scan_opts forced = { .zones = 5, .c2_mode = 296 };
    assert_int_equal(run_c2scan(&h, &forced, &r, &err, &dir), DB_EXIT_DRIVE);
    assert_non_null(strstr(r.probe_note, "296"));
    done(dir);
}

/* ---- scan: an unexpected sense is a fault, the scan goes on ---- */

static void test_scan_unexpected_sense(void **state)
{
    (void)state;
    fake f = { .sectors = 4000, .vendor = "VDTEST", .product = "SCAN", .c2_forms = 1, .abort_lba = 1234 };
    scan_opts o = { .zones = 8, .block_sectors = 16, .retries = 1, .slow_factor = 3 };
    scan_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_scan(&f, &o, &r, &err, &dir), DB_EXIT_INCOMPLETE);
    assert_int_equal(r.zones_done, 8);
    assert_int_equal(r.unreadable, 1);
    assert_int_equal(r.good, 3999);
    assert_int_equal(r.faults, 1);
    assert_non_null(strstr(r.last_fault, "unexpected answer"));
    expect_in_file(dir, "scan_unreadable.csv", "1234,", "0B,00,00");
    done(dir);
}

/* ---- SIGINT: keep what was counted, end the scan, full speed again ---- */

static void test_interrupt_keeps_results(void **state)
{
    (void)state;
    volatile sig_atomic_t stop = 0;
    fake f = { .sectors = 7500, .vendor = "LITE-ON", .product = "LTR-40125S", .c2_forms = 1,
               .stop = &stop, .stop_after_calls = 40 };
    quality_result r;
    db_error err = { 0 };
    char *dir;
    assert_int_equal(run_quality(&f, DB_QP_LITEON_OLD, &r, &err, &dir), DB_EXIT_INTERRUPTED);
    assert_true(r.interrupted);
    assert_int_equal(r.stats.seconds_counted, 40);
    assert_int_equal(f.last_speed_kbs, 0xFFFF);
    assert_int_equal(r.verdict, DB_VERDICT_INCOMPLETE);
    tu_csv c;
    tu_csv_load_in(dir, "quality.csv", &c);
    assert_int_equal(c.nrows, 41);
    tu_csv_free(&c);
    expect_in_file(dir, "summary.json", "\"status\": \"interrupted\"");
    done(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_liteon_new_position_faults),
        cmocka_unit_test(test_liteon_new_stall_and_sense),
        cmocka_unit_test(test_liteon_old_faults),
        cmocka_unit_test(test_plextor_faults),
        cmocka_unit_test(test_zero_scan_not_believed),
        cmocka_unit_test(test_vendor_blocked_falls_back_with_reason),
        cmocka_unit_test(test_c2scan_faults),
        cmocka_unit_test(test_c2scan_refuses_when_c2_does_not_work),
        cmocka_unit_test(test_scan_unexpected_sense),
        cmocka_unit_test(test_interrupt_keeps_results),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
