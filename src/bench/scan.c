/* scan.c - the read-error surface scan (method in scan.h). */
#include "scan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../drive/retry.h"
#include "c2read.h"
#include "scan_out.h"

#define RING 15             /* good blocks the expected time is the median of */
#define WARMUP 3            /* blocks needed before one can be judged */
#define FAIL_STREAK DB_RETRY_FAULT_STREAK
#define READ_TIMEOUT_MS 60000u

/* ---- slow-block detection ---- */

typedef struct pending {
    uint32_t lba, n;
    double t;               /* ns per sector */
} pending;

typedef struct slowdet {
    double ring[RING];
    int count, next;
    pending pend[WARMUP];
    int npend;
    double factor;
} slowdet;

static double median(const double *v, int n)
{
    double s[RING];
    memcpy(s, v, (size_t)n * sizeof *s);
    for (int i = 1; i < n; i++) /* insertion sort: at most 15 values */
        for (int k = i; k > 0 && s[k - 1] > s[k]; k--) {
            double x = s[k];
            s[k] = s[k - 1];
            s[k - 1] = x;
        }
    return n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

static void ring_add(slowdet *sd, double t)
{
    sd->ring[sd->next] = t;
    sd->next = (sd->next + 1) % RING;
    if (sd->count < RING)
        sd->count++;
}

typedef struct scanner {
    const db_bench_ctx *ctx;
    const scan_opts *opts;
    scan_result *res;
    db_scan_out *out;
    slowdet sd;
    scan_zone zone;         /* tallies of the zone being read */
    uint8_t *buf;
    int streak;
    int last_class;         /* db_fault_class of the last read */
    char fail_reason[300];
} scanner;

static void judge(scanner *s, uint32_t lba, uint32_t n, double t, double expected)
{
    if (expected > 0 && t > s->sd.factor * expected) {
        s->zone.slow += n;
        s->res->slow += n;
        s->res->slow_blocks++;
        db_scan_out_slow(s->out, lba, lba + n, t * n / 1e6, expected * n / 1e6, "slow");
    } else {
        s->zone.good += n;
        s->res->good += n;
    }
}

static void flush_pending(scanner *s)
{
    if (!s->sd.npend)
        return;
    double expected = median(s->sd.ring, s->sd.count);
    for (int i = 0; i < s->sd.npend; i++)
        judge(s, s->sd.pend[i].lba, s->sd.pend[i].n, s->sd.pend[i].t, expected);
    s->sd.npend = 0;
}

/* A block read without error in ns. */
static void timed_block(scanner *s, uint32_t lba, uint32_t n, uint64_t ns)
{
    double t = (double)ns / n;
    slowdet *sd = &s->sd;
    if (sd->count >= WARMUP) {
        double expected = median(sd->ring, sd->count);
        judge(s, lba, n, t, expected);
        if (!(t > sd->factor * expected))
            ring_add(sd, t);
        return;
    }
    sd->pend[sd->npend++] = (pending){ lba, n, t };
    ring_add(sd, t);
    if (sd->count >= WARMUP)
        flush_pending(s);
}

/* ---- reading ---- */

static bool is_audio(const db_identity *id, uint32_t lba)
{
    const mmc_toc *t = &id->toc;
    for (int i = t->count - 1; i >= 0; i--)
        if (t->tracks[i].lba <= lba)
            return !db_mmc_track_is_data(&t->tracks[i]);
    return false;
}

/* One read of [lba, lba + n) with the track's method, under the retry
 * policy (drive/retry.h).  0 read (short data after the retry is a fault
 * recorded, the block counts as read), -1 failed (s->last_class says how). */
static int read_block(scanner *s, uint32_t lba, uint32_t n, db_cmd_result *res)
{
    db_drive *d = s->ctx->drive;
    bool audio = is_audio(&s->res->id, lba);
    size_t bytes = (size_t)n * (audio ? CD_RAW_BYTES : CD_DATA_BYTES);
    db_retry rt = { 0 };
    int rc;
    do
        rc = audio ? db_mmc_read_cd(d, MMC_SECTOR_CDDA, lba, n, MMC_READCD_USER, 0, s->buf, bytes, res)
                   : db_mmc_read10(d, lba, (uint16_t)n, s->buf, bytes, res);
    while (db_retry_step(d, &rt, s->ctx->faults, audio ? "READ CD" : "READ(10)", lba, rc, res, bytes));
    s->last_class = rt.last;
    if (rt.last == DB_FAULT_SHORT) {
        snprintf(s->res->last_fault, sizeof s->res->last_fault,
                 "short read at LBA %u: %zu of %zu bytes", lba, res->data_len, bytes);
        s->res->faults++;
        s->zone.faults++;
        return 0;
    }
    return rt.last == DB_FAULT_NONE ? 0 : -1;
}

/* Nothing more can be read (no disc, no answer, never ready, refused):
 * the scan stops at once.  Other failures are faults it goes on after. */
static bool fatal(const scanner *s)
{
    return db_fault_ends_run((db_fault_class)s->last_class);
}

static void seek_to(scanner *s, uint32_t lba)
{
    uint8_t cdb[DB_CDB_MAX];
    size_t n = db_mmc_cdb_seek10(cdb, lba);
    db_drive_exec(s->ctx->drive, cdb, n, DB_DIR_NONE, NULL, 0, READ_TIMEOUT_MS, NULL);
}

/* The block failed: which sectors, exactly?  -1 when the scan must stop. */
static int sector_pass(scanner *s, uint32_t lba, uint32_t n, const db_cmd_result *first)
{
    int first_class = s->last_class;
    if (s->last_class != DB_FAULT_MEDIUM) { /* hardware error, illegal request, ... */
        char why[160];
        db_result_describe(first, why, sizeof why);
        snprintf(s->res->last_fault, sizeof s->res->last_fault, "unexpected answer to a read at LBA %u: %s",
                 lba, why);
        s->res->faults++;
        s->zone.faults++;
    }
    bool any_good = false;
    for (uint32_t i = 0; i < n; i++) {
        db_cmd_result res;
        int tries = 1 + (s->opts->retries > 0 ? s->opts->retries : 0), ok = -1, t;
        for (t = 0; t < tries && ok; t++) {
            ok = read_block(s, lba + i, 1, &res);
            if (ok && fatal(s)) {
                db_result_describe(&res, s->fail_reason, sizeof s->fail_reason);
                return -1;
            }
        }
        if (ok == 0 && t == 1) {
            s->zone.good++;
            s->res->good++;
            any_good = true;
        } else if (ok == 0) {
            s->zone.slow++;
            s->res->slow++;
            s->res->recovered++;
            any_good = true;
            db_scan_out_slow(s->out, lba + i, lba + i + 1, NAN, NAN, "recovered");
        } else {
            s->zone.unreadable++;
            s->res->unreadable++;
            db_badlist_add(&s->out->bad, lba + i, &res);
        }
    }
    /* nothing readable and not a medium error: the drive, not the disc */
    if (!any_good && first_class != DB_FAULT_MEDIUM) {
        if (++s->streak >= FAIL_STREAK) {
            db_result_describe(first, s->fail_reason, sizeof s->fail_reason);
            return -1;
        }
    } else {
        s->streak = 0;
    }
    return 0;
}

/* Read [a, b) of one zone.  0, 1 interrupted, -1 stopped. */
static int read_zone(scanner *s, uint32_t a, uint32_t b, uint32_t block)
{
    db_drive *d = s->ctx->drive;
    while (a < b) {
        if (db_bench_stopped(s->ctx))
            return 1;
        uint32_t e = a + block < b ? a + block : b;
        uint32_t te = db_track_end(&s->res->id, a);
        if (e > te)
            e = te;
        db_cmd_result res;
        uint64_t t0 = db_clock_now_ns(&d->clock);
        int rc = read_block(s, a, e - a, &res);
        uint64_t t1 = db_clock_now_ns(&d->clock);
        if (rc == 0) {
            s->streak = 0;
            timed_block(s, a, e - a, t1 - t0);
        } else if (fatal(s)) {
            char why[200];
            db_result_describe(&res, why, sizeof why);
            snprintf(s->fail_reason, sizeof s->fail_reason, "read at LBA %u failed: %s", a, why);
            return -1;
        } else {
            if (sector_pass(s, a, e - a, &res))
                return -1;
            if (e < s->res->disc_sectors)
                seek_to(s, e);
        }
        a = e;
        s->res->lba_done = a;
    }
    return 0;
}

int scan_run(const db_bench_ctx *ctx, const scan_opts *opts, scan_result *res, db_error *err)
{
    db_drive *d = ctx->drive;
    db_error_clear(err);
    memset(res, 0, sizeof *res);
    res->avg_x = NAN;
    uint64_t t_begin = db_clock_now_ns(&d->clock);
    if (db_identity_read_logged(d, ctx->faults, &res->id, err))
        return err->code;
    res->disc_sectors = res->id.disc_sectors;
    int zones = opts->zones > 0 ? opts->zones : SCAN_DEFAULT_ZONES;
    if ((uint32_t)zones > res->disc_sectors)
        zones = (int)res->disc_sectors;
    uint32_t block = opts->block_sectors > 0 ? (uint32_t)opts->block_sectors : 16;
    if (block > SCAN_MAX_BLOCK)
        block = SCAN_MAX_BLOCK;
    res->zones_total = zones;

    scanner s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.opts = opts;
    s.res = res;
    s.sd.factor = opts->slow_factor > 1 ? opts->slow_factor : 3.0;
    s.buf = malloc((size_t)block * CD_RAW_BYTES);
    if (!s.buf)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    db_scan_out out;
    if (db_scan_out_open(&out, ctx, err)) {
        free(s.buf);
        return err->code;
    }
    s.out = &out;

    uint16_t kbs = opts->speed_x > 0 ? db_mmc_x_to_kbs(opts->speed_x) : MMC_SPEED_MAX_KBS;
    db_error serr = { 0 };
    if (db_mmc_set_cd_speed(d, kbs, &serr))
        snprintf(res->speed_note, sizeof res->speed_note, "%.299s", serr.msg);
    seek_to(&s, 0);

    int rc = 0;
    uint64_t t_prev = db_clock_now_ns(&d->clock), timed_ns = 0;
    for (int z = 0; z < zones; z++) {
        uint32_t zs = (uint32_t)((uint64_t)res->disc_sectors * (uint64_t)z / (uint64_t)zones);
        uint32_t ze = (uint32_t)((uint64_t)res->disc_sectors * (uint64_t)(z + 1) / (uint64_t)zones);
        memset(&s.zone, 0, sizeof s.zone);
        uint32_t resent0 = ctx->faults ? ctx->faults->retried : 0;
        rc = read_zone(&s, zs, ze, block);
        /* commands the retry policy sent again are faults met too */
        s.zone.faults += (ctx->faults ? ctx->faults->retried : 0) - resent0;
        if (rc)
            break;
        flush_pending(&s); /* a zone's row is final when written */
        uint64_t t_now = db_clock_now_ns(&d->clock);
        timed_ns += t_now - t_prev;
        if (db_scan_out_zone(&out, z, zs, ze, &s.zone, t_now - t_prev, err)) {
            rc = -2;
            break;
        }
        t_prev = t_now;
        res->zones_done = z + 1;
        if (ctx->progress) {
            char status[96];
            snprintf(status, sizeof status, "zone %d/%d  slow %llu  unreadable %llu", z + 1, zones,
                     (unsigned long long)res->slow, (unsigned long long)res->unreadable);
            ctx->progress(ctx->progress_arg, (double)(z + 1) / zones, status);
        }
    }
    res->interrupted = rc == 1;
    res->aborted = rc == -1;
    if (res->aborted)
        snprintf(res->abort_reason, sizeof res->abort_reason, "%s", s.fail_reason);
    db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);
    if (res->zones_done)
        res->avg_x = db_speed_x_of((uint64_t)(res->good + res->slow + res->unreadable), timed_ns);
    res->complete = res->zones_done == res->zones_total;
    res->duration_s = (double)(db_clock_now_ns(&d->clock) - t_begin) / 1e9;
    free(s.buf);

    db_error out_err = { 0 };
    int wrote = db_scan_out_finish(&out, ctx, opts, res, &out_err);
    if (rc == -2)
        return err->code;
    if (wrote) {
        *err = out_err;
        return err->code;
    }
    if (res->interrupted)
        db_error_set(err, DB_EXIT_INTERRUPTED, "interrupted at LBA %u: %d of %d zones kept in %s", res->lba_done,
                     res->zones_done, res->zones_total, ctx->out_dir);
    else if (res->aborted)
        db_error_set(err, DB_EXIT_DRIVE, "scan stopped at LBA %u: %s (%d of %d zones kept)", res->lba_done,
                     res->abort_reason, res->zones_done, res->zones_total);
    else if (res->unreadable)
        db_error_set(err, DB_EXIT_INCOMPLETE, "%llu sectors could not be read (list: %s/scan_unreadable.csv)",
                     (unsigned long long)res->unreadable, ctx->out_dir);
    return err->code;
}
