/* test_drive_cdb.c - CDB builders byte for byte (MMC-5 layouts), the READ
 * CD block-size table and the x -> kB/s conversion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "drive/mmc.h"

/* Builders must fill the whole array (no leftovers), so start dirty. */
static void dirty(uint8_t cdb[DB_CDB_MAX])
{
    memset(cdb, 0xEE, DB_CDB_MAX);
}

static void expect_cdb(const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len)
{
    assert_int_equal(got_len, want_len);
    uint8_t full[DB_CDB_MAX] = { 0 };
    memcpy(full, want, want_len);
    assert_memory_equal(got, full, DB_CDB_MAX);
    /* Every builder's output passes the allowlist. */
    assert_true(db_allowlist_permits(got, got_len, DB_DIR_READ, NULL, 0));
}

static void test_simple_builders(void **state)
{
    (void)state;
    uint8_t c[DB_CDB_MAX];
    size_t n;

    dirty(c);
    n = db_mmc_cdb_test_unit_ready(c);
    expect_cdb(c, n, (const uint8_t[]){ 0x00, 0, 0, 0, 0, 0 }, 6);

    dirty(c);
    n = db_mmc_cdb_inquiry(c, 96);
    expect_cdb(c, n, (const uint8_t[]){ 0x12, 0, 0, 0x00, 0x60, 0 }, 6);
    n = db_mmc_cdb_inquiry(c, 0x1234);
    expect_cdb(c, n, (const uint8_t[]){ 0x12, 0, 0, 0x12, 0x34, 0 }, 6);

    dirty(c);
    n = db_mmc_cdb_read_capacity(c);
    expect_cdb(c, n, (const uint8_t[]){ 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 10);
}

static void test_read_toc(void **state)
{
    (void)state;
    uint8_t c[DB_CDB_MAX];
    dirty(c);
    size_t n = db_mmc_cdb_read_toc(c, 0, false, 0, 804);
    expect_cdb(c, n, (const uint8_t[]){ 0x43, 0x00, 0x00, 0, 0, 0, 0x00, 0x03, 0x24, 0 }, 10);
    dirty(c);
    n = db_mmc_cdb_read_toc(c, 4, true, 1, 0x1C);
    expect_cdb(c, n, (const uint8_t[]){ 0x43, 0x02, 0x04, 0, 0, 0, 0x01, 0x00, 0x1C, 0 }, 10);
    /* Only the 4-bit format field is used. */
    n = db_mmc_cdb_read_toc(c, 0xF2, false, 0xAA, 0xFFFF);
    expect_cdb(c, n, (const uint8_t[]){ 0x43, 0x00, 0x02, 0, 0, 0, 0xAA, 0xFF, 0xFF, 0 }, 10);
}

static void test_mode_sense10(void **state)
{
    (void)state;
    uint8_t c[DB_CDB_MAX];
    dirty(c);
    size_t n = db_mmc_cdb_mode_sense10(c, 0x2A, 256);
    expect_cdb(c, n, (const uint8_t[]){ 0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0x01, 0x00, 0 }, 10);
    /* Page control stays "current": the top two bits of the page byte are not taken. */
    n = db_mmc_cdb_mode_sense10(c, 0xEA, 0x20);
    expect_cdb(c, n, (const uint8_t[]){ 0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0x00, 0x20, 0 }, 10);
}

static void test_set_cd_speed(void **state)
{
    (void)state;
    uint8_t c[DB_CDB_MAX];
    dirty(c);
    size_t n = db_mmc_cdb_set_cd_speed(c, 2823);
    expect_cdb(c, n,
               (const uint8_t[]){ 0xBB, 0, 0x0B, 0x07, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0 }, 12);
    n = db_mmc_cdb_set_cd_speed(c, MMC_SPEED_MAX_KBS);
    expect_cdb(c, n,
               (const uint8_t[]){ 0xBB, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0 }, 12);
}

static void test_read10_seek10(void **state)
{
    (void)state;
    uint8_t c[DB_CDB_MAX];
    dirty(c);
    size_t n = db_mmc_cdb_read10(c, 0x00057E40, 27);
    expect_cdb(c, n, (const uint8_t[]){ 0x28, 0, 0x00, 0x05, 0x7E, 0x40, 0, 0x00, 0x1B, 0 }, 10);
    n = db_mmc_cdb_read10(c, 0xFFFFFFFF, 0xFFFF);
    expect_cdb(c, n, (const uint8_t[]){ 0x28, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0 }, 10);
    dirty(c);
    n = db_mmc_cdb_seek10(c, 359849);
    expect_cdb(c, n, (const uint8_t[]){ 0x2B, 0, 0x00, 0x05, 0x7D, 0xA9, 0, 0, 0, 0 }, 10);
}

static void test_start_stop(void **state)
{
    (void)state;
    uint8_t c[DB_CDB_MAX];
    dirty(c);
    size_t n = db_mmc_cdb_start_stop(c, true, false);
    expect_cdb(c, n, (const uint8_t[]){ 0x1B, 0, 0, 0, 0x01, 0 }, 6);
    n = db_mmc_cdb_start_stop(c, false, false);
    expect_cdb(c, n, (const uint8_t[]){ 0x1B, 0, 0, 0, 0x00, 0 }, 6);
    n = db_mmc_cdb_start_stop(c, true, true);
    expect_cdb(c, n, (const uint8_t[]){ 0x1B, 0x01, 0, 0, 0x01, 0 }, 6);
}

static void test_read_cd(void **state)
{
    (void)state;
    uint8_t c[DB_CDB_MAX];
    dirty(c);
    /* CD-DA, LBA 150, 25 blocks, user data + C2 pointers, raw P-W. */
    size_t n = db_mmc_cdb_read_cd(c, MMC_SECTOR_CDDA, 150, 25, MMC_READCD_USER | MMC_READCD_C2, 1);
    expect_cdb(c, n,
               (const uint8_t[]){ 0xBE, 0x04, 0, 0, 0x00, 0x96, 0, 0, 25, 0x12, 0x01, 0 }, 12);
    /* Mode 1, whole raw sector, 24-bit length. */
    n = db_mmc_cdb_read_cd(c, MMC_SECTOR_MODE1, 0x01020304, 0x00ABCDEF, 0xF8, 0);
    expect_cdb(c, n,
               (const uint8_t[]){ 0xBE, 0x08, 1, 2, 3, 4, 0xAB, 0xCD, 0xEF, 0xF8, 0, 0 }, 12);
    /* Sector types land in bits 4..2. */
    n = db_mmc_cdb_read_cd(c, MMC_SECTOR_M2F2, 0, 1, 0x10, 0);
    assert_int_equal(c[1], 5 << 2);
    n = db_mmc_cdb_read_cd(c, MMC_SECTOR_ANY, 0, 1, 0xF8, 0);
    assert_int_equal(c[1], 0);
    /* A count beyond 24 bits or an unknown sector type builds nothing. */
    assert_int_equal(db_mmc_cdb_read_cd(c, MMC_SECTOR_CDDA, 0, 0x01000000, 0x10, 0), 0);
    assert_int_equal(db_mmc_cdb_read_cd(c, 6, 0, 1, 0x10, 0), 0);
    (void)n;
}

static void test_block_bytes(void **state)
{
    (void)state;
    /* CD-DA. */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x10, 0), 2352);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0xF8, 0), 2352);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x12, 0), 2352 + 294);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x14, 0), 2352 + 296);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x10, 1), 2448);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x10, 2), 2352 + 16);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x10, 4), 2448);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x12, 1), 2352 + 294 + 96);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x80, 0), 0);
    /* qscan's C2P fallback: flags 0xFA = whole sector + C2. */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_ANY, 0xFA, 0), 2352 + 294);

    /* Mode 1: sync 12, header 4, user 2048, EDC/ECC 288. */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0x10, 0), 2048);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0xF8, 0), 2352);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0xB8, 0), 2352);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0xB0, 0), 2064);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0x30, 0), 2052);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0x18, 0), 2336);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0x20, 0), 4);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0xA0, 0), 16);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0x80, 0), 12);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0xF8 | 0x02, 1), 2352 + 294 + 96);
    /* Mode 1 has no subheader: "all headers" is the 4-byte header. */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0x70, 0), 2052);
    /* Gaps: sync + user without the header, header + EDC without user. */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0x90, 0), 0);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0x28, 0), 0);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE1, 0x88, 0), 0);

    /* Mode 2 forms. */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE2, 0x10, 0), 2336);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_MODE2, 0xF8, 0), 2352);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_M2F1, 0x10, 0), 2048);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_M2F1, 0x50, 0), 2056);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_M2F1, 0xF8, 0), 2352);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_M2F1, 0xB0, 0), 0); /* no subheader: gap */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_M2F2, 0x10, 0), 2324);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_M2F2, 0x18, 0), 2328);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_M2F2, 0xF8, 0), 2352);

    /* Sub-channel only is a legal request. */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x00, 2), 16);
    /* Illegal or unknowable. */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x00, 0), 0);  /* nothing */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x16, 0), 0);  /* C2 code 11 */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x11, 0), 0);  /* reserved bit */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x10, 3), 0);  /* reserved subch */
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x10, 5), 0);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, 0x10, 0x08), 0);
    assert_int_equal(db_mmc_read_cd_block_bytes(MMC_SECTOR_ANY, 0x10, 0), 0);   /* size unknown */
    assert_int_equal(db_mmc_read_cd_block_bytes(6, 0x10, 0), 0);
}

static void test_x_to_kbs(void **state)
{
    (void)state;
    assert_int_equal(db_mmc_x_to_kbs(1), 177);
    assert_int_equal(db_mmc_x_to_kbs(10), 1764);
    assert_int_equal(db_mmc_x_to_kbs(16), 2823);
    assert_int_equal(db_mmc_x_to_kbs(24), 4234);
    assert_int_equal(db_mmc_x_to_kbs(48), 8468);
    assert_int_equal(db_mmc_x_to_kbs(52), 9173);
    assert_int_equal(db_mmc_x_to_kbs(4.5), 794);
    /* Never less than asked for, for any integer speed. */
    for (int x = 1; x <= 371; x++) { /* 371x = 65444.4 kB/s, the last below 0xFFFE */
        uint16_t k = db_mmc_x_to_kbs(x);
        assert_true(k * 10 >= x * 1764);
        assert_true((k - 1) * 10 < x * 1764);
    }
    assert_int_equal(db_mmc_x_to_kbs(372), 0xFFFE);
    assert_int_equal(db_mmc_x_to_kbs(1e9), 0xFFFE);
    assert_int_equal(db_mmc_x_to_kbs(INFINITY), 0xFFFE);
    assert_int_equal(db_mmc_x_to_kbs(0), 0);
    assert_int_equal(db_mmc_x_to_kbs(-3), 0);
    assert_int_equal(db_mmc_x_to_kbs(NAN), 0);
    assert_true(fabs(db_mmc_kbs_to_x(2822.4) - 16.0) < 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_builders),
        cmocka_unit_test(test_read_toc),
        cmocka_unit_test(test_mode_sense10),
        cmocka_unit_test(test_set_cd_speed),
        cmocka_unit_test(test_read10_seek10),
        cmocka_unit_test(test_start_stop),
        cmocka_unit_test(test_read_cd),
        cmocka_unit_test(test_block_bytes),
        cmocka_unit_test(test_x_to_kbs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
