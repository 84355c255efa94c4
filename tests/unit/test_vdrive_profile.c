/* Virtual drive profiles: the test profiles parse, and every malformed
 * profile is refused with `path:line: what is wrong`. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/kv.h"
#include "vdrive/profile.h"
#include "testutil.h"

static const char *const GOOD_DRIVE =
    "[drive]\n"                 /* 1 */
    "vendor = VDTEST\n"         /* 2 */
    "model = MODEL\n"           /* 3 */
    "firmware = 1.00\n"         /* 4 */
    "interface = udma2\n"       /* 5 */
    "cache_kib = 2048\n"        /* 6 */
    "[data]\n"                  /* 7 */
    "strategy = CAV\n"          /* 8 */
    "max_speed_x = 48\n"        /* 9 */
    "[mech]\n"                  /* 10 */
    "spinup_ms = 1800\n"        /* 11 */
    "spindown_ms = 900\n"       /* 12 */
    "settle_ms = 12\n"          /* 13 */
    "full_stroke_ms = 110\n"    /* 14 */
    "command_overhead_us = 40\n"; /* 15 */

static const char *const GOOD_MEDIA =
    "[disc]\n"                        /* 1 */
    "type = CD-R\n"                   /* 2 */
    "content = data\n"                /* 3 */
    "capacity_sectors = 359849\n"     /* 4 */
    "scanning_velocity_mps = 1.2\n"   /* 5 */
    "track_pitch_um = 1.5\n"          /* 6 */
    "inner_radius_mm = 25\n"          /* 7 */
    "[atip]\n"                        /* 8 */
    "lead_in = 97:26:66\n";           /* 9 */

/* Replace line `line` (1-based) of text by repl ("" deletes it; repl may
 * hold several lines). */
static char *edit(const char *text, int line, const char *repl)
{
    char *out = malloc(strlen(text) + strlen(repl) + 2);
    out[0] = '\0';
    int n = 1;
    for (const char *p = text; *p; n++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (n == line) {
            strcat(out, repl);
            if (*repl)
                strcat(out, "\n");
        } else {
            strncat(out, p, len);
        }
        p += len;
    }
    return out;
}

static char *append(const char *text, const char *more)
{
    char *out = malloc(strlen(text) + strlen(more) + 1);
    strcpy(out, text);
    strcat(out, more);
    return out;
}

static int parse_drive(const char *text, vd_drive_profile *p, db_error *err)
{
    kv_file kv;
    if (kv_parse("bad.profile", text, strlen(text), &kv, err))
        return -1;
    int rc = vd_drive_profile_from_kv(&kv, p, err);
    kv_free(&kv);
    return rc;
}

static int parse_media(const char *text, vd_media_profile *p, db_error *err)
{
    kv_file kv;
    if (kv_parse("bad.profile", text, strlen(text), &kv, err))
        return -1;
    int rc = vd_media_profile_from_kv(&kv, p, err);
    kv_free(&kv);
    return rc;
}

/* text (freed here) must fail with "bad.profile:LINE: ..." containing what. */
static void expect_fail(char *text, bool media, int line, const char *what)
{
    db_error err = { 0 };
    vd_drive_profile d;
    vd_media_profile m;
    int rc = media ? parse_media(text, &m, &err) : parse_drive(text, &d, &err);
    if (rc == 0)
        fail_msg("accepted:\n%s", text);
    free(text);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "bad.profile:%d: ", line);
    if (strncmp(err.msg, prefix, strlen(prefix)) || !strstr(err.msg, what))
        fail_msg("message '%s' should start with '%s' and contain '%s'", err.msg, prefix, what);
}

static void test_good_profiles(void **state)
{
    (void)state;
    db_error err = { 0 };
    vd_drive_profile d;
    assert_int_equal(parse_drive(GOOD_DRIVE, &d, &err), 0);
    assert_string_equal(d.vendor, "VDTEST");
    assert_string_equal(d.firmware, "1.00");
    assert_int_equal(d.interface, VD_IF_UDMA2);
    assert_int_equal(d.data.strategy, VD_CAV);
    assert_false(d.has_dae);
    assert_int_equal(d.dae.strategy, VD_CAV); /* DAE falls back to [data] */
    assert_true(d.dae.max_speed_x == 48);

    const char *files[] = { "cav48.profile", "pcav.profile", "zclv.profile", "clv_usb1.profile" };
    for (size_t i = 0; i < 4; i++) {
        char *path = tu_data("vdrive", files[i]);
        if (vd_drive_profile_load(path, &d, &err))
            fail_msg("%s", err.msg);
        free(path);
    }
    char *path = tu_data("vdrive", "zclv.profile");
    assert_int_equal(vd_drive_profile_load(path, &d, &err), 0);
    free(path);
    assert_int_equal(d.data.zone_count, 3);
    assert_true(d.data.zone_start_min[1] == 20 && d.data.zone_speed_x[2] == 40);
    assert_int_equal(d.data.speed_count, 5);
    path = tu_data("vdrive", "cav48.profile");
    assert_int_equal(vd_drive_profile_load(path, &d, &err), 0);
    free(path);
    assert_true(d.has_dae);
    assert_int_equal(d.dae.strategy, VD_CLV);

    vd_media_profile m;
    assert_int_equal(parse_media(GOOD_MEDIA, &m, &err), 0);
    assert_int_equal(m.capacity_sectors, 359849);
    assert_true(m.has_atip);
    assert_int_equal(m.lead_in_m, 97);
    assert_int_equal(m.lead_in_s, 26);
    assert_int_equal(m.lead_in_f, 66);
    const char *media[] = { "cdr80.profile", "audio74.profile", "mixed.profile" };
    for (size_t i = 0; i < 3; i++) {
        path = tu_data("vdrive", media[i]);
        if (vd_media_profile_load(path, &m, &err))
            fail_msg("%s", err.msg);
        free(path);
    }
}

static void test_bad_drive_profiles(void **state)
{
    (void)state;
    expect_fail(append(GOOD_DRIVE, "bogus = 1\n"), false, 16, "unknown key 'bogus' in [mech]");
    expect_fail(edit(GOOD_DRIVE, 9, "max_speed_x = fast"), false, 9, "must be a number");
    expect_fail(edit(GOOD_DRIVE, 9, "max_speed_x = 100"), false, 9, "out of range");
    expect_fail(edit(GOOD_DRIVE, 13, "settle_ms = -1"), false, 13, "out of range");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = SPIRAL"), false, 8, "must be one of");
    expect_fail(edit(GOOD_DRIVE, 5, "interface = scsi"), false, 5, "must be one of");
    expect_fail(append(GOOD_DRIVE, "settle_ms = 13\n"), false, 16, "given twice");
    expect_fail(edit(GOOD_DRIVE, 2, "vendor = TOOLONGVENDOR"), false, 2, "characters");
    expect_fail(edit(GOOD_DRIVE, 3, "model = 12345678901234567"), false, 3, "characters");
    expect_fail(edit(GOOD_DRIVE, 4, "firmware = 12345"), false, 4, "characters");
    expect_fail(edit(GOOD_DRIVE, 6, "cache_kib = 8"), false, 6, "out of range");
    /* Z-CLV tables */
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = ZCLV\nzone = 0 24\nzone = 30 32\nzone = 20 40"), false, 11, "ascending");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = ZCLV\nzone = 5 24"), false, 9, "minute 0");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = ZCLV\nzone = 0 52"), false, 9, "zone speed");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = ZCLV\nzone = 0"), false, 9, "START_MINUTE SPEED_X");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = ZCLV"), false, 8, "at least one 'zone'");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = CAV\nzone = 0 24"), false, 9, "only to strategy ZCLV");
    /* start speeds */
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = PCAV\nstart_speed_x = 48"), false, 9, "start_speed_x (48) < max_speed_x");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = PCAV"), false, 8, "needs 'start_speed_x'");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = CLV\nstart_speed_x = 20"), false, 9, "only to strategies CAV and PCAV");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = CAV\nstart_speed_x = 50"), false, 9, "exceeds max_speed_x");
    /* speeds list */
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = CAV\nspeeds = 8 4"), false, 9, "ascending");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = CAV\nspeeds = 8 fast"), false, 9, "numbers");
    expect_fail(edit(GOOD_DRIVE, 8, "strategy = CAV\nspeeds = 8 52"), false, 9, "out of range");
    /* sections */
    expect_fail(append(GOOD_DRIVE, "[mechanics]\nsettle_ms = 3\n"), false, 17, "unknown section [mechanics]");
    expect_fail(edit(GOOD_DRIVE, 1, "oops = 1\n[drive]"), false, 1, "outside any [section]");
}

static void test_bad_media_profiles(void **state)
{
    (void)state;
    expect_fail(edit(GOOD_MEDIA, 2, "type = DVD"), true, 2, "must be one of");
    expect_fail(edit(GOOD_MEDIA, 3, "content = video"), true, 3, "must be one of");
    expect_fail(edit(GOOD_MEDIA, 4, "capacity_sectors = 1000.5"), true, 4, "whole number");
    expect_fail(edit(GOOD_MEDIA, 4, "capacity_sectors = 500000"), true, 4, "out of range");
    expect_fail(edit(GOOD_MEDIA, 5, "scanning_velocity_mps = 2"), true, 5, "out of range");
    expect_fail(edit(GOOD_MEDIA, 6, "track_pitch_um = x"), true, 6, "must be a number");
    expect_fail(edit(GOOD_MEDIA, 9, "lead_in = 97:26"), true, 9, "MM:SS:FF");
    expect_fail(edit(GOOD_MEDIA, 9, "lead_in = 97:60:00"), true, 9, "MM:SS:FF");
    expect_fail(edit(GOOD_MEDIA, 2, "type = pressed"), true, 9, "recordable");
    expect_fail(append(GOOD_MEDIA, "dye = cyanine\n"), true, 10, "unknown key 'dye' in [atip]");
    expect_fail(append(GOOD_MEDIA, "lead_in = 97:24:01\n"), true, 10, "given twice");
}

/* A missing required key has no line: "path: missing ..." */
static void test_missing_keys(void **state)
{
    (void)state;
    db_error err = { 0 };
    vd_drive_profile d;
    char *t = edit(GOOD_DRIVE, 13, "");
    assert_int_equal(parse_drive(t, &d, &err), -1);
    free(t);
    assert_string_equal(err.msg, "bad.profile: missing required key 'settle_ms' in [mech]");
    t = append(GOOD_DRIVE, "[dae]\nstrategy = CLV\n");
    assert_int_equal(parse_drive(t, &d, &err), -1);
    free(t);
    assert_string_equal(err.msg, "bad.profile: missing required key 'max_speed_x' in [dae]");
    char *path = tu_data("vdrive", "does-not-exist.profile");
    assert_int_equal(vd_drive_profile_load(path, &d, &err), -1);
    free(path);
    assert_non_null(strstr(err.msg, "cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_profiles),
        cmocka_unit_test(test_bad_drive_profiles),
        cmocka_unit_test(test_bad_media_profiles),
        cmocka_unit_test(test_missing_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
