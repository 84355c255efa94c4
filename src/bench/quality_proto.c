/* quality_proto.c - the three vendor C1/C2 scan loops (quality.h): each
 * turns the drive's replies into one db_qinterval per second of disc and
 * hands it on; checks on positions and counts are here, the counting
 * itself (each second once) is the sink's (quality.c). */
#include <stdio.h>
#include <string.h>

#include "../drive/retry.h"
#include "../drive/vendor_scan.h"
#include "c2read.h"
#include "errscan_out.h"
#include "quality.h"

/* Consecutive failed intervals after which the drive is taken as stopped. */
#define FAIL_STREAK 5
/* New protocol: replies that do not advance before the drive is taken as stalled. */
#define STALL_REPLIES 10
/* Plextor reads a second as 5 READ CDs of 15 sectors (what PlexTools does). */
#define PX_CHUNK 15

static uint64_t now_ns(const db_qscan *q)
{
    return db_clock_now_ns(&q->ctx->drive->clock);
}

static uint32_t seconds_of(const db_qscan *q)
{
    return (q->id->disc_sectors + 74) / 75;
}

static void interval_of(const db_qscan *q, uint32_t s, db_qinterval *iv)
{
    iv->has_second = true;
    iv->second = s;
    iv->lba_start = s * 75u;
    iv->lba_end = iv->lba_start + 75u < q->id->disc_sectors ? iv->lba_start + 75u : q->id->disc_sectors;
}

static void progress(const db_qscan *q, uint32_t s, const db_qinterval *iv)
{
    const db_bench_ctx *c = q->ctx;
    if (!c->progress)
        return;
    char status[96];
    snprintf(status, sizeof status, "second %u/%u  C1 %u  C2 %u", s + 1, seconds_of(q),
             iv->has_counts ? iv->c1 : 0, iv->has_counts ? iv->c2 : 0);
    c->progress(c->progress_arg, (double)(s + 1) / seconds_of(q), status);
}

/* A vendor command that failed: "DF 82 09 failed: ILLEGAL REQUEST (...)". */
static void failed(const db_qscan *q, const char *what, const db_cmd_result *res, char *out, size_t len)
{
    char why[400], line[600];
    db_errscan_describe(q->ctx->drive, res, why, sizeof why);
    snprintf(line, sizeof line, "%s failed: %s", what, why);
    /* cut to the caller's buffer */
    size_t n = strlen(line);
    if (!len)
        return;
    if (n >= len)
        n = len - 1;
    memcpy(out, line, n);
    out[n] = '\0';
}

static int emit(db_qscan *q, const db_qinterval *iv)
{
    return q->sink(q->arg, iv) ? DB_QSCAN_OUTPUT : 0;
}

/* A vendor scan command under the retry policy (drive/retry.h): sent again
 * after a unit attention or while the drive becomes ready, never after no
 * answer, an aborted command or a short reply (the drive may have scanned
 * the second already).  Failures go into the run's fault log; whether a
 * reply is usable is for the protocol's parser to say. */
static int vexec(db_qscan *q, const uint8_t *cdb, size_t n, void *buf, size_t len, db_cmd_result *res)
{
    db_drive *d = q->ctx->drive;
    char what[32];
    snprintf(what, sizeof what, "vendor command %02X %02X %02X", cdb[0], n > 1 ? cdb[1] : 0, n > 2 ? cdb[2] : 0);
    db_retry rt = { .once_only = true };
    char first[240] = "";
    int rc;
    bool again;
    do {
        rc = db_vendor_exec(d, cdb, n, buf, len, res);
        again = db_retry_step(d, &rt, q->ctx->faults, what, UINT32_MAX, rc, res, len);
        if (again && !first[0])
            db_fault_describe(rt.last, what, UINT32_MAX, res, 0, first, sizeof first);
    } while (again);
    q->last_class = rt.last;
    /* answered after a resend, or answered short: the interval's row says so */
    if (rc == 0 && first[0] && !q->retried[0])
        snprintf(q->retried, sizeof q->retried, "%.200s; sent again, then answered", first);
    else if (rc == 0 && rt.last == DB_FAULT_SHORT && !q->retried[0])
        db_fault_describe(rt.last, what, UINT32_MAX, res, len, q->retried, sizeof q->retried);
    return rc;
}

/* The last command failed in a way that ends the run (no disc, never
 * ready, no answer twice in a row): nothing more can be scanned.  One lost
 * answer of a step that is not sent again is a failed second only. */
static bool gone(const db_qscan *q)
{
    db_fault_class c = (db_fault_class)q->last_class;
    if (c == DB_FAULT_TRANSPORT)
        return q->ctx->drive->no_answer_streak >= 2;
    return db_fault_ends_run(c);
}

/* The same for the protocol's first command: no answer there (or a refusal)
 * means the protocol cannot be used (the kernel blocks vendor commands,
 * ...): another is tried.  Only a missing or unready disc ends the run. */
static bool gone_at_start(const db_qscan *q)
{
    db_fault_class c = (db_fault_class)q->last_class;
    return gone(q) && c != DB_FAULT_TRANSPORT && c != DB_FAULT_REFUSED;
}

/* Start of an interval: no resend seen yet. */
static void interval_begin(db_qscan *q)
{
    q->retried[0] = '\0';
}

/* End of an interval that got its counts: note a resend in its row. */
static void interval_note(const db_qscan *q, db_qinterval *iv)
{
    if (iv->has_counts && !iv->fault[0] && q->retried[0])
        snprintf(iv->fault, sizeof iv->fault, "%s", q->retried);
}

/* ---------------- Lite-On, old protocol ---------------- */

int db_qscan_liteon_old(db_qscan *q)
{
    uint8_t cdb[DB_CDB_MAX], buf[DB_LITEON_OLD_REPLY];
    db_cmd_result res;
    size_t n = db_liteon_cdb_start(cdb);
    if (vexec(q, cdb, n, buf, sizeof buf, &res)) {
        failed(q, "Lite-On scan start (DF A3 00)", &res, q->note, sizeof q->note);
        return gone_at_start(q) ? DB_QSCAN_ABORTED : DB_QSCAN_NO_ANSWER;
    }
    for (int i = 0; i < 4; i++) {
        n = db_liteon_cdb_setup(cdb, db_liteon_setup_steps[i]);
        if (vexec(q, cdb, n, buf, sizeof buf, &res)) {
            failed(q, "Lite-On scan set-up (DF A0)", &res, q->note, sizeof q->note);
            if (gone_at_start(q))
                return DB_QSCAN_ABORTED;
            n = db_liteon_cdb_end(cdb);
            vexec(q, cdb, n, buf, sizeof buf, &res);
            return DB_QSCAN_NO_ANSWER;
        }
    }
    int rc = DB_QSCAN_DONE, streak = 0;
    uint32_t seconds = seconds_of(q);
    for (uint32_t s = 0; s < seconds; s++) {
        if (db_bench_stopped(q->ctx)) {
            rc = DB_QSCAN_INTERRUPTED;
            break;
        }
        db_qinterval iv;
        memset(&iv, 0, sizeof iv);
        interval_begin(q);
        interval_of(q, s, &iv);
        uint64_t t0 = now_ns(q);
        /* the drive scans the next second by itself, then the host reads
         * and resets the counters */
        n = db_liteon_cdb_scan(cdb);
        if (vexec(q, cdb, n, buf, sizeof buf, &res)) {
            failed(q, "Lite-On scan of one second (DF 82 09)", &res, iv.fault, sizeof iv.fault);
        } else {
            n = db_liteon_cdb_counters(cdb);
            memset(buf, 0, sizeof buf);
            if (vexec(q, cdb, n, buf, sizeof buf, &res)) {
                failed(q, "Lite-On counters (DF 82 05)", &res, iv.fault, sizeof iv.fault);
            } else {
                db_errc_reply rep;
                if (db_liteon_parse_old(buf, res.data_len, &rep, iv.fault, sizeof iv.fault) == 0) {
                    iv.has_counts = true;
                    iv.c1 = rep.c1;
                    iv.c2 = rep.c2;
                    iv.cu = rep.cu;
                    iv.has_cu = true;
                }
            }
            /* counters left standing would be counted again with the next
             * second: a reset that fails twice ends the scan */
            n = db_liteon_cdb_reset(cdb);
            if (vexec(q, cdb, n, buf, sizeof buf, &res) &&
                vexec(q, cdb, n, buf, sizeof buf, &res)) {
                failed(q, "Lite-On counter reset (DF 97)", &res, q->note, sizeof q->note);
                iv.has_counts = false;
                snprintf(iv.fault, sizeof iv.fault, "%.239s", q->note);
                emit(q, &iv);
                rc = DB_QSCAN_ABORTED;
                break;
            }
        }
        iv.ns = now_ns(q) - t0;
        interval_note(q, &iv);
        streak = iv.has_counts ? 0 : streak + 1;
        if (emit(q, &iv)) {
            rc = DB_QSCAN_OUTPUT;
            break;
        }
        progress(q, s, &iv);
        if (!iv.has_counts && gone(q)) {
            snprintf(q->note, sizeof q->note, "the drive failed at LBA %u: %s", iv.lba_start, iv.fault);
            rc = DB_QSCAN_ABORTED;
            break;
        }
        if (streak >= FAIL_STREAK) {
            snprintf(q->note, sizeof q->note, "the drive stopped answering the scan at LBA %u: %s",
                     iv.lba_start, iv.fault);
            rc = DB_QSCAN_ABORTED;
            break;
        }
    }
    n = db_liteon_cdb_end(cdb);
    vexec(q, cdb, n, buf, sizeof buf, &res);
    return rc;
}

/* ---------------- Lite-On, new protocol ---------------- */

int db_qscan_liteon_new(db_qscan *q)
{
    db_drive *d = q->ctx->drive;
    uint8_t cdb[DB_CDB_MAX], buf[DB_LITEON_NEW_REPLY];
    db_cmd_result res;
    /* the scan starts where the head is: at LBA 0 */
    size_t n = db_mmc_cdb_seek10(cdb, 0);
    if (db_drive_exec(d, cdb, n, DB_DIR_NONE, NULL, 0, 30000, &res)) {
        char why[200];
        db_result_describe(&res, why, sizeof why);
        snprintf(q->note, sizeof q->note, "SEEK(10) to LBA 0 before the scan failed (%s); scanning anyway; ", why);
    }
    uint32_t end = q->id->disc_sectors, seconds = seconds_of(q);
    uint32_t last_pos = 0, stuck = 0, streak = 0;
    uint64_t limit = (uint64_t)seconds * 2 + 50; /* never loop for ever on a confused drive */
    bool first = true;
    int rc = DB_QSCAN_DONE;
    for (uint64_t call = 0; last_pos < end; call++) {
        if (db_bench_stopped(q->ctx)) {
            rc = DB_QSCAN_INTERRUPTED;
            break;
        }
        if (call >= limit) {
            snprintf(q->note, sizeof q->note, "the drive had not reached the end of the disc after %llu "
                     "replies (at LBA %u of %u)", (unsigned long long)call, last_pos, end);
            rc = DB_QSCAN_ABORTED;
            break;
        }
        db_qinterval iv;
        memset(&iv, 0, sizeof iv);
        interval_begin(q);
        uint64_t t0 = now_ns(q);
        n = db_liteon_cdb_scan_new(cdb);
        memset(buf, 0, sizeof buf);
        int erc = vexec(q, cdb, n, buf, sizeof buf, &res);
        iv.ns = now_ns(q) - t0;
        if (erc && first) {
            size_t used = strlen(q->note);
            failed(q, "Lite-On scan (F3 0E)", &res, q->note + used, sizeof q->note - used);
            return gone_at_start(q) ? DB_QSCAN_ABORTED : DB_QSCAN_NO_ANSWER;
        }
        first = false;
        db_errc_reply rep;
        if (erc) {
            failed(q, "Lite-On scan (F3 0E)", &res, iv.fault, sizeof iv.fault);
        } else if (db_liteon_parse_new(buf, res.data_len, &rep, iv.fault, sizeof iv.fault) == 0) {
            uint32_t pos = rep.pos_lba;
            if (pos > end || pos == 0) {
                snprintf(iv.fault, sizeof iv.fault, "position %u is outside the disc (0..%u]", pos, end);
                stuck++;
            } else if (pos <= last_pos) {
                /* qpxtool#76: never count an interval twice */
                snprintf(iv.fault, sizeof iv.fault, pos == last_pos ? "position %u repeated (was %u): not counted again"
                                                                    : "position jumped back to %u from %u: not counted",
                         pos, last_pos);
                interval_of(q, (pos - 1) / 75u, &iv);
                stuck++;
            } else {
                uint32_t s = (pos - 1) / 75u;
                interval_of(q, s, &iv);
                if (iv.lba_start > last_pos) {
                    /* the drive skipped seconds: say so (coverage shows the hole) */
                    db_qinterval gap;
                    memset(&gap, 0, sizeof gap);
                    snprintf(gap.fault, sizeof gap.fault, "position jumped forward from %u to %u: "
                             "LBA %u..%u not scanned", last_pos, pos, last_pos, iv.lba_start);
                    if (emit(q, &gap)) {
                        rc = DB_QSCAN_OUTPUT;
                        break;
                    }
                }
                iv.has_counts = true;
                iv.c1 = rep.c1;
                iv.c2 = rep.c2;
                last_pos = pos;
                stuck = 0;
            }
        }
        interval_note(q, &iv);
        streak = iv.has_counts ? 0 : streak + 1;
        if (emit(q, &iv)) {
            rc = DB_QSCAN_OUTPUT;
            break;
        }
        if (iv.has_counts)
            progress(q, iv.second, &iv);
        if (stuck >= STALL_REPLIES || streak >= FAIL_STREAK + STALL_REPLIES) {
            snprintf(q->note, sizeof q->note, "the drive stopped advancing at LBA %u of %u: %s", last_pos,
                     end, iv.fault);
            rc = DB_QSCAN_ABORTED;
            break;
        }
        if (erc && gone(q)) {
            snprintf(q->note, sizeof q->note, "the drive failed at LBA %u: %s", last_pos, iv.fault);
            rc = DB_QSCAN_ABORTED;
            break;
        }
        if (erc && streak >= FAIL_STREAK) {
            snprintf(q->note, sizeof q->note, "the drive stopped answering the scan at LBA %u: %s",
                     last_pos, iv.fault);
            rc = DB_QSCAN_ABORTED;
            break;
        }
    }
    return rc;
}

/* ---------------- Plextor Q-Check ---------------- */

static void px_bad(void *arg, uint32_t lba, const db_cmd_result *res)
{
    db_qscan *q = arg;
    if (q->bad)
        db_badlist_add(q->bad, lba, res);
}

int db_qscan_plextor(db_qscan *q)
{
    db_drive *d = q->ctx->drive;
    uint8_t cdb[DB_CDB_MAX], buf[DB_PLEXTOR_REPLY];
    db_cmd_result res;
    /* The host reads every second itself, with C2 pointers when the drive
     * gives them (a cross-check of the counters for free).  Probed before
     * the test starts: the drive would count the probe's reads. */
    char pnote[500];
    int form = db_c2_probe(d, q->id, 0, pnote, sizeof pnote);
    if (form < 0) { /* the drive failed, not its C2 pointers */
        snprintf(q->note, sizeof q->note, "%.500s", pnote);
        return DB_QSCAN_ABORTED;
    }
    db_c2read rd;
    if (db_c2read_init(&rd, d, q->id, form)) {
        snprintf(q->note, sizeof q->note, "out of memory");
        return DB_QSCAN_ABORTED;
    }
    size_t n = db_plextor_cdb_start(cdb);
    if (vexec(q, cdb, n, NULL, 0, &res)) {
        failed(q, "Plextor Q-Check start (EA 15)", &res, q->note, sizeof q->note);
        db_c2read_free(&rd);
        return gone_at_start(q) ? DB_QSCAN_ABORTED : DB_QSCAN_NO_ANSWER;
    }
    q->read_c2_known = form != 0;
    if (!form)
        snprintf(q->note, sizeof q->note, "reads without C2 pointers (%.400s)", pnote);
    rd.resume_after_bad = true; /* the drive counted up to the bad sector already */
    rd.log = q->ctx->faults;
    int rc = DB_QSCAN_DONE, streak = 0;
    uint32_t seconds = seconds_of(q);
    for (uint32_t s = 0; s < seconds && rc == DB_QSCAN_DONE; s++) {
        if (db_bench_stopped(q->ctx)) {
            rc = DB_QSCAN_INTERRUPTED;
            break;
        }
        db_qinterval iv;
        memset(&iv, 0, sizeof iv);
        interval_begin(q);
        interval_of(q, s, &iv);
        uint64_t t0 = now_ns(q);
        db_c2_tally t;
        memset(&t, 0, sizeof t);
        for (uint32_t a = iv.lba_start; a < iv.lba_end;) {
            uint32_t b = a + PX_CHUNK < iv.lba_end ? a + PX_CHUNK : iv.lba_end;
            uint32_t te = db_track_end(q->id, a);
            if (b > te)
                b = te; /* one sector type per READ CD */
            if (db_c2read_run(&rd, a, b - a, &t, px_bad, q) < 0) {
                snprintf(q->note, sizeof q->note, "%s", rd.fail_reason);
                rc = DB_QSCAN_ABORTED;
                break;
            }
            a = b;
        }
        if (rc != DB_QSCAN_DONE)
            break;
        iv.has_reads = true;
        iv.read_c2_bytes = t.c2_bytes;
        iv.read_unreadable = t.unreadable;
        if (t.faults)
            snprintf(iv.fault, sizeof iv.fault, "%s", t.fault);
        n = db_plextor_cdb_counters(cdb);
        memset(buf, 0, sizeof buf);
        char why[240] = "";
        bool lost = false;
        if (vexec(q, cdb, n, buf, sizeof buf, &res)) {
            failed(q, "Plextor counters (EA 16)", &res, why, sizeof why);
            lost = gone(q);
        } else {
            db_errc_reply rep;
            if (db_plextor_parse(buf, res.data_len, &rep, why, sizeof why) == 0) {
                iv.has_counts = true;
                iv.c1 = rep.c1;
                iv.c2 = rep.c2;
                iv.cu = rep.cu;
                iv.has_cu = true;
            }
        }
        if (why[0]) /* the counter fault matters most: it drops the second */
            snprintf(iv.fault, sizeof iv.fault, "%s", why);
        iv.ns = now_ns(q) - t0;
        interval_note(q, &iv);
        streak = iv.has_counts ? 0 : streak + 1;
        if (emit(q, &iv)) {
            rc = DB_QSCAN_OUTPUT;
            break;
        }
        progress(q, s, &iv);
        if (lost) {
            snprintf(q->note, sizeof q->note, "the drive failed at LBA %u: %s", iv.lba_start, iv.fault);
            rc = DB_QSCAN_ABORTED;
        } else if (streak >= FAIL_STREAK) {
            snprintf(q->note, sizeof q->note, "the drive stopped answering the scan at LBA %u: %s",
                     iv.lba_start, iv.fault);
            rc = DB_QSCAN_ABORTED;
        }
    }
    db_c2read_free(&rd);
    n = db_plextor_cdb_end(cdb);
    vexec(q, cdb, n, NULL, 0, &res);
    return rc;
}
