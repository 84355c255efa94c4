/* quality.c - the C1/C2/CU quality scan: protocol choice, the counting
 * sink, the cross-check and the verdict (method in quality.h). */
#include "quality.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "quality_out.h"
#include "scanproto.h"

static const char *const qproto_names[] = { "auto", "liteon", "liteon-old", "liteon-new", "plextor", "c2" };

const char *db_qproto_name(db_qproto p)
{
    return (unsigned)p < sizeof qproto_names / sizeof qproto_names[0] ? qproto_names[p] : "?";
}

int db_qproto_parse(const char *s, db_qproto *out)
{
    for (size_t i = 0; i < sizeof qproto_names / sizeof qproto_names[0]; i++)
        if (!strcmp(s, qproto_names[i])) {
            *out = (db_qproto)i;
            return 0;
        }
    return -1;
}

/* Count each interval once and write its row. */
static int sink(void *arg, const db_qinterval *iv)
{
    db_quality_out *o = arg;
    quality_result *r = o->res;
    const char *fault = iv->fault;
    char dup[240];
    bool counted = false;
    if (iv->has_counts) {
        counted = db_qstats_add(&r->stats, iv->second, iv->lba_end - iv->lba_start, iv->c1, iv->c2,
                                iv->cu, iv->has_cu);
        if (!counted) {
            snprintf(dup, sizeof dup, "second %u (LBA %u) reported again: not counted twice", iv->second,
                     iv->lba_start);
            fault = dup;
        }
    }
    if (fault[0]) {
        r->faults++;
        r->stats.faults++;
        snprintf(r->last_fault, sizeof r->last_fault, "%s", fault);
    }
    if (iv->has_reads) {
        r->read_c2_bytes += iv->read_c2_bytes;
        r->read_unreadable += iv->read_unreadable;
    }
    return db_quality_out_row(o, iv, counted, fault);
}

/* The candidates to try, in order, and why. */
static int candidates(const quality_opts *o, const db_identity *id, db_qproto out[2], char *note, size_t len)
{
    char drive[80];
    db_identity_drive_name(id, drive, sizeof drive);
    db_qproto p = o->protocol;
    db_scan_match m;
    db_scan_family_for(id->inquiry.vendor, id->inquiry.product, &m);
    if (p == DB_QP_AUTO) {
        if (m.family == DB_SCAN_FAMILY_NONE) {
            snprintf(note, len, "%s is not of a drive family with a known C1/C2 scan protocol (Lite-On, "
                     "Plextor); if it speaks one, force it with --protocol", drive);
            return 0;
        }
        snprintf(note, len, "%s: %s protocol chosen from the drive's identity (%s); ", drive, m.name, m.basis);
        p = m.family == DB_SCAN_FAMILY_PLEXTOR ? DB_QP_PLEXTOR : DB_QP_LITEON;
    } else {
        snprintf(note, len, "--protocol %s; ", db_qproto_name(p));
    }
    switch (p) {
    case DB_QP_LITEON:
        /* a tool tries the new protocol, then the old one; the identity
         * may say which generation the drive is */
        if (m.family == DB_SCAN_FAMILY_LITEON && !strcmp(m.variant, "old")) {
            out[0] = DB_QP_LITEON_OLD;
            out[1] = DB_QP_LITEON_NEW;
        } else {
            out[0] = DB_QP_LITEON_NEW;
            out[1] = DB_QP_LITEON_OLD;
        }
        return 2;
    case DB_QP_LITEON_OLD:
    case DB_QP_LITEON_NEW:
    case DB_QP_PLEXTOR: out[0] = p; return 1;
    default: return 0;
    }
}

static int run_proto(db_qproto p, db_qscan *q)
{
    switch (p) {
    case DB_QP_LITEON_OLD: return db_qscan_liteon_old(q);
    case DB_QP_LITEON_NEW: return db_qscan_liteon_new(q);
    case DB_QP_PLEXTOR: return db_qscan_plextor(q);
    default: return DB_QSCAN_NO_ANSWER;
    }
}

/* Append "A: B; " to buf. */
static void append(char *buf, size_t len, const char *a, const char *b)
{
    size_t n = strlen(buf);
    if (n < len)
        snprintf(buf + n, len - n, "%s: %s; ", a, b);
}

static int fall_back(const db_bench_ctx *ctx, const quality_opts *opts, quality_result *res, db_error *err)
{
    res->fell_back = true;
    res->used = DB_QP_C2;
    c2scan_opts co = { .speed_x = opts->speed_x, .zones = 100, .block_sectors = 16, .c2_mode = opts->c2_mode };
    char why[800];
    snprintf(why, sizeof why, "no vendor C1/C2 protocol: %s; ran c2scan instead (C2 only: C1 and CU "
             "need a vendor protocol)", res->protocol_note);
    co.fallback_note = why;
    return c2scan_run(ctx, &co, &res->c2, err);
}

/* The plausibility check of a scan that saw no C1 at all. */
static void cross_check(const db_bench_ctx *ctx, const quality_opts *opts, quality_result *r)
{
    r->believed = true;
    if (r->stats.seconds_counted == 0 || r->stats.c1_total > 0)
        return;
    if (opts->no_cross_check) {
        snprintf(r->believe_note, sizeof r->believe_note,
                 "no C1 at all, and not cross-checked (--no-cross-check): treat with suspicion");
        return;
    }
    r->cross_checked = true;
    uint64_t c2 = r->read_c2_bytes;
    uint64_t bad = r->read_unreadable;
    const char *how = "the scan's own reads";
    if (!(r->used == DB_QP_PLEXTOR && r->read_c2_known)) {
        db_c2_tally t;
        int form = 0;
        char reason[300];
        if (db_c2_sweep(ctx, &r->id, &form, &t, reason, sizeof reason)) {
            snprintf(r->believe_note, sizeof r->believe_note,
                     "no C1 at all; the cross-check read could not be done (%s): treat with suspicion", reason);
            return;
        }
        c2 = t.c2_bytes;
        bad = t.unreadable;
        how = form ? "a C2 read of the whole disc" : "a read of the whole disc (no C2 pointers)";
    }
    if (c2 || bad) {
        r->believed = false;
        snprintf(r->believe_note, sizeof r->believe_note,
                 "not believed: the scan reports no C1 at all, but %s found %llu C2 bytes and %llu "
                 "unreadable sectors (firmware answering zeros, as in qpxtool#65)", how,
                 (unsigned long long)c2, (unsigned long long)bad);
    } else {
        snprintf(r->believe_note, sizeof r->believe_note,
                 "no C1 at all; %s found no C2 and no read error either", how);
    }
}

int quality_run(const db_bench_ctx *ctx, const quality_opts *opts, quality_result *res, db_error *err)
{
    db_drive *d = ctx->drive;
    db_error_clear(err);
    memset(res, 0, sizeof *res);
    res->score = -1;
    res->believed = true;
    res->verdict = DB_VERDICT_NONE;
    uint64_t t_begin = db_clock_now_ns(&d->clock);
    if (db_identity_read_logged(d, ctx->faults, &res->id, err))
        return err->code;
    res->disc_sectors = res->id.disc_sectors;
    db_qstats_init(&res->stats, res->disc_sectors);

    db_qproto list[2];
    int n = candidates(opts, &res->id, list, res->protocol_note, sizeof res->protocol_note);
    if (n == 0)
        return fall_back(ctx, opts, res, err);

    /* speed_x < 0: the drive's maximum (--speed max); 0: the default */
    res->speed_x = opts->speed_x > 0 ? opts->speed_x : opts->speed_x < 0 ? 0 : DB_QUALITY_DEFAULT_SPEED_X;
    db_error serr = { 0 };
    if (db_mmc_set_cd_speed(d, res->speed_x > 0 ? db_mmc_x_to_kbs(res->speed_x) : MMC_SPEED_MAX_KBS, &serr))
        snprintf(res->speed_note, sizeof res->speed_note, "%.299s", serr.msg);

    db_quality_out out;
    if (db_quality_out_open(&out, ctx, res, err)) {
        db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);
        return err->code;
    }
    db_qscan q = { .ctx = ctx, .id = &res->id, .sink = sink, .arg = &out, .bad = &out.bad };
    int rc = DB_QSCAN_NO_ANSWER;
    for (int i = 0; i < n && rc == DB_QSCAN_NO_ANSWER; i++) {
        q.note[0] = '\0';
        res->used = list[i];
        rc = run_proto(list[i], &q);
        if (rc == DB_QSCAN_NO_ANSWER)
            append(res->protocol_note, sizeof res->protocol_note, db_qproto_name(list[i]), q.note);
        else if (q.note[0] && rc == DB_QSCAN_DONE)
            append(res->protocol_note, sizeof res->protocol_note, db_qproto_name(list[i]), q.note);
    }
    if (rc == DB_QSCAN_NO_ANSWER) {
        db_quality_out_discard(&out);
        db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);
        return fall_back(ctx, opts, res, err);
    }
    /* "...; " -> "..." */
    size_t nl = strlen(res->protocol_note);
    while (nl && (res->protocol_note[nl - 1] == ' ' || res->protocol_note[nl - 1] == ';'))
        res->protocol_note[--nl] = '\0';
    res->read_c2_known = q.read_c2_known;
    res->interrupted = rc == DB_QSCAN_INTERRUPTED;
    res->aborted = rc == DB_QSCAN_ABORTED;
    if (res->aborted)
        snprintf(res->abort_reason, sizeof res->abort_reason, "%s", q.note);
    db_qstats_finish(&res->stats);
    res->complete = res->stats.seconds_counted == res->stats.seconds_total && rc == DB_QSCAN_DONE;
    if (rc != DB_QSCAN_OUTPUT && !res->interrupted)
        cross_check(ctx, opts, res);
    /* Whatever happened, leave the drive at full speed. */
    db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);
    res->verdict = db_qstats_verdict(&res->stats, res->complete, res->believed);
    res->score = db_qstats_score(&res->stats, res->complete, res->believed);
    res->duration_s = (double)(db_clock_now_ns(&d->clock) - t_begin) / 1e9;

    db_error out_err = { 0 };
    int wrote = db_quality_out_finish(&out, ctx, opts, res, &out_err);
    if (rc == DB_QSCAN_OUTPUT) {
        *err = out.err;
        return err->code ? err->code : DB_EXIT_OUTPUT;
    }
    if (wrote) {
        *err = out_err;
        return err->code;
    }
    if (res->interrupted)
        db_error_set(err, DB_EXIT_INTERRUPTED, "interrupted: %u of %u seconds counted, kept in %s",
                     res->stats.seconds_counted, res->stats.seconds_total, ctx->out_dir);
    else if (res->aborted)
        db_error_set(err, DB_EXIT_DRIVE, "scan stopped: %s (%u of %u seconds counted)", res->abort_reason,
                     res->stats.seconds_counted, res->stats.seconds_total);
    else if (!res->complete)
        db_error_set(err, DB_EXIT_INCOMPLETE, "the scan counted %u of %u seconds of the disc (%u drive "
                     "faults): not a complete scan", res->stats.seconds_counted, res->stats.seconds_total,
                     res->faults);
    return err->code;
}
