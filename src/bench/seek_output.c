/* seek_output.c - seek.csv, seek.gp and summary.json of the seek test. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../report/gnuplot.h"
#include "output.h"
#include "seek.h"

static const char *const seek_columns[] = {
    "kind", "sample", "from_lba", "to_lba", "radial_distance_mm", "access_ms", "faults", "source"
};
#define NCOLS (sizeof seek_columns / sizeof seek_columns[0])

#define GEOMETRY_NOTE "radial distances estimated from the LBA with the nominal geometry: LBA 0 at " \
                      "25 mm, 1.2 m/s, 1.5 um track pitch"
#define ACCESS_METHOD "READ(10) of one sector at the target after a positioning READ(10) of one " \
                      "sector at the start; drive at maximum speed; targets kept out of the " \
                      "drive's read-ahead window"

int seek_out_open(seek_out *o, const db_bench_ctx *ctx, db_error *err)
{
    memset(o, 0, sizeof *o);
    o->source = db_source_word(ctx->drive);
    char path[4096];
    snprintf(path, sizeof path, "%s/seek.csv", ctx->out_dir);
    o->csv = db_csv_create(path, seek_columns, NCOLS, err);
    return o->csv ? 0 : -1;
}

int seek_out_sample(seek_out *o, seek_kind k, int sample, uint32_t from, uint32_t to,
                    double access_ms, uint32_t faults, db_error *err)
{
    char f[NCOLS - 2][40];
    snprintf(f[0], sizeof f[0], "%d", sample);
    snprintf(f[1], sizeof f[1], "%u", from);
    snprintf(f[2], sizeof f[2], "%u", to);
    db_csv_fmt_double(f[3], sizeof f[3], seek_radial_distance_mm(from, to), 3);
    db_csv_fmt_double(f[4], sizeof f[4], access_ms, 3); /* NaN (dropped): empty */
    snprintf(f[5], sizeof f[5], "%u", faults);
    const char *fields[NCOLS] = { seek_kind_name(k), f[0], f[1], f[2], f[3], f[4], f[5], o->source };
    return db_csv_row_n(o->csv, fields, NCOLS, err);
}

/* Everything asked for was measured (a short disc or a refused command
 * leaves a part out: the summary then says "partial"). */
static bool all_measured(const seek_result *r, const seek_opts *opts)
{
    for (int k = 0; k < SEEK_KINDS; k++)
        if (r->kind[k].done < r->kind[k].wanted)
            return false;
    if (isnan(r->spinup_ms) || isnan(r->spindown_ms) || isnan(r->burst_mb_s))
        return false;
    return opts->cpu_mib <= 0 || r->cpu_steps == SEEK_CPU_STEPS;
}

static const char *status_word(const seek_result *r, const seek_opts *opts)
{
    if (r->interrupted)
        return "interrupted";
    if (r->aborted)
        return "aborted";
    if (r->read_errors)
        return "complete-with-errors";
    return all_measured(r, opts) ? "complete" : "partial";
}

static void write_kind(db_json *j, const seek_stats *s, seek_kind k)
{
    db_json_begin_object(j, seek_kind_name(k));
    db_json_int(j, "samples_wanted", s->wanted);
    db_json_int(j, "samples", s->done);
    db_json_num(j, "average_ms", s->avg_ms, 3);
    db_json_num(j, "min_ms", s->min_ms, 3);
    db_json_num(j, "max_ms", s->max_ms, 3);
    db_json_num(j, "average_radial_distance_mm", s->done ? s->sum_distance_mm / s->done : NAN, 3);
    db_json_str(j, "note", s->note[0] ? s->note : NULL);
    db_json_end_object(j);
}

static void write_cpu(db_json *j, const seek_result *r)
{
    db_json_begin_object(j, "cpu");
    db_json_str(j, "basis", r->cpu_basis);
    db_json_str(j, "label", r->cpu_label);
    db_json_str(j, "note", r->cpu_note[0] ? r->cpu_note : NULL);
    db_json_begin_array(j, "steps");
    for (int i = 0; i < r->cpu_steps; i++) {
        const seek_cpu_step *s = &r->cpu[i];
        db_json_begin_object(j, NULL);
        if (s->requested_x > 0)
            db_json_num(j, "requested_speed_x", s->requested_x, 1);
        else
            db_json_str(j, "requested_speed_x", "max");
        db_json_num(j, "speed_x", s->speed_x, 3);
        db_json_int(j, "sectors", s->sectors);
        db_json_num(j, "drive_s", s->drive_s, 6);
        db_json_num(j, "cpu_s", s->cpu_s, 6);
        db_json_num(j, "cpu_percent", s->cpu_percent, 4);
        db_json_str(j, "note", s->note[0] ? s->note : NULL);
        db_json_end_object(j);
    }
    db_json_end_array(j);
    db_json_end_object(j);
}

static void write_summary(db_json *j, const db_bench_ctx *ctx, const seek_opts *opts,
                          const seek_result *r, const char *plot_note)
{
    db_json_begin_object(j, NULL);
    db_summary_common(j, ctx, "seek", &r->id, status_word(r, opts));
    db_json_begin_object(j, "settings");
    db_json_int(j, "samples_per_kind", opts->samples);
    db_json_int(j, "seed", (int64_t)opts->seed);
    db_json_num(j, "cpu_mib", opts->cpu_mib, 2);
    db_json_str(j, "speed_x", "max");
    db_json_str(j, "speed_note", r->speed_note[0] ? r->speed_note : NULL);
    db_json_end_object(j);
    db_json_begin_object(j, "coverage");
    db_json_int(j, "lba_start", r->lba_start);
    db_json_int(j, "lba_end", r->lba_end);
    db_json_end_object(j);

    db_json_begin_object(j, "access");
    db_json_str(j, "method", ACCESS_METHOD);
    db_json_str(j, "geometry", GEOMETRY_NOTE);
    if (r->buffer_kib)
        db_json_int(j, "buffer_kib", r->buffer_kib);
    else
        db_json_null(j, "buffer_kib");
    db_json_int(j, "read_ahead_window_sectors", r->window_sectors);
    db_json_int(j, "dropped_unreadable", (int64_t)r->read_errors);
    for (int k = 0; k < SEEK_KINDS; k++)
        write_kind(j, &r->kind[k], (seek_kind)k);
    db_json_end_object(j);

    db_json_begin_object(j, "spin");
    db_json_num(j, "spindown_ms", r->spindown_ms, 1);
    db_json_num(j, "spinup_ms", r->spinup_ms, 1);
    db_json_str(j, "note", r->spin_note[0] ? r->spin_note : NULL);
    db_json_end_object(j);

    db_json_begin_object(j, "burst");
    db_json_num(j, "mb_s", r->burst_mb_s, 3);
    db_json_int(j, "block_bytes", r->burst_bytes);
    db_json_int(j, "reads", SEEK_BURST_READS);
    db_json_str(j, "warning", r->burst_warning);
    db_json_str(j, "note", r->burst_note[0] ? r->burst_note : NULL);
    db_json_end_object(j);

    write_cpu(j, r);
    db_json_int(j, "read_errors", (int64_t)r->read_errors);
    db_json_num(j, "duration_s", r->duration_s, 3);
    db_json_str(j, "stopped_in", r->stopped_in[0] ? r->stopped_in : NULL);
    db_summary_end(j, r->interrupted, r->aborted, r->abort_reason, plot_note);
}

typedef struct summary_arg {
    const db_bench_ctx *ctx;
    const seek_opts *opts;
    const seek_result *r;
    const char *o;
} summary_arg;

static void fill_summary(db_json *j, const void *argp)
{
    const summary_arg *a = argp;
    write_summary(j, a->ctx, a->opts, a->r, a->o);
}

static void fmt_avg(char *buf, size_t len, double v)
{
    if (isfinite(v))
        snprintf(buf, len, "%.3f", v);
    else
        snprintf(buf, len, "NaN");
}

static int render_plot(const db_bench_ctx *ctx, const seek_result *r, char *note, size_t note_len,
                       db_error *err)
{
    char title[512], sub[512], avg[SEEK_KINDS][32];
    db_plot_title(ctx, "seek", &r->id, title, sizeof title);
    size_t used = 0;
    sub[0] = '\0';
    for (int k = 0; k < SEEK_KINDS; k++) {
        const seek_stats *s = &r->kind[k];
        fmt_avg(avg[k], sizeof avg[k], s->avg_ms);
        int n = isfinite(s->avg_ms)
                    ? snprintf(sub + used, sizeof sub - used, "%s%s %.1f ms", used ? "   " : "",
                               seek_kind_label((seek_kind)k), s->avg_ms)
                    : snprintf(sub + used, sizeof sub - used, "%s%s -", used ? "   " : "",
                               seek_kind_label((seek_kind)k));
        if (n > 0 && (size_t)n < sizeof sub - used)
            used += (size_t)n;
    }
    if (r->interrupted && used + 16 < sizeof sub)
        snprintf(sub + used, sizeof sub - used, "   INTERRUPTED");
    char title_q[1024], sub_q[1024];
    db_gnuplot_escape(title, title_q, sizeof title_q);
    db_gnuplot_escape(sub, sub_q, sizeof sub_q);
    db_tvar vars[] = {
        { "CSV", "seek.csv" },        { "TITLE", title_q },         { "SUBTITLE", sub_q },
        { "OUT", "seek" },            { "AVG_RANDOM", avg[SEEK_RANDOM] },
        { "AVG_THIRD", avg[SEEK_THIRD] }, { "AVG_FULL", avg[SEEK_FULL] },
    };
    return db_plot_render(ctx, "seek", vars, sizeof vars / sizeof vars[0], note, note_len, err);
}

int seek_out_finish(seek_out *o, const db_bench_ctx *ctx, const seek_opts *opts, seek_result *r,
                    db_error *err)
{
    db_csv_close(o->csv);
    o->csv = NULL;
    int rc = 0;
    if (r->kind[0].done + r->kind[1].done + r->kind[2].done > 0)
        rc = render_plot(ctx, r, r->plot_note, sizeof r->plot_note, err);
    else
        snprintf(r->plot_note, sizeof r->plot_note, "no access sample was taken: nothing to plot");

    summary_arg a = { ctx, opts, r, r->plot_note };
    db_error serr = { 0 };
    if (db_write_summary(ctx, fill_summary, &a, &serr)) {
        *err = serr;
        return -1;
    }
    return rc;
}
