/* Virtual drive commands: response bytes, sense, allocation lengths.
 * CDBs go straight to the transport (d.ops->exec) so that opcodes the
 * allowlist would refuse still reach the drive's own "invalid opcode". */
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
#include "vdrive/disc.h"
#include "vdrive/vdrive.h"
#include "testutil.h"

static int run(db_drive *d, const uint8_t *cdb, size_t cdb_len, void *buf, size_t len, db_cmd_result *res)
{
    return d->ops->exec(d->ctx, cdb, cdb_len, len ? DB_DIR_READ : DB_DIR_NONE, buf, len, 0, res);
}

static void expect_sense(const db_cmd_result *res, uint8_t key, uint8_t asc, uint8_t ascq)
{
    assert_int_equal(res->status, DB_CMD_CHECK);
    assert_int_equal(res->sense.key, key);
    assert_int_equal(res->sense.asc, asc);
    assert_int_equal(res->sense.ascq, ascq);
    /* fixed format, additional length 10 */
    assert_int_equal(res->sense.raw_len, 18);
    assert_int_equal(res->sense.raw[0] & 0x7F, 0x70);
    assert_int_equal(res->sense.raw[2], key);
    assert_int_equal(res->sense.raw[7], 10);
    assert_int_equal(res->sense.raw[12], asc);
    assert_int_equal(res->sense.raw[13], ascq);
    assert_int_equal(res->data_len, 0);
}

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }

static void cdb_read10(uint8_t c[10], uint32_t lba, uint16_t n)
{
    memset(c, 0, 10);
    c[0] = 0x28;
    c[2] = (uint8_t)(lba >> 24); c[3] = (uint8_t)(lba >> 16); c[4] = (uint8_t)(lba >> 8); c[5] = (uint8_t)lba;
    c[7] = (uint8_t)(n >> 8); c[8] = (uint8_t)n;
}

static void cdb_read_cd(uint8_t c[12], uint8_t type, uint32_t lba, uint32_t n, uint8_t flags, uint8_t sub)
{
    memset(c, 0, 12);
    c[0] = 0xBE;
    c[1] = (uint8_t)(type << 2);
    c[2] = (uint8_t)(lba >> 24); c[3] = (uint8_t)(lba >> 16); c[4] = (uint8_t)(lba >> 8); c[5] = (uint8_t)lba;
    c[6] = (uint8_t)(n >> 16); c[7] = (uint8_t)(n >> 8); c[8] = (uint8_t)n;
    c[9] = flags;
    c[10] = sub;
}

static void cdb_toc(uint8_t c[10], uint8_t format, bool msf, uint8_t track, uint16_t alloc)
{
    memset(c, 0, 10);
    c[0] = 0x43;
    c[1] = msf ? 0x02 : 0;
    c[2] = format;
    c[6] = track;
    c[7] = (uint8_t)(alloc >> 8);
    c[8] = (uint8_t)alloc;
}

static void test_attach_and_label(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    assert_true(d.simulated);
    assert_string_equal(d.device, "sim:test");
    assert_string_equal(d.disc_label, "synthetic 80-min data disc");
    assert_string_equal(d.ops->name, "vdrive");
    assert_int_equal(db_clock_now_ns(&d.clock), 0);
    db_drive_close(&d); /* frees the vdrive (ASan would see a leak) */

    tu_open_vdrive(&d, "cav48.profile", "synthetic:74.5");
    assert_string_equal(d.disc_label, "synthetic 74.5-min data disc");
    uint8_t c[10] = { 0x25 }, buf[8];
    db_cmd_result res;
    assert_int_equal(run(&d, c, 10, buf, 8, &res), 0);
    assert_int_equal(be32(buf), 74.5 * 4500 - 1);
    db_drive_close(&d);

    tu_open_vdrive(&d, "cav48.profile", "cdr80.profile");
    assert_string_equal(d.disc_label, "cdr80.profile");
    db_drive_close(&d);
}

static void test_bad_discs(void **state)
{
    (void)state;
    char *dp = tu_data("vdrive", "cav48.profile");
    const char *bad[] = { "synthetic:abc", "synthetic:0", "synthetic:100", "synthetic:" };
    for (size_t i = 0; i < 4; i++) {
        vdrive_config cfg = { .drive_profile = dp, .disc = bad[i] };
        vdrive *vd = (vdrive *)1;
        db_error err = { 0 };
        assert_int_equal(vdrive_open(&cfg, &vd, &err), -1);
        assert_null(vd);
        assert_int_equal(err.code, DB_EXIT_INPUT);
        char want[128];
        snprintf(want, sizeof want, "bad disc '%s': minutes must be 1..99", bad[i]);
        assert_string_equal(err.msg, want);
    }
    vdrive_config cfg = { .drive_profile = dp, .disc = "/nonexistent/x.cue" };
    vdrive *vd;
    db_error err = { 0 };
    assert_int_equal(vdrive_open(&cfg, &vd, &err), -1);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    assert_string_equal(err.msg, "cannot open disc image /nonexistent/x.cue: No such file or directory");
    cfg.disc = "/nonexistent/m.profile";
    assert_int_equal(vdrive_open(&cfg, &vd, &err), -1);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    cfg.drive_profile = "/nonexistent/d.profile";
    cfg.disc = NULL;
    assert_int_equal(vdrive_open(&cfg, &vd, &err), -1);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    free(dp);
}

static void test_inquiry(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    uint8_t c[6] = { 0x12, 0, 0, 0, 96, 0 }, buf[128];
    db_cmd_result res;
    memset(buf, 0xEE, sizeof buf);
    assert_int_equal(run(&d, c, 6, buf, sizeof buf, &res), 0);
    assert_int_equal(res.status, DB_CMD_GOOD);
    assert_int_equal(res.data_len, 36);
    assert_int_equal(buf[0], 0x05);
    assert_int_equal(buf[1], 0x80);
    assert_int_equal(buf[3] & 0x0F, 2);
    assert_int_equal(buf[4], 31);
    assert_memory_equal(buf + 8, "VDTEST  ", 8);
    assert_memory_equal(buf + 16, "CAV48 TESTDRIVE ", 16);
    assert_memory_equal(buf + 32, "1.0A", 4);
    assert_int_equal(buf[36], 0xEE);
    mmc_inquiry inq;
    assert_int_equal(db_mmc_parse_inquiry(buf, res.data_len, &inq), 0);
    assert_string_equal(inq.vendor, "VDTEST");

    /* allocation length 5: five bytes */
    memset(buf, 0xEE, sizeof buf);
    c[4] = 5;
    assert_int_equal(run(&d, c, 6, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 5);
    assert_int_equal(buf[4], 31);
    assert_int_equal(buf[5], 0xEE);
    /* buffer shorter than the allocation length: the buffer wins */
    memset(buf, 0xEE, sizeof buf);
    c[4] = 96;
    assert_int_equal(run(&d, c, 6, buf, 10, &res), 0);
    assert_int_equal(res.data_len, 10);
    assert_int_equal(buf[10], 0xEE);
    /* no data direction: nothing written */
    memset(buf, 0xEE, sizeof buf);
    assert_int_equal(d.ops->exec(d.ctx, c, 6, DB_DIR_NONE, buf, sizeof buf, 0, &res), 0);
    assert_int_equal(res.data_len, 0);
    assert_int_equal(buf[0], 0xEE);
    /* EVPD: no vital product data */
    c[1] = 1;
    run(&d, c, 6, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    db_drive_close(&d);
}

static void test_sense_and_unknown(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    db_cmd_result res;
    uint8_t tur[6] = { 0 };
    assert_int_equal(run(&d, tur, 6, NULL, 0, &res), 0);
    assert_int_equal(res.status, DB_CMD_GOOD);

    uint8_t ops[] = { 0x2A, 0x0A, 0x3B, 0x04, 0x1A, 0xFF, 0xDF, 0xF3 };
    for (size_t i = 0; i < sizeof ops; i++) {
        uint8_t c[16] = { ops[i] };
        assert_int_equal(run(&d, c, 16, NULL, 0, &res), 0); /* a result, not a transport failure */
        expect_sense(&res, 0x05, 0x20, 0x00);
    }
    /* a CDB shorter than its group */
    uint8_t shortc[6] = { 0x28 };
    run(&d, shortc, 6, NULL, 0, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);

    /* REQUEST SENSE returns the last command's sense, then NO SENSE */
    uint8_t rs[6] = { 0x03, 0, 0, 0, 18, 0 }, buf[32];
    assert_int_equal(run(&d, rs, 6, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 18);
    assert_int_equal(buf[0], 0x70);
    assert_int_equal(buf[2], 0x05);
    assert_int_equal(buf[12], 0x24);
    assert_int_equal(run(&d, rs, 6, buf, sizeof buf, &res), 0);
    assert_int_equal(buf[2], 0);
    assert_int_equal(buf[12], 0);
    rs[4] = 4; /* allocation length honoured */
    assert_int_equal(run(&d, rs, 6, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 4);
    db_drive_close(&d);
}

static void test_capacity_and_toc(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    db_cmd_result res;
    uint8_t cap[10] = { 0x25 }, buf[1024];
    assert_int_equal(run(&d, cap, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 8);
    assert_int_equal(be32(buf), 359999);
    assert_int_equal(be32(buf + 4), 2048);
    assert_int_equal(run(&d, cap, 10, buf, 4, &res), 0);
    assert_int_equal(res.data_len, 4);

    uint8_t c[10];
    cdb_toc(c, 0, false, 0, sizeof buf);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 20);
    assert_int_equal(be16(buf), 18);
    assert_int_equal(buf[2], 1);
    assert_int_equal(buf[3], 1);
    assert_int_equal(buf[5], 0x14); /* ADR 1, data track */
    assert_int_equal(buf[6], 1);
    assert_int_equal(be32(buf + 8), 0);
    assert_int_equal(buf[13], 0x14);
    assert_int_equal(buf[14], 0xAA);
    assert_int_equal(be32(buf + 16), 360000);
    mmc_toc toc;
    assert_int_equal(db_mmc_parse_toc(buf, res.data_len, &toc), 0);
    assert_int_equal(toc.leadout_lba, 360000);
    /* MSF form: 00:02:00 and 80:02:00 */
    cdb_toc(c, 0, true, 0, sizeof buf);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_memory_equal(buf + 8, "\x00\x00\x02\x00", 4);
    assert_memory_equal(buf + 16, "\x00\x50\x02\x00", 4);
    /* starting track AA: the lead-out alone; beyond the last track: error */
    cdb_toc(c, 0, false, 0xAA, sizeof buf);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 12);
    assert_int_equal(buf[6], 0xAA);
    cdb_toc(c, 0, false, 2, sizeof buf);
    run(&d, c, 10, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    /* allocation length 4: the header only */
    cdb_toc(c, 0, false, 0, 4);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 4);
    /* session info */
    cdb_toc(c, 1, false, 0, sizeof buf);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 12);
    assert_int_equal(buf[2], 1);
    assert_int_equal(buf[6], 1);
    /* no ATIP on a pressed disc; unknown format */
    cdb_toc(c, 4, false, 0, sizeof buf);
    run(&d, c, 10, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    cdb_toc(c, 7, false, 0, sizeof buf);
    run(&d, c, 10, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    db_drive_close(&d);

    /* mixed disc: data track 1, audio tracks 2.. */
    tu_open_vdrive(&d, "cav48.profile", "mixed.profile");
    cdb_toc(c, 0, false, 0, sizeof buf);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(buf[2], 1);
    assert_int_equal(buf[3], 3);
    assert_int_equal(res.data_len, 4 + 8 * 4);
    assert_int_equal(buf[4 + 1], 0x14);
    assert_int_equal(be32(buf + 4 + 4), 0);
    assert_int_equal(buf[12 + 1], 0x10);
    assert_int_equal(buf[12 + 2], 2);
    assert_int_equal(be32(buf + 12 + 4), 45000);
    assert_int_equal(be32(buf + 20 + 4), 67500);
    assert_int_equal(buf[28 + 2], 0xAA);
    assert_int_equal(be32(buf + 28 + 4), 90000);
    /* starting at track 3 */
    cdb_toc(c, 0, false, 3, sizeof buf);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 4 + 8 * 2);
    assert_int_equal(buf[6], 3);
    /* ATIP of a CD-RW */
    cdb_toc(c, 4, false, 0, sizeof buf);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 28);
    assert_int_equal(buf[6] & 0x40, 0x40);
    assert_memory_equal(buf + 8, "\x61\x18\x01", 3); /* 97:24:01 */
    db_drive_close(&d);

    tu_open_vdrive(&d, "cav48.profile", "cdr80.profile");
    cdb_toc(c, 4, false, 0, sizeof buf);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(buf[6] & 0x40, 0);
    assert_memory_equal(buf + 8, "\x61\x1A\x42", 3);  /* 97:26:66 */
    assert_memory_equal(buf + 12, "\x4F\x3B\x4A", 3); /* 79:59:74 */
    db_drive_close(&d);
}

static void test_mode_sense(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    db_cmd_result res;
    uint8_t c[10] = { 0x5A, 0, 0x2A, 0, 0, 0, 0, 0, 255, 0 }, buf[256];
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 38);
    assert_int_equal(be16(buf), 36);
    assert_int_equal(be16(buf + 6), 0); /* no block descriptors */
    uint8_t *p = buf + 8;
    assert_int_equal(p[0] & 0x3F, 0x2A);
    assert_int_equal(p[1], 28);
    assert_int_equal(p[2] & 0x03, 0x03);      /* CD-R, CD-RW read */
    assert_int_equal(p[5] & 0x13, 0x13);      /* CD-DA, accurate stream, C2 pointers */
    assert_int_equal(be16(p + 8), 8468);      /* 48x */
    assert_int_equal(be16(p + 12), 2048);
    assert_int_equal(be16(p + 14), 8468);
    mmc_caps caps;
    assert_int_equal(db_mmc_parse_caps_page(buf, res.data_len, &caps), 0);
    assert_true(caps.c2_pointers && caps.accurate_stream && caps.cdda_supported);
    assert_int_equal(caps.buffer_kib, 2048);

    /* after SET CD SPEED 24x the current speed follows */
    uint8_t ss[12] = { 0xBB, 0, 0x10, 0x8A }; /* 4234 kB/s */
    assert_int_equal(run(&d, ss, 12, NULL, 0, &res), 0);
    assert_int_equal(res.status, DB_CMD_GOOD);
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(be16(buf + 8 + 14), 4234);
    assert_int_equal(be16(buf + 8 + 8), 8468);

    /* all pages */
    c[2] = 0x3F;
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(buf[8] & 0x3F, 0x2A);
    /* short allocation */
    c[8] = 10;
    assert_int_equal(run(&d, c, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 10);
    /* pages we do not have; saved values */
    c[8] = 255;
    c[2] = 0x01;
    run(&d, c, 10, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    c[2] = 0xEA;
    run(&d, c, 10, buf, sizeof buf, &res);
    expect_sense(&res, 0x05, 0x39, 0x00);
    db_drive_close(&d);
}

static void test_read10(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    db_cmd_result res;
    uint8_t c[10], want[2048];
    uint8_t *buf = malloc(32 * 2048 + 16);
    cdb_read10(c, 1000, 32);
    assert_int_equal(run(&d, c, 10, buf, 32 * 2048, &res), 0);
    assert_int_equal(res.data_len, 32 * 2048);
    for (uint32_t i = 0; i < 32; i++) {
        vd_pattern_data(1000 + i, want);
        assert_memory_equal(buf + i * 2048, want, 2048);
    }
    /* pattern: word i of sector n = n << 32 | 8 i, little-endian */
    assert_memory_equal(buf + 8 * 3, "\x18\x00\x00\x00\xE8\x03\x00\x00", 8);

    /* the last sector; one past it */
    cdb_read10(c, 359999, 1);
    assert_int_equal(run(&d, c, 10, buf, 2048, &res), 0);
    assert_int_equal(res.status, DB_CMD_GOOD);
    cdb_read10(c, 359999, 2);
    run(&d, c, 10, buf, 4096, &res);
    expect_sense(&res, 0x05, 0x21, 0x00);
    assert_int_equal(res.sense.raw[0], 0xF0); /* information field valid */
    assert_int_equal(be32(res.sense.raw + 3), 360000);
    cdb_read10(c, 400000, 1);
    run(&d, c, 10, buf, 2048, &res);
    expect_sense(&res, 0x05, 0x21, 0x00);
    /* transfer length 0: nothing */
    cdb_read10(c, 5, 0);
    assert_int_equal(run(&d, c, 10, NULL, 0, &res), 0);
    assert_int_equal(res.status, DB_CMD_GOOD);
    assert_int_equal(res.data_len, 0);
    /* a buffer shorter than the transfer: filled, never overrun */
    memset(buf, 0xEE, 32 * 2048 + 16);
    cdb_read10(c, 77, 2);
    assert_int_equal(run(&d, c, 10, buf, 3000, &res), 0);
    assert_int_equal(res.data_len, 3000);
    vd_pattern_data(78, want);
    assert_memory_equal(buf + 2048, want, 3000 - 2048);
    assert_int_equal(buf[3000], 0xEE);

    /* READ(12) */
    uint8_t c12[12] = { 0xA8, 0, 0, 0, 0x01, 0x00, 0, 0, 0, 2 };
    assert_int_equal(run(&d, c12, 12, buf, 4096, &res), 0);
    assert_int_equal(res.data_len, 4096);
    vd_pattern_data(257, want);
    assert_memory_equal(buf + 2048, want, 2048);
    c12[6] = 0xFF; /* 4 billion sectors: out of range, no overflow */
    run(&d, c12, 12, buf, 4096, &res);
    expect_sense(&res, 0x05, 0x21, 0x00);
    db_drive_close(&d);

    /* an audio sector through READ(10): illegal mode for this track */
    tu_open_vdrive(&d, "cav48.profile", "audio74.profile");
    cdb_read10(c, 0, 1);
    run(&d, c, 10, buf, 2048, &res);
    expect_sense(&res, 0x05, 0x64, 0x00);
    db_drive_close(&d);
    /* mixed: a read running from the data track into audio */
    tu_open_vdrive(&d, "cav48.profile", "mixed.profile");
    cdb_read10(c, 44990, 20);
    run(&d, c, 10, buf, 20 * 2048, &res);
    expect_sense(&res, 0x05, 0x64, 0x00);
    assert_int_equal(be32(res.sense.raw + 3), 45000);
    cdb_read10(c, 44980, 20);
    assert_int_equal(run(&d, c, 10, buf, 20 * 2048, &res), 0);
    db_drive_close(&d);
    free(buf);
}

static void test_read_cd(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    db_cmd_result res;
    uint8_t c[12], want[2352];
    uint8_t *buf = malloc(4 * 3000);
    /* user data only */
    cdb_read_cd(c, MMC_SECTOR_MODE1, 150, 2, 0x10, 0);
    assert_int_equal(run(&d, c, 12, buf, 4 * 3000, &res), 0);
    assert_int_equal(res.data_len, 4096);
    vd_pattern_data(151, want);
    assert_memory_equal(buf + 2048, want, 2048);
    /* raw: sync, header (BCD MSF of lba+150, mode 1), user data */
    cdb_read_cd(c, MMC_SECTOR_ANY, 0, 2, 0xF8, 0);
    assert_int_equal(run(&d, c, 12, buf, 4 * 3000, &res), 0);
    assert_int_equal(res.data_len, 2 * 2352);
    assert_memory_equal(buf, "\x00\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x00\x00\x02\x00\x01", 16);
    assert_memory_equal(buf + 2352 + 12, "\x00\x02\x01\x01", 4);
    vd_pattern_data(1, want);
    assert_memory_equal(buf + 2352 + 16, want, 2048);
    /* header + user data */
    cdb_read_cd(c, MMC_SECTOR_MODE1, 0, 1, 0x30, 0);
    assert_int_equal(run(&d, c, 12, buf, 4 * 3000, &res), 0);
    assert_int_equal(res.data_len, 2052);
    /* C2 pointers: 294, or 296 with block error byte + pad; all zero */
    cdb_read_cd(c, MMC_SECTOR_ANY, 10, 2, 0xF8 | 0x02, 0);
    memset(buf, 0xEE, 4 * 3000);
    assert_int_equal(run(&d, c, 12, buf, 4 * 3000, &res), 0);
    assert_int_equal(res.data_len, 2 * 2646);
    for (int i = 0; i < 294; i++)
        assert_int_equal(buf[2352 + i], 0);
    cdb_read_cd(c, MMC_SECTOR_ANY, 10, 2, 0xF8 | 0x04, 0);
    assert_int_equal(run(&d, c, 12, buf, 4 * 3000, &res), 0);
    assert_int_equal(res.data_len, 2 * 2648);
    /* formatted Q: data track 1, index 1, relative 00:00:10, absolute 00:02:10 */
    cdb_read_cd(c, MMC_SECTOR_ANY, 10, 1, 0x10, 2);
    assert_int_equal(run(&d, c, 12, buf, 4 * 3000, &res), 0);
    assert_int_equal(res.data_len, 2048 + 16);
    assert_memory_equal(buf + 2048, "\x41\x01\x01\x00\x00\x10\x00\x00\x02\x10", 10);
    /* raw P-W: Q in bit 6 of each byte, MSB first */
    cdb_read_cd(c, MMC_SECTOR_ANY, 10, 1, 0x10, 1);
    assert_int_equal(run(&d, c, 12, buf + 4000, 4000, &res), 0);
    assert_int_equal(res.data_len, 2048 + 96);
    for (int i = 0; i < 80; i++)
        assert_int_equal((buf[4000 + 2048 + i] >> 6) & 1, (buf[2048 + i / 8] >> (7 - i % 8)) & 1);
    /* wrong expected type; illegal field combinations */
    cdb_read_cd(c, MMC_SECTOR_CDDA, 0, 1, 0x10, 0);
    run(&d, c, 12, buf, 4 * 3000, &res);
    expect_sense(&res, 0x05, 0x64, 0x00);
    cdb_read_cd(c, MMC_SECTOR_MODE1, 0, 1, 0x80, 0); /* sync alone */
    run(&d, c, 12, buf, 4 * 3000, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    cdb_read_cd(c, MMC_SECTOR_MODE1, 0, 1, 0x90, 0); /* sync + data without header */
    run(&d, c, 12, buf, 4 * 3000, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    cdb_read_cd(c, MMC_SECTOR_MODE1, 0, 1, 0x16, 0); /* C2 code 11 */
    run(&d, c, 12, buf, 4 * 3000, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    cdb_read_cd(c, MMC_SECTOR_MODE1, 0, 1, 0x10, 3);
    run(&d, c, 12, buf, 4 * 3000, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    cdb_read_cd(c, 6, 0, 1, 0x10, 0);
    run(&d, c, 12, buf, 4 * 3000, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    cdb_read_cd(c, MMC_SECTOR_MODE1, 359990, 11, 0x10, 0);
    run(&d, c, 12, buf, 4 * 3000, &res);
    expect_sense(&res, 0x05, 0x21, 0x00);
    /* raw blocks into a short buffer */
    memset(buf, 0xEE, 4 * 3000);
    cdb_read_cd(c, MMC_SECTOR_ANY, 0, 3, 0xF8 | 0x02, 1);
    assert_int_equal(run(&d, c, 12, buf, 3000, &res), 0);
    assert_int_equal(res.data_len, 3000);
    assert_int_equal(buf[3000], 0xEE);
    db_drive_close(&d);

    /* CD-DA */
    tu_open_vdrive(&d, "cav48.profile", "audio74.profile");
    cdb_read_cd(c, MMC_SECTOR_CDDA, 1000, 2, 0x10, 0);
    assert_int_equal(run(&d, c, 12, buf, 4 * 3000, &res), 0);
    assert_int_equal(res.data_len, 2 * 2352);
    vd_pattern_audio(1001, want);
    assert_memory_equal(buf + 2352, want, 2352);
    /* frame j of sector n: left = (588 n + j) & 0xFFFF, right = >> 16 */
    uint32_t f = 588 * 1001 + 5;
    assert_int_equal(buf[2352 + 20] | buf[2352 + 21] << 8, f & 0xFFFF);
    assert_int_equal(buf[2352 + 22] | buf[2352 + 23] << 8, f >> 16);
    cdb_read_cd(c, MMC_SECTOR_ANY, 1000, 2, 0xF8, 0);
    assert_int_equal(run(&d, c, 12, buf, 4 * 3000, &res), 0);
    assert_int_equal(res.data_len, 2 * 2352);
    assert_memory_equal(buf + 2352, want, 2352);
    cdb_read_cd(c, MMC_SECTOR_CDDA, 1000, 1, 0xFA, 2);
    assert_int_equal(run(&d, c, 12, buf, 4 * 3000, &res), 0);
    assert_int_equal(res.data_len, 2352 + 294 + 16);
    assert_int_equal(buf[2352 + 294], 0x01); /* Q: audio, ADR 1 */
    cdb_read_cd(c, MMC_SECTOR_MODE1, 1000, 1, 0x10, 0);
    run(&d, c, 12, buf, 4 * 3000, &res);
    expect_sense(&res, 0x05, 0x64, 0x00);
    db_drive_close(&d);
    free(buf);
}

static void test_seek_start_stop(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    db_cmd_result res;
    uint8_t seek[10] = { 0x2B, 0, 0, 0x01, 0, 0 };
    assert_int_equal(run(&d, seek, 10, NULL, 0, &res), 0);
    assert_int_equal(res.status, DB_CMD_GOOD);
    uint8_t far[10] = { 0x2B, 0, 0, 0x10, 0, 0 };
    run(&d, far, 10, NULL, 0, &res);
    expect_sense(&res, 0x05, 0x21, 0x00);
    uint8_t ss[6] = { 0x1B, 0, 0, 0, 0x02, 0 }; /* eject */
    run(&d, ss, 6, NULL, 0, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    ss[4] = 0x03; /* load */
    run(&d, ss, 6, NULL, 0, &res);
    expect_sense(&res, 0x05, 0x24, 0x00);
    ss[4] = 0x00;
    assert_int_equal(run(&d, ss, 6, NULL, 0, &res), 0);
    assert_int_equal(res.status, DB_CMD_GOOD);
    ss[4] = 0x01;
    assert_int_equal(run(&d, ss, 6, NULL, 0, &res), 0);
    assert_int_equal(res.status, DB_CMD_GOOD);
    db_drive_close(&d);
}

/* Through db_drive_exec too: the allowlist passes what the vdrive answers. */
static void test_through_drive_exec(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    mmc_inquiry inq;
    db_error err = { 0 };
    if (db_mmc_inquiry(&d, &inq, &err))
        fail_msg("%s", err.msg);
    assert_string_equal(inq.product, "CAV48 TESTDRIVE");
    mmc_toc toc;
    if (db_mmc_read_toc(&d, &toc, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(toc.count, 1);
    assert_int_equal(toc.leadout_lba, 360000);
    mmc_capacity cap;
    assert_int_equal(db_mmc_read_capacity(&d, &cap, &err), 0);
    assert_int_equal(cap.last_lba, 359999);
    mmc_caps caps;
    assert_int_equal(db_mmc_mode_sense_caps(&d, &caps, &err), 0);
    assert_int_equal(caps.max_read_kbs, 8468);
    db_drive_close(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attach_and_label),
        cmocka_unit_test(test_bad_discs),
        cmocka_unit_test(test_inquiry),
        cmocka_unit_test(test_sense_and_unknown),
        cmocka_unit_test(test_capacity_and_toc),
        cmocka_unit_test(test_mode_sense),
        cmocka_unit_test(test_read10),
        cmocka_unit_test(test_read_cd),
        cmocka_unit_test(test_seek_start_stop),
        cmocka_unit_test(test_through_drive_exec),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
