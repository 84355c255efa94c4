/* The virtual drive's identification answers (vdrive/ident.c): GET
 * CONFIGURATION from the drive profile ([drive] writes, c2, interface),
 * READ TOC format 2 and 4 from the disc, page 2A's C2 and accurate-stream
 * bits, and the profile keys behind them with their errors.  Responses
 * are read back with the bench's own parsers (drive/mmcinfo.h), so the two
 * sides must agree byte for byte with MMC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>

#include "drive/atip.h"
#include "drive/mmc.h"
#include "drive/mmcinfo.h"
#include "util/kv.h"
#include "vdrive/profile.h"
#include "vdrive/vdrive.h"
#include "testutil.h"

static int raw(db_drive *d, const uint8_t *cdb, size_t n, uint8_t *buf, size_t len, db_cmd_result *res)
{
    return d->ops->exec(d->ctx, cdb, n, len ? DB_DIR_READ : DB_DIR_NONE, buf, len, 0, res);
}

static mmc_config config_of(db_drive *d)
{
    mmc_config c;
    db_cmd_result res;
    db_error err = { 0 };
    if (db_mmc_get_configuration(d, &c, &res, &err))
        fail_msg("%s", err.msg);
    return c;
}

static bool lists(const mmc_config *c, uint16_t p)
{
    for (int i = 0; i < c->profile_count; i++)
        if (c->profiles[i].number == p)
            return true;
    return false;
}

static void test_config_recorder(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", "cdr80.profile");
    mmc_config c = config_of(&d);
    assert_int_equal(c.current_profile, MMC_PROFILE_CDR);
    assert_int_equal(c.profile_count, 3);
    assert_int_equal(c.profiles[0].number, MMC_PROFILE_CDRW);
    assert_true(c.profiles[1].current);
    assert_true(c.has_core);
    assert_int_equal(c.physical_interface, 2); /* udma2: ATAPI */
    assert_true(c.has_cd_read && c.cd_read_c2 && c.cd_read_current);
    assert_false(c.cd_read_cdtext);
    assert_true(c.has_multi_read);
    assert_false(c.truncated);
    assert_false(c.bad_descriptor);
    db_drive_close(&d);

    /* a CD-RW disc, a pressed disc */
    tu_open_vdrive(&d, "cav48.profile", "mixed.profile");
    c = config_of(&d);
    assert_int_equal(c.current_profile, MMC_PROFILE_CDRW);
    db_drive_close(&d);
    tu_open_vdrive(&d, "cav48.profile", NULL);
    c = config_of(&d);
    assert_int_equal(c.current_profile, MMC_PROFILE_CDROM);
    db_drive_close(&d);

    /* a CD-R-only recorder (writes = CD-R) with a CD-RW: CD-ROM to it */
    tu_open_vdrive(&d, "info_broken_c2.profile", "mixed.profile");
    c = config_of(&d);
    assert_false(lists(&c, MMC_PROFILE_CDRW));
    assert_true(lists(&c, MMC_PROFILE_CDR));
    assert_int_equal(c.current_profile, MMC_PROFILE_CDROM);
    assert_true(c.cd_read_c2); /* broken firmware claims it */
    db_drive_close(&d);
}

static void test_config_reader(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "info_reader.profile", "cdr80.profile");
    mmc_config c = config_of(&d);
    assert_int_equal(c.profile_count, 1);
    assert_int_equal(c.profiles[0].number, MMC_PROFILE_CDROM);
    assert_int_equal(c.current_profile, MMC_PROFILE_CDROM);
    assert_int_equal(c.physical_interface, 8); /* usb2: USB */
    assert_true(c.has_cd_read);
    assert_false(c.cd_read_c2);
    /* a reader cannot read the ATIP */
    mmc_atip a;
    db_cmd_result res;
    db_error err = { 0 };
    assert_int_equal(db_mmc_read_atip(&d, &a, &res, &err), -1);
    assert_int_equal(res.sense.key, 5);
    assert_int_equal(res.sense.asc, 0x24);
    /* page 2A: no C2, no accurate stream, writes nothing */
    mmc_caps caps;
    assert_int_equal(db_mmc_mode_sense_caps(&d, &caps, &err), 0);
    assert_false(caps.c2_pointers);
    assert_false(caps.accurate_stream);
    assert_true(caps.cdda_supported);
    uint8_t cdb[10] = { 0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0, 64, 0 }, buf[64];
    assert_int_equal(raw(&d, cdb, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(buf[8 + 3] & 0x03, 0);
    db_drive_close(&d);

    tu_open_vdrive(&d, "cav48.profile", NULL);
    assert_int_equal(db_mmc_mode_sense_caps(&d, &caps, &err), 0);
    assert_true(caps.c2_pointers && caps.accurate_stream);
    assert_int_equal(raw(&d, cdb, 10, buf, sizeof buf, &res), 0);
    assert_int_equal(buf[8 + 3] & 0x03, 0x03); /* CD-R and CD-RW writer */
    db_drive_close(&d);
}

static void test_config_request_types(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", NULL);
    uint8_t cdb[DB_CDB_MAX], buf[2048];
    db_cmd_result res;
    /* RT 2: one feature */
    size_t n = db_mmc_cdb_get_configuration(cdb, MMC_RT_ONE, MMC_FEAT_CD_READ, sizeof buf);
    assert_int_equal(raw(&d, cdb, n, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 8 + 8);
    mmc_config c;
    assert_int_equal(db_mmc_parse_config(buf, res.data_len, &c), 0);
    assert_int_equal(c.feature_count, 1);
    assert_true(c.has_cd_read);
    /* RT 0 from feature 001Dh: Multi-Read and CD Read only */
    n = db_mmc_cdb_get_configuration(cdb, MMC_RT_ALL, MMC_FEAT_MULTI_READ, sizeof buf);
    assert_int_equal(raw(&d, cdb, n, buf, sizeof buf, &res), 0);
    assert_int_equal(db_mmc_parse_config(buf, res.data_len, &c), 0);
    assert_int_equal(c.feature_count, 2);
    assert_false(c.has_profile_list);
    /* RT 1: current features only; all are current with a disc in */
    n = db_mmc_cdb_get_configuration(cdb, MMC_RT_CURRENT, 0, sizeof buf);
    assert_int_equal(raw(&d, cdb, n, buf, sizeof buf, &res), 0);
    assert_int_equal(db_mmc_parse_config(buf, res.data_len, &c), 0);
    assert_int_equal(c.feature_count, 6);
    /* RT 3 is reserved */
    n = db_mmc_cdb_get_configuration(cdb, 3, 0, sizeof buf);
    assert_int_equal(raw(&d, cdb, n, buf, sizeof buf, &res), 0);
    assert_int_equal(res.status, DB_CMD_CHECK);
    assert_int_equal(res.sense.key, 5);
    /* allocation length 8: the header, whose length field still claims all */
    n = db_mmc_cdb_get_configuration(cdb, MMC_RT_ALL, 0, 8);
    assert_int_equal(raw(&d, cdb, n, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 8);
    assert_int_equal(db_mmc_parse_config(buf, res.data_len, &c), 0);
    assert_true(c.truncated);
    assert_int_equal(c.current_profile, MMC_PROFILE_CDROM);
    db_drive_close(&d);
}

static void test_fulltoc(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", "mixed.profile");
    mmc_fulltoc t;
    db_cmd_result res;
    db_error err = { 0 };
    assert_int_equal(db_mmc_read_fulltoc(&d, &t, &res, &err), 0);
    assert_string_equal(t.problem, "");
    assert_int_equal(t.session_count, 1);
    assert_int_equal(t.sessions[0].first_track, 1);
    assert_int_equal(t.sessions[0].last_track, 3);
    assert_int_equal(t.sessions[0].leadout_lba, 90000);
    assert_int_equal(t.track_count, 3);
    assert_int_equal(t.tracks[0].control, 4);
    assert_int_equal(t.tracks[1].control, 0);
    assert_int_equal(t.tracks[1].lba, 45000);
    assert_int_equal(t.tracks[2].lba, 67500);
    /* A0 A1 A2, 3 tracks, C0 (a recordable) */
    assert_int_equal(t.descriptor_count, 7);
    /* the same as format 0 */
    mmc_toc toc;
    assert_int_equal(db_mmc_read_toc(&d, &toc, &err), 0);
    for (int i = 0; i < toc.count; i++)
        assert_int_equal(toc.tracks[i].lba, (uint32_t)t.tracks[i].lba);
    /* a short allocation: truncated but still usable as far as it goes */
    uint8_t cdb[DB_CDB_MAX], buf[64];
    size_t n = db_mmc_cdb_read_toc(cdb, 2, true, 1, 4 + 4 * 11);
    assert_int_equal(raw(&d, cdb, n, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 4 + 4 * 11);
    assert_int_equal(db_mmc_parse_fulltoc(buf, res.data_len, &t), 0);
    assert_true(t.truncated);
    assert_int_equal(t.track_count, 1);
    db_drive_close(&d);

    /* a pressed disc: no C0 */
    tu_open_vdrive(&d, "cav48.profile", NULL);
    assert_int_equal(db_mmc_read_fulltoc(&d, &t, &res, &err), 0);
    assert_int_equal(t.descriptor_count, 4);
    assert_int_equal(t.sessions[0].leadout_lba, 360000);
    db_drive_close(&d);
}

static void test_atip_all_keys(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "cav48.profile", "info_cdrw.profile");
    uint8_t cdb[DB_CDB_MAX], buf[64];
    db_cmd_result res;
    size_t n = db_mmc_cdb_read_toc(cdb, 4, true, 0, sizeof buf);
    assert_int_equal(raw(&d, cdb, n, buf, sizeof buf, &res), 0);
    assert_int_equal(res.data_len, 28);
    /* byte 4: 1, ITWP 3, reference speed code 2 (4x); byte 5: URU;
     * byte 6: 1, CD-RW, sub-type 0, A1 valid; A1: low code 1, high code 2 */
    assert_int_equal(buf[4], 0x80 | 3 << 4 | 2);
    assert_int_equal(buf[5], 0x40);
    assert_int_equal(buf[6], 0x80 | 0x40 | 0x04);
    assert_memory_equal(buf + 8, "\x61\x22\x17", 3);  /* 97:34:23 */
    assert_memory_equal(buf + 12, "\x14\x1E\x00", 3); /* 20:30:00 */
    assert_int_equal(buf[16], 0x12);
    mmc_atip a;
    assert_int_equal(db_mmc_parse_atip(buf, res.data_len, &a), 0);
    int lo, hi;
    db_atip_speed_range(&a, &lo, &hi);
    assert_int_equal(lo, 2);
    assert_int_equal(hi, 4);
    assert_int_equal(db_atip_ref_speed_x(&a), 4);
    assert_int_equal(a.writing_power, 3);
    assert_true(a.uru && a.erasable);
    db_drive_close(&d);

    /* defaults: lead-out = capacity, nothing else declared */
    tu_open_vdrive(&d, "cav48.profile", "cdr80.profile");
    assert_int_equal(raw(&d, cdb, n, buf, sizeof buf, &res), 0);
    assert_int_equal(buf[4], 0x80);
    assert_int_equal(buf[5], 0);
    assert_int_equal(buf[6], 0x80);
    assert_memory_equal(buf + 12, "\x4F\x3B\x4A", 3);
    db_drive_close(&d);
}

static void media_fails(const char *atip_keys, const char *type, const char *want)
{
    char text[1024];
    snprintf(text, sizeof text,
             "[disc]\ntype = %s\ncontent = data\ncapacity_sectors = 359849\n"
             "scanning_velocity_mps = 1.2\ntrack_pitch_um = 1.5\ninner_radius_mm = 25\n"
             "[atip]\nlead_in = 97:26:66\n%s",
             type, atip_keys);
    kv_file kv;
    db_error err = { 0 };
    assert_int_equal(kv_parse("m.profile", text, strlen(text), &kv, &err), 0);
    vd_media_profile mp;
    int rc = vd_media_profile_from_kv(&kv, &mp, &err);
    kv_free(&kv);
    if (rc != -1)
        fail_msg("accepted: %s", atip_keys);
    if (!strstr(err.msg, want))
        fail_msg("got \"%s\", want \"%s\"", err.msg, want);
}

static void drive_fails(const char *keys, const char *want)
{
    char text[1024];
    snprintf(text, sizeof text,
             "[drive]\nvendor = V\nmodel = M\nfirmware = F\ninterface = udma2\ncache_kib = 512\n%s"
             "[data]\nstrategy = CLV\nmax_speed_x = 24\n"
             "[mech]\nspinup_ms = 1\nspindown_ms = 1\nsettle_ms = 1\nfull_stroke_ms = 1\n"
             "command_overhead_us = 1\n",
             keys);
    kv_file kv;
    db_error err = { 0 };
    assert_int_equal(kv_parse("d.profile", text, strlen(text), &kv, &err), 0);
    vd_drive_profile dp;
    int rc = vd_drive_profile_from_kv(&kv, &dp, &err);
    kv_free(&kv);
    if (rc != -1)
        fail_msg("accepted: %s", keys);
    if (!strstr(err.msg, want))
        fail_msg("got \"%s\", want \"%s\"", err.msg, want);
}

static void test_profile_keys(void **state)
{
    (void)state;
    media_fails("lead_out = 79:59:70\n", "CD-R", "m.profile:10: 'lead_out' 79:59:70 is LBA 359845, before");
    media_fails("lead_out = 79:60:00\n", "CD-R", "m.profile:10: 'lead_out' must be MM:SS:FF");
    media_fails("sub_type = 8\n", "CD-R", "m.profile:10:");
    media_fails("writing_power = 2.5\n", "CD-R", "m.profile:10: 'writing_power' must be a whole number");
    media_fails("reference_speed_x = 3\n", "CD-R", "'reference_speed_x' must be 2, 4, 6 or 8");
    media_fails("speed_low_x = 2\n", "CD-R", "'speed_low_x' and 'speed_high_x' go together");
    media_fails("speed_low_x = 2\nspeed_high_x = 10\n", "CD-R",
                "m.profile:11: the ATIP of this disc (CD-R, sub-type 0) can declare the speeds 2, 4, 6, 8 x only");
    media_fails("speed_low_x = 8\nspeed_high_x = 4\n", "CD-R", "'speed_low_x' (8) is above 'speed_high_x' (4)");
    media_fails("unrestricted = maybe\n", "CD-R", "m.profile:10:");
    /* 10x is a high-speed CD-RW speed: fine there */
    char ok[1024];
    snprintf(ok, sizeof ok,
             "[disc]\ntype = CD-RW\ncontent = data\ncapacity_sectors = 333750\n"
             "scanning_velocity_mps = 1.2\ntrack_pitch_um = 1.6\ninner_radius_mm = 25\n"
             "[atip]\nlead_in = 97:27:00\nsub_type = 1\nspeed_low_x = 4\nspeed_high_x = 10\n");
    kv_file kv;
    db_error err = { 0 };
    assert_int_equal(kv_parse("ok.profile", ok, strlen(ok), &kv, &err), 0);
    vd_media_profile mp;
    if (vd_media_profile_from_kv(&kv, &mp, &err))
        fail_msg("%s", err.msg);
    kv_free(&kv);
    assert_true(mp.atip.has_speeds);
    assert_int_equal(mp.atip.speed_low_code, 2);
    assert_int_equal(mp.atip.speed_high_code, 4);
    assert_int_equal(mp.atip.lead_out_m, 74);
    assert_int_equal(mp.atip.lead_out_s, 12);

    drive_fails("c2 = 295\n", "d.profile:7:");
    drive_fails("writes = DVD\n", "d.profile:7:");
    drive_fails("c2 = none\nc2 = 294\n", "d.profile:8:");
}

static void test_shipped_media(void **state)
{
    (void)state;
    /* every shipped media profile loads; every recordable has an ATIP
     * whose lead-out is at or past its capacity */
    const char *src = getenv("DB_SRC");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/profiles/media", src ? src : ".");
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int recordables = 0;
    for (struct dirent *e; (e = readdir(dp));) {
        size_t n = strlen(e->d_name);
        if (n < 9 || strcmp(e->d_name + n - 8, ".profile"))
            continue;
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        vd_media_profile mp;
        db_error err = { 0 };
        if (vd_media_profile_load(p, &mp, &err))
            fail_msg("%s", err.msg);
        if (mp.type == VD_MEDIA_PRESSED)
            continue;
        recordables++;
        if (!mp.has_atip)
            fail_msg("%s: a recordable without [atip]", e->d_name);
        int32_t lo = db_msf_to_lba(mp.atip.lead_out_m, mp.atip.lead_out_s, mp.atip.lead_out_f);
        assert_true(lo >= (int32_t)mp.capacity_sectors);
    }
    closedir(dp);
    assert_true(recordables >= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_recorder),
        cmocka_unit_test(test_config_reader),
        cmocka_unit_test(test_config_request_types),
        cmocka_unit_test(test_fulltoc),
        cmocka_unit_test(test_atip_all_keys),
        cmocka_unit_test(test_profile_keys),
        cmocka_unit_test(test_shipped_media),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
