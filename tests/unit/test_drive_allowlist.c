/* test_drive_allowlist.c - the read-only allowlist and db_drive_exec's gate:
 * nothing that is not on the list reaches a transport, whatever the opcode,
 * length, direction or buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "drive/drive.h"
#include "drive/mmc.h"

/* ---- a mock transport that counts what reaches it ---- */
struct mock {
    int calls, closes;
    int rc;              /* what exec returns */
    int status;          /* what exec puts in res->status */
    size_t claim_len;    /* what exec claims in res->data_len */
    uint8_t raw_sense[18];
    size_t raw_sense_len;
    uint8_t last_cdb[DB_CDB_MAX];
    size_t last_cdb_len;
};

static int mock_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir, void *buf,
                     size_t buf_len, unsigned timeout_ms, db_cmd_result *res)
{
    struct mock *m = ctx;
    m->calls++;
    memcpy(m->last_cdb, cdb, cdb_len);
    m->last_cdb_len = cdb_len;
    res->status = m->status;
    res->data_len = m->claim_len;
    if (m->raw_sense_len) {
        memcpy(res->sense.raw, m->raw_sense, m->raw_sense_len);
        res->sense.raw_len = m->raw_sense_len;
    }
    return m->rc;
}

static void mock_close(void *ctx)
{
    ((struct mock *)ctx)->closes++;
}

static const struct db_transport_ops mock_ops = { "mock", mock_exec, mock_close };

/* A clock that moves 250 us every time it is read. */
static uint64_t tick_now(void *ctx)
{
    uint64_t *t = ctx;
    *t += 250000;
    return *t;
}
static const struct db_clock_ops tick_ops = { .now_ns = tick_now };

struct fixture {
    struct mock m;
    uint64_t t;
    db_drive d;
};

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    f.d.ops = &mock_ops;
    f.d.ctx = &f.m;
    f.d.clock.ops = &tick_ops;
    f.d.clock.ctx = &f.t;
    *state = &f;
    return 0;
}

/* The allowlist as this test knows it, written independently of
 * allowlist.c so a row added there by mistake shows up here. */
static bool expected_allowed(uint8_t op)
{
    static const uint8_t ok[] = { 0x00, 0x03, 0x12, 0x1A, 0x1B, 0x25, 0x28, 0x2B,
                                  0x42, 0x43, 0x46, 0x4A, 0x51, 0x52, 0x5A, 0xA8,
                                  0xAC, 0xAD, 0xB9, 0xBB, 0xBD, 0xBE };
    for (size_t i = 0; i < sizeof ok; i++)
        if (ok[i] == op)
            return true;
    return false;
}

static size_t group_len(uint8_t op)
{
    switch (op >> 5) {
    case 0: return 6;
    case 1: case 2: return 10;
    case 4: return 16;
    default: return 12;
    }
}

static void test_every_unlisted_opcode_is_refused(void **state)
{
    struct fixture *f = *state;
    uint8_t buf[64];
    static const size_t lens[] = { 6, 10, 12, 16 };
    for (unsigned op = 0; op <= 0xFF; op++) {
        if (expected_allowed((uint8_t)op))
            continue;
        for (size_t k = 0; k < 4; k++) {
            uint8_t cdb[DB_CDB_MAX] = { (uint8_t)op };
            for (int dir = DB_DIR_NONE; dir <= DB_DIR_READ; dir++) {
                db_cmd_result res;
                res.status = -7;
                int rc = db_drive_exec(&f->d, cdb, lens[k], (db_dir)dir, buf, sizeof buf, 1000,
                                       &res);
                assert_int_equal(rc, -1);
                assert_int_equal(res.status, DB_CMD_REFUSED);
                char why[200];
                assert_false(db_allowlist_permits(cdb, lens[k], (db_dir)dir, why, sizeof why));
                char hex[8];
                snprintf(hex, sizeof hex, "0x%02X", op);
                assert_non_null(strstr(why, hex));
            }
        }
    }
    assert_int_equal(f->m.calls, 0);
}

static void test_allowed_opcodes_reach_the_transport(void **state)
{
    struct fixture *f = *state;
    uint8_t buf[64];
    int expect = 0;
    for (unsigned op = 0; op <= 0xFF; op++) {
        if (!expected_allowed((uint8_t)op))
            continue;
        uint8_t cdb[DB_CDB_MAX] = { (uint8_t)op };
        db_cmd_result res;
        int rc = db_drive_exec(&f->d, cdb, group_len((uint8_t)op), DB_DIR_READ, buf, sizeof buf,
                               1000, &res);
        assert_int_equal(rc, 0);
        assert_int_equal(res.status, DB_CMD_GOOD);
        assert_int_equal(f->m.calls, ++expect);
        assert_int_equal(f->m.last_cdb[0], op);
        assert_string_not_equal(db_opcode_name((uint8_t)op), "?");
    }
}

static void refused_with(uint8_t op, size_t len, const char *needle, void **state)
{
    struct fixture *f = *state;
    uint8_t cdb[DB_CDB_MAX] = { op };
    uint8_t buf[16];
    char why[200];
    assert_false(db_allowlist_permits(cdb, len, DB_DIR_NONE, why, sizeof why));
    if (!strstr(why, needle))
        fail_msg("reason for 0x%02X is \"%s\", expected it to mention \"%s\"", op, why, needle);
    db_cmd_result res;
    assert_int_equal(db_drive_exec(&f->d, cdb, len, DB_DIR_NONE, buf, 0, 0, &res), -1);
    assert_int_equal(res.status, DB_CMD_REFUSED);
    assert_int_equal(f->m.calls, 0);
}

static void test_named_refusals(void **state)
{
    refused_with(0x2A, 10, "WRITE(10) 0x2A is not a read-only command", state);
    refused_with(0x0A, 6, "WRITE(6)", state);
    refused_with(0xAA, 12, "WRITE(12)", state);
    refused_with(0x2E, 10, "WRITE AND VERIFY", state);
    refused_with(0x3B, 10, "firmware", state);
    refused_with(0x3B, 10, "WRITE BUFFER", state);
    refused_with(0x3C, 10, "READ BUFFER", state);
    refused_with(0x04, 6, "FORMAT UNIT", state);
    refused_with(0xA1, 12, "BLANK", state);
    refused_with(0x5B, 10, "CLOSE TRACK/SESSION", state);
    refused_with(0x53, 10, "RESERVE TRACK", state);
    refused_with(0x5D, 10, "SEND CUE SHEET", state);
    refused_with(0x54, 10, "SEND OPC", state);
    refused_with(0x15, 6, "MODE SELECT(6)", state);
    refused_with(0x55, 10, "MODE SELECT(10)", state);
    refused_with(0x35, 10, "SYNCHRONIZE CACHE", state);
    refused_with(0xA3, 12, "SEND KEY", state);
    refused_with(0xB6, 12, "SET STREAMING", state);
    refused_with(0xC1, 12, "vendor-specific", state);
    refused_with(0xDF, 12, "vendor-specific", state);
    refused_with(0xF3, 12, "vendor-specific", state);
    refused_with(0xFF, 12, "vendor-specific", state);
    refused_with(0x61, 10, "opcode 0x61", state);
}

static void test_opcode_names(void **state)
{
    (void)state;
    assert_string_equal(db_opcode_name(0x2A), "WRITE(10)");
    assert_string_equal(db_opcode_name(0x3B), "WRITE BUFFER");
    assert_string_equal(db_opcode_name(0xBE), "READ CD");
    assert_string_equal(db_opcode_name(0x43), "READ TOC/PMA/ATIP");
    assert_string_equal(db_opcode_name(0x1B), "START STOP UNIT");
    static const uint8_t named[] = { 0x0A, 0x2A, 0xAA, 0x2E, 0x3B, 0x3C, 0x04, 0xA1, 0x5B,
                                     0x53, 0x5D, 0x54, 0x15, 0x55, 0x35, 0xA3, 0xB6 };
    for (size_t i = 0; i < sizeof named; i++)
        assert_string_not_equal(db_opcode_name(named[i]), "?");
    assert_string_equal(db_opcode_name(0xE7), "?");
}

static void test_start_stop_unit(void **state)
{
    struct fixture *f = *state;
    uint8_t cdb[DB_CDB_MAX] = { 0x1B };
    db_cmd_result res;
    char why[200];

    /* LoEj with or without Start: eject / load. */
    static const uint8_t bad[] = { 0x02, 0x03, 0x10, 0x11, 0x30, 0x04, 0xF0 };
    for (size_t i = 0; i < sizeof bad; i++) {
        cdb[4] = bad[i];
        assert_false(db_allowlist_permits(cdb, 6, DB_DIR_NONE, why, sizeof why));
        assert_non_null(strstr(why, "START STOP UNIT"));
        assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_NONE, NULL, 0, 0, &res), -1);
        assert_int_equal(res.status, DB_CMD_REFUSED);
    }
    cdb[4] = 0x02;
    db_allowlist_permits(cdb, 6, DB_DIR_NONE, why, sizeof why);
    assert_non_null(strstr(why, "LoEj"));
    assert_int_equal(f->m.calls, 0);

    cdb[4] = 0x01; /* spin up */
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_NONE, NULL, 0, 0, &res), 0);
    cdb[4] = 0x00; /* spin down */
    cdb[1] = 0x01; /* immediate is fine */
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_NONE, NULL, 0, 0, &res), 0);
    assert_int_equal(f->m.calls, 2);

    /* The builder never makes a CDB the allowlist refuses. */
    for (int start = 0; start < 2; start++)
        for (int immed = 0; immed < 2; immed++) {
            size_t n = db_mmc_cdb_start_stop(cdb, start, immed);
            assert_true(db_allowlist_permits(cdb, n, DB_DIR_NONE, NULL, 0));
            assert_int_equal(cdb[4] & 0x02, 0);
        }
}

static void test_bad_direction_refused(void **state)
{
    struct fixture *f = *state;
    uint8_t cdb[DB_CDB_MAX] = { 0x28 };
    uint8_t buf[2048];
    db_cmd_result res;
    char why[200];
    static const int dirs[] = { 2, 3, -1, 255 };
    for (size_t i = 0; i < 4; i++) {
        assert_false(db_allowlist_permits(cdb, 10, (db_dir)dirs[i], why, sizeof why));
        assert_non_null(strstr(why, "direction"));
        assert_int_equal(db_drive_exec(&f->d, cdb, 10, (db_dir)dirs[i], buf, sizeof buf, 0, &res),
                         -1);
        assert_int_equal(res.status, DB_CMD_REFUSED);
    }
    assert_int_equal(f->m.calls, 0);
}

static void test_cdb_length_refused(void **state)
{
    struct fixture *f = *state;
    uint8_t cdb[DB_CDB_MAX + 4] = { 0x28 };
    uint8_t buf[2048];
    db_cmd_result res;
    char why[200];
    static const size_t bad[] = { 0, 1, 6, 9, 11, 12, 16, 17, 20 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(db_allowlist_permits(cdb, bad[i], DB_DIR_READ, why, sizeof why));
        assert_int_equal(db_drive_exec(&f->d, cdb, bad[i], DB_DIR_READ, buf, sizeof buf, 0, &res),
                         -1);
        assert_int_equal(res.status, DB_CMD_REFUSED);
    }
    db_allowlist_permits(cdb, 12, DB_DIR_READ, why, sizeof why);
    assert_string_equal(why, "READ(10) 0x28 takes a 10-byte CDB, not 12");

    cdb[0] = 0x12; /* INQUIRY is a 6-byte command */
    assert_false(db_allowlist_permits(cdb, 10, DB_DIR_READ, NULL, 0));
    cdb[0] = 0xBE; /* READ CD: 12 */
    assert_false(db_allowlist_permits(cdb, 10, DB_DIR_READ, NULL, 0));
    assert_true(db_allowlist_permits(cdb, 12, DB_DIR_READ, NULL, 0));
    assert_false(db_allowlist_permits(NULL, 10, DB_DIR_READ, NULL, 0));
    assert_int_equal(db_drive_exec(&f->d, NULL, 10, DB_DIR_READ, buf, sizeof buf, 0, &res), -1);
    assert_int_equal(res.status, DB_CMD_REFUSED);
    assert_int_equal(f->m.calls, 0);
}

static void test_buffer_checks(void **state)
{
    struct fixture *f = *state;
    uint8_t cdb[DB_CDB_MAX] = { 0x28 };
    uint8_t buf[2048];
    db_cmd_result res;
    char why[200];
    /* A length without a buffer. */
    assert_int_equal(db_drive_exec(&f->d, cdb, 10, DB_DIR_READ, NULL, 2048, 0, &res), -1);
    assert_int_equal(res.status, DB_CMD_REFUSED);
    assert_false(db_drive_validate(cdb, 10, DB_DIR_NONE, NULL, 16, why, sizeof why));
    assert_non_null(strstr(why, "READ(10)"));
    /* A read without a buffer. */
    assert_int_equal(db_drive_exec(&f->d, cdb, 10, DB_DIR_READ, buf, 0, 0, &res), -1);
    assert_int_equal(res.status, DB_CMD_REFUSED);
    assert_int_equal(f->m.calls, 0);
    assert_true(db_drive_validate(cdb, 10, DB_DIR_READ, buf, sizeof buf, why, sizeof why));
    assert_string_equal(why, "");
    /* No data at all is fine. */
    cdb[0] = 0x00;
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_NONE, NULL, 0, 0, &res), 0);
    assert_int_equal(f->m.calls, 1);
}

static void test_exec_distrusts_transport(void **state)
{
    struct fixture *f = *state;
    uint8_t cdb[DB_CDB_MAX] = { 0x12, 0, 0, 0, 36 };
    uint8_t buf[36];
    db_cmd_result res;

    /* A transport that claims more data than the buffer holds. */
    f->m.claim_len = 4096;
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_READ, buf, sizeof buf, 0, &res), 0);
    assert_int_equal(res.data_len, sizeof buf);
    /* Timed on the drive's clock: two reads 250 us apart. */
    assert_int_equal(res.duration_ns, 250000);

    /* Transport failure. */
    f->m.rc = -1;
    f->m.status = DB_CMD_GOOD;
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_READ, buf, sizeof buf, 0, &res), -1);
    assert_int_equal(res.status, DB_CMD_TRANSPORT);

    /* A transport may not claim REFUSED or invent a status. */
    f->m.rc = 0;
    f->m.status = DB_CMD_REFUSED;
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_READ, buf, sizeof buf, 0, &res), -1);
    assert_int_equal(res.status, DB_CMD_TRANSPORT);
    f->m.status = 42;
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_READ, buf, sizeof buf, 0, &res), -1);
    assert_int_equal(res.status, DB_CMD_TRANSPORT);

    /* CHECK CONDITION with only raw sense: key/ASC/ASCQ filled in. */
    static const uint8_t sense[18] = { 0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x3A, 0x00 };
    memcpy(f->m.raw_sense, sense, sizeof sense);
    f->m.raw_sense_len = sizeof sense;
    f->m.status = DB_CMD_CHECK;
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_READ, buf, sizeof buf, 0, &res), -1);
    assert_int_equal(res.status, DB_CMD_CHECK);
    assert_int_equal(res.sense.key, 2);
    assert_int_equal(res.sense.asc, 0x3A);
    char line[200];
    db_result_describe(&res, line, sizeof line);
    assert_string_equal(line, "NOT READY (02/3A/00: medium not present)");

    /* A NULL result is allowed. */
    f->m.status = DB_CMD_GOOD;
    f->m.raw_sense_len = 0;
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_READ, buf, sizeof buf, 0, NULL), 0);
}

static void test_close(void **state)
{
    struct fixture *f = *state;
    uint8_t cdb[DB_CDB_MAX] = { 0 };
    db_cmd_result res;
    db_drive_close(&f->d);
    db_drive_close(&f->d); /* twice is harmless */
    db_drive_close(NULL);
    assert_int_equal(f->m.closes, 1);
    assert_int_equal(db_drive_exec(&f->d, cdb, 6, DB_DIR_NONE, NULL, 0, 0, &res), -1);
    assert_int_equal(res.status, DB_CMD_TRANSPORT);
    assert_int_equal(f->m.calls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_every_unlisted_opcode_is_refused, setup),
        cmocka_unit_test_setup(test_allowed_opcodes_reach_the_transport, setup),
        cmocka_unit_test_setup(test_named_refusals, setup),
        cmocka_unit_test_setup(test_opcode_names, setup),
        cmocka_unit_test_setup(test_start_stop_unit, setup),
        cmocka_unit_test_setup(test_bad_direction_refused, setup),
        cmocka_unit_test_setup(test_cdb_length_refused, setup),
        cmocka_unit_test_setup(test_buffer_checks, setup),
        cmocka_unit_test_setup(test_exec_distrusts_transport, setup),
        cmocka_unit_test_setup(test_close, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
