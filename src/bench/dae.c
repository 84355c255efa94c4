/* dae.c - the audio extraction test: runs the passes (method in dae.h). */
#include "dae.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/resultdir.h"
#include "../util/safefile.h"
#include "dae_int.h"

/* Progress shares of the passes (the rate pass reads the audio once, the
 * accuracy pass about 2.5 times, paranoia about twice). */
#define SHARE_RATE 1.0
#define SHARE_ACCURACY 2.5
#define SHARE_PARANOIA 2.0

typedef struct rate_sink {
    dae_out *out;
    dae_tracks *tracks;
} rate_sink;

static int on_block(void *arg, uint32_t lba, uint32_t n, const uint8_t *data, const uint8_t *bad,
                    db_error *err)
{
    rate_sink *s = arg;
    return dae_tracks_feed(s->tracks, lba, n, data, bad, err);
}

static int on_zone(void *arg, const db_zone_row *z, db_error *err)
{
    rate_sink *s = arg;
    return dae_out_rate_row(s->out, z, err);
}

/* The header row of a CSV must name the columns a speed curve needs. */
static int check_curve_csv(const char *path, db_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return db_error_set(err, DB_EXIT_INPUT, "--with-transfer %s: %s", path, strerror(errno));
    char line[4096];
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    bool pos = false, speed = false;
    for (char *save = NULL, *tok = ok ? strtok_r(line, ",\r\n", &save) : NULL; tok;
         tok = strtok_r(NULL, ",\r\n", &save)) {
        pos |= !strcmp(tok, "position_min");
        speed |= !strcmp(tok, "speed_x");
    }
    if (!pos || !speed)
        return db_error_set(err, DB_EXIT_INPUT,
                            "--with-transfer %s: not a transfer.csv (needs the columns position_min and speed_x)",
                            path);
    return 0;
}

/* Copy the given transfer.csv into the results directory, so the
 * data-vs-audio script there is self-contained. */
static int import_transfer_csv(const db_bench_ctx *ctx, const char *src, dae_result *res, db_error *err)
{
    char dst[4096];
    snprintf(dst, sizeof dst, "%s/transfer.csv", ctx->out_dir);
    snprintf(res->transfer_csv, sizeof res->transfer_csv, "transfer.csv");
    char a[PATH_MAX], b[PATH_MAX];
    if (realpath(src, a) && realpath(dst, b) && !strcmp(a, b))
        return 0; /* already there */
    FILE *in = fopen(src, "rb");
    if (!in)
        return db_error_set(err, DB_EXIT_INPUT, "--with-transfer %s: %s", src, strerror(errno));
    FILE *out = db_fopen_write(dst); /* never through a symbolic link */
    if (!out) {
        int e = errno;
        fclose(in);
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot create %s: %s", dst, db_write_strerror(e));
    }
    char buf[65536];
    size_t n;
    int bad = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        bad |= fwrite(buf, 1, n, out) != n;
    bad |= ferror(in);
    fclose(in);
    bad |= fclose(out) != 0;
    if (bad)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot copy %s to %s", src, dst);
    return 0;
}

static int count_audio_outside(const dae_result *res)
{
    int n = 0;
    for (int i = 0; i < res->id.toc.count; i++) {
        const mmc_toc_track *t = &res->id.toc.tracks[i];
        if (!db_mmc_track_is_data(t) && (t->lba < res->lba_start || t->lba >= res->lba_end))
            n++;
    }
    return n;
}

/* The transfer test over the data tracks of a mixed disc, into DIR/data. */
static void data_run(const db_bench_ctx *ctx, const dae_opts *opts, dae_result *res)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data", ctx->out_dir);
    db_error e = { 0 };
    res->data_run = true;
    if (db_resultdir_prepare(dir, &e)) {
        res->data_rc = e.code;
        snprintf(res->data_error, sizeof res->data_error, "%s", e.msg);
        return;
    }
    db_bench_ctx sub = *ctx;
    sub.out_dir = dir;
    transfer_opts t = { .speed_x = opts->speed_x, .zones = opts->zones, .block_sectors = 32 };
    uint32_t a, b;
    if (!db_identity_data_range(&res->id, &a, &b)) {
        uint32_t max = db_seq_max_zones(b - a, t.block_sectors, TRANSFER_MAX_ZONES);
        if ((uint32_t)t.zones > max)
            t.zones = max > 0 ? (int)max : 1; /* a short data track: fewer zones */
    }
    res->data_rc = transfer_run(&sub, &t, &res->data, &e);
    if (res->data_rc)
        snprintf(res->data_error, sizeof res->data_error, "%s", e.msg);
    if (res->data.zones_done > 0)
        snprintf(res->transfer_csv, sizeof res->transfer_csv, "data/transfer.csv");
    if (res->data.interrupted)
        res->interrupted = true;
}

static void check_paranoia_crcs(dae_result *res)
{
    bool all = res->ntracks > 0;
    for (int i = 0; i < res->ntracks; i++) {
        const dae_track *t = &res->tracks[i];
        all &= t->plain.complete && t->paranoia.complete && t->plain.crc32 == t->paranoia.crc32;
    }
    res->par.matches_rate_pass = all;
}

int dae_run(const db_bench_ctx *ctx, const dae_opts *opts_in, dae_result *res, db_error *err)
{
    dae_opts opts = *opts_in;
    if (opts.zones <= 0)
        opts.zones = 100;
    if (opts.block_sectors <= 0)
        opts.block_sectors = DAE_DEFAULT_BLOCK;
    if (opts.jitter_window <= 0)
        opts.jitter_window = DAE_DEFAULT_JITTER_WINDOW;
    db_drive *d = ctx->drive;
    db_error_clear(err);
    memset(res, 0, sizeof *res);
    res->spinup_ms = NAN;
    res->rate.initial_access_ms = NAN;
    res->rate.start_x = res->rate.end_x = res->rate.avg_x = res->rate.min_x = res->rate.max_x = NAN;
    uint64_t t_begin = db_clock_now_ns(&d->clock);

    if (db_identity_read_logged(d, ctx->faults, &res->id, err))
        return err->code;
    if (db_identity_audio_range(&res->id, &res->lba_start, &res->lba_end)) {
        db_error_set(err, DB_EXIT_INPUT, "the disc has no audio track: the dae test reads CD-DA; "
                                         "use the transfer test for data discs");
        return err->code;
    }
    res->audio_tracks_outside = count_audio_outside(res);
    dae_tracks_list(res);
    uint32_t sectors = res->lba_end - res->lba_start;
    uint32_t max_zones = db_seq_max_zones(sectors, opts.block_sectors, DAE_MAX_ZONES);
    if ((uint32_t)opts.zones > max_zones) {
        db_error_set(err, DB_EXIT_USAGE,
                     "--zones %d is too many for this disc: at most %u (%u audio sectors, "
                     "each zone needs 2 blocks of %d)", opts.zones, max_zones, sectors, opts.block_sectors);
        return err->code;
    }
    res->zones_total = opts.zones;
    res->rate.lba_done = res->lba_start;
    if (opts.with_transfer &&
        (check_curve_csv(opts.with_transfer, err) || import_transfer_csv(ctx, opts.with_transfer, res, err)))
        return err->code;
    if (opts.save_wav_dir && db_resultdir_prepare(opts.save_wav_dir, err))
        return err->code;
    db_error caps_err = { 0 };
    res->have_caps = db_mmc_mode_sense_caps(d, &res->caps, &caps_err) == 0;

    dae_out out;
    if (dae_out_open(&out, ctx, &opts, res, err))
        return err->code;
    dae_tracks tracks;
    dae_tracks_init(&tracks, res, opts.save_wav_dir, opts.paranoia);
    db_reader rd;
    db_read_method audio = db_read_method_cdda(MMC_READCD_USER);
    if (db_reader_init_method(&rd, d, &audio, opts.block_sectors)) {
        dae_out_close(&out);
        db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
        return err->code;
    }
    rd.log = ctx->faults;

    db_seq_spinup(d, &res->spinup_ms, res->spinup_note, sizeof res->spinup_note);
    uint16_t kbs = opts.speed_x > 0 ? db_mmc_x_to_kbs(opts.speed_x) : MMC_SPEED_MAX_KBS;
    db_error speed_err = { 0 };
    if (db_mmc_set_cd_speed(d, kbs, &speed_err))
        snprintf(res->speed_note, sizeof res->speed_note, "%s", speed_err.msg);

    double total = SHARE_RATE + (opts.accuracy ? SHARE_ACCURACY : 0) + (opts.paranoia ? SHARE_PARANOIA : 0);
    db_seq_plan plan = { .lba_start = res->lba_start, .lba_end = res->lba_end, .zones = opts.zones,
                         .what = "DAE", .progress_from = 0, .progress_to = SHARE_RATE / total };
    rate_sink sink = { &out, &tracks };
    db_seq_hooks hooks = { .arg = &sink, .block = on_block, .zone = on_zone };
    int rc = db_seq_run(ctx, &rd, &plan, &hooks, &res->rate, err);
    db_reader_free(&rd);
    res->interrupted = res->rate.interrupted;
    res->aborted = res->rate.aborted;
    snprintf(res->abort_reason, sizeof res->abort_reason, "%s", res->rate.abort_reason);

    bool go_on = rc == 0 && !res->interrupted && !res->aborted;
    if (go_on && opts.accuracy) {
        plan.progress_from = plan.progress_to;
        plan.progress_to += SHARE_ACCURACY / total;
        plan.what = "accuracy";
        rc = dae_accuracy_run(ctx, &opts, &plan, res, &out, err);
        res->interrupted = res->acc.interrupted;
        if (res->acc.aborted) {
            res->aborted = true;
            snprintf(res->abort_reason, sizeof res->abort_reason, "accuracy pass: %.200s", res->acc.abort_reason);
        }
        go_on = rc == 0 && !res->interrupted && !res->aborted;
    }
    if (go_on && opts.paranoia) {
        plan.progress_from = plan.progress_to;
        plan.progress_to = 1.0;
        plan.what = "paranoia";
        rc = dae_paranoia_run(ctx, &opts, &plan, res, &tracks, &out, err);
        res->interrupted = res->par.interrupted;
        if (res->par.aborted) {
            res->aborted = true;
            snprintf(res->abort_reason, sizeof res->abort_reason, "paranoia pass: %.200s", res->par.abort_reason);
        }
        check_paranoia_crcs(res);
        go_on = rc == 0 && !res->interrupted && !res->aborted;
    }
    /* Whatever happened, leave the drive at full speed. */
    db_mmc_set_cd_speed(d, MMC_SPEED_MAX_KBS, NULL);
    res->duration_s = (double)(db_clock_now_ns(&d->clock) - t_begin) / 1e9;
    db_error wav_err = { 0 };
    int wav_rc = dae_tracks_finish(&tracks, &wav_err);
    if (rc == 0 && wav_rc) {
        *err = wav_err;
        rc = -1;
    }
    if (go_on && !opts.with_transfer && !opts.no_data_run && res->id.data_tracks > 0)
        data_run(ctx, &opts, res);

    db_error out_err = { 0 };
    int wrote = dae_out_finish(&out, ctx, &opts, res, &out_err);
    if (rc)
        return err->code ? err->code : DB_EXIT_OUTPUT;
    if (wrote) {
        *err = out_err;
        return err->code;
    }
    if (res->interrupted)
        db_error_set(err, DB_EXIT_INTERRUPTED, "interrupted: the zones measured so far are kept in %s "
                     "(rate pass: %d of %d)", ctx->out_dir, res->rate.zones_done, res->zones_total);
    else if (res->aborted)
        db_error_set(err, DB_EXIT_DRIVE, "test stopped: %s (%d of %d zones kept)", res->abort_reason,
                     res->rate.zones_done, res->zones_total);
    else if (res->rate.read_errors)
        db_error_set(err, DB_EXIT_INCOMPLETE, "%llu audio sectors could not be read",
                     (unsigned long long)res->rate.read_errors);
    else if (res->data_run && res->data_rc)
        db_error_set(err, res->data_rc, "data run: %s", res->data_error);
    return err->code;
}
