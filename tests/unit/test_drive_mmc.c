/* test_drive_mmc.c - the helpers that run on a drive, against a scripted
 * mock transport: the CDBs they send, how they parse, and the one-line
 * errors (and exit codes) they produce. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "drive/drive.h"
#include "drive/mmc.h"
#include "drive/retry.h"

/* One scripted reply per call; the last one repeats. */
struct reply {
    int status;
    uint8_t key, asc, ascq;
    const uint8_t *data;
    size_t data_len;
};

struct mock {
    struct reply replies[4];
    int nreplies, calls;
    uint8_t cdb[DB_CDB_MAX];
    size_t cdb_len, buf_len;
    db_dir dir;
    unsigned timeout_ms;
};

static int mock_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir, void *buf,
                     size_t buf_len, unsigned timeout_ms, db_cmd_result *res)
{
    struct mock *m = ctx;
    const struct reply *r = &m->replies[m->calls < m->nreplies ? m->calls : m->nreplies - 1];
    m->calls++;
    memcpy(m->cdb, cdb, cdb_len);
    m->cdb_len = cdb_len;
    m->buf_len = buf_len;
    m->dir = dir;
    m->timeout_ms = timeout_ms;
    res->status = r->status;
    res->sense.key = r->key;
    res->sense.asc = r->asc;
    res->sense.ascq = r->ascq;
    if (r->data) {
        size_t n = r->data_len < buf_len ? r->data_len : buf_len;
        memcpy(buf, r->data, n);
        res->data_len = n;
    }
    return 0;
}

static const struct db_transport_ops mock_ops = { "mock", mock_exec, NULL };

static uint64_t zero_now(void *ctx)
{
    (void)ctx;
    return 0;
}
static const struct db_clock_ops zero_clock = { .now_ns = zero_now };

static struct mock m;
static db_drive d;

static int setup(void **state)
{
    (void)state;
    memset(&m, 0, sizeof m);
    m.nreplies = 1;
    memset(&d, 0, sizeof d);
    d.ops = &mock_ops;
    d.ctx = &m;
    d.clock.ops = &zero_clock;
    return 0;
}

static void check(int key, int asc, int ascq)
{
    m.replies[0] = (struct reply){ DB_CMD_CHECK, (uint8_t)key, (uint8_t)asc, (uint8_t)ascq, NULL, 0 };
    m.nreplies = 1;
}

static void test_inquiry_ok(void **state)
{
    (void)state;
    uint8_t data[36] = { 0x05, 0x80, 0, 0x32, 31 };
    memcpy(data + 8, "PLEXTOR CD-R   PX-W4824A1.04", 28);
    m.replies[0] = (struct reply){ DB_CMD_GOOD, 0, 0, 0, data, sizeof data };
    mmc_inquiry q;
    db_error err;
    db_error_clear(&err);
    assert_int_equal(db_mmc_inquiry(&d, &q, &err), 0);
    assert_string_equal(q.vendor, "PLEXTOR");
    assert_string_equal(q.product, "CD-R   PX-W4824A");
    assert_string_equal(q.revision, "1.04");
    assert_int_equal(m.cdb[0], 0x12);
    assert_int_equal(m.cdb_len, 6);
    assert_int_equal(m.dir, DB_DIR_READ);
    assert_int_equal(m.buf_len, (size_t)((m.cdb[3] << 8) | m.cdb[4]));
    assert_int_equal(err.code, 0);
}

static void test_inquiry_not_ready(void **state)
{
    (void)state;
    check(0x02, 0x3A, 0x00);
    mmc_inquiry q;
    db_error err;
    assert_int_equal(db_mmc_inquiry(&d, &q, &err), -1);
    assert_string_equal(err.msg, "INQUIRY failed: NOT READY (02/3A/00: medium not present)");
    assert_int_equal(err.code, DB_EXIT_DEVICE);
    assert_null(strchr(err.msg, '\n'));
}

static void test_errors_codes(void **state)
{
    (void)state;
    mmc_toc t;
    db_error err;
    check(0x03, 0x11, 0x00);
    assert_int_equal(db_mmc_read_toc(&d, &t, &err), -1);
    assert_string_equal(err.msg, "READ TOC failed: MEDIUM ERROR (03/11/00: unrecovered read error)");
    assert_int_equal(err.code, DB_EXIT_DRIVE);

    check(0x02, 0x04, 0x01);
    assert_int_equal(db_mmc_read_toc(&d, &t, &err), -1);
    assert_int_equal(err.code, DB_EXIT_DEVICE);
    assert_non_null(strstr(err.msg, "becoming ready"));

    check(0x05, 0x24, 0x00);
    assert_int_equal(db_mmc_set_cd_speed(&d, 2823, &err), -1);
    assert_string_equal(err.msg,
                        "SET CD SPEED failed: ILLEGAL REQUEST (05/24/00: invalid field in CDB)");
    assert_int_equal(err.code, DB_EXIT_DRIVE);

    m.replies[0] = (struct reply){ DB_CMD_TRANSPORT, 0, 0, 0, NULL, 0 };
    mmc_caps c;
    assert_int_equal(db_mmc_mode_sense_caps(&d, &c, &err), -1);
    assert_non_null(strstr(err.msg, "MODE SENSE page 2A failed: transport"));
    assert_int_equal(err.code, DB_EXIT_DRIVE);

    /* NULL err is allowed. */
    assert_int_equal(db_mmc_set_cd_speed(&d, 2823, NULL), -1);
}

static void test_unit_attention_retried(void **state)
{
    (void)state;
    uint8_t cap[8] = { 0, 0x05, 0x7D, 0xA8, 0, 0, 0x08, 0 };
    m.replies[0] = (struct reply){ DB_CMD_CHECK, 0x06, 0x28, 0x00, NULL, 0 };
    m.replies[1] = (struct reply){ DB_CMD_GOOD, 0, 0, 0, cap, sizeof cap };
    m.nreplies = 2;
    mmc_capacity c;
    db_error err;
    assert_int_equal(db_mmc_read_capacity(&d, &c, &err), 0);
    assert_int_equal(m.calls, 2);
    assert_int_equal(c.last_lba, 359848);

    /* Still there after the policy's resends (drive/retry.h): reported. */
    setup(NULL);
    check(0x06, 0x29, 0x00);
    assert_int_equal(db_mmc_read_capacity(&d, &c, &err), -1);
    assert_int_equal(m.calls, 1 + DB_RETRY_ATTENTION);
    assert_non_null(strstr(err.msg, "UNIT ATTENTION (06/29/00"));
}

static void test_read_toc_request(void **state)
{
    (void)state;
    uint8_t toc[20] = { 0, 18, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0, 0, 0x14, 0xAA, 0, 0, 0x01, 0x00, 0x00 };
    m.replies[0] = (struct reply){ DB_CMD_GOOD, 0, 0, 0, toc, sizeof toc };
    mmc_toc t;
    db_error err;
    assert_int_equal(db_mmc_read_toc(&d, &t, &err), 0);
    const uint8_t want[10] = { 0x43, 0, 0, 0, 0, 0, 0, 0x03, 0x24, 0 }; /* 804 bytes */
    assert_memory_equal(m.cdb, want, 10);
    assert_int_equal(m.buf_len, 804);
    assert_int_equal(t.count, 1);
    assert_int_equal(t.leadout_lba, 0x10000);

    /* A GOOD reply that is not a TOC. */
    uint8_t junk[4] = { 0, 2, 1, 1 };
    m.replies[0] = (struct reply){ DB_CMD_GOOD, 0, 0, 0, junk, sizeof junk };
    assert_int_equal(db_mmc_read_toc(&d, &t, &err), -1);
    assert_int_equal(err.code, DB_EXIT_DRIVE);
    assert_non_null(strstr(err.msg, "READ TOC"));
}

static void test_caps_request(void **state)
{
    (void)state;
    uint8_t ms[8 + 22] = { 0, 28, 0, 0, 0, 0, 0, 0, 0x2A, 0x14, 0x03, 0, 0, 0x13 };
    ms[8 + 8] = 0x1B;
    ms[8 + 9] = 0x90;
    m.replies[0] = (struct reply){ DB_CMD_GOOD, 0, 0, 0, ms, sizeof ms };
    mmc_caps c;
    db_error err;
    assert_int_equal(db_mmc_mode_sense_caps(&d, &c, &err), 0);
    assert_int_equal(m.cdb[0], 0x5A);
    assert_int_equal(m.cdb[2], 0x2A);
    assert_true(c.c2_pointers);
    assert_true(c.cdda_supported);
    assert_int_equal(c.max_read_kbs, 7056);
}

static void test_start_stop_and_speed(void **state)
{
    (void)state;
    db_error err;
    assert_int_equal(db_mmc_start_stop(&d, true, &err), 0);
    assert_int_equal(m.cdb[0], 0x1B);
    assert_int_equal(m.cdb[4], 0x01);
    assert_int_equal(m.dir, DB_DIR_NONE);
    assert_int_equal(db_mmc_start_stop(&d, false, &err), 0);
    assert_int_equal(m.cdb[4], 0x00);
    assert_int_equal(db_mmc_set_cd_speed(&d, 0xFFFF, &err), 0);
    assert_int_equal(m.cdb[0], 0xBB);
    assert_int_equal(m.cdb[2], 0xFF);
    assert_int_equal(m.cdb_len, 12);

    db_cmd_result res;
    assert_int_equal(db_mmc_test_unit_ready(&d, &res), 0);
    assert_int_equal(m.cdb[0], 0x00);
    check(0x02, 0x3A, 0x01);
    assert_int_equal(db_mmc_test_unit_ready(&d, &res), -1);
    assert_int_equal(res.status, DB_CMD_CHECK);
    assert_int_equal(res.sense.asc, 0x3A);
    assert_int_equal(db_mmc_test_unit_ready(&d, NULL), -1);
}

static void test_reads(void **state)
{
    (void)state;
    static uint8_t buf[27 * (2352 + 294 + 96)];
    db_cmd_result res;

    /* READ(10): the transfer is exactly blocks * 2048. */
    assert_int_equal(db_mmc_read10(&d, 1000, 16, buf, sizeof buf, &res), 0);
    assert_int_equal(m.cdb[0], 0x28);
    assert_int_equal(m.buf_len, 16 * 2048);
    assert_int_equal(m.dir, DB_DIR_READ);
    /* A buffer too small: refused, never sent. */
    int calls = m.calls;
    assert_int_equal(db_mmc_read10(&d, 1000, 16, buf, 16 * 2048 - 1, &res), -1);
    assert_int_equal(res.status, DB_CMD_REFUSED);
    assert_int_equal(m.calls, calls);
    /* Zero blocks: no data phase. */
    assert_int_equal(db_mmc_read10(&d, 1000, 0, NULL, 0, &res), 0);
    assert_int_equal(m.dir, DB_DIR_NONE);

    /* READ CD with C2 + raw subchannel. */
    calls = m.calls;
    assert_int_equal(db_mmc_read_cd(&d, MMC_SECTOR_CDDA, 0, 27, 0x12, 1, buf, sizeof buf, &res), 0);
    assert_int_equal(m.buf_len, 27 * (2352 + 294 + 96));
    assert_int_equal(m.cdb[0], 0xBE);
    assert_int_equal(m.cdb[8], 27);
    assert_int_equal(m.calls, calls + 1);
    /* Too small, illegal field combination, zero blocks: never sent. */
    assert_int_equal(db_mmc_read_cd(&d, MMC_SECTOR_CDDA, 0, 28, 0x12, 1, buf, sizeof buf, &res), -1);
    assert_int_equal(res.status, DB_CMD_REFUSED);
    assert_int_equal(db_mmc_read_cd(&d, MMC_SECTOR_MODE1, 0, 1, 0x90, 0, buf, sizeof buf, &res), -1);
    assert_int_equal(db_mmc_read_cd(&d, MMC_SECTOR_CDDA, 0, 0, 0x10, 0, buf, sizeof buf, &res), -1);
    assert_int_equal(m.calls, calls + 1);

    /* A medium error is passed through for the caller to count. */
    check(0x03, 0x11, 0x05);
    assert_int_equal(db_mmc_read_cd(&d, MMC_SECTOR_CDDA, 0, 1, 0x10, 0, buf, sizeof buf, &res), -1);
    assert_int_equal(res.status, DB_CMD_CHECK);
    assert_int_equal(res.sense.ascq, 0x05);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_inquiry_ok, setup),
        cmocka_unit_test_setup(test_inquiry_not_ready, setup),
        cmocka_unit_test_setup(test_errors_codes, setup),
        cmocka_unit_test_setup(test_unit_attention_retried, setup),
        cmocka_unit_test_setup(test_read_toc_request, setup),
        cmocka_unit_test_setup(test_caps_request, setup),
        cmocka_unit_test_setup(test_start_stop_and_speed, setup),
        cmocka_unit_test_setup(test_reads, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
