/* transfer_output.c - transfer.csv, transfer.gp and summary.json. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../report/gnuplot.h"
#include "output.h"
#include "transfer.h"

static const char *const transfer_columns[] = {
    "zone", "lba_start", "lba_end", "position_min", "position_mib",
    "speed_x", "speed_kib_s", "zone_ms", "read_errors", "faults", "source"
};
#define NCOLS (sizeof transfer_columns / sizeof transfer_columns[0])

int db_transfer_out_open(db_transfer_out *o, const db_bench_ctx *ctx, const db_identity *id,
                         db_error *err)
{
    memset(o, 0, sizeof *o);
    o->source = db_source_word(ctx->drive);
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", ctx->out_dir);
    o->csv = db_csv_create(path, transfer_columns, NCOLS, err);
    return o->csv ? 0 : -1;
}

int db_transfer_out_zone(db_transfer_out *o, int zone, uint32_t lba_start, uint32_t lba_end,
                         uint32_t data_start, double speed_x, double zone_ms, uint64_t errors,
                         uint32_t faults, db_error *err)
{
    char f[NCOLS - 1][40];
    snprintf(f[0], sizeof f[0], "%d", zone);
    snprintf(f[1], sizeof f[1], "%u", lba_start);
    snprintf(f[2], sizeof f[2], "%u", lba_end);
    db_csv_fmt_double(f[3], sizeof f[3], lba_start / 75.0 / 60.0, 3);
    db_csv_fmt_double(f[4], sizeof f[4], (double)(lba_start - data_start) * CD_DATA_BYTES / 1048576.0, 2);
    db_csv_fmt_double(f[5], sizeof f[5], speed_x, 3);
    db_csv_fmt_double(f[6], sizeof f[6], speed_x * 150.0, 1);
    db_csv_fmt_double(f[7], sizeof f[7], zone_ms, 3);
    snprintf(f[8], sizeof f[8], "%llu", (unsigned long long)errors);
    snprintf(f[9], sizeof f[9], "%u", faults);
    const char *fields[NCOLS];
    for (size_t i = 0; i + 1 < NCOLS; i++)
        fields[i] = f[i];
    fields[NCOLS - 1] = o->source;
    return db_csv_row(o->csv, fields, err);
}

static const char *status_word(const transfer_result *r)
{
    return db_status_word(r->interrupted, r->aborted, r->lba_done >= r->lba_end, r->read_errors > 0);
}

static void write_summary(db_json *j, const db_bench_ctx *ctx, const transfer_opts *opts,
                          const transfer_result *r, const db_transfer_out *o)
{
    db_json_begin_object(j, NULL);
    db_summary_common(j, ctx, "transfer", &r->id, status_word(r));
    db_json_begin_object(j, "settings");
    if (opts->speed_x > 0)
        db_json_num(j, "speed_x", opts->speed_x, 1);
    else
        db_json_str(j, "speed_x", "max");
    db_json_int(j, "zones", opts->zones);
    db_json_int(j, "block_sectors", opts->block_sectors);
    db_json_str(j, "speed_note", o->speed_note[0] ? o->speed_note : NULL);
    db_json_end_object(j);
    db_json_begin_object(j, "coverage");
    db_json_int(j, "lba_start", r->lba_start);
    db_json_int(j, "lba_end", r->lba_end);
    db_json_int(j, "lba_done", r->lba_done);
    db_json_int(j, "zones_total", r->zones_total);
    db_json_int(j, "zones_done", r->zones_done);
    db_json_bool(j, "complete", r->lba_done >= r->lba_end && !r->interrupted && !r->aborted);
    db_json_end_object(j);
    db_json_begin_object(j, "result");
    db_json_num(j, "start_speed_x", r->start_x, 3);
    db_json_num(j, "end_speed_x", r->end_x, 3);
    db_json_num(j, "average_speed_x", r->avg_x, 3);
    db_json_num(j, "average_kib_s", r->avg_x * 150.0, 1);
    db_json_num(j, "min_speed_x", r->min_x, 3);
    db_json_num(j, "max_speed_x", r->max_x, 3);
    db_json_str(j, "spin_strategy", db_strategy_name(r->strategy));
    db_json_num(j, "spinup_ms", r->spinup_ms, 1);
    db_json_str(j, "spinup_note", r->spinup_note[0] ? r->spinup_note : NULL);
    db_json_num(j, "initial_access_ms", r->initial_access_ms, 2);
    db_json_num(j, "duration_s", r->duration_s, 3);
    db_json_int(j, "read_errors", (int64_t)r->read_errors);
    db_json_end_object(j);
    db_summary_end(j, r->interrupted, r->aborted, r->abort_reason, o->plot_note);
}

typedef struct summary_arg {
    const db_bench_ctx *ctx;
    const transfer_opts *opts;
    const transfer_result *r;
    const db_transfer_out *o;
} summary_arg;

static void fill_summary(db_json *j, const void *argp)
{
    const summary_arg *a = argp;
    write_summary(j, a->ctx, a->opts, a->r, a->o);
}

int db_transfer_out_finish(db_transfer_out *o, const db_bench_ctx *ctx, const transfer_opts *opts,
                           transfer_result *r, db_error *err)
{
    db_csv_close(o->csv);
    o->csv = NULL;

    int rc = 0;
    if (r->zones_done > 0) {
        char title[512], sub[256], avg[32];
        db_plot_title(ctx, "transfer", &r->id, title, sizeof title);
        snprintf(sub, sizeof sub, "start %.2fx   end %.2fx   average %.2fx (%.0f KiB/s)   %s%s",
                 r->start_x, r->end_x, r->avg_x, r->avg_x * 150.0, db_strategy_name(r->strategy),
                 r->interrupted ? "   INTERRUPTED" : "");
        snprintf(avg, sizeof avg, "%.3f", r->avg_x);
        char title_q[1024], sub_q[512];
        db_gnuplot_escape(title, title_q, sizeof title_q);
        db_gnuplot_escape(sub, sub_q, sizeof sub_q);
        db_tvar vars[] = {
            { "CSV", "transfer.csv" }, { "TITLE", title_q }, { "SUBTITLE", sub_q },
            { "OUT", "transfer" },      { "AVG_X", avg },
        };
        rc = db_plot_render(ctx, "transfer", vars, sizeof vars / sizeof vars[0],
                            o->plot_note, sizeof o->plot_note, err);
    } else {
        snprintf(o->plot_note, sizeof o->plot_note, "no zone was measured: nothing to plot");
    }

    snprintf(r->plot_note, sizeof r->plot_note, "%s", o->plot_note);
    summary_arg a = { ctx, opts, r, o };
    db_error serr = { 0 };
    if (db_write_summary(ctx, fill_summary, &a, &serr)) {
        *err = serr;
        return -1;
    }
    return rc;
}
