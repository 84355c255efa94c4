/* seqread.c - zoned sequential reading shared by transfer and DAE (seqread.h). */
#include "seqread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faultlog.h"

uint32_t db_seq_max_zones(uint32_t sectors, int block_sectors, uint32_t max_zones)
{
    uint32_t n = block_sectors > 0 ? sectors / (2u * (uint32_t)block_sectors) : 0;
    return n < max_zones ? n : max_zones;
}

uint32_t db_seq_zone_start(const db_seq_plan *p, int z)
{
    uint64_t sectors = p->lba_end - p->lba_start;
    return p->lba_start + (uint32_t)(sectors * (uint64_t)z / (uint64_t)p->zones);
}

void db_seq_spinup(db_drive *d, double *ms, char *note, size_t note_len)
{
    db_error e = { 0 };
    *ms = NAN;
    note[0] = '\0';
    if (db_mmc_start_stop(d, false, &e)) {
        snprintf(note, note_len, "not measured: %s", e.msg);
        return;
    }
    uint64_t t0 = db_clock_now_ns(&d->clock);
    if (db_mmc_start_stop(d, true, &e)) {
        snprintf(note, note_len, "not measured: %s", e.msg);
        return;
    }
    *ms = (double)(db_clock_now_ns(&d->clock) - t0) / 1e6;
}

static void summarize(db_seq_result *res, const double *mid, const double *speed, size_t n,
                      uint64_t sectors, double seconds)
{
    if (n == 0) {
        res->start_x = res->end_x = res->avg_x = res->min_x = res->max_x = NAN;
        res->strategy = DB_STRAT_UNKNOWN;
        return;
    }
    res->start_x = speed[0];
    res->end_x = speed[n - 1];
    res->min_x = res->max_x = speed[0];
    for (size_t i = 1; i < n; i++) {
        res->min_x = fmin(res->min_x, speed[i]);
        res->max_x = fmax(res->max_x, speed[i]);
    }
    res->avg_x = seconds > 0 ? (double)sectors / seconds / CD_SECTORS_PER_S : NAN;
    res->strategy = db_strategy_classify(mid, speed, n);
}

/* One block through the reader and the block hook.  0 ok, -1 drive
 * failure (res->aborted), -2 hook failure (err). */
static int read_block(db_reader *rd, const db_seq_hooks *h, uint32_t lba, uint32_t n,
                      uint64_t *errors, db_seq_result *res, db_error *err)
{
    if (db_reader_read(rd, lba, n)) {
        res->aborted = true;
        snprintf(res->abort_reason, sizeof res->abort_reason, "%s", rd->fail_reason);
        return -1;
    }
    *errors += rd->last_errors;
    if (h && h->block && h->block(h->arg, lba, n, rd->buf, rd->bad, err))
        return -2;
    return 0;
}

int db_seq_run(const db_bench_ctx *ctx, db_reader *rd, const db_seq_plan *plan,
               const db_seq_hooks *hooks, db_seq_result *res, db_error *err)
{
    db_drive *d = ctx->drive;
    memset(res, 0, sizeof *res);
    res->initial_access_ms = NAN;
    res->lba_done = plan->lba_start;
    int zones = plan->zones;
    uint32_t sectors = plan->lba_end - plan->lba_start;
    uint32_t block = (uint32_t)rd->block_sectors;
    double *mid = calloc((size_t)zones, sizeof *mid);
    double *speed = calloc((size_t)zones, sizeof *speed);
    if (!mid || !speed) {
        free(mid);
        free(speed);
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    }

    /* Initial access: position on the first block, excluded from zone 0. */
    uint64_t t0 = db_clock_now_ns(&d->clock);
    uint32_t first = block < sectors ? block : sectors;
    uint64_t first_errors = 0; /* counted in zone 0 */
    int rc = read_block(rd, hooks, plan->lba_start, first, &first_errors, res, err);
    uint64_t t_prev = db_clock_now_ns(&d->clock);
    res->initial_access_ms = (double)(t_prev - t0) / 1e6;
    res->read_errors = first_errors;
    uint64_t timed_sectors = 0;
    double timed_s = 0;
    size_t n_ok = 0;

    uint32_t fault_mark = 0; /* zone 0 includes the identification and spin-up */
    for (int z = 0; z < zones && rc == 0; z++) {
        uint32_t zs = db_seq_zone_start(plan, z), ze = db_seq_zone_start(plan, z + 1);
        uint32_t lba = z == 0 ? zs + first : zs;
        uint64_t zone_errors = z == 0 ? first_errors : 0;
        uint64_t before = zone_errors;
        while (lba < ze) {
            if (db_bench_stopped(ctx)) {
                res->interrupted = true;
                break;
            }
            uint32_t n = ze - lba < block ? ze - lba : block;
            rc = read_block(rd, hooks, lba, n, &zone_errors, res, err);
            if (rc)
                break;
            lba += n;
        }
        res->read_errors += zone_errors - before;
        if (lba < ze || rc) {
            res->lba_done = lba;
            break;
        }
        uint64_t t_now = db_clock_now_ns(&d->clock);
        db_zone_row row = { .zone = z, .lba_start = zs, .lba_end = ze,
                            .timed_sectors = ze - (z == 0 ? zs + first : zs),
                            .seconds = (double)(t_now - t_prev) / 1e9, .errors = zone_errors,
                            .faults = db_fault_log_mark(ctx->faults) - fault_mark };
        fault_mark = db_fault_log_mark(ctx->faults);
        row.speed_x = row.seconds > 0 ? row.timed_sectors / row.seconds / CD_SECTORS_PER_S : NAN;
        t_prev = t_now;
        res->lba_done = ze;
        res->zones_done = z + 1;
        if (isfinite(row.speed_x)) {
            mid[n_ok] = (zs + ze) / 2.0;
            speed[n_ok] = row.speed_x;
            n_ok++;
            timed_sectors += row.timed_sectors;
            timed_s += row.seconds;
        }
        if (hooks && hooks->zone && hooks->zone(hooks->arg, &row, err)) {
            rc = -2;
            break;
        }
        if (ctx->progress) {
            char status[96];
            snprintf(status, sizeof status, "%s zone %d/%d  %.2fx", plan->what ? plan->what : "",
                     z + 1, zones, row.speed_x);
            double f = (double)(z + 1) / zones;
            ctx->progress(ctx->progress_arg, plan->progress_from + f * (plan->progress_to - plan->progress_from),
                          status);
        }
    }
    summarize(res, mid, speed, n_ok, timed_sectors, timed_s);
    free(mid);
    free(speed);
    return rc == -2 ? -1 : 0;
}
