/* quality_out.c - the quality scan's files (quality_out.h). */
#include "quality_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../report/gnuplot.h"
#include "output.h"

static const char *const cols[] = {
    "second", "lba_start", "lba_end", "position_min", "c1", "c2", "cu", "speed_x", "interval_ms",
    "read_c2_bytes", "read_unreadable", "counted", "fault", "source"
};
#define NCOLS (sizeof cols / sizeof cols[0])

int db_quality_out_open(db_quality_out *o, const db_bench_ctx *ctx, quality_result *res, db_error *err)
{
    memset(o, 0, sizeof *o);
    o->ctx = ctx;
    o->res = res;
    o->source = db_source_word(ctx->drive);
    o->csv = db_errscan_csv(ctx, "quality", cols, NCOLS, err);
    if (!o->csv)
        return -1;
    /* a row per second of disc: sync a minute of disc at a time */
    db_csv_sync_every(o->csv, 60);
    if (db_badlist_open(&o->bad, ctx, "quality", err)) {
        db_csv_close(o->csv);
        o->csv = NULL;
        return -1;
    }
    return 0;
}

int db_quality_out_row(db_quality_out *o, const db_qinterval *iv, bool counted, const char *fault)
{
    char f[NCOLS - 2][48];
    memset(f, 0, sizeof f);
    if (iv->has_second) {
        snprintf(f[0], sizeof f[0], "%u", iv->second);
        snprintf(f[1], sizeof f[1], "%u", iv->lba_start);
        snprintf(f[2], sizeof f[2], "%u", iv->lba_end);
        db_csv_fmt_double(f[3], sizeof f[3], iv->lba_start / 4500.0, 4);
    }
    if (iv->has_counts) {
        snprintf(f[4], sizeof f[4], "%u", iv->c1);
        snprintf(f[5], sizeof f[5], "%u", iv->c2);
        if (iv->has_cu)
            snprintf(f[6], sizeof f[6], "%u", iv->cu);
    }
    /* a second the drive did not scan (its command failed) has no speed */
    if (iv->has_second && iv->ns && (iv->has_counts || iv->has_reads))
        db_csv_fmt_double(f[7], sizeof f[7], db_speed_x_of(iv->lba_end - iv->lba_start, iv->ns), 3);
    db_csv_fmt_double(f[8], sizeof f[8], iv->ns / 1e6, 3);
    if (iv->has_reads) {
        db_fmt_u64(f[9], sizeof f[9], iv->read_c2_bytes);
        snprintf(f[10], sizeof f[10], "%u", iv->read_unreadable);
    }
    snprintf(f[11], sizeof f[11], "%d", counted ? 1 : 0);
    const char *fields[NCOLS];
    for (size_t i = 0; i + 2 < NCOLS; i++)
        fields[i] = f[i];
    fields[NCOLS - 2] = fault ? fault : "";
    fields[NCOLS - 1] = o->source;
    return db_csv_row_n(o->csv, fields, NCOLS, &o->err);
}

static void remove_file(const db_bench_ctx *ctx, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", ctx->out_dir, name);
    unlink(path);
}

void db_quality_out_discard(db_quality_out *o)
{
    db_csv_close(o->csv);
    o->csv = NULL;
    db_badlist_close(&o->bad);
    remove_file(o->ctx, "quality.csv");
    remove_file(o->ctx, "quality_unreadable.csv");
}

static const char *status_word(const quality_result *r)
{
    return db_status_word(r->interrupted, r->aborted, r->complete, false);
}

typedef struct summary_args {
    const db_bench_ctx *ctx;
    const quality_opts *opts;
    const quality_result *r;
    const db_quality_out *o;
    const char *plot_note;
} summary_args;

static void counts_json(db_json *j, const char *key, uint64_t total, uint32_t max, uint32_t max_second,
                        double avg, uint32_t seconds_with)
{
    db_json_begin_object(j, key);
    db_json_int(j, "total", (int64_t)total);
    db_json_int(j, "max_per_second", max);
    db_json_int(j, "max_at_second", max_second);
    db_json_num(j, "average_per_second", avg, 3);
    db_json_int(j, "seconds_with_errors", seconds_with);
    db_json_end_object(j);
}

static void fill_summary(db_json *j, const void *arg)
{
    const summary_args *a = arg;
    const quality_result *r = a->r;
    const db_qstats *q = &r->stats;
    db_json_begin_object(j, NULL);
    db_summary_common(j, a->ctx, "quality", &r->id, status_word(r));
    db_json_str(j, "names", "c1 = BLER (E11+E21+E31), c2 = E22, cu = E32, per second of disc (75 sectors)");
    db_json_begin_object(j, "settings");
    if (r->speed_x > 0)
        db_json_num(j, "speed_x", r->speed_x, 1);
    else
        db_json_str(j, "speed_x", "max");
    db_json_str(j, "speed_note", r->speed_note[0] ? r->speed_note : NULL);
    db_json_str(j, "protocol_requested", db_qproto_name(a->opts->protocol));
    db_json_bool(j, "cross_check", !a->opts->no_cross_check);
    db_json_end_object(j);
    db_json_begin_object(j, "protocol");
    db_json_str(j, "used", db_qproto_name(r->used));
    db_json_str(j, "note", r->protocol_note);
    db_json_bool(j, "reports_cu", q->cu_reported && q->seconds_counted > 0);
    db_json_end_object(j);
    db_json_begin_object(j, "coverage");
    db_json_int(j, "disc_sectors", r->disc_sectors);
    db_json_int(j, "seconds_total", q->seconds_total);
    db_json_int(j, "seconds_counted", q->seconds_counted);
    db_json_int(j, "sectors_counted", (int64_t)q->sectors_counted);
    db_json_num(j, "fraction", r->disc_sectors ? (double)q->sectors_counted / r->disc_sectors : NAN, 4);
    db_json_bool(j, "complete", r->complete);
    db_json_end_object(j);
    db_json_begin_object(j, "result");
    counts_json(j, "c1", q->c1_total, q->c1_max, q->c1_max_second, db_qstats_c1_avg(q), 0);
    counts_json(j, "c2", q->c2_total, q->c2_max, q->c2_max_second, db_qstats_c2_avg(q), q->seconds_with_c2);
    if (q->cu_reported && q->seconds_counted)
        counts_json(j, "cu", q->cu_total, q->cu_max, q->cu_max_second, db_qstats_cu_avg(q), q->seconds_with_cu);
    else
        db_json_null(j, "cu");
    db_json_num(j, "bler_10s_max", q->bler10_max, 2);
    db_json_int(j, "bler_10s_max_at_second", q->bler10_max_second);
    db_json_end_object(j);
    db_json_begin_object(j, "redbook");
    db_json_str(j, "verdict", db_verdict_name(r->verdict));
    db_json_num(j, "bler_limit_per_s", DB_REDBOOK_BLER_MAX, 0);
    db_json_int(j, "windows_over_limit", q->windows_over);
    db_json_bool(j, "cu_checked", q->cu_reported && q->seconds_counted > 0);
    db_json_end_object(j);
    if (r->score >= 0)
        db_json_int(j, "score", r->score);
    else
        db_json_null(j, "score");
    db_json_str(j, "score_formula", "100 - min(50, 25 log10(1 + C1 avg)) - min(30, 10 log10(1 + C2 total "
                "per 80 min)) - 20 min(1, BLER 10 s max / 220); CU > 0: at most 20; BLER over 220: at most 40");
    db_json_begin_object(j, "plausibility");
    db_json_bool(j, "believed", r->believed);
    db_json_bool(j, "cross_checked", r->cross_checked);
    db_json_str(j, "note", r->believe_note[0] ? r->believe_note : NULL);
    if (r->used == DB_QP_PLEXTOR) {
        db_json_bool(j, "read_c2_known", r->read_c2_known);
        db_json_int(j, "read_c2_bytes", (int64_t)r->read_c2_bytes);
        db_json_int(j, "read_unreadable", r->read_unreadable);
    }
    db_json_end_object(j);
    db_json_begin_object(j, "drive_faults");
    db_json_int(j, "count", r->faults);
    db_json_str(j, "last", r->last_fault[0] ? r->last_fault : NULL);
    db_json_end_object(j);
    db_badlist_json(j, &a->o->bad, "quality");
    db_json_num(j, "duration_s", r->duration_s, 3);
    db_summary_end(j, r->interrupted, r->aborted, r->abort_reason, a->plot_note);
}

int db_quality_out_finish(db_quality_out *o, const db_bench_ctx *ctx, const quality_opts *opts,
                          quality_result *r, db_error *err)
{
    db_csv_close(o->csv);
    o->csv = NULL;
    db_badlist_close(&o->bad);
    int rc = 0;
    if (r->stats.seconds_counted > 0) {
        char title[512], sub[512], title_q[1024], sub_q[1024], score[16], speed[16];
        db_plot_title(ctx, "quality", &r->id, title, sizeof title);
        if (r->score >= 0)
            snprintf(score, sizeof score, "%d", r->score);
        else
            snprintf(score, sizeof score, "none");
        if (r->speed_x > 0)
            snprintf(speed, sizeof speed, "%gx", r->speed_x);
        else
            snprintf(speed, sizeof speed, "max speed");
        snprintf(sub, sizeof sub, "C1 total %llu avg %.2f max %u   C2 total %llu max %u   CU %s   "
                 "Red Book: %s   score %s   (%s at %s)",
                 (unsigned long long)r->stats.c1_total, db_qstats_c1_avg(&r->stats), r->stats.c1_max,
                 (unsigned long long)r->stats.c2_total, r->stats.c2_max,
                 r->stats.cu_reported ? (r->stats.cu_total ? "present" : "0") : "not reported",
                 db_verdict_name(r->verdict), score, db_qproto_name(r->used), speed);
        db_gnuplot_escape(title, title_q, sizeof title_q);
        db_gnuplot_escape(sub, sub_q, sizeof sub_q);
        db_tvar vars[] = {
            { "CSV", "quality.csv" }, { "TITLE", title_q }, { "SUBTITLE", sub_q }, { "OUT", "quality" },
        };
        rc = db_plot_render(ctx, "quality", vars, sizeof vars / sizeof vars[0], r->plot_note,
                            sizeof r->plot_note, err);
    } else {
        snprintf(r->plot_note, sizeof r->plot_note, "no second was counted: nothing to plot");
    }
    summary_args a = { ctx, opts, r, o, r->plot_note };
    db_error serr = { 0 };
    if (db_write_summary(ctx, fill_summary, &a, &serr)) {
        *err = serr;
        return -1;
    }
    return rc;
}
