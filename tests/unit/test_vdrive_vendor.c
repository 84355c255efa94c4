/* The virtual drive's vendor scan protocols, C2 pointers and bad sectors,
 * command by command: what each family's CDBs return (against the ground
 * truth), what they refuse and with which sense, and how unreadable and
 * slow sectors cost time.  CDBs go straight to the transport so refusals
 * are the drive's own. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drive/drive.h"
#include "drive/mmc.h"
#include "drive/vendor_scan.h"
#include "vdrive/vdrive.h"

static char *data_file(const char *name)
{
    const char *src = getenv("DB_SRC");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/tests/data/errscan/%s.profile", src ? src : ".", name);
    return p;
}

typedef struct rig {
    db_drive d;
    vdrive *vd;
} rig;

static void open_rig(rig *r, const char *drive, const char *disc, uint64_t seed)
{
    char *dp = data_file(drive), *mp = data_file(disc);
    vdrive_config cfg = { .drive_profile = dp, .disc = mp, .seed = seed };
    db_error err = { 0 };
    if (vdrive_open(&cfg, &r->vd, &err))
        fail_msg("%s", err.msg);
    vdrive_attach(r->vd, "sim:test", &r->d);
    free(dp);
    free(mp);
}

static int run(rig *r, const uint8_t *cdb, void *buf, size_t len, db_cmd_result *res)
{
    return r->d.ops->exec(r->d.ctx, cdb, 12, len ? DB_DIR_READ : DB_DIR_NONE, buf, len, 0, res);
}

static void expect_good(const db_cmd_result *res)
{
    if (res->status != DB_CMD_GOOD)
        fail_msg("expected GOOD, got sense %02X/%02X/%02X", res->sense.key, res->sense.asc, res->sense.ascq);
}

static void expect_sense(const db_cmd_result *res, uint8_t key, uint8_t asc, uint8_t ascq)
{
    assert_int_equal(res->status, DB_CMD_CHECK);
    assert_int_equal(res->sense.key, key);
    assert_int_equal(res->sense.asc, asc);
    assert_int_equal(res->sense.ascq, ascq);
}

static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }

static void test_liteon_old_counts_every_second(void **state)
{
    (void)state;
    rig r;
    open_rig(&r, "lo-old", "cdr-errs-10", 42);
    uint8_t cdb[DB_CDB_MAX], buf[256];
    db_cmd_result res;
    /* a scan before the start command is a sequence error */
    db_liteon_cdb_scan(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x2C, 0x00);
    db_liteon_cdb_start(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    expect_good(&res);
    assert_int_equal(res.data_len, 256);
    for (int i = 0; i < 4; i++) {
        db_liteon_cdb_setup(cdb, db_liteon_setup_steps[i]);
        run(&r, cdb, buf, sizeof buf, &res);
        expect_good(&res);
    }
    cdb[4] = 0x07; /* not a set-up step */
    run(&r, cdb, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    uint32_t seconds = vdrive_truth_seconds(r.vd);
    assert_int_equal(seconds, 601); /* 45037 sectors: the last second is partial */
    uint64_t t0 = r.d.clock.ops->now_ns(r.d.clock.ctx);
    for (uint32_t s = 0; s < seconds; s++) {
        db_liteon_cdb_scan(cdb);
        run(&r, cdb, buf, sizeof buf, &res);
        expect_good(&res);
        db_liteon_cdb_counters(cdb);
        run(&r, cdb, buf, sizeof buf, &res);
        expect_good(&res);
        vdrive_err_truth t;
        vdrive_truth_errors(r.vd, s, &t);
        assert_int_equal(be16(buf), t.c1);
        assert_int_equal(be16(buf + 2), t.c2);
        assert_int_equal(buf[4], t.cu);
        db_liteon_cdb_reset(cdb);
        run(&r, cdb, buf, sizeof buf, &res);
        expect_good(&res);
    }
    /* the drive really read the disc: at 48x CAV (max speed) at least 6 s */
    uint64_t t1 = r.d.clock.ops->now_ns(r.d.clock.ctx);
    assert_true(t1 - t0 > 6000000000ull);
    /* past the lead-out */
    db_liteon_cdb_scan(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x21, 0x00);
    /* counters accumulate until reset */
    db_liteon_cdb_start(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    db_liteon_cdb_scan(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    run(&r, cdb, buf, sizeof buf, &res);
    db_liteon_cdb_counters(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    vdrive_err_truth a, b;
    vdrive_truth_errors(r.vd, 0, &a);
    vdrive_truth_errors(r.vd, 1, &b);
    assert_int_equal(be16(buf), a.c1 + b.c1);
    db_liteon_cdb_end(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    expect_good(&res);
    /* other families' opcodes: not this drive's */
    db_liteon_cdb_scan_new(cdb);
    run(&r, cdb, buf, 16, &res);
    expect_sense(&res, 0x05, 0x20, 0x00);
    db_plextor_cdb_start(cdb);
    run(&r, cdb, NULL, 0, &res);
    expect_sense(&res, 0x05, 0x20, 0x00);
    db_drive_close(&r.d);
}

static void test_liteon_new_positions(void **state)
{
    (void)state;
    rig r;
    open_rig(&r, "lo-new", "cdr-errs-10", 5);
    uint8_t cdb[DB_CDB_MAX], buf[16];
    db_cmd_result res;
    /* SEEK(10) to an LBA inside second 10: the scan starts at that second */
    db_mmc_cdb_seek10(cdb, 777);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_NONE, NULL, 0, 0, &res);
    expect_good(&res);
    db_liteon_cdb_scan_new(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    expect_good(&res);
    assert_int_equal(res.data_len, 16);
    uint32_t pos = buf[1] * 4500u + buf[2] * 75u + buf[3];
    assert_int_equal(pos, 825); /* binary M:S:F of the interval's end */
    db_mmc_cdb_seek10(cdb, 0);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_NONE, NULL, 0, 0, &res);
    uint32_t seconds = vdrive_truth_seconds(r.vd);
    for (uint32_t s = 0; s < seconds; s++) {
        db_liteon_cdb_scan_new(cdb);
        run(&r, cdb, buf, sizeof buf, &res);
        expect_good(&res);
        assert_true(buf[2] < 60 && buf[3] < 75);
        pos = buf[1] * 4500u + buf[2] * 75u + buf[3];
        assert_int_equal(pos, s + 1 < seconds ? (s + 1) * 75 : 45037);
        vdrive_err_truth t;
        vdrive_truth_errors(r.vd, s, &t);
        assert_int_equal(be16(buf + 4), t.c1);
        assert_int_equal(be16(buf + 6), t.c2);
    }
    db_liteon_cdb_scan_new(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x21, 0x00);
    /* byte 8 = 0x10 asks for DVD PI/PIF */
    cdb[8] = 0x10;
    run(&r, cdb, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    db_liteon_cdb_start(cdb); /* the old protocol: not this generation */
    run(&r, cdb, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x20, 0x00);
    db_drive_close(&r.d);
}

static void test_liteon_quirks(void **state)
{
    (void)state;
    rig r;
    uint8_t cdb[DB_CDB_MAX], buf[16];
    db_cmd_result res;
    /* repeat: every 50th reply is the previous one again */
    open_rig(&r, "lo-repeat", "cdr-errs-10", 5);
    db_liteon_cdb_scan_new(cdb);
    uint32_t prev = 0, repeats = 0;
    for (int i = 0; i < 120; i++) {
        run(&r, cdb, buf, sizeof buf, &res);
        expect_good(&res);
        uint32_t pos = buf[1] * 4500u + buf[2] * 75u + buf[3];
        if (pos == prev)
            repeats++;
        else
            assert_int_equal(pos, prev + 75);
        prev = pos;
    }
    assert_int_equal(repeats, 2);
    db_drive_close(&r.d);
    /* stall: half way it stops advancing */
    open_rig(&r, "lo-stall", "cdr-errs-10", 5);
    for (int i = 0; i < 400; i++) {
        run(&r, cdb, buf, sizeof buf, &res);
        expect_good(&res);
        prev = buf[1] * 4500u + buf[2] * 75u + buf[3];
    }
    assert_int_equal(prev, 45037 / 2 - (45037 / 2) % 75);
    assert_int_equal(be16(buf + 4), 0);
    db_drive_close(&r.d);
    /* zero: counts of nothing on a disc full of errors */
    open_rig(&r, "lo-zero", "cdr-errs-10", 5);
    uint8_t big[256];
    db_liteon_cdb_start(cdb);
    run(&r, cdb, big, sizeof big, &res);
    for (int s = 0; s < 50; s++) {
        db_liteon_cdb_scan(cdb);
        run(&r, cdb, big, sizeof big, &res);
        db_liteon_cdb_counters(cdb);
        run(&r, cdb, big, sizeof big, &res);
        assert_int_equal(be16(big) + be16(big + 2) + big[4], 0);
    }
    db_drive_close(&r.d);
}

/* READ CD of [lba, lba+n) with flags 0xFA: sum the pointer bits. */
static uint64_t read_c2_bits(rig *r, uint32_t lba, uint32_t n, uint8_t flags, size_t c2, db_cmd_result *res)
{
    uint8_t cdb[DB_CDB_MAX];
    size_t blk = 2352 + c2;
    uint8_t *buf = malloc(blk * n);
    db_mmc_cdb_read_cd(cdb, MMC_SECTOR_ANY, lba, n, flags, 0);
    run(r, cdb, buf, blk * n, res);
    uint64_t bits = 0;
    if (res->status == DB_CMD_GOOD && c2)
        for (uint32_t i = 0; i < n; i++) {
            uint8_t any = 0;
            for (size_t k = 0; k < 294; k++) {
                bits += (uint64_t)__builtin_popcount(buf[i * blk + 2352 + k]);
                any |= buf[i * blk + 2352 + k];
            }
            if (c2 == 296) {
                assert_int_equal(buf[i * blk + 2352 + 294], any);
                assert_int_equal(buf[i * blk + 2352 + 295], 0);
            }
        }
    free(buf);
    return bits;
}

static void test_plextor_counts_what_the_host_reads(void **state)
{
    (void)state;
    rig r;
    open_rig(&r, "px", "cdr-errs-10", 9);
    uint8_t cdb[DB_CDB_MAX], buf[26];
    db_cmd_result res;
    db_plextor_cdb_counters(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x2C, 0x00); /* not started */
    db_plextor_cdb_start(cdb);
    cdb[9] = 0x01; /* not the C1/C2 test */
    run(&r, cdb, NULL, 0, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    db_plextor_cdb_start(cdb);
    run(&r, cdb, NULL, 0, &res);
    expect_good(&res);
    for (uint32_t s = 0; s < 200; s++) {
        uint32_t a = s * 75;
        uint64_t bits = 0, want_bits = 0;
        for (uint32_t k = 0; k < 5; k++) {
            bool bad = false;
            for (uint32_t i = 0; i < 15; i++)
                bad |= vdrive_truth_unreadable(r.vd, a + k * 15 + i);
            if (bad)
                continue; /* this test keeps to readable pieces (quality tests the rest) */
            bits += read_c2_bits(&r, a + k * 15, 15, 0xFA, 294, &res);
            expect_good(&res);
            for (uint32_t i = 0; i < 15; i++)
                want_bits += vdrive_truth_c2_bytes(r.vd, a + k * 15 + i);
        }
        assert_int_equal(bits, want_bits);
        db_plextor_cdb_counters(cdb);
        run(&r, cdb, buf, sizeof buf, &res);
        expect_good(&res);
        assert_int_equal(res.data_len, 26);
        db_errc_reply rep;
        char why[200];
        if (db_plextor_parse(buf, res.data_len, &rep, why, sizeof why))
            fail_msg("second %u: %s", s, why);
        bool whole = true;
        for (uint32_t i = 0; i < 75; i++)
            whole &= !vdrive_truth_unreadable(r.vd, a + i);
        if (whole) {
            vdrive_err_truth t;
            vdrive_truth_errors(r.vd, s, &t);
            assert_int_equal(rep.c1, t.c1);
            assert_int_equal(rep.c2, t.c2);
            assert_int_equal(rep.cu, t.cu);
            assert_int_equal(be16(buf + 18), t.cu);
        }
    }
    db_plextor_cdb_end(cdb);
    run(&r, cdb, NULL, 0, &res);
    expect_good(&res);
    /* after the end the counters are gone */
    db_plextor_cdb_counters(cdb);
    run(&r, cdb, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x2C, 0x00);
    db_drive_close(&r.d);
}

static void test_c2_forms(void **state)
{
    (void)state;
    rig r;
    db_cmd_result res;
    /* 294 drive (the default): both codes; the 296 field has the block error byte */
    open_rig(&r, "lo-old", "cdr-errs-10", 3);
    uint32_t at = 1000;
    while (!vdrive_truth_c2_bytes(r.vd, at))
        at++; /* the first sector with pointers from there */
    uint64_t want = 0;
    for (uint32_t i = 0; i < 20; i++)
        want += vdrive_truth_c2_bytes(r.vd, at + i);
    assert_int_equal(read_c2_bits(&r, at, 20, 0xFA, 294, &res), want);
    expect_good(&res);
    assert_int_equal(read_c2_bits(&r, at, 20, 0xFC, 296, &res), want);
    expect_good(&res);
    assert_true(want > 0);
    db_drive_close(&r.d);
    /* 296 only */
    open_rig(&r, "c2-296", "cdr-errs-10", 3);
    read_c2_bits(&r, at, 20, 0xFA, 294, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    assert_int_equal(read_c2_bits(&r, at, 20, 0xFC, 296, &res), want);
    db_drive_close(&r.d);
    /* broken and none: every C2 read fails, plain reads work */
    const char *no[] = { "c2-broken", "c2-none" };
    for (int k = 0; k < 2; k++) {
        open_rig(&r, no[k], "cdr-errs-10", 3);
        read_c2_bits(&r, 1000, 20, 0xFA, 294, &res);
        expect_sense(&res, 0x05, 0x24, 0x00);
        read_c2_bits(&r, 1000, 20, 0xFC, 296, &res);
        expect_sense(&res, 0x05, 0x24, 0x00);
        read_c2_bits(&r, 1000, 20, 0xF8, 0, &res);
        expect_good(&res);
        db_drive_close(&r.d);
    }
    /* audio sectors carry the model's pointers too */
    open_rig(&r, "lo-old", "audio-errs-6", 3);
    for (at = 5000; !vdrive_truth_c2_bytes(r.vd, at); at++)
        ;
    want = 0;
    for (uint32_t i = 0; i < 25; i++)
        want += vdrive_truth_c2_bytes(r.vd, at + i);
    assert_true(want > 0);
    assert_int_equal(read_c2_bits(&r, at, 25, 0xFA, 294, &res), want);
    db_drive_close(&r.d);
}

static void test_unreadable_and_slow_sectors(void **state)
{
    (void)state;
    rig r;
    open_rig(&r, "lo-old", "cdr-errs-10", 3); /* read_retries 3, retry_ms 100 */
    uint8_t cdb[DB_CDB_MAX], *buf = malloc(32 * 2352);
    db_cmd_result res;
    /* warm up a stream well before the bad sectors */
    db_mmc_cdb_read10(cdb, 8000, 16);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, 16 * 2048, 0, &res);
    expect_good(&res);
    for (uint32_t lba = 8016; lba < 8992; lba += 16) {
        db_mmc_cdb_read10(cdb, lba, 16);
        r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, 16 * 2048, 0, &res);
    }
    /* 8992 .. 9007 holds 9000: MEDIUM ERROR naming it, after 3 x 100 ms */
    uint64_t t0 = r.d.clock.ops->now_ns(r.d.clock.ctx);
    db_mmc_cdb_read10(cdb, 8992, 16);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, 16 * 2048, 0, &res);
    uint64_t t1 = r.d.clock.ops->now_ns(r.d.clock.ctx);
    expect_sense(&res, 0x03, 0x11, 0x00);
    assert_int_equal(res.data_len, 0);
    assert_true(res.sense.raw[0] & 0x80); /* information field valid */
    assert_int_equal((uint32_t)res.sense.raw[3] << 24 | (uint32_t)res.sense.raw[4] << 16 |
                     (uint32_t)res.sense.raw[5] << 8 | res.sense.raw[6], 9000);
    assert_true(t1 - t0 >= 300000000ull && t1 - t0 < 320000000ull);
    /* READ CD fails the same way */
    db_mmc_cdb_read_cd(cdb, MMC_SECTOR_ANY, 9003, 1, 0xF8, 0);
    run(&r, cdb, buf, 2352, &res);
    expect_sense(&res, 0x03, 0x11, 0x00);
    /* every listed sector fails, its neighbours do not */
    uint32_t list[256];
    uint32_t n = vdrive_truth_unreadable_list(r.vd, list, 256);
    assert_true(n > 70 && n < 256);
    for (uint32_t i = 0; i < n; i++) {
        db_mmc_cdb_read10(cdb, list[i], 1);
        r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, 2048, 0, &res);
        expect_sense(&res, 0x03, 0x11, 0x00);
        if (!vdrive_truth_unreadable(r.vd, list[i] + 1)) {
            db_mmc_cdb_read10(cdb, list[i] + 1, 1);
            r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, 2048, 0, &res);
            expect_good(&res);
        }
    }
    /* slow sectors 15000-15002 need 2 retries each: 6 x 100 ms on the read
     * that reaches them, once per stream */
    db_mmc_cdb_read10(cdb, 14960, 16);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, 16 * 2048, 0, &res);
    db_mmc_cdb_read10(cdb, 14976, 16);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, 16 * 2048, 0, &res);
    t0 = r.d.clock.ops->now_ns(r.d.clock.ctx);
    db_mmc_cdb_read10(cdb, 14992, 16);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, 16 * 2048, 0, &res);
    t1 = r.d.clock.ops->now_ns(r.d.clock.ctx);
    expect_good(&res);
    assert_true(t1 - t0 >= 600000000ull && t1 - t0 < 640000000ull);
    assert_int_equal(vdrive_truth_slow_retries(r.vd, 15001), 2);
    assert_int_equal(vdrive_truth_slow_retries(r.vd, 15003), 0);
    /* the cache answers a re-read without retrying */
    t0 = r.d.clock.ops->now_ns(r.d.clock.ctx);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, 16 * 2048, 0, &res);
    t1 = r.d.clock.ops->now_ns(r.d.clock.ctx);
    assert_true(t1 - t0 < 10000000ull);
    free(buf);
    db_drive_close(&r.d);
}

static void test_slowdown_after_a_bad_sector(void **state)
{
    (void)state;
    rig r;
    open_rig(&r, "slowdown", "cdr-errs-10", 3); /* slowdown_speed_x = 16 */
    double before = vdrive_truth_speed_x(r.vd, 40000, MMC_SPEED_MAX_KBS);
    assert_true(before > 20);
    uint8_t cdb[DB_CDB_MAX], buf[2048];
    db_cmd_result res;
    db_mmc_cdb_read10(cdb, 30000, 1);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, buf, sizeof buf, 0, &res);
    expect_sense(&res, 0x03, 0x11, 0x00);
    /* page 2A now says 16x current */
    uint8_t ms[64];
    db_mmc_cdb_mode_sense10(cdb, 0x2A, sizeof ms);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, ms, sizeof ms, 0, &res);
    expect_good(&res);
    assert_int_equal(be16(ms + 8 + 14), 2823); /* 16 x 176.4 kB/s, rounded up */
    /* SET CD SPEED ends it */
    db_mmc_cdb_set_cd_speed(cdb, MMC_SPEED_MAX_KBS);
    r.d.ops->exec(r.d.ctx, cdb, 12, DB_DIR_NONE, NULL, 0, 0, &res);
    db_mmc_cdb_mode_sense10(cdb, 0x2A, sizeof ms);
    r.d.ops->exec(r.d.ctx, cdb, 10, DB_DIR_READ, ms, sizeof ms, 0, &res);
    assert_true(be16(ms + 8 + 14) > 2823);
    db_drive_close(&r.d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_liteon_old_counts_every_second),
        cmocka_unit_test(test_liteon_new_positions),
        cmocka_unit_test(test_liteon_quirks),
        cmocka_unit_test(test_plextor_counts_what_the_host_reads),
        cmocka_unit_test(test_c2_forms),
        cmocka_unit_test(test_unreadable_and_slow_sectors),
        cmocka_unit_test(test_slowdown_after_a_bad_sector),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
