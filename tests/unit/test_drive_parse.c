/* test_drive_parse.c - response parsers on good, short and lying input.
 * Each parse of a bad response is also run on an exact-size heap copy, so
 * AddressSanitizer catches a read one byte past the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "drive/mmc.h"

/* Exact-size heap copy (at least 1 byte so malloc(0) is not in play). */
static uint8_t *dup_exact(const uint8_t *p, size_t n)
{
    uint8_t *d = malloc(n ? n : 1);
    assert_non_null(d);
    if (n)
        memcpy(d, p, n);
    return d;
}

/* ---- INQUIRY ---- */

static void make_inquiry(uint8_t b[96])
{
    memset(b, 0, 96);
    b[0] = 0x05;
    b[1] = 0x80;
    b[2] = 0x00;
    b[3] = 0x32;
    b[4] = 91; /* 96 - 5 */
    memcpy(b + 8, "LITE-ON ", 8);
    memcpy(b + 16, "LTR-40125S      ", 16);
    memcpy(b + 32, "ZS0K", 4);
    memcpy(b + 36, "2002/01/21          ", 20);
}

static void test_inquiry(void **state)
{
    (void)state;
    uint8_t b[96];
    mmc_inquiry q;
    make_inquiry(b);
    assert_int_equal(db_mmc_parse_inquiry(b, sizeof b, &q), 0);
    assert_int_equal(q.peripheral_type, 5);
    assert_true(q.removable);
    assert_string_equal(q.vendor, "LITE-ON");
    assert_string_equal(q.product, "LTR-40125S");
    assert_string_equal(q.revision, "ZS0K");
    assert_string_equal(q.vendor_specific, "2002/01/21");

    /* 36 bytes: no vendor-specific part. */
    b[4] = 31;
    assert_int_equal(db_mmc_parse_inquiry(b, 36, &q), 0);
    assert_string_equal(q.product, "LTR-40125S");
    assert_string_equal(q.vendor_specific, "");

    /* Non-printable bytes become '?'; NUL padding is padding. */
    make_inquiry(b);
    b[9] = 0x07;
    b[10] = 0xC3;
    memset(b + 16, 0, 16);
    memcpy(b + 16, "DRIVE\0X", 7);
    assert_int_equal(db_mmc_parse_inquiry(b, sizeof b, &q), 0);
    assert_string_equal(q.vendor, "L??E-ON");
    assert_string_equal(q.product, "DRIVE?X");
    /* All blanks: empty. */
    memset(b + 32, ' ', 4);
    assert_int_equal(db_mmc_parse_inquiry(b, sizeof b, &q), 0);
    assert_string_equal(q.revision, "");
}

static void test_inquiry_short_and_lying(void **state)
{
    (void)state;
    uint8_t b[96];
    mmc_inquiry q;
    make_inquiry(b);
    for (size_t n = 0; n < 36; n++) {
        uint8_t *h = dup_exact(b, n);
        assert_int_equal(db_mmc_parse_inquiry(h, n, &q), -1);
        assert_string_equal(q.vendor, "");
        free(h);
    }
    /* Additional length claims 255 bytes, 40 arrived: clamped. */
    b[4] = 250;
    uint8_t *h = dup_exact(b, 40);
    assert_int_equal(db_mmc_parse_inquiry(h, 40, &q), 0);
    assert_string_equal(q.vendor_specific, "2002");
    free(h);
    /* Additional length says the identification is not there. */
    b[4] = 20;
    assert_int_equal(db_mmc_parse_inquiry(b, sizeof b, &q), -1);
    assert_int_equal(db_mmc_parse_inquiry(NULL, 96, &q), -1);
}

/* ---- READ CAPACITY ---- */

static void test_read_capacity(void **state)
{
    (void)state;
    const uint8_t b[8] = { 0x00, 0x05, 0x7D, 0xA8, 0x00, 0x00, 0x08, 0x00 };
    mmc_capacity c;
    assert_int_equal(db_mmc_parse_read_capacity(b, 8, &c), 0);
    assert_int_equal(c.last_lba, 359848);
    assert_int_equal(c.block_bytes, 2048);
    uint8_t *h = dup_exact(b, 7);
    assert_int_equal(db_mmc_parse_read_capacity(h, 7, &c), -1);
    assert_int_equal(c.last_lba, 0);
    free(h);
}

/* ---- TOC ---- */

static size_t put_desc(uint8_t *b, size_t at, uint8_t ctl_adr, uint8_t track, uint32_t lba)
{
    uint8_t *d = b + at;
    d[0] = 0;
    d[1] = ctl_adr;
    d[2] = track;
    d[3] = 0;
    d[4] = (uint8_t)(lba >> 24);
    d[5] = (uint8_t)(lba >> 16);
    d[6] = (uint8_t)(lba >> 8);
    d[7] = (uint8_t)lba;
    return at + 8;
}

static void put_len(uint8_t *b, size_t total)
{
    b[0] = (uint8_t)((total - 2) >> 8);
    b[1] = (uint8_t)(total - 2);
}

/* A mixed-mode disc: data track 1, audio 2 and 3, lead-out at 80 minutes. */
static size_t make_toc(uint8_t *b)
{
    size_t at = 4;
    b[2] = 1;
    b[3] = 3;
    at = put_desc(b, at, 0x14, 1, 0);
    at = put_desc(b, at, 0x10, 2, 150000);
    at = put_desc(b, at, 0x10, 3, 250000);
    at = put_desc(b, at, 0x10, 0xAA, 359849);
    put_len(b, at);
    return at;
}

static void test_toc(void **state)
{
    (void)state;
    uint8_t b[804] = { 0 };
    size_t n = make_toc(b);
    assert_int_equal(n, 36);
    mmc_toc t;
    /* The buffer the helper uses is 804 bytes; only the data length counts. */
    assert_int_equal(db_mmc_parse_toc(b, sizeof b, &t), 0);
    assert_int_equal(t.first_track, 1);
    assert_int_equal(t.last_track, 3);
    assert_int_equal(t.count, 3);
    assert_int_equal(t.tracks[0].number, 1);
    assert_int_equal(t.tracks[0].control, 4);
    assert_int_equal(t.tracks[0].adr, 1);
    assert_true(db_mmc_track_is_data(&t.tracks[0]));
    assert_false(db_mmc_track_is_data(&t.tracks[1]));
    assert_int_equal(t.tracks[1].lba, 150000);
    assert_int_equal(t.tracks[2].number, 3);
    assert_int_equal(t.tracks[2].lba, 250000);
    assert_int_equal(t.leadout_lba, 359849);
}

static void test_toc_truncated(void **state)
{
    (void)state;
    uint8_t b[64] = { 0 };
    size_t n = make_toc(b);
    mmc_toc t;
    /* Every cut before the lead-out descriptor is complete fails; the
     * tracks before the cut are still read without overrunning. */
    for (size_t len = 0; len < n; len++) {
        uint8_t *h = dup_exact(b, len);
        assert_int_equal(db_mmc_parse_toc(h, len, &t), -1);
        if (len >= 4)
            assert_int_equal(t.count, (int)((len - 4) / 8 > 3 ? 3 : (len - 4) / 8));
        free(h);
    }
    uint8_t *h = dup_exact(b, n);
    assert_int_equal(db_mmc_parse_toc(h, n, &t), 0);
    free(h);
}

static void test_toc_lying_length(void **state)
{
    (void)state;
    uint8_t b[64] = { 0 };
    size_t n = make_toc(b);
    mmc_toc t;
    /* Claims 65535 bytes; 36 arrived. */
    b[0] = 0xFF;
    b[1] = 0xFF;
    uint8_t *h = dup_exact(b, n);
    assert_int_equal(db_mmc_parse_toc(h, n, &t), 0);
    assert_int_equal(t.count, 3);
    assert_int_equal(t.leadout_lba, 359849);
    free(h);
    /* Claims less than arrived: only the claimed part is read (the
     * lead-out falls outside, so there is no usable TOC). */
    put_len(b, 4 + 3 * 8);
    assert_int_equal(db_mmc_parse_toc(b, n, &t), -1);
    assert_int_equal(t.count, 3);
    /* A length field smaller than the header. */
    b[0] = 0;
    b[1] = 0;
    assert_int_equal(db_mmc_parse_toc(b, n, &t), -1);
    assert_int_equal(t.count, 0);
}

static void test_toc_zero_tracks_and_limits(void **state)
{
    (void)state;
    uint8_t b[2048] = { 0 };
    mmc_toc t;
    /* Lead-out only. */
    b[2] = 1;
    b[3] = 0;
    size_t at = put_desc(b, 4, 0x10, 0xAA, 1000);
    put_len(b, at);
    assert_int_equal(db_mmc_parse_toc(b, at, &t), -1);
    assert_int_equal(t.count, 0);
    /* Header only. */
    put_len(b, 4);
    assert_int_equal(db_mmc_parse_toc(b, 4, &t), -1);

    /* 120 descriptors claiming tracks 1..120: at most 99 tracks + lead-out
     * are looked at, out-of-range numbers are skipped. */
    at = 4;
    for (int i = 1; i <= 120; i++)
        at = put_desc(b, at, 0x10, (uint8_t)i, (uint32_t)i * 1000);
    put_len(b, at);
    assert_int_equal(db_mmc_parse_toc(b, at, &t), -1); /* no lead-out among the first 100 */
    assert_int_equal(t.count, 99);
    assert_int_equal(t.tracks[98].number, 99);

    /* Track 0 and 100 are skipped, the lead-out is found. */
    at = 4;
    at = put_desc(b, at, 0x14, 0, 5);
    at = put_desc(b, at, 0x14, 1, 0);
    at = put_desc(b, at, 0x14, 100, 7);
    at = put_desc(b, at, 0x14, 0xAA, 9000);
    put_len(b, at);
    assert_int_equal(db_mmc_parse_toc(b, at, &t), 0);
    assert_int_equal(t.count, 1);
    assert_int_equal(t.leadout_lba, 9000);
}

/* ---- MODE SENSE(10) page 2A ---- */

/* Header (8) + bd_len bytes of block descriptors + a 0x14-length page 2A. */
static size_t make_caps(uint8_t *b, size_t bd_len)
{
    size_t total = 8 + bd_len + 2 + 0x14;
    memset(b, 0, total);
    b[0] = (uint8_t)((total - 2) >> 8);
    b[1] = (uint8_t)(total - 2);
    b[6] = (uint8_t)(bd_len >> 8);
    b[7] = (uint8_t)bd_len;
    uint8_t *p = b + 8 + bd_len;
    p[0] = 0x2A;
    p[1] = 0x14;
    p[2] = 0x03;               /* CD-R and CD-RW read */
    p[5] = 0x01 | 0x02 | 0x10; /* CD-DA, accurate stream, C2 pointers */
    p[8] = 0x1B;               /* max 7056 kB/s = 40x */
    p[9] = 0x90;
    p[12] = 0x08;              /* 2048 KiB */
    p[13] = 0x00;
    p[14] = 0x0B;              /* current 2823 */
    p[15] = 0x07;
    return total;
}

static void test_caps(void **state)
{
    (void)state;
    uint8_t b[256];
    mmc_caps c;
    size_t n = make_caps(b, 0);
    assert_int_equal(db_mmc_parse_caps_page(b, n, &c), 0);
    assert_true(c.cd_r_read);
    assert_true(c.cd_rw_read);
    assert_true(c.cdda_supported);
    assert_true(c.accurate_stream);
    assert_true(c.c2_pointers);
    assert_int_equal(c.max_read_kbs, 7056);
    assert_int_equal(c.buffer_kib, 2048);
    assert_int_equal(c.current_read_kbs, 2823);
    assert_int_equal(c.page_len, 0x14);

    /* With an 8-byte block descriptor in front of the page. */
    n = make_caps(b, 8);
    memset(b + 8, 0xA5, 8);
    assert_int_equal(db_mmc_parse_caps_page(b, n, &c), 0);
    assert_int_equal(c.max_read_kbs, 7056);
    assert_true(c.c2_pointers);

    /* PS bit set in the page code byte is fine. */
    n = make_caps(b, 0);
    b[8] = 0xAA;
    assert_int_equal(db_mmc_parse_caps_page(b, n, &c), 0);

    /* Flags off. */
    n = make_caps(b, 0);
    b[8 + 5] = 0;
    assert_int_equal(db_mmc_parse_caps_page(b, n, &c), 0);
    assert_false(c.c2_pointers);
    assert_false(c.accurate_stream);
}

static void test_caps_bad(void **state)
{
    (void)state;
    uint8_t b[256];
    mmc_caps c;
    /* Wrong page code. */
    size_t n = make_caps(b, 0);
    b[8] = 0x01;
    assert_int_equal(db_mmc_parse_caps_page(b, n, &c), -1);
    assert_false(c.c2_pointers);

    /* Short: every cut before the page's byte 15. */
    n = make_caps(b, 0);
    for (size_t len = 0; len < 8 + 16; len++) {
        uint8_t *h = dup_exact(b, len);
        assert_int_equal(db_mmc_parse_caps_page(h, len, &c), -1);
        free(h);
    }
    uint8_t *h = dup_exact(b, 8 + 16);
    assert_int_equal(db_mmc_parse_caps_page(h, 8 + 16, &c), 0);
    free(h);

    /* A page length too small for the fields we need. */
    n = make_caps(b, 0);
    b[9] = 0x0A;
    assert_int_equal(db_mmc_parse_caps_page(b, n, &c), -1);

    /* A block descriptor length pointing past the data. */
    n = make_caps(b, 0);
    b[6] = 0x01;
    b[7] = 0x00;
    assert_int_equal(db_mmc_parse_caps_page(b, n, &c), -1);
    b[6] = 0xFF;
    b[7] = 0xFF;
    assert_int_equal(db_mmc_parse_caps_page(b, n, &c), -1);

    /* Mode data length claiming less than the page. */
    n = make_caps(b, 0);
    b[0] = 0;
    b[1] = 10;
    assert_int_equal(db_mmc_parse_caps_page(b, n, &c), -1);

    /* Mode data length claiming more than arrived: clamped, still parsed. */
    n = make_caps(b, 0);
    b[0] = 0x7F;
    h = dup_exact(b, n);
    assert_int_equal(db_mmc_parse_caps_page(h, n, &c), 0);
    free(h);
}

/* ---- sense ---- */

static void test_sense_fixed(void **state)
{
    (void)state;
    const uint8_t f[18] = { 0xF0, 0, 0x03, 0, 0, 0x10, 0, 10, 0, 0, 0, 0, 0x11, 0x05, 0, 0, 0, 0 };
    db_sense s;
    assert_int_equal(db_mmc_parse_sense(f, sizeof f, &s), 0); /* 0xF0: valid bit + 70h */
    assert_int_equal(s.key, 3);
    assert_int_equal(s.asc, 0x11);
    assert_int_equal(s.ascq, 0x05);
    assert_int_equal(s.raw_len, 18);
    assert_memory_equal(s.raw, f, 18);

    /* Additional length stops before the ASC: key only. */
    uint8_t g[18];
    memcpy(g, f, sizeof g);
    g[7] = 0;
    assert_int_equal(db_mmc_parse_sense(g, sizeof g, &s), 0);
    assert_int_equal(s.key, 3);
    assert_int_equal(s.asc, 0);
    /* Cut at 12 bytes: key only, nothing read past the end. */
    uint8_t *h = dup_exact(f, 12);
    assert_int_equal(db_mmc_parse_sense(h, 12, &s), 0);
    assert_int_equal(s.key, 3);
    assert_int_equal(s.asc, 0);
    free(h);
    /* Deferred error (71h). */
    memcpy(g, f, sizeof g);
    g[0] = 0x71;
    assert_int_equal(db_mmc_parse_sense(g, sizeof g, &s), 0);
    assert_int_equal(s.asc, 0x11);

    /* More than DB_SENSE_MAX bytes: raw is capped. */
    uint8_t big[64] = { 0x70, 0, 0x06, 0, 0, 0, 0, 56, 0, 0, 0, 0, 0x28, 0x00 };
    assert_int_equal(db_mmc_parse_sense(big, sizeof big, &s), 0);
    assert_int_equal(s.raw_len, DB_SENSE_MAX);
    assert_int_equal(s.key, 6);
    assert_int_equal(s.asc, 0x28);
}

static void test_sense_descriptor(void **state)
{
    (void)state;
    const uint8_t d[8] = { 0x72, 0x05, 0x24, 0x00, 0, 0, 0, 0 };
    db_sense s;
    assert_int_equal(db_mmc_parse_sense(d, sizeof d, &s), 0);
    assert_int_equal(s.key, 5);
    assert_int_equal(s.asc, 0x24);
    assert_int_equal(s.ascq, 0);
    uint8_t e[8];
    memcpy(e, d, 8);
    e[0] = 0x73;
    e[1] = 0x02;
    e[2] = 0x04;
    e[3] = 0x01;
    assert_int_equal(db_mmc_parse_sense(e, sizeof e, &s), 0);
    assert_int_equal(s.key, 2);
    assert_int_equal(s.ascq, 1);
}

static void test_sense_short_and_unknown(void **state)
{
    (void)state;
    const uint8_t f[18] = { 0x70, 0, 0x03, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x11, 0x00 };
    db_sense s;
    for (size_t n = 0; n < 8; n++) {
        uint8_t *h = dup_exact(f, n);
        assert_int_equal(db_mmc_parse_sense(h, n, &s), -1);
        assert_int_equal(s.key, 0);
        free(h);
    }
    uint8_t g[18];
    memcpy(g, f, sizeof g);
    g[0] = 0x00;
    assert_int_equal(db_mmc_parse_sense(g, sizeof g, &s), -1);
    g[0] = 0x7F;
    assert_int_equal(db_mmc_parse_sense(g, sizeof g, &s), -1);
    assert_int_equal(db_mmc_parse_sense(NULL, 18, &s), -1);
}

static void test_sense_texts(void **state)
{
    (void)state;
    assert_string_equal(db_mmc_sense_key_name(0), "NO SENSE");
    assert_string_equal(db_mmc_sense_key_name(2), "NOT READY");
    assert_string_equal(db_mmc_sense_key_name(3), "MEDIUM ERROR");
    assert_string_equal(db_mmc_sense_key_name(4), "HARDWARE ERROR");
    assert_string_equal(db_mmc_sense_key_name(5), "ILLEGAL REQUEST");
    assert_string_equal(db_mmc_sense_key_name(6), "UNIT ATTENTION");
    for (int k = 0; k < 256; k++)
        assert_non_null(db_mmc_sense_key_name((uint8_t)k));

    assert_string_equal(db_mmc_asc_text(0x04, 0x01), "becoming ready");
    assert_string_equal(db_mmc_asc_text(0x3A, 0x00), "medium not present");
    assert_string_equal(db_mmc_asc_text(0x11, 0x00), "unrecovered read error");
    assert_string_equal(db_mmc_asc_text(0x11, 0x05), "L-EC uncorrectable error");
    assert_string_equal(db_mmc_asc_text(0x02, 0x00), "no seek complete");
    assert_string_equal(db_mmc_asc_text(0x20, 0x00), "invalid command operation code");
    assert_string_equal(db_mmc_asc_text(0x21, 0x00), "logical block address out of range");
    assert_string_equal(db_mmc_asc_text(0x24, 0x00), "invalid field in CDB");
    assert_string_equal(db_mmc_asc_text(0x64, 0x00), "illegal mode for this track");
    assert_string_equal(db_mmc_asc_text(0x28, 0x00), "medium may have changed");
    assert_non_null(strstr(db_mmc_asc_text(0x29, 0x00), "reset"));
    assert_non_null(db_mmc_asc_text(0x09, 0x02)); /* focus servo: a hardware error */
    assert_non_null(db_mmc_asc_text(0x44, 0x00));
    /* Qualifier fallback, and unknown pairs. */
    assert_string_equal(db_mmc_asc_text(0x3A, 0x07), "medium not present");
    assert_null(db_mmc_asc_text(0xE0, 0x00));
    assert_null(db_mmc_asc_text(0x24, 0x05));
}

static void test_describe(void **state)
{
    (void)state;
    db_cmd_result r;
    char line[160];
    memset(&r, 0, sizeof r);
    r.status = DB_CMD_CHECK;
    r.sense.key = 3;
    r.sense.asc = 0x11;
    db_result_describe(&r, line, sizeof line);
    assert_string_equal(line, "MEDIUM ERROR (03/11/00: unrecovered read error)");
    r.sense.asc = 0xE5;
    r.sense.ascq = 0x1F;
    db_result_describe(&r, line, sizeof line);
    assert_string_equal(line, "MEDIUM ERROR (03/E5/1F)");
    r.status = DB_CMD_GOOD;
    db_result_describe(&r, line, sizeof line);
    assert_string_equal(line, "GOOD");
    r.status = DB_CMD_REFUSED;
    db_result_describe(&r, line, sizeof line);
    assert_non_null(strstr(line, "refused"));
    r.status = DB_CMD_TRANSPORT;
    db_result_describe(&r, line, sizeof line);
    assert_non_null(strstr(line, "transport"));
    /* Truncation is safe. */
    r.status = DB_CMD_CHECK;
    db_result_describe(&r, line, 5);
    assert_int_equal(strlen(line), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inquiry),
        cmocka_unit_test(test_inquiry_short_and_lying),
        cmocka_unit_test(test_read_capacity),
        cmocka_unit_test(test_toc),
        cmocka_unit_test(test_toc_truncated),
        cmocka_unit_test(test_toc_lying_length),
        cmocka_unit_test(test_toc_zero_tracks_and_limits),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_caps_bad),
        cmocka_unit_test(test_sense_fixed),
        cmocka_unit_test(test_sense_descriptor),
        cmocka_unit_test(test_sense_short_and_unknown),
        cmocka_unit_test(test_sense_texts),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
