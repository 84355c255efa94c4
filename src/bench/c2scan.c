/* c2scan.c - the C2 pointer scan (method in c2scan.h). */
#include "c2scan.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../drive/retry.h"
#include "c2scan_out.h"
#include "output.h"

static void on_bad(void *arg, uint32_t lba, const db_cmd_result *res)
{
    db_badlist_add(arg, lba, res);
}

/* Read [a, b) in blocks that never cross a track boundary. */
static int read_range(db_c2read *rd, const db_identity *id, uint32_t a, uint32_t b, uint32_t block,
                      db_c2_tally *t, db_c2_bad_fn bad, void *arg, const db_bench_ctx *ctx, uint32_t *done)
{
    while (a < b) {
        if (ctx && db_bench_stopped(ctx))
            return 1;
        uint32_t e = a + block < b ? a + block : b;
        uint32_t te = db_track_end(id, a);
        if (e > te)
            e = te;
        if (db_c2read_run(rd, a, e - a, t, bad, arg))
            return -1;
        a = e;
        if (done)
            *done = a;
    }
    return 0;
}

/* Seek to lba first, so the first read is not also a seek. */
static void seek_to(db_drive *d, uint32_t lba)
{
    uint8_t cdb[DB_CDB_MAX];
    size_t n = db_mmc_cdb_seek10(cdb, lba);
    db_drive_exec(d, cdb, n, DB_DIR_NONE, NULL, 0, 30000, NULL);
}

static void add_tally(db_c2_tally *to, const db_c2_tally *t)
{
    to->c2_bytes += t->c2_bytes;
    to->c2_sectors += t->c2_sectors;
    to->unreadable += t->unreadable;
    to->sectors_counted += t->sectors_counted;
    to->faults += t->faults;
    if (t->faults)
        snprintf(to->fault, sizeof to->fault, "%s", t->fault);
}

int c2scan_run(const db_bench_ctx *ctx, const c2scan_opts *opts, c2scan_result *res, db_error *err)
{
    db_drive *d = ctx->drive;
    db_error_clear(err);
    memset(res, 0, sizeof *res);
    res->avg_x = NAN;
    uint64_t t_begin = db_clock_now_ns(&d->clock);
    if (db_identity_read_logged(d, ctx->faults, &res->id, err))
        return err->code;
    res->disc_sectors = res->id.disc_sectors;
    int zones = opts->zones > 0 ? opts->zones : 100;
    uint32_t block = opts->block_sectors > 0 ? (uint32_t)opts->block_sectors : 16;
    if (block > DB_C2_MAX_BLOCK)
        block = DB_C2_MAX_BLOCK;
    if ((uint32_t)zones > res->disc_sectors)
        zones = (int)res->disc_sectors;
    res->zones_total = zones;

    uint16_t kbs = opts->speed_x > 0 ? db_mmc_x_to_kbs(opts->speed_x) : MMC_SPEED_MAX_KBS;
    db_error serr = { 0 };
    if (db_mmc_set_cd_speed(d, kbs, &serr))
        snprintf(res->speed_note, sizeof res->speed_note, "%.299s", serr.msg);

    db_c2scan_out out;
    if (db_c2scan_out_open(&out, ctx, err)) {
        db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);
        return err->code;
    }
    res->form = db_c2_probe(d, &res->id, opts->c2_mode, res->probe_note, sizeof res->probe_note);
    int rc = 0;
    if (res->form < 0) { /* the drive failed, not its C2 reporting */
        res->form = 0;
        res->aborted = true;
        snprintf(res->abort_reason, sizeof res->abort_reason, "%.299s", res->probe_note);
    } else if (res->form) {
        db_c2read rd;
        if (db_c2read_init(&rd, d, &res->id, res->form)) {
            db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
            rc = -2;
        } else {
            rd.log = ctx->faults;
            seek_to(d, 0);
            uint64_t t_prev = db_clock_now_ns(&d->clock), timed_ns = 0;
            for (int z = 0; z < zones && rc == 0; z++) {
                uint32_t zs = (uint32_t)((uint64_t)res->disc_sectors * (uint64_t)z / (uint64_t)zones);
                uint32_t ze = (uint32_t)((uint64_t)res->disc_sectors * (uint64_t)(z + 1) / (uint64_t)zones);
                db_c2_tally t;
                memset(&t, 0, sizeof t);
                uint32_t done = zs;
                uint32_t resent0 = ctx->faults ? ctx->faults->retried : 0;
                int r = read_range(&rd, &res->id, zs, ze, block, &t, on_bad, &out.bad, ctx, &done);
                /* commands the retry policy sent again are faults met too */
                t.faults += (ctx->faults ? ctx->faults->retried : 0) - resent0;
                add_tally(&res->total, &t);
                res->lba_done = done;
                if (r == 1) {
                    res->interrupted = true;
                    break;
                }
                if (r < 0) {
                    res->aborted = true;
                    snprintf(res->abort_reason, sizeof res->abort_reason, "%s", rd.fail_reason);
                    break;
                }
                uint64_t t_now = db_clock_now_ns(&d->clock);
                timed_ns += t_now - t_prev;
                if (db_c2scan_out_zone(&out, z, zs, ze, &t, t_now - t_prev, err)) {
                    rc = -2;
                    break;
                }
                t_prev = t_now;
                res->zones_done = z + 1;
                if (ctx->progress) {
                    char status[96];
                    snprintf(status, sizeof status, "zone %d/%d  C2 %llu bytes  unreadable %u", z + 1, zones,
                             (unsigned long long)res->total.c2_bytes, res->total.unreadable);
                    ctx->progress(ctx->progress_arg, (double)(z + 1) / zones, status);
                }
            }
            if (res->zones_done)
                res->avg_x = db_speed_x_of(res->lba_done, timed_ns);
            db_c2read_free(&rd);
        }
    }
    db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);
    res->sectors_counted = res->total.sectors_counted;
    res->complete = res->form && res->zones_done == res->zones_total &&
                    res->total.sectors_counted + res->total.unreadable >= res->disc_sectors;
    res->duration_s = (double)(db_clock_now_ns(&d->clock) - t_begin) / 1e9;

    db_error out_err = { 0 };
    int wrote = db_c2scan_out_finish(&out, ctx, opts, res, &out_err);
    if (rc == -2)
        return err->code;
    if (wrote) {
        *err = out_err;
        return err->code;
    }
    if (res->aborted && !res->form)
        db_error_set(err, DB_EXIT_DRIVE, "scan stopped before it began: %s", res->abort_reason);
    else if (!res->form)
        db_error_set(err, DB_EXIT_DRIVE, "C2 reporting does not work on this drive (%s): c2scan cannot say "
                     "whether the disc has C2 errors, and reports nothing; 'discbench scan' finds read errors "
                     "without C2", res->probe_note);
    else if (res->interrupted)
        db_error_set(err, DB_EXIT_INTERRUPTED, "interrupted at LBA %u: %d of %d zones kept in %s", res->lba_done,
                     res->zones_done, res->zones_total, ctx->out_dir);
    else if (res->aborted)
        db_error_set(err, DB_EXIT_DRIVE, "scan stopped at LBA %u: %s (%d of %d zones kept)", res->lba_done,
                     res->abort_reason, res->zones_done, res->zones_total);
    else if (res->total.unreadable)
        db_error_set(err, DB_EXIT_INCOMPLETE, "%u sectors could not be read", res->total.unreadable);
    else if (!res->complete)
        db_error_set(err, DB_EXIT_INCOMPLETE, "%llu of %u sectors had their C2 field counted (%u drive faults: %s)",
                     (unsigned long long)res->total.sectors_counted, res->disc_sectors, res->total.faults,
                     res->total.fault);
    return err->code;
}

int db_c2_sweep(const db_bench_ctx *ctx, const db_identity *id, int *form, db_c2_tally *t, char *reason,
                size_t reason_len)
{
    memset(t, 0, sizeof *t);
    char note[500];
    *form = db_c2_probe(ctx->drive, id, 0, note, sizeof note);
    if (*form < 0) {
        *form = 0;
        snprintf(reason, reason_len, "%s", note);
        return -1;
    }
    db_c2read rd;
    if (db_c2read_init(&rd, ctx->drive, id, *form)) {
        snprintf(reason, reason_len, "out of memory");
        return -1;
    }
    rd.log = ctx->faults;
    seek_to(ctx->drive, 0);
    int r = read_range(&rd, id, 0, id->disc_sectors, 16, t, NULL, NULL, ctx, NULL);
    if (r)
        snprintf(reason, reason_len, "%s", r > 0 ? "interrupted" : rd.fail_reason);
    db_c2read_free(&rd);
    return r ? -1 : 0;
}
