/* Virtual drive timing: sequential reads take exactly the media time the
 * ground truth reports, seeks cost settle + stroke + latency, spin-up
 * after a stop, SET CD SPEED caps, interface-bound reads, realtime mode,
 * and the speed of the emulation itself. */
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
#include "util/clock.h"
#include "vdrive/disc.h"
#include "vdrive/vdrive.h"
#include "testutil.h"

#define MAX_KBS 0xFFFF

static vdrive *open_drive(db_drive *d, const char *drive, const char *disc, bool realtime)
{
    char *dp = tu_data("vdrive", drive);
    char *mp = disc && strstr(disc, ".profile") ? tu_data("vdrive", disc) : NULL;
    vdrive_config cfg = { .drive_profile = dp, .disc = mp ? mp : disc, .realtime = realtime };
    vdrive *vd;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("%s", err.msg);
    vdrive_attach(vd, "sim:timing", d);
    free(dp);
    free(mp);
    return vd;
}

static uint64_t now_ns(db_drive *d) { return db_clock_now_ns(&d->clock); }

/* Run a CDB straight on the transport; returns its duration on the clock. */
static uint64_t run(db_drive *d, const uint8_t *cdb, size_t cdb_len, void *buf, size_t len)
{
    db_cmd_result res;
    uint64_t t0 = now_ns(d);
    assert_int_equal(d->ops->exec(d->ctx, cdb, cdb_len, len ? DB_DIR_READ : DB_DIR_NONE, buf, len, 0, &res), 0);
    if (res.status != DB_CMD_GOOD)
        fail_msg("opcode %02X: CHECK %02X/%02X/%02X", cdb[0], res.sense.key, res.sense.asc, res.sense.ascq);
    return now_ns(d) - t0;
}

static uint8_t sector_buf[64 * 2352];

static uint64_t read10(db_drive *d, uint32_t lba, uint16_t n)
{
    uint8_t c[10] = { 0x28, 0, (uint8_t)(lba >> 24), (uint8_t)(lba >> 16), (uint8_t)(lba >> 8), (uint8_t)lba,
                      0, (uint8_t)(n >> 8), (uint8_t)n, 0 };
    return run(d, c, 10, sector_buf, (size_t)n * 2048);
}

static uint64_t read_cdda(db_drive *d, uint32_t lba, uint32_t n)
{
    uint8_t c[12] = { 0xBE, MMC_SECTOR_CDDA << 2, (uint8_t)(lba >> 24), (uint8_t)(lba >> 16), (uint8_t)(lba >> 8),
                      (uint8_t)lba, (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n, 0x10, 0, 0 };
    return run(d, c, 12, sector_buf, (size_t)n * 2352);
}

static uint64_t seek10(db_drive *d, uint32_t lba)
{
    uint8_t c[10] = { 0x2B, 0, (uint8_t)(lba >> 24), (uint8_t)(lba >> 16), (uint8_t)(lba >> 8), (uint8_t)lba };
    return run(d, c, 10, NULL, 0);
}

static uint64_t set_speed(db_drive *d, uint16_t kbs)
{
    uint8_t c[12] = { 0xBB, 0, (uint8_t)(kbs >> 8), (uint8_t)kbs, 0xFF, 0xFF };
    return run(d, c, 12, NULL, 0);
}

static uint64_t start_stop(db_drive *d, bool start, bool immed)
{
    uint8_t c[6] = { 0x1B, immed ? 1 : 0, 0, 0, start ? 1 : 0, 0 };
    return run(d, c, 6, NULL, 0);
}

static uint64_t ns(double s) { return (uint64_t)llround(s * 1e9); }

/* Measured (ns) against truth (s): within 1e-9 relative, or 2 ns of
 * rounding to whole nanoseconds. */
static void assert_time(uint64_t got_ns, double want_s)
{
    double got = got_ns / 1e9;
    if (!(fabs(got - want_s) <= fmax(1e-9 * want_s, 2e-9)))
        fail_msg("measured %.12f s, truth %.12f s (diff %.3g s)", got, want_s, got - want_s);
}

/* Read [a, b) sequentially in steps of n sectors with READ(10) (data) or
 * READ CD (audio), and check every zone of zone_len against the truth. */
static void check_sequential(db_drive *d, vdrive *vd, uint32_t a, uint32_t b, uint32_t n, uint32_t zone_len,
                             uint16_t kbs, bool audio)
{
    uint64_t t_zone = 0;
    uint32_t zone_start = 0;
    for (uint32_t lba = a; lba < b; lba += n) {
        uint32_t k = b - lba < n ? b - lba : n;
        if (audio)
            read_cdda(d, lba, k);
        else
            read10(d, lba, (uint16_t)k);
        uint32_t end = lba + k;
        if (lba == a || (end - a) % zone_len == 0 || end == b) {
            uint64_t t = now_ns(d);
            if (lba != a) {
                assert_time(t - t_zone, vdrive_truth_zone_time_s(vd, zone_start, end, kbs));
                double speed = (end - zone_start) / (75.0 * (t - t_zone) / 1e9);
                double truth = vdrive_truth_zone_speed_x(vd, zone_start, end, kbs);
                if (fabs(speed - truth) > 1e-8 * truth)
                    fail_msg("zone [%u, %u): measured %.9fx, truth %.9fx", zone_start, end, speed, truth);
            }
            t_zone = t;
            zone_start = end;
        }
    }
}

static void test_sequential_cav(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "cav48.profile", NULL, false);
    /* the first read seeks from the idle head (LBA 0): settle + half a
     * revolution at 9484 rpm, then the media time */
    uint64_t first = read10(&d, 0, 32);
    double rpm = 48.0 * 1200 * 60 / (2 * M_PI * 58);
    assert_time(first, 0.012 + 0.5 * 60 / rpm + vdrive_truth_zone_time_s(vd, 0, 32, MAX_KBS));
    assert_true(fabs(vdrive_truth_rpm(vd, 1000, MAX_KBS) - rpm) < 1e-6);
    uint64_t t0 = now_ns(&d);
    check_sequential(&d, vd, 32, 360000, 32, 36000 - 32, MAX_KBS, false);
    assert_time(now_ns(&d) - t0, vdrive_truth_zone_time_s(vd, 32, 360000, MAX_KBS));
    /* CAV: the speed grows with the radius, 20.7x at the hub */
    assert_true(fabs(vdrive_truth_speed_x(vd, 0, MAX_KBS) - 20.69) < 0.01);
    assert_true(vdrive_truth_zone_speed_x(vd, 350000, 360000, MAX_KBS) > 47.5);
    vdrive_truth t;
    vdrive_get_truth(vd, &t);
    assert_int_equal(t.disc_sectors, 360000);
    assert_int_equal(t.data_strategy, VD_CAV);
    assert_string_equal(vdrive_strategy_name(t.data_strategy), "CAV");
    assert_string_equal(t.vendor, "VDTEST");
    assert_true(t.spinup_ms == 1800 && t.cache_kib == 2048 && t.data_max_speed_x == 48);
    db_drive_close(&d);
}

static void test_sequential_zclv_pcav(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "zclv.profile", NULL, false);
    read10(&d, 80000, 16);
    check_sequential(&d, vd, 80016, 240000, 16, 4000, MAX_KBS, false);
    assert_true(fabs(vdrive_truth_zone_speed_x(vd, 10000, 20000, MAX_KBS) - 24) < 1e-9);
    assert_true(fabs(vdrive_truth_zone_speed_x(vd, 100000, 200000, MAX_KBS) - 32) < 1e-9);
    assert_true(fabs(vdrive_truth_zone_speed_x(vd, 230000, 240000, MAX_KBS) - 40) < 1e-9);
    assert_string_equal(vdrive_strategy_name(VD_ZCLV), "Z-CLV");
    db_drive_close(&d);

    vd = open_drive(&d, "pcav.profile", "synthetic:60", false);
    read10(&d, 0, 27);
    check_sequential(&d, vd, 27, 270000, 27, 27000, MAX_KBS, false);
    assert_true(fabs(vdrive_truth_zone_speed_x(vd, 200000, 260000, MAX_KBS) - 32) < 1e-9);
    assert_true(fabs(vdrive_truth_speed_x(vd, 0, MAX_KBS) - 20) < 1e-9);
    db_drive_close(&d);
}

static void test_seek(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "cav48.profile", NULL, false);
    double rpm = 48.0 * 1200 * 60 / (2 * M_PI * 58);
    /* head idle at LBA 0: a seek to 0 is settle + latency */
    assert_time(seek10(&d, 0), 0.012 + 0.5 * 60 / rpm);
    /* to 300000: settle + stroke * sqrt(dr / 33 mm) + latency */
    double dr = vdrive_truth_radius_mm(vd, 300000) - 25.0;
    double want = 0.012 + 0.110 * sqrt(dr / 33.0) + 0.5 * 60 / rpm;
    assert_time(seek10(&d, 300000), want);
    assert_true(fabs(vdrive_truth_seek_ms(vd, 0, 300000, MAX_KBS) - want * 1e3) < 1e-9);
    /* a read right at the sought sector continues the stream: no second seek */
    assert_time(read10(&d, 300000, 32), vdrive_truth_zone_time_s(vd, 300000, 300032, MAX_KBS));
    /* a read elsewhere: seek from the head, then media time */
    uint64_t t = read10(&d, 100000, 32);
    assert_time(t, vdrive_truth_seek_ms(vd, 300032, 100000, MAX_KBS) / 1e3 +
                       vdrive_truth_zone_time_s(vd, 100000, 100032, MAX_KBS));
    /* full stroke, about settle + full_stroke + latency */
    seek10(&d, 0);
    t = seek10(&d, 359999);
    /* past 58 mm the drive is held at 48x, so the rpm there is a little lower */
    double rpm_rim = vdrive_truth_rpm(vd, 359999, MAX_KBS);
    assert_true(rpm_rim < rpm);
    assert_true(fabs(t / 1e6 - (12 + 110 * sqrt((vdrive_truth_radius_mm(vd, 359999) - 25) / 33) + 30000 / rpm_rim)) < 1e-5);
    db_drive_close(&d);
}

static void test_cache(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "cav48.profile", NULL, false);
    uint64_t iface = ns(40e-6 + 32 * 2048 / 33.3e6);
    read10(&d, 5000, 32);
    /* the same sectors again: in the cache, at interface speed */
    assert_int_equal(read10(&d, 5000, 32), iface);
    for (uint32_t lba = 5032; lba < 6024; lba += 32)
        read10(&d, lba, 32);
    /* a re-read a little behind: still cached (2 MiB = 891 sectors) */
    assert_int_equal(read10(&d, 5500, 32), iface);
    /* skipping ahead within reach continues the stream, which went on
     * reading during the re-read */
    assert_time(read10(&d, 6100, 32), vdrive_truth_zone_time_s(vd, 6024, 6132, MAX_KBS) - iface / 1e9);
    /* far behind: evicted, a seek */
    uint64_t t = read10(&d, 1000, 32);
    assert_time(t, vdrive_truth_seek_ms(vd, 6132, 1000, MAX_KBS) / 1e3 +
                       vdrive_truth_zone_time_s(vd, 1000, 1032, MAX_KBS));
    /* beyond the cache's reach ahead: a seek */
    t = read10(&d, 1032 + 2000, 32);
    assert_time(t, vdrive_truth_seek_ms(vd, 1032, 3032, MAX_KBS) / 1e3 +
                       vdrive_truth_zone_time_s(vd, 3032, 3064, MAX_KBS));
    db_drive_close(&d);
}

static void test_spinup(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "cav48.profile", NULL, false);
    uint64_t overhead = ns(40e-6);
    read10(&d, 0, 32);
    assert_int_equal(start_stop(&d, false, false), ns(0.9)); /* spindown */
    assert_int_equal(start_stop(&d, false, false), overhead); /* already stopped */
    assert_int_equal(start_stop(&d, true, false), ns(1.8));  /* spin-up */
    assert_int_equal(start_stop(&d, true, false), overhead);
    /* a read after a stop: spin-up, seek, media */
    start_stop(&d, false, false);
    uint64_t t = read10(&d, 0, 32);
    double want = 1.8 + vdrive_truth_seek_ms(vd, 32, 0, MAX_KBS) / 1e3 + vdrive_truth_zone_time_s(vd, 0, 32, MAX_KBS);
    assert_true(fabs(t / 1e9 - want) < 1e-8);
    /* immediate start: returns at once, the next read waits for the spindle */
    start_stop(&d, false, false);
    assert_int_equal(start_stop(&d, true, true), overhead);
    t = read10(&d, 0, 32);
    want = 1.8 - 40e-6 + vdrive_truth_seek_ms(vd, 32, 0, MAX_KBS) / 1e3 + vdrive_truth_zone_time_s(vd, 0, 32, MAX_KBS);
    assert_true(fabs(t / 1e9 - want) < 1e-8);
    db_drive_close(&d);
}

static void test_set_cd_speed(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "cav48.profile", NULL, false);
    const uint16_t x24 = 4234; /* 24 * 176.4 rounded up */
    assert_int_equal(set_speed(&d, x24), ns(40e-6));
    /* outer zone: CAV would be 44x+, the cap holds it at 24x */
    read10(&d, 300000, 32);
    check_sequential(&d, vd, 300032, 310000, 32, 3200, x24, false);
    assert_true(fabs(vdrive_truth_zone_speed_x(vd, 300000, 310000, x24) - 24) < 1e-9);
    /* inner part: rises from 20.7x and meets the cap (split at the crossing) */
    read10(&d, 0, 32);
    check_sequential(&d, vd, 32, 40000, 32, 3200, x24, false);
    double s0 = vdrive_truth_speed_x(vd, 0, x24), s1 = vdrive_truth_speed_x(vd, 40000, x24);
    assert_true(s0 < 21 && fabs(s1 - 24) < 1e-12);
    /* a request below every listed speed gets the smallest: 4x */
    set_speed(&d, 600);
    assert_true(fabs(vdrive_truth_speed_x(vd, 200000, 600) - 4) < 1e-12);
    read10(&d, 200000, 32);
    check_sequential(&d, vd, 200032, 203000, 32, 640, 600, false);
    /* back to maximum */
    set_speed(&d, 0xFFFF);
    read10(&d, 200000, 32);
    check_sequential(&d, vd, 200032, 240000, 32, 3200, MAX_KBS, false);
    db_drive_close(&d);
}

static void test_dae_and_mixed(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "cav48.profile", "audio74.profile", false);
    /* DAE reads with [dae]: CLV 24x */
    read_cdda(&d, 1000, 25);
    check_sequential(&d, vd, 1025, 60000, 25, 2500, MAX_KBS, true);
    assert_true(fabs(vdrive_truth_zone_speed_x(vd, 1000, 60000, MAX_KBS) - 24) < 1e-9);
    assert_true(fabs(vdrive_truth_speed_x(vd, 1000, MAX_KBS) - 24) < 1e-12);
    db_drive_close(&d);

    /* mixed: the stream crosses from the data track (CAV) into audio (CLV) */
    vd = open_drive(&d, "cav48.profile", "mixed.profile", false);
    read10(&d, 40000, 25);
    check_sequential(&d, vd, 40025, 45000, 25, 2500, MAX_KBS, false);
    uint64_t t0 = now_ns(&d);
    check_sequential(&d, vd, 45000, 50000, 25, 2500, MAX_KBS, true);
    assert_time(now_ns(&d) - t0, vdrive_truth_zone_time_s(vd, 45000, 50000, MAX_KBS));
    assert_true(vdrive_truth_speed_x(vd, 44999, MAX_KBS) > 24.5);
    assert_true(fabs(vdrive_truth_speed_x(vd, 45000, MAX_KBS) - 24) < 1e-12);
    db_drive_close(&d);
}

static void test_interface_bound(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "clv_usb1.profile", "synthetic:10", false);
    (void)vd;
    /* USB 1.1 (1 MB/s) is slower than 8x (1.23 MB/s of user data): every
     * read in the steady state costs exactly its interface time, and the
     * read-ahead pauses when its 128 KiB cache is full */
    uint64_t iface = ns(100e-6 + 32 * 2048 / 1.0e6);
    read10(&d, 0, 32);
    for (uint32_t lba = 32; lba < 20000; lba += 32) {
        uint64_t t = read10(&d, lba, 32);
        if (lba > 320)
            assert_int_equal(t, iface);
    }
    db_drive_close(&d);
}

static void test_realtime(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "cav48.profile", NULL, true);
    db_clock mono = db_clock_monotonic();
    assert_ptr_equal(d.clock.ops, mono.ops);
    /* Completion times are absolute (anchored where the stream started),
     * so real time can only be longer than the model, never shorter; the
     * upper bound is loose because this machine may be loaded.  Both
     * phases are timed from before the seek, since the stream it starts
     * runs on while the host is busy. */
    uint64_t t0 = db_monotonic_ns();
    seek10(&d, 0);
    uint64_t t1 = db_monotonic_ns();
    double seek_s = vdrive_truth_seek_ms(vd, 0, 0, MAX_KBS) / 1e3;
    assert_true((t1 - t0) / 1e9 >= seek_s - 1e-4);
    assert_true((t1 - t0) / 1e9 < seek_s + 0.5);
    /* sequential reads keep pace with the media in real time */
    for (uint32_t lba = 0; lba < 1500; lba += 30)
        read10(&d, lba, 30);
    t1 = db_monotonic_ns();
    double want = seek_s + vdrive_truth_zone_time_s(vd, 0, 1500, MAX_KBS);
    assert_true((t1 - t0) / 1e9 >= want - 1e-4);
    assert_true((t1 - t0) / 1e9 < want + 0.5);
    db_drive_close(&d);
}

/* A full 80-minute disc in 32-sector READ(10)s through db_drive_exec. */
static void test_full_disc_speed(void **state)
{
    (void)state;
    db_drive d;
    vdrive *vd = open_drive(&d, "cav48.profile", NULL, false);
    uint8_t *buf = malloc(32 * 2048), want[2048];
    uint64_t w0 = db_monotonic_ns();
    for (uint32_t lba = 0; lba < 360000; lba += 32) {
        uint8_t c[DB_CDB_MAX];
        size_t n = db_mmc_cdb_read10(c, lba, 32);
        db_cmd_result res;
        if (db_drive_exec(&d, c, n, DB_DIR_READ, buf, 32 * 2048, 1000, &res)) {
            char why[256];
            db_result_describe(&res, why, sizeof why);
            fail_msg("READ(10) at %u failed: %s", lba, why);
        }
    }
    uint64_t w1 = db_monotonic_ns();
    vd_pattern_data(359999, want);
    assert_memory_equal(buf + 31 * 2048, want, 2048);
    double wall = (w1 - w0) / 1e9, mb = 360000.0 * 2048 / 1e6;
    print_message("full 80-min read: %.3f s wall, %.0f MB/s emulated, %.1f s virtual\n", wall, mb / wall,
                  now_ns(&d) / 1e9);
    (void)vd;
    db_drive_close(&d);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sequential_cav),
        cmocka_unit_test(test_sequential_zclv_pcav),
        cmocka_unit_test(test_seek),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_spinup),
        cmocka_unit_test(test_set_cd_speed),
        cmocka_unit_test(test_dae_and_mixed),
        cmocka_unit_test(test_interface_bound),
        cmocka_unit_test(test_realtime),
        cmocka_unit_test(test_full_disc_speed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
