/* dae_output.c - dae.csv, dae_accuracy.csv, dae_paranoia.csv, dae.gp,
 * data-vs-audio.gp and summary.json of the DAE test. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../report/gnuplot.h"
#include "curves.h"
#include "dae_int.h"
#include "output.h"

static const char *const rate_columns[] = {
    "zone", "lba_start", "lba_end", "position_min", "position_mib", "track",
    "speed_x", "speed_kib_s", "zone_ms", "read_errors", "faults", "source"
};
#define RATE_NCOLS (sizeof rate_columns / sizeof rate_columns[0])

static const char *const acc_columns[] = {
    "zone", "lba_start", "lba_end", "position_min", "compared_sectors", "mismatched_sectors",
    "jitter_samples", "unaligned_windows", "c2_bits", "c2_sectors", "read_errors", "source"
};
#define ACC_NCOLS (sizeof acc_columns / sizeof acc_columns[0])

static const char *const par_columns[] = {
    "zone", "lba_start", "lba_end", "position_min", "speed_x", "sectors_read", "verify",
    "fixup_edge", "fixup_atom", "fixup_dropped", "fixup_duped", "drift", "skip", "read_errors",
    "verdict", "source"
};
#define PAR_NCOLS (sizeof par_columns / sizeof par_columns[0])

static db_csv *create(const db_bench_ctx *ctx, const char *name, const char *const *cols, size_t n,
                      db_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", ctx->out_dir, name);
    return db_csv_create(path, cols, n, err);
}

int dae_out_open(dae_out *o, const db_bench_ctx *ctx, const dae_opts *opts, const dae_result *res,
                 db_error *err)
{
    memset(o, 0, sizeof *o);
    o->source = db_source_word(ctx->drive);
    o->res = res;
    o->rate = create(ctx, "dae.csv", rate_columns, RATE_NCOLS, err);
    if (!o->rate)
        return -1;
    if (opts->accuracy && !(o->acc = create(ctx, "dae_accuracy.csv", acc_columns, ACC_NCOLS, err))) {
        dae_out_close(o);
        return -1;
    }
    if (opts->paranoia && !(o->par = create(ctx, "dae_paranoia.csv", par_columns, PAR_NCOLS, err))) {
        dae_out_close(o);
        return -1;
    }
    return 0;
}

void dae_out_close(dae_out *o)
{
    db_csv_close(o->rate);
    db_csv_close(o->acc);
    db_csv_close(o->par);
    o->rate = o->acc = o->par = NULL;
}

static void fmt_u64(char *buf, size_t len, uint64_t v)
{
    snprintf(buf, len, "%llu", (unsigned long long)v);
}

int dae_out_rate_row(dae_out *o, const db_zone_row *z, db_error *err)
{
    char f[RATE_NCOLS - 1][40];
    snprintf(f[0], sizeof f[0], "%d", z->zone);
    snprintf(f[1], sizeof f[1], "%u", z->lba_start);
    snprintf(f[2], sizeof f[2], "%u", z->lba_end);
    db_csv_fmt_double(f[3], sizeof f[3], z->lba_start / 75.0 / 60.0, 3);
    db_csv_fmt_double(f[4], sizeof f[4], (double)(z->lba_start - o->res->lba_start) * CD_RAW_BYTES / 1048576.0, 2);
    int t = dae_track_index(o->res, z->lba_start);
    snprintf(f[5], sizeof f[5], "%d", t >= 0 ? o->res->tracks[t].number : 0);
    db_csv_fmt_double(f[6], sizeof f[6], z->speed_x, 3);
    db_csv_fmt_double(f[7], sizeof f[7], z->speed_x * DAE_KIB_S_PER_X, 1);
    db_csv_fmt_double(f[8], sizeof f[8], z->seconds * 1e3, 3);
    fmt_u64(f[9], sizeof f[9], z->errors);
    fmt_u64(f[10], sizeof f[10], z->faults);
    const char *fields[RATE_NCOLS];
    for (size_t i = 0; i + 1 < RATE_NCOLS; i++)
        fields[i] = f[i];
    fields[RATE_NCOLS - 1] = o->source;
    return db_csv_row_n(o->rate, fields, RATE_NCOLS, err);
}

int dae_out_acc_row(dae_out *o, const dae_acc_row *r, db_error *err)
{
    char f[ACC_NCOLS - 1][40];
    snprintf(f[0], sizeof f[0], "%d", r->zone);
    snprintf(f[1], sizeof f[1], "%u", r->lba_start);
    snprintf(f[2], sizeof f[2], "%u", r->lba_end);
    db_csv_fmt_double(f[3], sizeof f[3], r->lba_start / 75.0 / 60.0, 3);
    fmt_u64(f[4], sizeof f[4], r->compared);
    fmt_u64(f[5], sizeof f[5], r->mismatched);
    if (r->have_offset)
        snprintf(f[6], sizeof f[6], "%d", r->offset);
    else
        f[6][0] = '\0'; /* no window could be aligned: offset unknown */
    snprintf(f[7], sizeof f[7], "%d", r->unaligned_windows);
    fmt_u64(f[8], sizeof f[8], r->c2_bits);
    fmt_u64(f[9], sizeof f[9], r->c2_sectors);
    fmt_u64(f[10], sizeof f[10], r->read_errors);
    const char *fields[ACC_NCOLS];
    for (size_t i = 0; i + 1 < ACC_NCOLS; i++)
        fields[i] = f[i];
    fields[ACC_NCOLS - 1] = o->source;
    return db_csv_row_n(o->acc, fields, ACC_NCOLS, err);
}

int dae_out_par_row(dae_out *o, const dae_par_row *r, db_error *err)
{
    static const int events[] = { DAE_PAR_VERIFY, DAE_PAR_FIXUP_EDGE, DAE_PAR_FIXUP_ATOM,
                                  DAE_PAR_FIXUP_DROPPED, DAE_PAR_FIXUP_DUPED, DAE_PAR_DRIFT,
                                  DAE_PAR_SKIP, DAE_PAR_READERR };
    char f[PAR_NCOLS - 2][40];
    snprintf(f[0], sizeof f[0], "%d", r->zone);
    snprintf(f[1], sizeof f[1], "%u", r->lba_start);
    snprintf(f[2], sizeof f[2], "%u", r->lba_end);
    db_csv_fmt_double(f[3], sizeof f[3], r->lba_start / 75.0 / 60.0, 3);
    db_csv_fmt_double(f[4], sizeof f[4], r->speed_x, 3);
    fmt_u64(f[5], sizeof f[5], r->sectors_read);
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        fmt_u64(f[6 + i], sizeof f[6 + i], r->counts[events[i]]);
    const char *fields[PAR_NCOLS];
    for (size_t i = 0; i + 2 < PAR_NCOLS; i++)
        fields[i] = f[i];
    fields[PAR_NCOLS - 2] = dae_par_verdict_name(dae_par_verdict_of(r->counts));
    fields[PAR_NCOLS - 1] = o->source;
    return db_csv_row_n(o->par, fields, PAR_NCOLS, err);
}

/* ---- summary.json ---- */

static const char *status_word(const dae_result *r)
{
    return db_status_word(r->interrupted, r->aborted, r->rate.lba_done >= r->lba_end, r->rate.read_errors > 0);
}

static void hex32(char *buf, size_t len, uint32_t v)
{
    snprintf(buf, len, "%08x", v);
}

static void write_tracks(db_json *j, const dae_result *r)
{
    db_json_begin_array(j, "tracks");
    for (int i = 0; i < r->ntracks; i++) {
        const dae_track *t = &r->tracks[i];
        char crc[16];
        db_json_begin_object(j, NULL);
        db_json_int(j, "number", t->number);
        db_json_int(j, "lba_start", t->lba_start);
        db_json_int(j, "lba_end", t->lba_end);
        db_json_int(j, "sectors", t->lba_end - t->lba_start);
        db_json_int(j, "bytes_read", (int64_t)t->plain.bytes);
        db_json_int(j, "read_errors", (int64_t)t->read_errors);
        db_json_bool(j, "complete", t->plain.complete);
        hex32(crc, sizeof crc, t->plain.crc32);
        /* a CRC over zero-filled unreadable sectors would pass for a rip */
        db_json_str(j, "crc32", t->plain.complete && !t->read_errors ? crc : NULL);
        db_json_str(j, "wav", t->wav[0] ? t->wav : NULL);
        if (r->par.run) {
            hex32(crc, sizeof crc, t->paranoia.crc32);
            db_json_str(j, "paranoia_crc32", t->paranoia.complete ? crc : NULL);
        }
        db_json_end_object(j);
    }
    db_json_end_array(j);
}

static const char *accuracy_verdict(const dae_accuracy_result *a)
{
    bool jitter = a->windows_with_jitter > 0, mism = a->mismatched_sectors > 0;
    if (jitter && mism)
        return "jitter and mismatches";
    if (jitter)
        return "jitter";
    if (mism)
        return "mismatches";
    if (a->windows_unaligned)
        return "reads differ (no offset found)";
    return "accurate";
}

static void write_accuracy(db_json *j, const dae_opts *opts, const dae_result *r)
{
    const dae_accuracy_result *a = &r->acc;
    if (!a->run) {
        db_json_null(j, "accuracy");
        return;
    }
    db_json_begin_object(j, "accuracy");
    db_json_str(j, "status", db_status_word(a->interrupted, a->aborted, a->zones_done >= r->zones_total, false));
    db_json_str(j, "stop_reason", a->aborted ? a->abort_reason : NULL);
    db_json_int(j, "zones_done", a->zones_done);
    db_json_int(j, "lba_done", a->lba_done);
    db_json_str(j, "verdict", accuracy_verdict(a));
    db_json_int(j, "compared_sectors", (int64_t)a->compared_sectors);
    db_json_int(j, "mismatched_sectors", (int64_t)a->mismatched_sectors);
    db_json_bool(j, "jitter_detected", a->windows_with_jitter > 0);
    db_json_int(j, "zones_with_jitter", a->zones_with_jitter);
    db_json_int(j, "windows", a->windows);
    db_json_int(j, "windows_with_jitter", a->windows_with_jitter);
    db_json_int(j, "windows_unaligned", a->windows_unaligned);
    db_json_int(j, "jitter_window_samples", opts->jitter_window);
    db_json_begin_array(j, "jitter_offsets_samples");
    for (int i = 0; i < a->n_offsets; i++)
        db_json_int(j, NULL, a->offsets[i]);
    db_json_end_array(j);
    if (a->windows_with_jitter) {
        db_json_int(j, "min_offset_samples", a->min_offset);
        db_json_int(j, "max_offset_samples", a->max_offset);
    } else {
        db_json_null(j, "min_offset_samples");
        db_json_null(j, "max_offset_samples");
    }
    db_json_bool(j, "c2_counted", a->c2_used);
    db_json_str(j, "c2_note", a->c2_note[0] ? a->c2_note : NULL);
    db_json_int(j, "c2_bits", (int64_t)a->c2_bits);
    db_json_int(j, "c2_sectors", (int64_t)a->c2_sectors);
    db_json_int(j, "read_errors", (int64_t)a->read_errors);
    db_json_int(j, "cache_defeat_sectors", a->defeat_sectors);
    db_json_begin_object(j, "caches_audio");
    db_json_str(j, "verdict", dae_cache_verdict_name(a->cache.verdict));
    db_json_int(j, "probes", a->cache.trials);
    db_json_int(j, "block_sectors", a->cache.block_sectors);
    if (a->cache.trials) {
        db_json_num(j, "new_block_ms", a->cache.new_ms, 3);
        db_json_num(j, "same_block_again_ms", a->cache.again_ms, 3);
    } else {
        db_json_null(j, "new_block_ms");
        db_json_null(j, "same_block_again_ms");
    }
    db_json_end_object(j);
    db_json_end_object(j);
}

static void write_paranoia(db_json *j, const dae_result *r)
{
    const dae_paranoia_result *p = &r->par;
    if (!p->run) {
        db_json_null(j, "paranoia");
        return;
    }
    db_json_begin_object(j, "paranoia");
    db_json_str(j, "library", p->version[0] ? p->version : NULL);
    db_json_str(j, "mode", "full verification, skips allowed after 20 retries (cd-paranoia's default)");
    db_json_str(j, "status", db_status_word(p->interrupted, p->aborted, p->zones_done >= r->zones_total, false));
    db_json_str(j, "stop_reason", p->aborted ? p->abort_reason : NULL);
    db_json_int(j, "zones_done", p->zones_done);
    db_json_int(j, "zones_ok", p->zones_ok);
    db_json_int(j, "zones_corrected", p->zones_corrected);
    db_json_int(j, "zones_skipped", p->zones_skipped);
    db_json_begin_object(j, "events");
    for (int e = 0; e < DAE_PAR_EVENTS; e++)
        db_json_int(j, dae_par_event_name(e), (int64_t)p->counts[e]);
    db_json_end_object(j);
    db_json_int(j, "sectors_delivered", (int64_t)p->sectors_out);
    db_json_int(j, "sectors_read", (int64_t)p->sectors_read);
    db_json_num(j, "read_amplification", p->sectors_out ? (double)p->sectors_read / p->sectors_out : NAN, 3);
    db_json_num(j, "average_speed_x", p->avg_x, 3);
    db_json_num(j, "duration_s", p->seconds, 3);
    db_json_bool(j, "matches_plain_rip", p->matches_rate_pass);
    db_json_end_object(j);
}

static void write_summary(db_json *j, const db_bench_ctx *ctx, const dae_opts *opts, const dae_result *r,
                          const dae_out *o)
{
    (void)o;
    db_json_begin_object(j, NULL);
    db_summary_common(j, ctx, "dae", &r->id, status_word(r));
    db_json_begin_object(j, "settings");
    if (opts->speed_x > 0)
        db_json_num(j, "speed_x", opts->speed_x, 1);
    else
        db_json_str(j, "speed_x", "max");
    db_json_int(j, "zones", opts->zones);
    db_json_int(j, "block_sectors", opts->block_sectors);
    db_json_str(j, "read_command", "READ CD, sector type CD-DA, user data (2352 bytes per sector)");
    db_json_bool(j, "accuracy", opts->accuracy);
    db_json_bool(j, "paranoia", opts->paranoia);
    db_json_str(j, "save_wav", opts->save_wav_dir);
    /* which rip the WAV files hold: paranoia's verified one when it ran */
    db_json_str(j, "save_wav_rip", !opts->save_wav_dir ? NULL : opts->paranoia ? "paranoia" : "rate pass");
    db_json_str(j, "with_transfer", opts->with_transfer);
    db_json_str(j, "speed_note", r->speed_note[0] ? r->speed_note : NULL);
    db_json_end_object(j);
    db_json_begin_object(j, "units");
    db_json_str(j, "speed_x", "1x = 75 sectors per second");
    db_json_str(j, "speed_kib_s", "audio: 1x = 75 x 2352 bytes = 172.27 KiB per second");
    db_json_end_object(j);
    db_json_begin_object(j, "coverage");
    db_json_int(j, "lba_start", r->lba_start);
    db_json_int(j, "lba_end", r->lba_end);
    db_json_int(j, "lba_done", r->rate.lba_done);
    db_json_int(j, "zones_total", r->zones_total);
    db_json_int(j, "zones_done", r->rate.zones_done);
    db_json_bool(j, "complete", r->rate.lba_done >= r->lba_end && !r->interrupted && !r->aborted);
    db_json_int(j, "audio_tracks_outside", r->audio_tracks_outside);
    db_json_end_object(j);
    db_json_begin_object(j, "drive_reports");
    if (r->have_caps) {
        db_json_bool(j, "cdda_commands", r->caps.cdda_supported);
        db_json_bool(j, "accurate_stream", r->caps.accurate_stream);
        db_json_bool(j, "c2_pointers", r->caps.c2_pointers);
        db_json_int(j, "buffer_kib", r->caps.buffer_kib);
    } else {
        db_json_str(j, "note", "MODE SENSE page 2A not answered");
    }
    db_json_end_object(j);
    db_json_begin_object(j, "result");
    db_json_num(j, "start_speed_x", r->rate.start_x, 3);
    db_json_num(j, "end_speed_x", r->rate.end_x, 3);
    db_json_num(j, "average_speed_x", r->rate.avg_x, 3);
    db_json_num(j, "average_kib_s", r->rate.avg_x * DAE_KIB_S_PER_X, 1);
    db_json_num(j, "min_speed_x", r->rate.min_x, 3);
    db_json_num(j, "max_speed_x", r->rate.max_x, 3);
    db_json_str(j, "spin_strategy", db_strategy_name(r->rate.strategy));
    db_json_num(j, "spinup_ms", r->spinup_ms, 1);
    db_json_str(j, "spinup_note", r->spinup_note[0] ? r->spinup_note : NULL);
    db_json_num(j, "initial_access_ms", r->rate.initial_access_ms, 2);
    db_json_num(j, "duration_s", r->duration_s, 3);
    db_json_int(j, "read_errors", (int64_t)r->rate.read_errors);
    db_json_end_object(j);
    write_tracks(j, r);
    write_accuracy(j, opts, r);
    write_paranoia(j, r);
    if (r->data_run) {
        db_json_begin_object(j, "data_run");
        db_json_str(j, "dir", "data");
        db_json_int(j, "exit_code", r->data_rc);
        db_json_str(j, "error", r->data_error[0] ? r->data_error : NULL);
        db_json_num(j, "average_speed_x", r->data.avg_x, 3);
        db_json_str(j, "spin_strategy", db_strategy_name(r->data.strategy));
        db_json_num(j, "audio_vs_data_speed", r->rate.avg_x / r->data.avg_x, 3);
        db_json_end_object(j);
    } else {
        db_json_null(j, "data_run");
    }
    if (r->transfer_csv[0]) {
        db_json_begin_object(j, "data_vs_audio");
        db_json_str(j, "script", "data-vs-audio.gp");
        db_json_str(j, "transfer_csv", r->transfer_csv);
        db_json_str(j, "plot_note", r->curves_note[0] ? r->curves_note : NULL);
        db_json_end_object(j);
    } else {
        db_json_null(j, "data_vs_audio");
    }
    db_summary_end(j, r->interrupted, r->aborted, r->abort_reason, r->plot_note);
}

typedef struct summary_arg {
    const db_bench_ctx *ctx;
    const dae_opts *opts;
    const dae_result *r;
    const dae_out *o;
} summary_arg;

static void fill_summary(db_json *j, const void *argp)
{
    const summary_arg *a = argp;
    write_summary(j, a->ctx, a->opts, a->r, a->o);
}

/* ---- pictures ---- */

static int render_dae_plot(const db_bench_ctx *ctx, const dae_opts *opts, dae_result *r, db_error *err)
{
    if (r->rate.zones_done == 0) {
        snprintf(r->plot_note, sizeof r->plot_note, "no zone was measured: nothing to plot");
        return 0;
    }
    char title[512], sub[256], avg[32];
    db_plot_title(ctx, "dae", &r->id, title, sizeof title);
    snprintf(sub, sizeof sub, "start %.2fx   end %.2fx   average %.2fx (%.0f KiB/s of audio)   %s%s",
             r->rate.start_x, r->rate.end_x, r->rate.avg_x, r->rate.avg_x * DAE_KIB_S_PER_X,
             db_strategy_name(r->rate.strategy), r->interrupted ? "   INTERRUPTED" : "");
    snprintf(avg, sizeof avg, "%.3f", r->rate.avg_x);
    char title_q[1024], sub_q[512];
    db_gnuplot_escape(title, title_q, sizeof title_q);
    db_gnuplot_escape(sub, sub_q, sizeof sub_q);
    db_tvar vars[] = {
        { "CSV", "dae.csv" },
        { "ACC_CSV", opts->accuracy && r->acc.zones_done > 0 ? "dae_accuracy.csv" : "" },
        { "PAR_CSV", opts->paranoia && r->par.zones_done > 0 ? "dae_paranoia.csv" : "" },
        { "TITLE", title_q }, { "SUBTITLE", sub_q }, { "OUT", "dae" }, { "AVG_X", avg },
    };
    return db_plot_render(ctx, "dae", vars, sizeof vars / sizeof vars[0], r->plot_note,
                          sizeof r->plot_note, err);
}

static int render_curves(const db_bench_ctx *ctx, const dae_opts *opts, dae_result *r, db_error *err)
{
    if (!r->transfer_csv[0] || r->rate.zones_done == 0)
        return 0;
    char title[512], sub[256];
    db_plot_title(ctx, "data vs audio", &r->id, title, sizeof title);
    if (r->data_run)
        snprintf(sub, sizeof sub, "data average %.2fx   audio average %.2fx   (same disc)", r->data.avg_x,
                 r->rate.avg_x);
    else
        snprintf(sub, sizeof sub, "audio average %.2fx   data curve from %.150s", r->rate.avg_x,
                 opts->with_transfer ? opts->with_transfer : r->transfer_csv);
    db_curve curves[] = {
        { r->transfer_csv, "data: READ(10), 2048-byte sectors" },
        { "dae.csv", "audio: READ CD CD-DA, 2352-byte sectors" },
    };
    return db_plot_curves(ctx, "data-vs-audio", "data-vs-audio", title, sub, curves, 2, r->curves_note,
                          sizeof r->curves_note, err);
}

int dae_out_finish(dae_out *o, const db_bench_ctx *ctx, const dae_opts *opts, dae_result *r, db_error *err)
{
    dae_out_close(o);
    int rc = render_dae_plot(ctx, opts, r, err);
    if (!rc)
        rc = render_curves(ctx, opts, r, err);
    summary_arg a = { ctx, opts, r, o };
    db_error serr = { 0 };
    if (db_write_summary(ctx, fill_summary, &a, &serr)) {
        *err = serr;
        return -1;
    }
    return rc;
}
