/* seek.c - the seek test (method in seek.h and seek_plan.h): access time
 * samples, then spin, burst and CPU (seek_mech.c). */
#include "seek.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reader.h"

/* Order of measurement: full stroke first, while nothing the test read
 * is in the cache near either end of the disc. */
static const seek_kind kind_order[SEEK_KINDS] = { SEEK_FULL, SEEK_THIRD, SEEK_RANDOM };

static void stats_init(seek_stats *s, int wanted)
{
    memset(s, 0, sizeof *s);
    s->wanted = wanted;
    s->min_ms = s->max_ms = s->avg_ms = NAN;
}

static void stats_add(seek_stats *s, double ms, double distance_mm)
{
    if (s->done == 0 || ms < s->min_ms)
        s->min_ms = ms;
    if (s->done == 0 || ms > s->max_ms)
        s->max_ms = ms;
    s->done++;
    s->sum_ms += ms;
    s->sum_distance_mm += distance_mm;
    s->avg_ms = s->sum_ms / s->done;
}

/* The drive's buffer from page 2A (0 when it does not say). */
static uint32_t buffer_kib(db_drive *d)
{
    mmc_caps caps;
    db_error e = { 0 };
    if (db_mmc_mode_sense_caps(d, &caps, &e))
        return 0;
    return caps.buffer_kib;
}

/* One sample: positioning read at from, timed read at to.
 * Returns 0 (sample taken or dropped: *ms NaN when dropped), -1 fatal.
 * *faults: commands that failed during the sample (their retries are in
 * its time, so such a sample is dropped too). */
static int take_sample(db_reader *rd, seek_planner *pl, uint32_t from, uint32_t to, double *ms,
                       uint64_t *errors, uint32_t *faults)
{
    db_clock *clk = &rd->drive->clock;
    uint32_t failed0 = rd->log ? rd->log->failed : 0;
    *ms = NAN;
    *faults = 0;
    if (db_reader_read(rd, from, 1))
        return -1;
    uint64_t from_errors = rd->last_errors;
    seek_planner_note_read(pl, from);
    uint64_t t0 = db_clock_now_ns(clk);
    if (db_reader_read(rd, to, 1))
        return -1;
    uint64_t t1 = db_clock_now_ns(clk);
    seek_planner_note_read(pl, to);
    *faults = rd->log ? rd->log->failed - failed0 : 0;
    /* a failed read's time is the drive's retries, not a seek; an
     * unreadable positioning sector leaves the head elsewhere */
    if (rd->last_errors || from_errors) {
        *errors += rd->last_errors + from_errors;
        return 0;
    }
    if (*faults)
        return 0;
    *ms = (double)(t1 - t0) / 1e6;
    return 0;
}

/* All samples of one kind.  0 done, 1 interrupted, -1 fatal, -2 output failed. */
static int run_kind(const db_bench_ctx *ctx, db_reader *rd, seek_planner *pl, seek_out *out,
                    seek_kind k, int kinds_before, seek_result *res, db_error *err)
{
    seek_stats *st = &res->kind[k];
    if (st->wanted == 0)
        return 0;
    if (!seek_plan_possible(pl, k, st->note, sizeof st->note))
        return 0;
    for (int i = 0; i < st->wanted; i++) {
        snprintf(res->stopped_in, sizeof res->stopped_in, "%s access samples (%d of %d taken)",
                 seek_kind_label(k), st->done, st->wanted);
        if (db_bench_stopped(ctx))
            return 1;
        uint32_t from, to;
        if (seek_plan_pair(pl, k, i, &from, &to, st->note, sizeof st->note))
            return 0;
        double ms;
        uint32_t faults;
        uint64_t errors0 = res->read_errors;
        if (take_sample(rd, pl, from, to, &ms, &res->read_errors, &faults))
            return -1;
        if (isnan(ms)) {
            snprintf(st->note, sizeof st->note, "%s",
                     res->read_errors > errors0 ? "samples whose target could not be read were dropped"
                                                : "samples during which the drive failed a command were "
                                                  "dropped (their time holds the retries)");
            if (faults && seek_out_sample(out, k, i, from, to, ms, faults, err))
                return -2;
            continue;
        }
        stats_add(st, ms, seek_radial_distance_mm(from, to));
        if (seek_out_sample(out, k, i, from, to, ms, faults, err))
            return -2;
        if (ctx->progress) {
            char status[96];
            snprintf(status, sizeof status, "%s %d/%d  %.1f ms", seek_kind_label(k), i + 1, st->wanted, ms);
            double per_kind = 0.85 / SEEK_KINDS;
            ctx->progress(ctx->progress_arg, 0.05 + per_kind * (kinds_before + (i + 1.0) / st->wanted),
                          status);
        }
    }
    return 0;
}

/* Access samples of every kind, at the drive's maximum speed. */
static int run_access(const db_bench_ctx *ctx, const seek_opts *opts, seek_out *out,
                      seek_result *res, db_error *err)
{
    if (opts->samples == 0) {
        for (int k = 0; k < SEEK_KINDS; k++)
            snprintf(res->kind[k].note, sizeof res->kind[k].note, "not measured (--samples 0)");
        return 0;
    }
    db_reader rd;
    if (db_reader_init(&rd, ctx->drive, 1)) {
        db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
        return -2;
    }
    rd.log = ctx->faults;
    seek_planner pl;
    seek_planner_init(&pl, res->lba_start, res->lba_end, res->window_sectors, opts->samples, opts->seed);
    int rc = 0;
    for (int i = 0; i < SEEK_KINDS && rc == 0; i++)
        rc = run_kind(ctx, &rd, &pl, out, kind_order[i], i, res, err);
    if (rc == -1)
        snprintf(res->abort_reason, sizeof res->abort_reason, "%s", rd.fail_reason);
    db_reader_free(&rd);
    return rc;
}

int seek_run(const db_bench_ctx *ctx, const seek_opts *opts, seek_result *res, db_error *err)
{
    db_drive *d = ctx->drive;
    db_error_clear(err);
    memset(res, 0, sizeof *res);
    res->spinup_ms = res->spindown_ms = res->burst_mb_s = NAN;
    for (int k = 0; k < SEEK_KINDS; k++)
        stats_init(&res->kind[k], opts->samples);
    uint64_t t_begin = db_clock_now_ns(&d->clock);

    if (db_identity_read_logged(d, ctx->faults, &res->id, err))
        return err->code;
    if (db_identity_data_range(&res->id, &res->lba_start, &res->lba_end)) {
        db_error_set(err, DB_EXIT_INPUT, "the disc has no data track: the seek test reads data sectors");
        return err->code;
    }
    res->buffer_kib = buffer_kib(d);
    res->window_sectors = (res->buffer_kib ? res->buffer_kib : SEEK_DEFAULT_BUFFER_KIB) / 2 + 1;

    seek_out out;
    if (seek_out_open(&out, ctx, err))
        return err->code;

    int rc = 0; /* 0 ok, 1 interrupted, -1 drive failure, -2 output failure */
    seek_cpu_label(d, res);
    snprintf(res->stopped_in, sizeof res->stopped_in, "spin-down / spin-up");
    seek_measure_spin(d, res);
    if (ctx->progress)
        ctx->progress(ctx->progress_arg, 0.05, "spin-down / spin-up");
    db_error speed_err = { 0 };
    if (db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, &speed_err))
        snprintf(res->speed_note, sizeof res->speed_note, "%s", speed_err.msg);
    rc = run_access(ctx, opts, &out, res, err);
    if (rc == 0 && db_bench_stopped(ctx))
        rc = 1;
    if (rc == 0) {
        snprintf(res->stopped_in, sizeof res->stopped_in, "burst rate");
        rc = seek_measure_burst(ctx, res->lba_start, res->lba_end, res);
    } else {
        snprintf(res->burst_note, sizeof res->burst_note, "not measured: the test stopped before");
    }
    if (rc == 0) {
        snprintf(res->stopped_in, sizeof res->stopped_in, "CPU use");
        rc = seek_measure_cpu(ctx, opts, res);
    } else
        snprintf(res->cpu_note, sizeof res->cpu_note, "not measured: the test stopped before");
    if (rc == 1)
        res->interrupted = true;
    if (rc == -1)
        res->aborted = true;
    if (rc == 0)
        res->stopped_in[0] = '\0';
    /* Whatever happened, leave the drive at full speed. */
    db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);
    res->duration_s = (double)(db_clock_now_ns(&d->clock) - t_begin) / 1e9;

    db_error out_err = { 0 };
    int wrote = seek_out_finish(&out, ctx, opts, res, &out_err);
    if (rc == -2)
        return err->code;
    if (wrote) {
        *err = out_err;
        return err->code;
    }
    int taken = res->kind[0].done + res->kind[1].done + res->kind[2].done;
    if (res->interrupted)
        db_error_set(err, DB_EXIT_INTERRUPTED, "interrupted: %d access samples kept in %s", taken,
                     ctx->out_dir);
    else if (res->aborted)
        db_error_set(err, DB_EXIT_DRIVE, "test stopped: %s (%d access samples kept)", res->abort_reason,
                     taken);
    else if (res->read_errors)
        db_error_set(err, DB_EXIT_INCOMPLETE, "%llu sectors could not be read",
                     (unsigned long long)res->read_errors);
    return err->code;
}
