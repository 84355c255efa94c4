/* The virtual drive's fault plan (src/vdrive/faults.h): the spec syntax and
 * what each class does to the commands it hits, command by command, on the
 * drive's clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "drive/drive.h"
#include "drive/mmc.h"
#include "testutil.h"
#include "util/kv.h"
#include "vdrive/faults.h"
#include "vdrive/profile.h"
#include "vdrive/vdrive.h"

/* The Lite-On on a synthetic 10-minute data disc, with a fault plan. */
static void open_with(db_drive *d, const char *const *faults, int n)
{
    tu_open_vdrive_with(d, "@liteon-ltr40125s", "synthetic:10", 1, faults, n);
}

static void open1(db_drive *d, const char *spec)
{
    const char *f[1] = { spec };
    open_with(d, f, 1);
}

static int tur(db_drive *d, db_cmd_result *res)
{
    return db_mmc_test_unit_ready(d, res);
}

static int read10(db_drive *d, uint32_t lba, uint16_t n, uint8_t *buf, db_cmd_result *res)
{
    return db_mmc_read10(d, lba, n, buf, (size_t)n * 2048, res);
}

static int inquiry_raw(db_drive *d, uint8_t *buf, db_cmd_result *res)
{
    uint8_t cdb[DB_CDB_MAX];
    size_t n = db_mmc_cdb_inquiry(cdb, 96);
    return db_drive_exec(d, cdb, n, DB_DIR_READ, buf, 96, 10000, res);
}

static void expect_sense(const db_cmd_result *res, uint8_t key, uint8_t asc, uint8_t ascq)
{
    assert_int_equal(res->status, DB_CMD_CHECK);
    assert_int_equal(res->sense.key, key);
    assert_int_equal(res->sense.asc, asc);
    assert_int_equal(res->sense.ascq, ascq);
}

static uint32_t sense_info(const db_cmd_result *res)
{
    assert_true(res->sense.raw[0] & 0x80); /* VALID */
    const uint8_t *p = res->sense.raw + 3;
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- syntax ---- */

static void test_parse_valid(void **state)
{
    (void)state;
    vd_fault_plan p = { .n = 0 };
    db_error err = { 0 };
    assert_int_equal(vd_fault_plan_parse(&p, "medium:lba=100-110:ok-after=2", &err), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.f[0].kind, VD_FAULT_MEDIUM);
    assert_true(p.f[0].has_lba);
    assert_int_equal(p.f[0].lba_first, 100);
    assert_int_equal(p.f[0].lba_last, 110);
    assert_int_equal(p.f[0].ok_after, 2);
    assert_int_equal(p.f[0].key, 3);
    assert_int_equal(p.f[0].asc, 0x11);
    /* several in one spec, names and hex opcodes, sense override */
    assert_int_equal(vd_fault_plan_parse(&p, "hardware:cmd=5:sense=04/09/01,not-ready:ms=200:for-ms=50,"
                                             "attention:op=0x28:count=2,short:op=read10:bytes=100,"
                                             "bad-length:op=toc:value=2,removed:cmd=9,timeout:op=be,dead:ms=1",
                                         &err), 0);
    assert_int_equal(p.n, 9);
    assert_int_equal(p.f[1].kind, VD_FAULT_HARDWARE);
    assert_int_equal(p.f[1].from_cmd, 5);
    assert_int_equal(p.f[1].asc, 0x09);
    assert_int_equal(p.f[1].ascq, 0x01);
    assert_int_equal(p.f[2].kind, VD_FAULT_NOT_READY);
    assert_true(p.f[2].has_ms && p.f[2].for_time);
    assert_int_equal(p.f[2].from_ns, 200000000ull);
    assert_int_equal(p.f[2].for_ns, 50000000ull);
    assert_int_equal(p.f[3].op, 0x28);
    assert_int_equal(p.f[3].count, 2);
    assert_int_equal(p.f[4].op, 0x28);
    assert_int_equal(p.f[4].bytes, 100);
    assert_int_equal(p.f[5].op, 0x43);
    assert_int_equal(p.f[5].value, 2);
    assert_int_equal(p.f[6].kind, VD_FAULT_REMOVED);
    assert_int_equal(p.f[7].op, 0xBE);
    assert_int_equal(p.f[8].kind, VD_FAULT_DEAD);
    /* aliases */
    assert_int_equal(vd_fault_plan_parse(&p, "notready,unit-attention,badlen", &err), 0);
    assert_int_equal(p.f[9].kind, VD_FAULT_NOT_READY);
    assert_int_equal(p.f[10].kind, VD_FAULT_ATTENTION);
    assert_int_equal(p.f[11].kind, VD_FAULT_BAD_LENGTH);
    assert_string_equal(vd_fault_kind_name(VD_FAULT_BAD_LENGTH), "bad-length");
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *says;
    } bad[] = {
        { "", "empty fault" },
        { "bogus", "unknown fault class" },
        { "medium:lba=", "KEY=VALUE" },
        { "medium:lba=9-3", "A <= B" },
        { "medium:lba=x", "sector numbers" },
        { "medium:lba=-5", "A or A-B" },
        { "hardware:cmd=0", "1 or more" },
        { "hardware:cmd=abc", "command number" },
        { "hardware:op=read99", "opcode" },
        { "hardware:op=123", "opcode" },
        { "hardware:sense=14/00/00", "KEY/ASC/ASCQ" },
        { "hardware:sense=04/09", "KEY/ASC/ASCQ" },
        { "hardware:ok-after=1", "unknown key" },
        { "timeout:sense=04/00/00", "unknown key" },
        { "short:value=3", "unknown key" },
        { "not-ready:for=0", "1 or more" },
        { "medium,", "empty fault" },
        { "medium:count=0", "1 or more" },
        { "medium:lba", "KEY=VALUE" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vd_fault_plan p = { .n = 0 };
        db_error err = { 0 };
        assert_int_equal(vd_fault_plan_parse(&p, bad[i].spec, &err), -1);
        assert_int_equal(err.code, DB_EXIT_USAGE);
        if (!strstr(err.msg, bad[i].says) || !strstr(err.msg, "--fault"))
            fail_msg("'%s': %s", bad[i].spec, err.msg);
        assert_int_equal(p.n, 0); /* nothing half-added */
    }
    /* a full plan */
    vd_fault_plan p = { .n = 0 };
    db_error err = { 0 };
    for (int i = 0; i < VD_FAULTS_MAX; i++)
        assert_int_equal(vd_fault_plan_parse(&p, "attention", &err), 0);
    assert_int_equal(vd_fault_plan_parse(&p, "attention", &err), -1);
    assert_non_null(strstr(err.msg, "at most"));
    /* a bad spec given to the drive is a usage error too */
    const char *f[1] = { "medium:lba=z" };
    char *dp = tu_profile("drives", "liteon-ltr40125s");
    vdrive_config cfg = { .drive_profile = dp, .disc = "synthetic:1", .faults = f, .nfaults = 1 };
    vdrive *vd;
    assert_int_equal(vdrive_open(&cfg, &vd, &err), -1);
    assert_int_equal(err.code, DB_EXIT_USAGE);
    free(dp);
}

/* [faults] in a drive profile: the same syntax, errors with file:line;
 * the drive opens with the plan, --fault adds to it. */
static void test_profile_section(void **state)
{
    (void)state;
    static const char base[] =
        "[drive]\nvendor = X\nmodel = Y\nfirmware = 1\ninterface = udma2\ncache_kib = 512\n"
        "[data]\nstrategy = CLV\nmax_speed_x = 8\n"
        "[mech]\nspinup_ms = 10\nspindown_ms = 10\nsettle_ms = 5\nfull_stroke_ms = 50\ncommand_overhead_us = 40\n";
    char text[2048];
    snprintf(text, sizeof text, "%s[faults]\nfault = medium:lba=100-200\nfault = removed:cmd=50,dead:cmd=90\n"
                                "source = \"test\"\n", base);
    kv_file kv;
    db_error err = { 0 };
    assert_int_equal(kv_parse("t.profile", text, strlen(text), &kv, &err), 0);
    vd_drive_profile p;
    if (vd_drive_profile_from_kv(&kv, &p, &err))
        fail_msg("%s", err.msg);
    kv_free(&kv);
    assert_int_equal(p.faults.n, 3);
    assert_int_equal(p.faults.f[0].kind, VD_FAULT_MEDIUM);
    assert_int_equal(p.faults.f[2].kind, VD_FAULT_DEAD);
    snprintf(text, sizeof text, "%s[faults]\nfault = medium:lba=9-3\n", base);
    assert_int_equal(kv_parse("t.profile", text, strlen(text), &kv, &err), 0);
    assert_int_equal(vd_drive_profile_from_kv(&kv, &p, &err), -1);
    kv_free(&kv);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    if (!strstr(err.msg, "t.profile:17: fault 'medium:lba=9-3': lba=A-B needs A <= B"))
        fail_msg("%s", err.msg);
    snprintf(text, sizeof text, "%s[faults]\nfalt = medium\n", base);
    assert_int_equal(kv_parse("t.profile", text, strlen(text), &kv, &err), 0);
    assert_int_equal(vd_drive_profile_from_kv(&kv, &p, &err), -1);
    kv_free(&kv);
    assert_non_null(strstr(err.msg, "falt"));

    /* a profile file with [faults], and --fault on top */
    char *dir_path = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[4096];
    snprintf(path, sizeof path, "%s/faulty-%d.profile", dir_path, (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s[faults]\nfault = hardware:cmd=2\n", base);
    fclose(f);
    const char *more[1] = { "attention:cmd=3" };
    vdrive_config cfg = { .drive_profile = path, .disc = "synthetic:1", .faults = more, .nfaults = 1 };
    vdrive *vd;
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("%s", err.msg);
    db_drive d;
    vdrive_attach(vd, "sim:faulty", &d);
    db_cmd_result res;
    assert_int_equal(tur(&d, &res), 0);
    assert_int_equal(tur(&d, &res), -1);
    expect_sense(&res, 0x04, 0x44, 0x00);
    assert_int_equal(tur(&d, &res), -1);
    expect_sense(&res, 0x06, 0x28, 0x00);
    assert_int_equal(tur(&d, &res), 0);
    db_drive_close(&d);
    unlink(path);
}

/* ---- behaviour ---- */

static void test_medium_ok_after(void **state)
{
    (void)state;
    db_drive d;
    open1(&d, "medium:lba=100-101:ok-after=2");
    uint8_t *buf = malloc(16 * 2048);
    db_cmd_result res;
    /* a read that stops short of the range is untouched */
    assert_int_equal(read10(&d, 80, 16, buf, &res), 0);
    /* reaching it: the first bad LBA in the information field, no data */
    assert_int_equal(read10(&d, 96, 8, buf, &res), -1);
    expect_sense(&res, 0x03, 0x11, 0x00);
    assert_int_equal(sense_info(&res), 100);
    assert_int_equal(res.data_len, 0);
    assert_int_equal(read10(&d, 101, 1, buf, &res), -1); /* second failing read */
    assert_int_equal(sense_info(&res), 101);
    /* then it reads */
    assert_int_equal(read10(&d, 96, 8, buf, &res), 0);
    assert_int_equal(res.data_len, 8 * 2048);
    /* READ CD too */
    db_drive e;
    open1(&e, "medium:lba=500");
    assert_int_equal(db_mmc_read_cd(&e, MMC_SECTOR_ANY, 498, 4, 0xF8, 0, buf, 4 * 2352, &res), -1);
    expect_sense(&res, 0x03, 0x11, 0x00);
    assert_int_equal(sense_info(&res), 500);
    assert_int_equal(db_mmc_read_cd(&e, MMC_SECTOR_ANY, 498, 4, 0xF8, 0, buf, 4 * 2352, &res), -1); /* never ok */
    assert_int_equal(db_mmc_read_cd(&e, MMC_SECTOR_ANY, 501, 4, 0xF8, 0, buf, 4 * 2352, &res), 0);
    free(buf);
    db_drive_close(&d);
    db_drive_close(&e);
}

static void test_hardware_and_attention_once(void **state)
{
    (void)state;
    db_drive d;
    const char *f[2] = { "hardware:cmd=3:sense=04/09/01", "attention:cmd=5" };
    open_with(&d, f, 2);
    db_cmd_result res;
    assert_int_equal(tur(&d, &res), 0);           /* 1 */
    assert_int_equal(tur(&d, &res), 0);           /* 2 */
    assert_int_equal(tur(&d, &res), -1);          /* 3 */
    expect_sense(&res, 0x04, 0x09, 0x01);
    assert_int_equal(tur(&d, &res), 0);           /* 4: once */
    uint8_t buf[96];
    assert_int_equal(inquiry_raw(&d, buf, &res), 0); /* 5: INQUIRY does not report UNIT ATTENTION */
    assert_int_equal(tur(&d, &res), -1);          /* 6: the next command does */
    expect_sense(&res, 0x06, 0x28, 0x00);
    assert_int_equal(tur(&d, &res), 0);
    /* REQUEST SENSE returns what the fault reported */
    db_drive_close(&d);
}

static void test_not_ready_for_commands_and_time(void **state)
{
    (void)state;
    db_drive d;
    open1(&d, "not-ready:cmd=2:for=3");
    db_cmd_result res;
    uint8_t buf[96];
    assert_int_equal(tur(&d, &res), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tur(&d, &res), -1);
        expect_sense(&res, 0x02, 0x04, 0x01);
        assert_int_equal(inquiry_raw(&d, buf, &res), 0); /* INQUIRY answers meanwhile */
    }
    assert_int_equal(tur(&d, &res), 0);
    assert_int_equal(tur(&d, &res), 0); /* one episode */
    db_drive_close(&d);

    /* 500 ms of drive time: waited out on the drive's clock */
    open1(&d, "not-ready:for-ms=500");
    uint64_t t0 = db_clock_now_ns(&d.clock);
    int fails = 0;
    while (tur(&d, &res)) {
        expect_sense(&res, 0x02, 0x04, 0x01);
        db_clock_sleep_ns(&d.clock, 100000000ull); /* the virtual clock idles */
        assert_true(++fails < 20);
    }
    assert_int_equal(fails, 5);
    assert_true(db_clock_now_ns(&d.clock) - t0 >= 500000000ull);
    db_drive_close(&d);
}

static void test_removed(void **state)
{
    (void)state;
    db_drive d;
    open1(&d, "removed:cmd=3");
    db_cmd_result res;
    uint8_t buf[2048];
    assert_int_equal(tur(&d, &res), 0);
    assert_int_equal(read10(&d, 0, 1, buf, &res), 0);
    for (int i = 0; i < 3; i++) { /* for good */
        assert_int_equal(tur(&d, &res), -1);
        expect_sense(&res, 0x02, 0x3A, 0x00);
        assert_int_equal(read10(&d, 0, 1, buf, &res), -1);
        expect_sense(&res, 0x02, 0x3A, 0x00);
    }
    /* the drive is still there: identification and SET CD SPEED answer */
    uint8_t inq[96];
    assert_int_equal(inquiry_raw(&d, inq, &res), 0);
    mmc_caps caps;
    db_error err = { 0 };
    assert_int_equal(db_mmc_mode_sense_caps(&d, &caps, &err), 0);
    assert_int_equal(db_mmc_set_cd_speed(&d, MMC_SPEED_MAX_KBS, &err), 0);
    mmc_toc toc;
    assert_int_equal(db_mmc_read_toc(&d, &toc, &err), -1);
    assert_non_null(strstr(err.msg, "medium not present"));
    db_drive_close(&d);
}

static void test_timeout_and_dead(void **state)
{
    (void)state;
    db_drive d;
    open1(&d, "timeout:cmd=2");
    db_cmd_result res;
    assert_int_equal(tur(&d, &res), 0);
    uint64_t t0 = db_clock_now_ns(&d.clock);
    assert_int_equal(tur(&d, &res), -1);
    assert_int_equal(res.status, DB_CMD_TRANSPORT);
    assert_non_null(res.transport_msg);
    assert_non_null(strstr(res.transport_msg, "timed out"));
    /* the host waited for its timeout (TEST UNIT READY: 10 s), in drive time */
    assert_true(db_clock_now_ns(&d.clock) - t0 >= 10000000000ull);
    assert_int_equal(d.no_answer_streak, 1);
    assert_int_equal(tur(&d, &res), 0); /* once */
    assert_int_equal(d.no_answer_streak, 0);
    db_drive_close(&d);

    open1(&d, "dead:cmd=3");
    assert_int_equal(tur(&d, &res), 0);
    assert_int_equal(tur(&d, &res), 0);
    uint8_t buf[96];
    for (int i = 0; i < 5; i++) {
        assert_int_equal(tur(&d, &res), -1);
        assert_int_equal(res.status, DB_CMD_TRANSPORT);
        assert_int_equal(inquiry_raw(&d, buf, &res), -1); /* nothing answers any more */
    }
    assert_int_equal(d.no_answer_streak, 10);
    db_drive_close(&d);
}

static void test_short_and_bad_length(void **state)
{
    (void)state;
    db_drive d;
    const char *f[3] = { "short:op=read10", "short:op=read10:bytes=100:cmd=3", "bad-length:op=inquiry" };
    open_with(&d, f, 3);
    uint8_t *buf = malloc(8 * 2048);
    db_cmd_result res;
    assert_int_equal(read10(&d, 0, 8, buf, &res), 0);   /* 1: half */
    assert_int_equal(res.status, DB_CMD_GOOD);
    assert_int_equal(res.data_len, 4 * 2048);
    assert_int_equal(read10(&d, 8, 8, buf, &res), 0);   /* 2: whole */
    assert_int_equal(res.data_len, 8 * 2048);
    assert_int_equal(read10(&d, 16, 8, buf, &res), 0);  /* 3: 100 bytes */
    assert_int_equal(res.data_len, 100);
    assert_int_equal(read10(&d, 24, 8, buf, &res), 0);  /* once each */
    assert_int_equal(res.data_len, 8 * 2048);
    /* INQUIRY's additional length claims 255 while 36 bytes came: the
     * parser keeps to what came */
    uint8_t inq[96];
    assert_int_equal(inquiry_raw(&d, inq, &res), 0);
    assert_int_equal(res.data_len, 36);
    assert_int_equal(inq[4], 0xFF);
    mmc_inquiry parsed;
    assert_int_equal(db_mmc_parse_inquiry(inq, res.data_len, &parsed), 0);
    assert_string_equal(parsed.vendor, "LITE-ON");
    db_drive_close(&d);

    /* a TOC whose length field says 2 (no descriptors) or 0xFFFF */
    const char *g[1] = { "bad-length:op=toc:value=2:count=3" };
    open_with(&d, g, 1);
    mmc_toc toc;
    db_error err = { 0 };
    assert_int_equal(db_mmc_read_toc(&d, &toc, &err), -1);
    assert_non_null(strstr(err.msg, "READ TOC"));
    db_drive_close(&d);
    const char *h[1] = { "bad-length:op=toc" };
    open_with(&d, h, 1);
    assert_int_equal(db_mmc_read_toc(&d, &toc, &err), 0); /* the bytes that came are a whole TOC */
    assert_int_equal(toc.leadout_lba, 45000);
    db_drive_close(&d);
    free(buf);
}

static void test_triggers(void **state)
{
    (void)state;
    db_drive d;
    /* by time: nothing before 1 s of drive time */
    open1(&d, "hardware:ms=1000:count=2");
    db_cmd_result res;
    assert_int_equal(tur(&d, &res), 0);
    db_clock_sleep_ns(&d.clock, 999000000ull);
    assert_int_equal(tur(&d, &res), 0);
    db_clock_sleep_ns(&d.clock, 2000000ull);
    assert_int_equal(tur(&d, &res), -1);
    expect_sense(&res, 0x04, 0x44, 0x00);
    assert_int_equal(tur(&d, &res), -1);
    assert_int_equal(tur(&d, &res), 0);
    db_drive_close(&d);
    /* by opcode and LBA: a SEEK(10) into the range gets it, a read elsewhere not */
    open1(&d, "hardware:lba=1000-2000:sense=04/15/01");
    uint8_t cdb[DB_CDB_MAX], buf[2048];
    assert_int_equal(read10(&d, 5, 1, buf, &res), 0);
    size_t n = db_mmc_cdb_seek10(cdb, 1500);
    assert_int_equal(db_drive_exec(&d, cdb, n, DB_DIR_NONE, NULL, 0, 1000, &res), -1);
    expect_sense(&res, 0x04, 0x15, 0x01);
    assert_int_equal(sense_info(&res), 1500);
    db_drive_close(&d);
    open1(&d, "attention:op=read10");
    assert_int_equal(tur(&d, &res), 0);
    assert_int_equal(read10(&d, 5, 1, buf, &res), -1);
    expect_sense(&res, 0x06, 0x28, 0x00);
    db_drive_close(&d);
}

/* The same plan on the same drive gives the same answers, command by command. */
static void test_deterministic(void **state)
{
    (void)state;
    const char *f[3] = { "medium:lba=300-340:ok-after=3", "not-ready:cmd=7:for=2", "short:cmd=11" };
    int status[2][40];
    size_t len[2][40];
    uint64_t t[2][40];
    uint8_t *buf = malloc(16 * 2048);
    for (int k = 0; k < 2; k++) {
        db_drive d;
        open_with(&d, f, 3);
        for (int i = 0; i < 40; i++) {
            db_cmd_result res;
            read10(&d, (uint32_t)(i * 16), 16, buf, &res);
            status[k][i] = res.status * 1000 + res.sense.key;
            len[k][i] = res.data_len;
            t[k][i] = db_clock_now_ns(&d.clock);
        }
        db_drive_close(&d);
    }
    assert_memory_equal(status[0], status[1], sizeof status[0]);
    assert_memory_equal(len[0], len[1], sizeof len[0]);
    assert_memory_equal(t[0], t[1], sizeof t[0]);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_profile_section),
        cmocka_unit_test(test_medium_ok_after),
        cmocka_unit_test(test_hardware_and_attention_once),
        cmocka_unit_test(test_not_ready_for_commands_and_time),
        cmocka_unit_test(test_removed),
        cmocka_unit_test(test_timeout_and_dead),
        cmocka_unit_test(test_short_and_bad_length),
        cmocka_unit_test(test_triggers),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
