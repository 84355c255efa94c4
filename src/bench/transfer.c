/* transfer.c - the data transfer-rate test (method in transfer.h). */
#include "transfer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "reader.h"

static double ms_between(uint64_t a_ns, uint64_t b_ns)
{
    return (double)(b_ns - a_ns) / 1e6;
}

/* Stop the spindle, then time START UNIT: the spin-up.  A drive that
 * refuses either command gets a note, never a failed test. */
static void measure_spinup(db_drive *d, transfer_result *res)
{
    db_error e = { 0 };
    res->spinup_ms = NAN;
    if (db_mmc_start_stop(d, false, &e)) {
        snprintf(res->spinup_note, sizeof res->spinup_note, "not measured: %s", e.msg);
        return;
    }
    uint64_t t0 = db_clock_now_ns(&d->clock);
    if (db_mmc_start_stop(d, true, &e)) {
        snprintf(res->spinup_note, sizeof res->spinup_note, "not measured: %s", e.msg);
        return;
    }
    res->spinup_ms = ms_between(t0, db_clock_now_ns(&d->clock));
}

static void summarize(transfer_result *res, const double *mid, const double *speed, size_t n,
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

int transfer_run(const db_bench_ctx *ctx, const transfer_opts *opts, transfer_result *res,
                 db_error *err)
{
    db_drive *d = ctx->drive;
    db_error_clear(err);
    memset(res, 0, sizeof *res);
    res->spinup_ms = NAN;
    res->initial_access_ms = NAN;
    uint64_t t_begin = db_clock_now_ns(&d->clock);

    if (db_identity_read(d, &res->id, err))
        return err->code;
    if (db_identity_data_range(&res->id, &res->lba_start, &res->lba_end)) {
        db_error_set(err, DB_EXIT_INPUT, "the disc has no data track: the transfer test reads data; "
                                         "use the dae test for audio discs");
        return err->code;
    }
    uint32_t sectors = res->lba_end - res->lba_start;
    int block = opts->block_sectors > 0 ? opts->block_sectors : 32;
    int zones = opts->zones > 0 ? opts->zones : 100;
    uint32_t max_zones = sectors / (2u * (uint32_t)block);
    if (max_zones > TRANSFER_MAX_ZONES)
        max_zones = TRANSFER_MAX_ZONES;
    if ((uint32_t)zones > max_zones) {
        db_error_set(err, DB_EXIT_USAGE,
                     "--zones %d is too many for this disc: at most %u (%u data sectors, "
                     "each zone needs 2 blocks of %d)", zones, max_zones, sectors, block);
        return err->code;
    }
    res->zones_total = zones;
    res->lba_done = res->lba_start;

    double *mid = calloc((size_t)zones, sizeof *mid);
    double *speed = calloc((size_t)zones, sizeof *speed);
    db_reader rd;
    if (!mid || !speed || db_reader_init(&rd, d, block)) {
        free(mid);
        free(speed);
        db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
        return err->code;
    }
    db_transfer_out out;
    if (db_transfer_out_open(&out, ctx, &res->id, err)) {
        free(mid);
        free(speed);
        db_reader_free(&rd);
        return err->code;
    }

    measure_spinup(d, res);
    uint16_t kbs = opts->speed_x > 0 ? db_mmc_x_to_kbs(opts->speed_x) : MMC_SPEED_MAX_KBS;
    db_error speed_err = { 0 };
    if (db_mmc_set_cd_speed(d, kbs, &speed_err))
        snprintf(out.speed_note, sizeof out.speed_note, "%s", speed_err.msg);

    /* Initial access: position on the first block, excluded from zone 0. */
    uint64_t t0 = db_clock_now_ns(&d->clock);
    uint32_t first = (uint32_t)block < sectors ? (uint32_t)block : sectors;
    int rc = db_reader_read(&rd, res->lba_start, first);
    uint64_t t_prev = db_clock_now_ns(&d->clock);
    res->initial_access_ms = ms_between(t0, t_prev);
    uint64_t first_errors = rd.last_errors; /* counted in zone 0 */
    uint64_t timed_sectors = 0;
    double timed_s = 0;
    size_t n_ok = 0;

    for (int z = 0; z < zones && rc == 0; z++) {
        uint32_t zs = res->lba_start + (uint32_t)((uint64_t)sectors * (uint64_t)z / (uint64_t)zones);
        uint32_t ze = res->lba_start + (uint32_t)((uint64_t)sectors * (uint64_t)(z + 1) / (uint64_t)zones);
        uint32_t lba = z == 0 ? zs + first : zs;
        uint64_t zone_errors = z == 0 ? first_errors : 0;
        while (lba < ze) {
            if (db_bench_stopped(ctx)) {
                res->interrupted = true;
                break;
            }
            uint32_t n = ze - lba < (uint32_t)block ? ze - lba : (uint32_t)block;
            rc = db_reader_read(&rd, lba, n);
            zone_errors += rd.last_errors;
            if (rc)
                break;
            lba += n;
        }
        res->read_errors += zone_errors;
        if (lba < ze || rc) {
            res->lba_done = lba;
            break;
        }
        uint64_t t_now = db_clock_now_ns(&d->clock);
        uint32_t timed = ze - (z == 0 ? zs + first : zs);
        double secs = (double)(t_now - t_prev) / 1e9;
        double sx = secs > 0 ? (double)timed / secs / CD_SECTORS_PER_S : NAN;
        t_prev = t_now;
        res->lba_done = ze;
        res->zones_done = z + 1;
        if (isfinite(sx)) {
            mid[n_ok] = (zs + ze) / 2.0;
            speed[n_ok] = sx;
            n_ok++;
            timed_sectors += timed;
            timed_s += secs;
        }
        if (db_transfer_out_zone(&out, z, zs, ze, res->lba_start, sx, secs * 1e3, zone_errors, err)) {
            rc = -2;
            break;
        }
        if (ctx->progress) {
            char status[96];
            snprintf(status, sizeof status, "zone %d/%d  %.2fx", z + 1, zones, sx);
            ctx->progress(ctx->progress_arg, (double)(z + 1) / zones, status);
        }
    }
    if (rc == -1) {
        res->aborted = true;
        snprintf(res->abort_reason, sizeof res->abort_reason, "%s", rd.fail_reason);
    }
    /* Whatever happened, leave the drive at full speed. */
    db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);

    summarize(res, mid, speed, n_ok, timed_sectors, timed_s);
    res->duration_s = (double)(db_clock_now_ns(&d->clock) - t_begin) / 1e9;
    free(mid);
    free(speed);
    db_reader_free(&rd);

    db_error out_err = { 0 };
    int wrote = db_transfer_out_finish(&out, ctx, opts, res, &out_err);
    if (rc == -2)
        return err->code;
    if (wrote) {
        *err = out_err;
        return err->code;
    }
    if (res->interrupted)
        db_error_set(err, DB_EXIT_INTERRUPTED, "interrupted at LBA %u: %d of %d zones kept in %s",
                     res->lba_done, res->zones_done, res->zones_total, ctx->out_dir);
    else if (res->aborted)
        db_error_set(err, DB_EXIT_DRIVE, "test stopped at LBA %u: %s (%d of %d zones kept)",
                     res->lba_done, res->abort_reason, res->zones_done, res->zones_total);
    else if (res->read_errors)
        db_error_set(err, DB_EXIT_INCOMPLETE, "%llu sectors could not be read",
                     (unsigned long long)res->read_errors);
    return err->code;
}
