/* Drive and disc identification (bench/info.h): gathered from the virtual
 * drive with shipped and test profiles, and from a scripted fake drive
 * that refuses, lies and sends garbage; the label check; the vendor
 * protocol table; the "what can be tested" reasons; the JSON writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bench/info.h"
#include "bench/scanproto.h"
#include "report/json.h"
#include "vdrive/vdrive.h"
#include "testutil.h"

static const db_info_test *test_named(const db_info *o, const char *name)
{
    for (int i = 0; i < DB_INFO_TESTS; i++)
        if (o->tests[i].name && !strcmp(o->tests[i].name, name))
            return &o->tests[i];
    fail_msg("no test %s", name);
    return NULL;
}

static db_info *gather(db_drive *d, const char *label)
{
    db_info *o = malloc(sizeof *o);
    db_info_gather(d, label, o);
    return o;
}

static void test_liteon_cmc(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "@liteon-ltr40125s", "@cdr-80");
    db_info *o = gather(&d, "ATT 48x");
    assert_true(o->opened && o->inquiry_ok && o->caps_ok && o->config_ok && o->ready);
    assert_true(o->simulated);
    assert_string_equal(o->inquiry.vendor, "LITE-ON");
    assert_string_equal(o->interface, "ATAPI (udma2)");
    assert_int_equal(o->kind, DB_DISC_CDR);
    assert_true(o->atip_ok);
    assert_true(o->maker_known);
    assert_string_equal(o->maker.short_name, "CMC Magnetics");
    assert_int_equal(o->lead_in_lba, -11634);
    assert_int_equal(o->lead_out_lba, 359846);
    assert_int_equal(o->atip.sub_type, 3);
    assert_int_equal(o->atip.writing_power, 5);
    assert_true(o->label_checked);
    assert_false(o->label_matches);
    assert_string_equal(o->label_verdict, "sold as ATT, made by CMC Magnetics");
    assert_int_equal(o->track_count, 1);
    assert_int_equal(o->tracks[0].mode, 1);
    assert_int_equal(o->tracks[0].sectors, 359846);
    assert_int_equal(o->sessions, 1);
    assert_true(o->c2_claimed);
    assert_int_equal(o->c2_probe, 1);
    assert_int_equal(o->c2_probe_bytes, 294);
    assert_int_equal(o->vendor_scan.family, DB_SCAN_FAMILY_LITEON);
    assert_string_equal(o->vendor_scan.variant, "old");
    assert_true(test_named(o, "transfer")->can);
    assert_false(test_named(o, "dae")->can);
    assert_string_equal(test_named(o, "dae")->why, "no audio tracks on this disc");
    assert_true(test_named(o, "c2scan")->can);
    /* the family applies; whether it runs depends on this version having it */
    const db_info_test *q = test_named(o, "quality");
    assert_int_equal(q->can, o->vendor_scan.implemented);
    assert_non_null(strstr(q->why, o->vendor_scan.implemented ? "liteon protocol (vendor LITE-ON"
                                                              : "not yet implemented in this version"));
    assert_string_equal(o->drive_key, "LITE-ON|LTR-40125S|ZS0K");
    assert_string_equal(o->media_key, "CD-R|97:26:66|359846");
    free(o);
    db_drive_close(&d);
}

static void test_reader_and_mixed(void **state)
{
    (void)state;
    db_drive d;
    /* a USB reader without C2: no ATIP, and the CD-R looks like a CD-ROM */
    tu_open_vdrive(&d, "info_reader.profile", "mixed.profile");
    db_info *o = gather(&d, "TDK 52x");
    assert_string_equal(o->interface, "USB (usb2)");
    assert_false(o->atip_ok);
    assert_non_null(strstr(o->atip_why, "cannot read it"));
    assert_int_equal(o->kind, DB_DISC_PRESSED);
    assert_non_null(strstr(o->kind_basis, "cannot tell apart"));
    assert_false(o->label_checked);
    assert_int_equal(o->track_count, 3);
    assert_int_equal(o->data_tracks, 1);
    assert_int_equal(o->audio_tracks, 2);
    assert_int_equal(o->tracks[0].sectors, 45000);
    assert_int_equal(o->tracks[1].sectors, 22500);
    assert_int_equal(o->tracks[2].start_lba, 67500);
    assert_int_equal(o->tracks[2].mode, 0);
    assert_false(o->c2_claimed);
    assert_int_equal(o->c2_probe, -1);
    assert_false(test_named(o, "c2scan")->can);
    assert_non_null(strstr(test_named(o, "c2scan")->why, "reports no C2 error pointers"));
    assert_true(test_named(o, "dae")->can);
    assert_null(strstr(test_named(o, "dae")->why, "accurate stream"));
    assert_false(test_named(o, "quality")->can);
    assert_non_null(strstr(test_named(o, "quality")->why, "no vendor C1/C2 scan protocol is known for VDTEST"));
    free(o);
    db_drive_close(&d);

    /* the same disc in a recorder: CD-RW from the ATIP */
    tu_open_vdrive(&d, "cav48.profile", "mixed.profile");
    o = gather(&d, NULL);
    assert_int_equal(o->kind, DB_DISC_CDRW);
    assert_true(o->maker_known);
    assert_string_equal(o->maker.short_name, "Taiyo Yuden");
    assert_true(test_named(o, "dae")->can);
    assert_non_null(strstr(test_named(o, "dae")->why, "accurate stream"));
    free(o);
    db_drive_close(&d);
}

static void test_broken_c2(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "info_broken_c2.profile", "@cdr-80");
    db_info *o = gather(&d, NULL);
    assert_true(o->c2_claimed);
    assert_int_equal(o->c2_probe, 0);
    assert_non_null(strstr(o->c2_probe_why, "ILLEGAL REQUEST"));
    const db_info_test *t = test_named(o, "c2scan");
    assert_false(t->can);
    assert_non_null(strstr(t->why, "claims C2 pointers"));
    assert_non_null(strstr(t->why, "but refuses them"));
    /* vendor LITE-ON, a DVD writer: the protocol variant is left open (new, then old) */
    assert_int_equal(o->vendor_scan.family, DB_SCAN_FAMILY_LITEON);
    assert_string_equal(o->vendor_scan.variant, "");
    free(o);
    db_drive_close(&d);
}

/* ---- a scripted fake drive ---- */

typedef struct fake {
    bool no_disc;
    bool garbage_atip;     /* an "ATIP" whose lead-in is 00:02:00 */
    bool lying_fulltoc;    /* a full TOC listing track 1 twice and a track beyond A1 */
    bool refuse_toc0;
    bool blank;            /* a blank CD-R: ATIP, no TOC at all */
} fake;

static void fill(uint8_t *buf, size_t len, const uint8_t *src, size_t n, db_cmd_result *res)
{
    size_t k = n < len ? n : len;
    memcpy(buf, src, k);
    res->data_len = k;
}

static int fake_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir, void *vbuf, size_t len,
                     unsigned timeout_ms, db_cmd_result *res)
{
    fake *f = ctx;
    uint8_t *buf = vbuf;
    memset(res, 0, sizeof *res);
    switch (cdb[0]) {
    case 0x12: {
        uint8_t inq[36] = { 5, 0x80, 5, 2, 31 };
        memcpy(inq + 8, "PLEXTOR CD-R   PX-W124TS1.06", 28);
        fill(buf, len, inq, sizeof inq, res);
        return 0;
    }
    case 0x00:
        if (f->no_disc)
            tu_sense(res, 0x02, 0x3A, 0x00);
        return 0;
    case 0x43: {
        uint8_t fmt = cdb[2] & 0x0F;
        if (f->blank && fmt != 4) {
            tu_sense(res, 0x05, 0x24, 0x00);
            return 0;
        }
        if (f->blank) { /* a Ritek CD-R as a public wodim log shows it */
            uint8_t a[28] = { 0, 26, 0, 0, 0x80 | 4 << 4, 0, 0x80 | 2 << 3, 0, 97, 15, 17, 0, 79, 59, 70 };
            fill(buf, len, a, sizeof a, res);
            return 0;
        }
        if (fmt == 0 && !f->refuse_toc0) {
            uint8_t toc[20] = { 0, 18, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0, 0, 0x14, 0xAA, 0, 0, 0, 0x4E, 0x20 };
            fill(buf, len, toc, sizeof toc, res);
            return 0;
        }
        if (fmt == 2 && f->lying_fulltoc) {
            /* A0 A1(1) A2, track 1 twice, track 2 outside A1; length field 0xFFFF */
            uint8_t t[4 + 6 * 11] = { 0xFF, 0xFF, 1, 1 };
            const uint8_t pts[6][4] = { { 0xA0, 1, 0, 0 }, { 0xA1, 1, 0, 0 }, { 0xA2, 0, 28, 50 },
                                        { 1, 0, 2, 0 }, { 1, 0, 3, 0 }, { 2, 0, 10, 0 } };
            for (int i = 0; i < 6; i++) {
                uint8_t *p = t + 4 + 11 * i;
                p[0] = 1;
                p[1] = 0x14;
                p[3] = pts[i][0];
                p[8] = pts[i][1];
                p[9] = pts[i][2];
                p[10] = pts[i][3];
            }
            fill(buf, len, t, sizeof t, res);
            return 0;
        }
        if (fmt == 4 && f->garbage_atip) {
            uint8_t a[28] = { 0, 26, 0, 0, 0x80, 0, 0x80, 0, 0, 2, 0, 0, 79, 59, 74 };
            fill(buf, len, a, sizeof a, res);
            return 0;
        }
        tu_sense(res, 0x05, 0x24, 0x00);
        return 0;
    }
    default: /* MODE SENSE, GET CONFIGURATION, READ CD: not this drive's */
        tu_sense(res, 0x05, 0x20, 0x00);
        return 0;
    }
}

static uint64_t fake_now(void *ctx) { (void)ctx; return 0; }
static void fake_close(void *ctx) { (void)ctx; }
static const struct db_transport_ops fake_ops = { "fake", fake_exec, fake_close };
static const struct db_clock_ops fake_clock = { .now_ns = fake_now };

/* Attach fake f as the bench sees a real drive: not simulated. */
static void make_fake(fake *f, db_drive *d)
{
    tu_fake_attach(d, &fake_ops, &fake_clock, f, false);
}

static void test_fake_refusals(void **state)
{
    (void)state;
    fake f = { .garbage_atip = true, .lying_fulltoc = true };
    db_drive d;
    make_fake(&f, &d);
    db_info *o = gather(&d, "Verbatim");
    assert_true(o->inquiry_ok);
    assert_false(o->simulated);
    assert_false(o->caps_ok);
    assert_non_null(strstr(o->caps_why, "MODE SENSE page 2A failed"));
    assert_false(o->config_ok);
    assert_non_null(strstr(o->config_why, "not supported by this drive"));
    assert_string_equal(o->interface, "unknown (no GET CONFIGURATION core feature)");
    /* garbage ATIP: ignored with a reason, no manufacturer, no label check */
    assert_false(o->atip_ok);
    assert_non_null(strstr(o->atip_why, "00:02:00 is not in the lead-in"));
    assert_false(o->label_checked);
    /* lying full TOC: used, its problem named; format 0 gives the tracks */
    assert_true(o->fulltoc_ok);
    assert_true(o->fulltoc.truncated);
    assert_string_equal(o->fulltoc.problem, "track 1 is listed more than once");
    assert_int_equal(o->track_count, 1);
    assert_int_equal(o->leadout_lba, 20000);
    assert_int_equal(o->tracks[0].mode, 0); /* READ CD refused: mode unknown */
    assert_int_equal(o->kind, DB_DISC_PRESSED);
    /* Plextor: its family; no page 2A: DAE "cannot tell", no C2 */
    assert_int_equal(o->vendor_scan.family, DB_SCAN_FAMILY_PLEXTOR);
    assert_false(test_named(o, "c2scan")->can);
    assert_false(test_named(o, "dae")->can);
    assert_true(test_named(o, "seek")->can);
    free(o);

    /* format 0 refused: the full TOC alone gives the tracks */
    f.refuse_toc0 = true;
    o = gather(&d, NULL);
    assert_false(o->toc_ok);
    assert_int_equal(o->track_count, 2);
    assert_int_equal(o->leadout_lba, 28 * 75 + 50 - 150);
    free(o);
}

static void test_fake_no_disc(void **state)
{
    (void)state;
    fake f = { .no_disc = true };
    db_drive d;
    make_fake(&f, &d);
    db_info *o = gather(&d, NULL);
    assert_false(o->ready);
    assert_int_equal(o->kind, DB_DISC_NONE);
    assert_non_null(strstr(o->ready_why, "no disc in the drive"));
    for (int i = 0; i < DB_INFO_TESTS; i++) {
        assert_false(o->tests[i].can);
        assert_non_null(strstr(o->tests[i].why, "no disc in the drive"));
    }
    assert_int_equal(o->track_count, 0);
    free(o);
}

static void test_fake_blank(void **state)
{
    (void)state;
    fake f = { .blank = true };
    db_drive d;
    make_fake(&f, &d);
    db_info *o = gather(&d, "Ritek");
    assert_true(o->ready);
    assert_true(o->atip_ok);
    assert_int_equal(o->kind, DB_DISC_BLANK);
    assert_string_equal(db_disc_kind_name(o->kind), "blank");
    assert_non_null(strstr(o->kind_basis, "no table of contents"));
    assert_true(o->maker_known);
    assert_true(o->label_checked && o->label_matches);
    assert_int_equal(o->lead_out_lba, 359845);
    assert_int_equal(o->track_count, 0);
    for (int i = 0; i < DB_INFO_TESTS; i++) {
        assert_false(o->tests[i].can);
        assert_string_equal(o->tests[i].why, "the disc is blank: nothing is recorded to read");
    }
    assert_string_equal(o->media_key, "CD-R|97:15:17|359845");
    free(o);
}

static void test_open_failed(void **state)
{
    (void)state;
    db_error err = { 0 };
    db_error_set(&err, DB_EXIT_DEVICE,
                 "no permission to open /dev/sr0: add yourself to group 'cdrom' (owner of the node), then log in again");
    db_info *o = malloc(sizeof *o);
    db_info_open_failed("/dev/sr0", &err, o);
    assert_false(o->opened);
    assert_int_equal(o->open_code, DB_EXIT_DEVICE);
    assert_string_equal(o->open_fix, "add yourself to group 'cdrom' (owner of the node), then log in again");
    for (int i = 0; i < DB_INFO_TESTS; i++) {
        assert_false(o->tests[i].can);
        assert_non_null(strstr(o->tests[i].why, "group 'cdrom'"));
    }
    db_error_set(&err, DB_EXIT_DEVICE, "no permission to open /x/sr0: a directory on its path is not searchable");
    db_info_open_failed("/x/sr0", &err, o);
    assert_string_equal(o->open_fix, "make every directory on the path to /x/sr0 searchable for you");
    db_error_set(&err, DB_EXIT_DEVICE, "cannot open /dev/sr9: No such file or directory");
    db_info_open_failed("/dev/sr9", &err, o);
    assert_string_equal(o->open_fix, "");
    assert_non_null(strstr(o->tests[0].why, "No such file"));
    free(o);
}

static void test_label(void **state)
{
    (void)state;
    db_atip_maker cmc = { .name = "CMC Magnetics Corporation", .short_name = "CMC Magnetics",
                          .also_sold_as = "Daxon, Verbatim, Memorex" };
    db_atip_maker mcc = { .name = "Mitsubishi Chemical Corporation",
                          .short_name = "Mitsubishi Chemical (Verbatim)" };
    db_info *o = malloc(sizeof *o);
    memset(o, 0, sizeof *o);
    db_info_check_label("ATT 48x", &cmc, o);
    assert_true(o->label_checked && !o->label_matches);
    assert_string_equal(o->label_brand, "ATT");
    assert_string_equal(o->label_verdict, "sold as ATT, made by CMC Magnetics");
    db_info_check_label("  memorex 52x", &cmc, o);
    assert_false(o->label_matches);
    assert_string_equal(o->label_verdict,
                        "sold as memorex, made by CMC Magnetics (memorex is among the brands libburn lists for this code)");
    db_info_check_label("cmc", &cmc, o);
    assert_true(o->label_matches);
    db_info_check_label("Verbatim DataLifePlus", &mcc, o);
    assert_true(o->label_matches);
    assert_string_equal(o->label_verdict, "label and ATIP agree: Verbatim made by Mitsubishi Chemical (Verbatim)");
    /* a word inside another word does not count */
    db_info_check_label("Magnet", &cmc, o);
    assert_false(o->label_matches);
    db_info_check_label("   ", &cmc, o);
    assert_false(o->label_checked);
    db_info_check_label(NULL, &cmc, o);
    assert_false(o->label_checked);
    free(o);
}

static void test_scan_families(void **state)
{
    (void)state;
    db_scan_match m;
    db_scan_family_for("LITE-ON", "LTR-40125S", &m);
    assert_int_equal(m.family, DB_SCAN_FAMILY_LITEON);
    assert_string_equal(m.variant, "old");
    db_scan_family_for("lite-on", "DVDRW SOHW-1213S", &m);
    assert_string_equal(m.name, "liteon");
    assert_string_equal(m.variant, "");
    db_scan_family_for("LITEON", "DVD", &m);
    assert_string_equal(m.name, "liteon");
    db_scan_family_for("PLEXTOR", "CD-R   PREMIUM", &m);
    assert_string_equal(m.name, "plextor");
    assert_false(m.by_vendor_only);
    db_scan_family_for("PLEXTOR", "CD-ROM PX-12TS", &m);
    assert_string_equal(m.name, "plextor");
    assert_true(m.by_vendor_only);
    db_scan_family_for("PLEXTOR", "DVDR   PX-806A", &m);
    assert_string_equal(m.name, "liteon");
    db_scan_family_for("SONY", "DVD RW DRU-710A", &m);
    assert_string_equal(m.name, "liteon");
    db_scan_family_for("SONY", "CD-RW  CRX216E", &m);
    assert_string_equal(m.name, "none");
    db_scan_family_for("SAMSUNG", "CD-ROM SC-152C", &m);
    assert_int_equal(m.family, DB_SCAN_FAMILY_NONE);
    assert_false(m.implemented);
    db_scan_family_for(NULL, NULL, &m);
    assert_string_equal(m.name, "none");
    mmc_inquiry inq = { 0 };
    snprintf(inq.vendor, sizeof inq.vendor, "PLEXTOR");
    snprintf(inq.product, sizeof inq.product, "CD-ROM PX-12TS");
    assert_string_equal(db_scan_family(&inq), "plextor");
    snprintf(inq.vendor, sizeof inq.vendor, "HL-DT-ST");
    assert_null(db_scan_family(&inq));
    assert_null(db_scan_family(NULL));
}

static void test_json(void **state)
{
    (void)state;
    db_drive d;
    tu_open_vdrive(&d, "@liteon-ltr40125s", "@cdr-80");
    db_info *o = gather(&d, "ATT 48x");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    db_json j;
    db_json_init(&j, f);
    db_info_write_json(&j, NULL, o);
    assert_int_equal(db_json_finish(&j), 0);
    fclose(f);
    assert_non_null(strstr(text, "\"label_verdict\": \"sold as ATT, made by CMC Magnetics\""));
    assert_non_null(strstr(text, "\"lead_in_msf\": \"97:26:66\""));
    assert_non_null(strstr(text, "\"maker\": \"CMC Magnetics Corporation\""));
    assert_non_null(strstr(text, "\"medium_type\": \"CD-R\""));
    assert_non_null(strstr(text, "\"test_name\": \"quality\""));
    assert_non_null(strstr(text, "\"simulated\": true"));
    /* none of the summary's own top-level keys appear inside info */
    static const char *const summary_keys[] = { "\"status\":", "\"sectors\":", "\"data_tracks\":",
                                                "\"lba_done\":", "\"reason\":", "\"zones_done\":" };
    for (size_t i = 0; i < sizeof summary_keys / sizeof summary_keys[0]; i++)
        if (strstr(text, summary_keys[i]))
            fail_msg("info JSON has %s", summary_keys[i]);
    free(text);
    free(o);
    db_drive_close(&d);

    /* the report of a device that could not be opened is valid JSON too */
    db_error err = { 0 };
    db_error_set(&err, DB_EXIT_DEVICE, "cannot open /dev/sr9: No such file or directory");
    o = malloc(sizeof *o);
    db_info_open_failed("/dev/sr9", &err, o);
    f = open_memstream(&text, &len);
    db_json_init(&j, f);
    db_info_write_json(&j, NULL, o);
    assert_int_equal(db_json_finish(&j), 0);
    fclose(f);
    assert_non_null(strstr(text, "\"opened\": false"));
    free(text);
    free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_liteon_cmc),
        cmocka_unit_test(test_reader_and_mixed),
        cmocka_unit_test(test_broken_c2),
        cmocka_unit_test(test_fake_refusals),
        cmocka_unit_test(test_fake_no_disc),
        cmocka_unit_test(test_fake_blank),
        cmocka_unit_test(test_open_failed),
        cmocka_unit_test(test_label),
        cmocka_unit_test(test_scan_families),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
