/* The retry policy every test module shares (src/drive/retry.h): how each
 * failure is classified, what is sent again, how long a drive becoming
 * ready is waited for (on the drive's own clock), and what the fault log
 * keeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "drive/drive.h"
#include "drive/retry.h"

/* A drive clock that records the waits asked of it. */
typedef struct fake_clock {
    uint64_t now, waits[64];
    int nwaits;
} fake_clock;

static uint64_t fc_now(void *ctx) { return ((fake_clock *)ctx)->now; }
static void fc_sleep(void *ctx, uint64_t ns)
{
    fake_clock *c = ctx;
    c->now += ns;
    if (c->nwaits < 64)
        c->waits[c->nwaits++] = ns;
}
static const struct db_clock_ops fc_ops = { .now_ns = fc_now, .sleep_ns = fc_sleep };

static db_cmd_result check(uint8_t key, uint8_t asc, uint8_t ascq)
{
    db_cmd_result r;
    memset(&r, 0, sizeof r);
    r.status = DB_CMD_CHECK;
    r.sense.key = key;
    r.sense.asc = asc;
    r.sense.ascq = ascq;
    return r;
}

static db_cmd_result status(int st, size_t len)
{
    db_cmd_result r;
    memset(&r, 0, sizeof r);
    r.status = st;
    r.data_len = len;
    return r;
}

static void test_classify(void **state)
{
    (void)state;
    static const struct {
        uint8_t key, asc, ascq;
        db_fault_class c;
    } t[] = {
        { 0x02, 0x04, 0x01, DB_FAULT_BECOMING_READY }, { 0x02, 0x04, 0x07, DB_FAULT_BECOMING_READY },
        { 0x02, 0x04, 0x08, DB_FAULT_BECOMING_READY }, { 0x02, 0x04, 0x00, DB_FAULT_NOT_READY },
        { 0x02, 0x3A, 0x00, DB_FAULT_NO_MEDIUM },      { 0x02, 0x3A, 0x02, DB_FAULT_NO_MEDIUM },
        { 0x03, 0x11, 0x00, DB_FAULT_MEDIUM },         { 0x04, 0x44, 0x00, DB_FAULT_HARDWARE },
        { 0x05, 0x24, 0x00, DB_FAULT_ILLEGAL },        { 0x06, 0x28, 0x00, DB_FAULT_ATTENTION },
        { 0x06, 0x29, 0x00, DB_FAULT_ATTENTION },      { 0x0B, 0x00, 0x00, DB_FAULT_ABORTED },
        { 0x01, 0x17, 0x00, DB_FAULT_OTHER },          { 0x0E, 0x00, 0x00, DB_FAULT_OTHER },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        db_cmd_result r = check(t[i].key, t[i].asc, t[i].ascq);
        assert_int_equal(db_fault_classify(-1, &r, 0), t[i].c);
    }
    db_cmd_result r = status(DB_CMD_GOOD, 100);
    assert_int_equal(db_fault_classify(0, &r, 100), DB_FAULT_NONE);
    assert_int_equal(db_fault_classify(0, &r, 0), DB_FAULT_NONE);
    assert_int_equal(db_fault_classify(0, &r, 101), DB_FAULT_SHORT);
    r = status(DB_CMD_TRANSPORT, 0);
    assert_int_equal(db_fault_classify(-1, &r, 0), DB_FAULT_TRANSPORT);
    r = status(DB_CMD_REFUSED, 0);
    assert_int_equal(db_fault_classify(-1, &r, 0), DB_FAULT_REFUSED);
    /* what ends a run, what does not */
    assert_true(db_fault_ends_run(DB_FAULT_NO_MEDIUM));
    assert_true(db_fault_ends_run(DB_FAULT_TRANSPORT));
    assert_true(db_fault_ends_run(DB_FAULT_REFUSED));
    assert_true(db_fault_ends_run(DB_FAULT_NOT_READY));
    assert_false(db_fault_ends_run(DB_FAULT_MEDIUM));
    assert_false(db_fault_ends_run(DB_FAULT_HARDWARE));
    assert_false(db_fault_ends_run(DB_FAULT_ILLEGAL));
    assert_false(db_fault_ends_run(DB_FAULT_SHORT));
    assert_string_equal(db_fault_class_name(DB_FAULT_NO_MEDIUM), "no_medium");
    assert_string_equal(db_fault_class_name(DB_FAULT_TRANSPORT), "no_answer");
}

/* Send a command that fails `fails` times with r, then succeeds; count
 * the attempts the policy makes. */
static int attempts(db_drive *d, db_retry *rt, db_fault_log *log, db_cmd_result fail_with, int fails,
                    size_t want)
{
    int n = 0;
    for (;;) {
        db_cmd_result res = n < fails ? fail_with : status(DB_CMD_GOOD, want);
        int rc = n < fails && fail_with.status != DB_CMD_GOOD ? -1 : 0;
        n++;
        if (!db_retry_step(d, rt, log, "READ(10)", 1234, rc, &res, want))
            break;
        assert_true(n < 100);
    }
    return n;
}

static void test_resends(void **state)
{
    (void)state;
    fake_clock fc = { 0 };
    db_drive d;
    memset(&d, 0, sizeof d);
    d.clock = (db_clock){ &fc_ops, &fc };
    db_fault_log log;
    memset(&log, 0, sizeof log);

    /* unit attention: 3 resends */
    db_retry rt = { 0 };
    assert_int_equal(attempts(&d, &rt, &log, check(6, 0x28, 0), 3, 0), 4);
    assert_int_equal(rt.last, DB_FAULT_NONE);
    rt = (db_retry){ 0 };
    assert_int_equal(attempts(&d, &rt, &log, check(6, 0x28, 0), 10, 0), 4);
    assert_int_equal(rt.last, DB_FAULT_ATTENTION);
    /* aborted: the same, but never for a command that may not be repeated */
    rt = (db_retry){ 0 };
    assert_int_equal(attempts(&d, &rt, &log, check(0x0B, 0, 0), 1, 0), 2);
    rt = (db_retry){ .once_only = true };
    assert_int_equal(attempts(&d, &rt, &log, check(0x0B, 0, 0), 1, 0), 1);
    assert_int_equal(rt.last, DB_FAULT_ABORTED);
    /* no answer: once */
    rt = (db_retry){ 0 };
    assert_int_equal(attempts(&d, &rt, &log, status(DB_CMD_TRANSPORT, 0), 1, 0), 2);
    assert_int_equal(rt.last, DB_FAULT_NONE);
    rt = (db_retry){ 0 };
    assert_int_equal(attempts(&d, &rt, &log, status(DB_CMD_TRANSPORT, 0), 5, 0), 2);
    assert_int_equal(rt.last, DB_FAULT_TRANSPORT);
    rt = (db_retry){ .once_only = true };
    assert_int_equal(attempts(&d, &rt, &log, status(DB_CMD_TRANSPORT, 0), 1, 0), 1);
    /* short data: once */
    rt = (db_retry){ 0 };
    assert_int_equal(attempts(&d, &rt, &log, status(DB_CMD_GOOD, 10), 1, 2048), 2);
    assert_int_equal(rt.last, DB_FAULT_NONE);
    rt = (db_retry){ 0 };
    assert_int_equal(attempts(&d, &rt, &log, status(DB_CMD_GOOD, 10), 3, 2048), 2);
    assert_int_equal(rt.last, DB_FAULT_SHORT);
    /* never resent: the module decides */
    static const db_fault_class final[] = { DB_FAULT_MEDIUM, DB_FAULT_HARDWARE, DB_FAULT_ILLEGAL,
                                            DB_FAULT_NO_MEDIUM, DB_FAULT_NOT_READY };
    db_cmd_result r[] = { check(3, 0x11, 0), check(4, 0x44, 0), check(5, 0x24, 0), check(2, 0x3A, 0),
                          check(2, 0x04, 0x00) };
    for (int i = 0; i < 5; i++) {
        rt = (db_retry){ 0 };
        assert_int_equal(attempts(&d, &rt, &log, r[i], 1, 0), 1);
        assert_int_equal(rt.last, final[i]);
    }
    rt = (db_retry){ 0 };
    db_cmd_result refused = status(DB_CMD_REFUSED, 0);
    assert_int_equal(attempts(&d, &rt, &log, refused, 1, 0), 1);
    assert_int_equal(fc.nwaits, 0); /* none of these waited */
}

static void test_becoming_ready_waits_on_the_drive_clock(void **state)
{
    (void)state;
    fake_clock fc = { 0 };
    db_drive d;
    memset(&d, 0, sizeof d);
    d.clock = (db_clock){ &fc_ops, &fc };
    db_fault_log log;
    memset(&log, 0, sizeof log);
    db_retry rt = { 0 };
    /* ready after 4 refusals: 100 + 200 + 400 + 800 ms */
    assert_int_equal(attempts(&d, &rt, &log, check(2, 4, 1), 4, 0), 5);
    assert_int_equal(fc.nwaits, 4);
    assert_int_equal(fc.waits[0], 100000000ull);
    assert_int_equal(fc.waits[3], 800000000ull);
    assert_int_equal(fc.now, 1500000000ull);
    assert_int_equal(log.recovered, 1);
    assert_int_equal(log.waited_ns, 1500000000ull);
    /* never ready: 10 s of drive time at most, no wait longer than 1 s */
    fc = (fake_clock){ 0 };
    rt = (db_retry){ 0 };
    int n = attempts(&d, &rt, &log, check(2, 4, 1), 1000, 0);
    assert_int_equal(rt.last, DB_FAULT_BECOMING_READY);
    assert_int_equal(fc.now, DB_RETRY_READY_TOTAL_NS);
    for (int i = 0; i < fc.nwaits; i++)
        assert_true(fc.waits[i] <= DB_RETRY_READY_STEP_NS);
    assert_int_equal(n, fc.nwaits + 1);
    assert_true(db_fault_ends_run(rt.last));
    /* a clock that cannot wait (a replay) still ends the loop */
    db_drive r;
    memset(&r, 0, sizeof r);
    static const struct db_clock_ops still = { .now_ns = fc_now };
    fake_clock frozen = { 0 };
    r.clock = (db_clock){ &still, &frozen };
    rt = (db_retry){ 0 };
    assert_int_equal(attempts(&r, &rt, NULL, check(2, 4, 1), 1000, 0), n);
}

static void test_log(void **state)
{
    (void)state;
    db_drive d;
    memset(&d, 0, sizeof d);
    db_fault_log log;
    memset(&log, 0, sizeof log);
    db_retry rt = { 0 };
    attempts(&d, &rt, &log, check(6, 0x28, 0), 1, 0); /* attention, resent, then good */
    rt = (db_retry){ 0 };
    attempts(&d, &rt, &log, check(3, 0x11, 0), 1, 0); /* medium: left to the module */
    rt = (db_retry){ 0 };
    attempts(&d, &rt, &log, status(DB_CMD_GOOD, 5), 2, 2048);
    assert_int_equal(log.failed, 4);
    assert_int_equal(log.by_class[DB_FAULT_ATTENTION], 1);
    assert_int_equal(log.by_class[DB_FAULT_MEDIUM], 1);
    assert_int_equal(log.by_class[DB_FAULT_SHORT], 2);
    assert_int_equal(db_fault_log_drive_faults(&log), 3);
    assert_int_equal(log.retried, 2);
    assert_int_equal(log.recovered, 1);
    assert_non_null(strstr(log.first, "READ(10) at LBA 1234 failed: UNIT ATTENTION (06/28/00"));
    assert_string_equal(log.last, "READ(10) at LBA 1234 returned 5 of 2048 bytes");
    /* a NULL log is allowed everywhere */
    rt = (db_retry){ 0 };
    assert_int_equal(attempts(&d, &rt, NULL, check(6, 0x28, 0), 1, 0), 2);
    db_fault_log_add(NULL, DB_FAULT_HARDWARE, "x", 1, NULL);
    char out[200];
    db_cmd_result h = check(4, 0x44, 0);
    db_fault_describe(DB_FAULT_HARDWARE, "SEEK(10)", UINT32_MAX, &h, 0, out, sizeof out);
    assert_non_null(strstr(out, "SEEK(10) failed: HARDWARE ERROR (04/44/00"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_resends),
        cmocka_unit_test(test_becoming_ready_waits_on_the_drive_clock),
        cmocka_unit_test(test_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
