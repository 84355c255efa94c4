/* retry.c - the retry policy for failed commands (retry.h). */
#include "retry.h"

#include <stdio.h>
#include <string.h>

static const char *const class_names[DB_FAULT_CLASSES] = {
    "none", "becoming_ready", "unit_attention", "aborted_command", "no_answer", "short_data", "medium_error",
    "hardware_error", "illegal_request", "no_medium", "not_ready", "other_sense", "refused"
};

const char *db_fault_class_name(db_fault_class c)
{
    return (unsigned)c < DB_FAULT_CLASSES ? class_names[c] : "?";
}

db_fault_class db_fault_classify(int rc, const db_cmd_result *res, size_t want)
{
    switch (res->status) {
    case DB_CMD_GOOD:
        if (rc != 0)
            return DB_FAULT_TRANSPORT;
        return want && res->data_len < want ? DB_FAULT_SHORT : DB_FAULT_NONE;
    case DB_CMD_REFUSED: return DB_FAULT_REFUSED;
    case DB_CMD_CHECK: break;
    default: return DB_FAULT_TRANSPORT;
    }
    const db_sense *s = &res->sense;
    switch (s->key) {
    case 0x02:
        if (s->asc == 0x3A)
            return DB_FAULT_NO_MEDIUM;
        /* becoming ready, operation in progress, long write in progress */
        if (s->asc == 0x04 && (s->ascq == 0x01 || s->ascq == 0x07 || s->ascq == 0x08))
            return DB_FAULT_BECOMING_READY;
        return DB_FAULT_NOT_READY;
    case 0x03: return DB_FAULT_MEDIUM;
    case 0x04: return DB_FAULT_HARDWARE;
    case 0x05: return DB_FAULT_ILLEGAL;
    case 0x06: return DB_FAULT_ATTENTION;
    case 0x0B: return DB_FAULT_ABORTED;
    default: return DB_FAULT_OTHER;
    }
}

bool db_fault_ends_run(db_fault_class c)
{
    return c == DB_FAULT_NO_MEDIUM || c == DB_FAULT_NOT_READY || c == DB_FAULT_BECOMING_READY ||
           c == DB_FAULT_TRANSPORT || c == DB_FAULT_REFUSED;
}

uint32_t db_fault_log_drive_faults(const db_fault_log *l)
{
    return l->failed - l->by_class[DB_FAULT_MEDIUM];
}

static void describe(db_fault_class c, const char *what, uint32_t lba, const db_cmd_result *res, size_t want,
                     char *out, size_t out_len)
{
    char at[32] = "";
    if (lba != UINT32_MAX)
        snprintf(at, sizeof at, " at LBA %u", lba);
    if (c == DB_FAULT_SHORT) {
        if (want)
            snprintf(out, out_len, "%s%s returned %zu of %zu bytes", what, at, res->data_len, want);
        else
            snprintf(out, out_len, "%s%s returned too few bytes (%zu)", what, at, res->data_len);
        return;
    }
    char why[200];
    db_result_describe(res, why, sizeof why);
    snprintf(out, out_len, "%s%s failed: %s", what, at, why);
}

void db_fault_describe(db_fault_class c, const char *what, uint32_t lba, const db_cmd_result *res,
                       size_t want, char *out, size_t out_len)
{
    describe(c, what, lba, res, want, out, out_len);
}

static void log_add(db_fault_log *l, db_fault_class c, const char *what, uint32_t lba,
                    const db_cmd_result *res, size_t want)
{
    if (!l || c == DB_FAULT_NONE || (unsigned)c >= DB_FAULT_CLASSES)
        return;
    l->failed++;
    l->by_class[c]++;
    describe(c, what, lba, res, want, l->last, sizeof l->last);
    if (l->failed == 1)
        memcpy(l->first, l->last, sizeof l->first);
}

void db_fault_log_add(db_fault_log *l, db_fault_class c, const char *what, uint32_t lba,
                      const db_cmd_result *res)
{
    log_add(l, c, what, lba, res, 0);
}

bool db_retry_step(db_drive *d, db_retry *rt, db_fault_log *log, const char *what, uint32_t lba, int rc,
                   const db_cmd_result *res, size_t want)
{
    db_fault_class c = db_fault_classify(rc, res, want);
    rt->last = c;
    rt->tries++;
    if (c == DB_FAULT_NONE) {
        if (rt->tries > 1 && log)
            log->recovered++;
        return false;
    }
    log_add(log, c, what, lba, res, want);
    bool again = false;
    uint64_t wait = 0;
    switch (c) {
    case DB_FAULT_BECOMING_READY:
        /* Counted as intended, not as measured: a clock that cannot wait
         * (a replay) still ends the loop. */
        if (rt->waited_ns < DB_RETRY_READY_TOTAL_NS) {
            wait = rt->next_wait_ns ? rt->next_wait_ns : DB_RETRY_READY_FIRST_NS;
            if (wait > DB_RETRY_READY_TOTAL_NS - rt->waited_ns)
                wait = DB_RETRY_READY_TOTAL_NS - rt->waited_ns;
            if (d)
                db_clock_sleep_ns(&d->clock, wait);
            rt->waited_ns += wait;
            rt->next_wait_ns = wait * 2 < DB_RETRY_READY_STEP_NS ? wait * 2 : DB_RETRY_READY_STEP_NS;
            again = true;
        }
        break;
    case DB_FAULT_ATTENTION: again = rt->attention++ < DB_RETRY_ATTENTION; break;
    case DB_FAULT_ABORTED: again = !rt->once_only && rt->attention++ < DB_RETRY_ATTENTION; break;
    case DB_FAULT_TRANSPORT: again = !rt->once_only && rt->transport++ < DB_RETRY_TRANSPORT; break;
    case DB_FAULT_SHORT: again = !rt->once_only && rt->short_data++ < DB_RETRY_SHORT; break;
    default: break;
    }
    if (again && log) {
        log->retried++;
        log->waited_ns += wait;
    }
    return again;
}
