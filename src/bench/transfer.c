/* transfer.c - the data transfer-rate test (method in transfer.h). */
#include "transfer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "seqread.h"

typedef struct zone_sink {
    db_transfer_out *out;
    uint32_t data_start;
} zone_sink;

/* Each finished zone becomes a CSV row as it is measured. */
static int zone_row(void *arg, const db_zone_row *z, db_error *err)
{
    const zone_sink *sink = arg;
    return db_transfer_out_zone(sink->out, z->zone, z->lba_start, z->lba_end, sink->data_start,
                                z->speed_x, z->seconds * 1e3, z->errors, z->faults, err);
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

    if (db_identity_read_logged(d, ctx->faults, &res->id, err))
        return err->code;
    if (db_identity_data_range(&res->id, &res->lba_start, &res->lba_end)) {
        db_error_set(err, DB_EXIT_INPUT, "the disc has no data track: the transfer test reads data; "
                                         "use the dae test for audio discs");
        return err->code;
    }
    uint32_t sectors = res->lba_end - res->lba_start;
    int block = opts->block_sectors > 0 ? opts->block_sectors : 32;
    int zones = opts->zones > 0 ? opts->zones : 100;
    uint32_t max_zones = db_seq_max_zones(sectors, block, TRANSFER_MAX_ZONES);
    if ((uint32_t)zones > max_zones) {
        db_error_set(err, DB_EXIT_USAGE,
                     "--zones %d is too many for this disc: at most %u (%u data sectors, "
                     "each zone needs 2 blocks of %d)", zones, max_zones, sectors, block);
        return err->code;
    }
    res->zones_total = zones;
    res->lba_done = res->lba_start;

    db_reader rd;
    if (db_reader_init(&rd, d, block)) {
        db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
        return err->code;
    }
    rd.log = ctx->faults;
    db_transfer_out out;
    if (db_transfer_out_open(&out, ctx, &res->id, err)) {
        db_reader_free(&rd);
        return err->code;
    }

    db_seq_spinup(d, &res->spinup_ms, res->spinup_note, sizeof res->spinup_note);
    uint16_t kbs = opts->speed_x > 0 ? db_mmc_x_to_kbs(opts->speed_x) : MMC_SPEED_MAX_KBS;
    db_error speed_err = { 0 };
    if (db_mmc_set_cd_speed(d, kbs, &speed_err))
        snprintf(out.speed_note, sizeof out.speed_note, "%s", speed_err.msg);

    db_seq_plan plan = { .lba_start = res->lba_start, .lba_end = res->lba_end, .zones = zones,
                         .what = "transfer", .progress_from = 0, .progress_to = 1 };
    zone_sink sink = { &out, res->lba_start };
    db_seq_hooks hooks = { .arg = &sink, .zone = zone_row };
    db_seq_result sr;
    int rc = db_seq_run(ctx, &rd, &plan, &hooks, &sr, err);
    res->lba_done = sr.lba_done;
    res->zones_done = sr.zones_done;
    res->interrupted = sr.interrupted;
    res->aborted = sr.aborted;
    snprintf(res->abort_reason, sizeof res->abort_reason, "%s", sr.abort_reason);
    res->initial_access_ms = sr.initial_access_ms;
    res->read_errors = sr.read_errors;
    res->start_x = sr.start_x;
    res->end_x = sr.end_x;
    res->avg_x = sr.avg_x;
    res->min_x = sr.min_x;
    res->max_x = sr.max_x;
    res->strategy = sr.strategy;
    /* Whatever happened, leave the drive at full speed. */
    db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);
    res->duration_s = (double)(db_clock_now_ns(&d->clock) - t_begin) / 1e9;
    db_reader_free(&rd);

    db_error out_err = { 0 };
    int wrote = db_transfer_out_finish(&out, ctx, opts, res, &out_err);
    if (rc)
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
