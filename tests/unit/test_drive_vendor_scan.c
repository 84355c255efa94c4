/* Vendor C1/C2 scan commands in the drive layer: the exact CDB bytes, the
 * reply parsers (lengths, impossible counts and positions), and the
 * allowlist: exactly these CDBs pass, everything else in the DF, F3 and EA
 * opcode spaces stays refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "drive/drive.h"
#include "drive/vendor_scan.h"

static void expect_cdb(const uint8_t *cdb, size_t n, const uint8_t want[12])
{
    assert_int_equal(n, 12);
    assert_memory_equal(cdb, want, 12);
    for (size_t i = 12; i < DB_CDB_MAX; i++)
        assert_int_equal(cdb[i], 0);
}

static void test_builders(void **state)
{
    (void)state;
    uint8_t c[DB_CDB_MAX];
    memset(c, 0xEE, sizeof c);
    expect_cdb(c, db_liteon_cdb_start(c), (const uint8_t[12]){ 0xDF, 0xA3, 0x00 });
    expect_cdb(c, db_liteon_cdb_end(c), (const uint8_t[12]){ 0xDF, 0xA3, 0x01 });
    expect_cdb(c, db_liteon_cdb_scan(c), (const uint8_t[12]){ 0xDF, 0x82, 0x09 });
    expect_cdb(c, db_liteon_cdb_counters(c), (const uint8_t[12]){ 0xDF, 0x82, 0x05 });
    expect_cdb(c, db_liteon_cdb_reset(c), (const uint8_t[12]){ 0xDF, 0x97 });
    static const uint8_t steps[4] = { 0x02, 0x00, 0x04, 0x02 };
    assert_memory_equal(db_liteon_setup_steps, steps, 4);
    expect_cdb(c, db_liteon_cdb_setup(c, 0x04), (const uint8_t[12]){ 0xDF, 0xA0, 0, 0, 0x04 });
    assert_int_equal(db_liteon_cdb_setup(c, 0x01), 0);
    expect_cdb(c, db_liteon_cdb_scan_new(c), (const uint8_t[12]){ 0xF3, 0x0E });
    expect_cdb(c, db_plextor_cdb_start(c), (const uint8_t[12]){ 0xEA, 0x15, 0x00, 0x01, 0, 0, 0, 0, 0, 0x02 });
    expect_cdb(c, db_plextor_cdb_counters(c), (const uint8_t[12]){ 0xEA, 0x16, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x1A });
    expect_cdb(c, db_plextor_cdb_end(c), (const uint8_t[12]){ 0xEA, 0x17 });
}

static void test_parse_liteon(void **state)
{
    (void)state;
    db_errc_reply r;
    char why[200];
    uint8_t old[256] = { 0x01, 0x2C, 0x00, 0x07, 0x03 };
    assert_int_equal(db_liteon_parse_old(old, sizeof old, &r, why, sizeof why), 0);
    assert_int_equal(r.c1, 300);
    assert_int_equal(r.c2, 7);
    assert_int_equal(r.cu, 3);
    assert_true(r.has_cu && !r.has_pos);
    assert_int_equal(db_liteon_parse_old(old, 4, &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "wrong reply length"));
    old[0] = 0x1D; /* 7,468 > 7,350 frames in a second */
    assert_int_equal(db_liteon_parse_old(old, sizeof old, &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "impossible count: C1 7468"));

    uint8_t nw[16] = { 0, 79, 59, 74, 0x00, 0x10, 0x00, 0x02 };
    assert_int_equal(db_liteon_parse_new(nw, sizeof nw, &r, why, sizeof why), 0);
    assert_int_equal(r.pos_lba, 79 * 4500 + 59 * 75 + 74); /* binary, not BCD, no 150 offset */
    assert_int_equal(r.c1, 16);
    assert_int_equal(r.c2, 2);
    assert_false(r.has_cu);
    assert_int_equal(db_liteon_parse_new(nw, 7, &r, why, sizeof why), -1);
    nw[2] = 60;
    assert_int_equal(db_liteon_parse_new(nw, sizeof nw, &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "impossible position"));
    nw[2] = 1;
    nw[3] = 75;
    assert_int_equal(db_liteon_parse_new(nw, sizeof nw, &r, why, sizeof why), -1);
    nw[3] = 1;
    nw[6] = 0xFF; /* C2 65,xxx */
    assert_int_equal(db_liteon_parse_new(nw, sizeof nw, &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "impossible count: C2"));
    /* NULL buffer */
    assert_int_equal(db_liteon_parse_new(NULL, 16, &r, why, sizeof why), -1);
}

static void test_parse_plextor(void **state)
{
    (void)state;
    db_errc_reply r;
    char why[200];
    uint8_t b[26] = { 0 };
    /* BLER 100 = E11 80 + E21 15 + E31 5; E32 2 at 20; E22 3 at 22 */
    b[11] = 100;
    b[13] = 5;
    b[15] = 15;
    b[17] = 80;
    b[21] = 2;
    b[23] = 3;
    b[25] = 0;
    assert_int_equal(db_plextor_parse(b, sizeof b, &r, why, sizeof why), 0);
    assert_int_equal(r.c1, 100);
    assert_int_equal(r.c2, 3);
    assert_int_equal(r.cu, 2);
    assert_int_equal(r.e11 + r.e21 + r.e31, 100);
    assert_int_equal(db_plextor_parse(b, 25, &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "wrong reply length"));
    b[17] = 81;
    assert_int_equal(db_plextor_parse(b, sizeof b, &r, why, sizeof why), -1);
    assert_non_null(strstr(why, "not E11+E21+E31"));
}

/* ---- allowlist ---- */

static bool permits(const uint8_t *cdb, db_dir dir)
{
    return db_allowlist_permits(cdb, 12, dir, NULL, 0);
}

static void test_allowlist_takes_exactly_the_known_cdbs(void **state)
{
    (void)state;
    uint8_t known[12][DB_CDB_MAX];
    size_t n = 0;
    db_liteon_cdb_start(known[n++]);
    db_liteon_cdb_end(known[n++]);
    for (int i = 0; i < 3; i++)
        db_liteon_cdb_setup(known[n++], (uint8_t[]){ 0x00, 0x02, 0x04 }[i]);
    db_liteon_cdb_scan(known[n++]);
    db_liteon_cdb_counters(known[n++]);
    db_liteon_cdb_reset(known[n++]);
    db_liteon_cdb_scan_new(known[n++]);
    db_plextor_cdb_start(known[n++]);
    db_plextor_cdb_counters(known[n++]);
    db_plextor_cdb_end(known[n++]);
    assert_int_equal(n, 12);
    for (size_t k = 0; k < n; k++) {
        assert_true(permits(known[k], DB_DIR_READ));
        assert_true(permits(known[k], DB_DIR_NONE));
        /* the 10-byte form is the same command when its last two bytes are
         * zero (qscan sends DF A3 01 that way); any other length is refused */
        bool tail_zero = known[k][10] == 0 && known[k][11] == 0;
        assert_int_equal(db_allowlist_permits(known[k], 10, DB_DIR_READ, NULL, 0), tail_zero);
        assert_false(db_allowlist_permits(known[k], 16, DB_DIR_READ, NULL, 0));
        assert_false(db_allowlist_permits(known[k], 6, DB_DIR_READ, NULL, 0));
        /* change any one byte to any other value: refused, unless that
         * makes another known CDB */
        for (int pos = 0; pos < 12; pos++)
            for (int v = 0; v < 256; v++) {
                uint8_t c[DB_CDB_MAX];
                memcpy(c, known[k], sizeof c);
                if (c[pos] == v)
                    continue;
                /* byte 0 to a standard opcode is another command's business
                 * (test_drive_allowlist.c); keep to the vendor spaces */
                if (pos == 0 && v != 0xDF && v != 0xEA && v != 0xF3)
                    continue;
                c[pos] = (uint8_t)v;
                bool other = false;
                for (size_t j = 0; j < n; j++)
                    other |= !memcmp(c, known[j], 12);
                if (permits(c, DB_DIR_READ) != other)
                    fail_msg("CDB %zu with byte %d = 0x%02X: permitted %d, expected %d", k, pos, v,
                             (int)!other, (int)other);
            }
    }
}

static void test_rest_of_vendor_spaces_refused(void **state)
{
    (void)state;
    /* DF and EA: every sub-command (bytes 1 and 2) with the rest zero */
    size_t allowed_df = 0, allowed_ea = 0, allowed_f3 = 0;
    for (int b1 = 0; b1 < 256; b1++)
        for (int b2 = 0; b2 < 256; b2++) {
            uint8_t c[DB_CDB_MAX] = { 0xDF, (uint8_t)b1, (uint8_t)b2 };
            char why[200];
            if (db_allowlist_permits(c, 12, DB_DIR_READ, why, sizeof why))
                allowed_df++;
            else
                assert_non_null(strstr(why, "0xDF"));
            c[0] = 0xEA;
            allowed_ea += permits(c, DB_DIR_READ);
            c[0] = 0xF3;
            allowed_f3 += permits(c, DB_DIR_READ);
        }
    /* DF A3 00, A3 01, A0 (byte 4 = 0), 82 09, 82 05, 97 */
    assert_int_equal(allowed_df, 6);
    assert_int_equal(allowed_ea, 1); /* EA 17 only: 15 and 16 need more bytes */
    assert_int_equal(allowed_f3, 1); /* F3 0E 00 */
    /* F3 0E with byte 8 = 0x10 (DVD) or anything else */
    for (int v = 1; v < 256; v++) {
        uint8_t c[DB_CDB_MAX] = { 0xF3, 0x0E };
        c[8] = (uint8_t)v;
        assert_false(permits(c, DB_DIR_READ));
    }
    /* the opcode names */
    assert_non_null(strstr(db_opcode_name(0xDF), "LITE-ON"));
    assert_non_null(strstr(db_opcode_name(0xF3), "LITE-ON"));
    assert_non_null(strstr(db_opcode_name(0xEA), "PLEXTOR"));
    /* neighbouring vendor opcodes stay closed */
    for (int op = 0xC0; op < 0x100; op++) {
        if (op == 0xDF || op == 0xEA || op == 0xF3)
            continue;
        uint8_t c[DB_CDB_MAX] = { (uint8_t)op, 0x0E, 0x00 };
        assert_false(permits(c, DB_DIR_READ));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builders),
        cmocka_unit_test(test_parse_liteon),
        cmocka_unit_test(test_parse_plextor),
        cmocka_unit_test(test_allowlist_takes_exactly_the_known_cdbs),
        cmocka_unit_test(test_rest_of_vendor_spaces_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
