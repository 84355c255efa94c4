/* scan_out.c - the surface scan's files (scan_out.h). */
#include "scan_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../report/gnuplot.h"
#include "output.h"

static const char *const cols[] = {
    "zone", "lba_start", "lba_end", "position_min", "good_sectors", "slow_sectors", "unreadable_sectors",
    "speed_x", "zone_ms", "faults", "status", "source"
};
#define NCOLS (sizeof cols / sizeof cols[0])

static const char *const slow_cols[] = { "lba_start", "lba_end", "position_min", "time_ms", "expected_ms",
                                         "kind", "source" };

int db_scan_out_open(db_scan_out *o, const db_bench_ctx *ctx, db_error *err)
{
    memset(o, 0, sizeof *o);
    o->source = db_source_word(ctx->drive);
    o->csv = db_errscan_csv(ctx, "scan", cols, NCOLS, err);
    if (!o->csv)
        return -1;
    o->slow = db_errscan_csv(ctx, "scan_slow", slow_cols, sizeof slow_cols / sizeof slow_cols[0], err);
    if (!o->slow || db_badlist_open(&o->bad, ctx, "scan", err)) {
        db_csv_close(o->csv);
        db_csv_close(o->slow);
        o->csv = o->slow = NULL;
        return -1;
    }
    /* 400 map cells and lists that can run to thousands of rows: synced a
     * few dozen rows at a time (each row is still written whole) */
    db_csv_sync_every(o->csv, 20);
    db_csv_sync_every(o->slow, 64);
    return 0;
}

int db_scan_out_zone(db_scan_out *o, int zone, uint32_t lba_start, uint32_t lba_end, const scan_zone *z,
                     uint64_t zone_ns, db_error *err)
{
    char f[NCOLS - 2][48];
    snprintf(f[0], sizeof f[0], "%d", zone);
    snprintf(f[1], sizeof f[1], "%u", lba_start);
    snprintf(f[2], sizeof f[2], "%u", lba_end);
    db_csv_fmt_double(f[3], sizeof f[3], lba_start / 4500.0, 4);
    snprintf(f[4], sizeof f[4], "%u", z->good);
    snprintf(f[5], sizeof f[5], "%u", z->slow);
    snprintf(f[6], sizeof f[6], "%u", z->unreadable);
    db_csv_fmt_double(f[7], sizeof f[7], db_speed_x_of(lba_end - lba_start, zone_ns), 3);
    db_csv_fmt_double(f[8], sizeof f[8], zone_ns / 1e6, 3);
    snprintf(f[9], sizeof f[9], "%u", z->faults);
    const char *status = z->unreadable ? "unreadable" : z->slow ? "slow" : "good";
    const char *fields[NCOLS];
    for (size_t i = 0; i + 2 < NCOLS; i++)
        fields[i] = f[i];
    fields[NCOLS - 2] = status;
    fields[NCOLS - 1] = o->source;
    return db_csv_row_n(o->csv, fields, NCOLS, err);
}

void db_scan_out_slow(db_scan_out *o, uint32_t lba_start, uint32_t lba_end, double ms, double expected_ms,
                      const char *kind)
{
    if (!o->slow || o->slow_failed)
        return;
    char f[5][48];
    snprintf(f[0], sizeof f[0], "%u", lba_start);
    snprintf(f[1], sizeof f[1], "%u", lba_end);
    db_csv_fmt_double(f[2], sizeof f[2], lba_start / 4500.0, 4);
    db_csv_fmt_double(f[3], sizeof f[3], ms, 3);
    db_csv_fmt_double(f[4], sizeof f[4], expected_ms, 3);
    const char *fields[] = { f[0], f[1], f[2], f[3], f[4], kind, o->source };
    db_error e = { 0 };
    if (db_csv_row_n(o->slow, fields, 7, &e))
        o->slow_failed = 1;
}

static const char *status_word(const scan_result *r)
{
    return db_status_word(r->interrupted, r->aborted, r->complete, r->unreadable > 0);
}

typedef struct summary_args {
    const db_bench_ctx *ctx;
    const scan_opts *opts;
    const scan_result *r;
    const db_scan_out *o;
} summary_args;

static void fill_summary(db_json *j, const void *arg)
{
    const summary_args *a = arg;
    const scan_result *r = a->r;
    db_json_begin_object(j, NULL);
    db_summary_common(j, a->ctx, "scan", &r->id, status_word(r));
    db_json_begin_object(j, "settings");
    if (a->opts->speed_x > 0)
        db_json_num(j, "speed_x", a->opts->speed_x, 1);
    else
        db_json_str(j, "speed_x", "max");
    db_json_str(j, "speed_note", r->speed_note[0] ? r->speed_note : NULL);
    db_json_int(j, "zones", r->zones_total);
    db_json_int(j, "block_sectors", a->opts->block_sectors > 0 ? a->opts->block_sectors : 16);
    db_json_int(j, "retries", a->opts->retries);
    db_json_num(j, "slow_factor", a->opts->slow_factor > 1 ? a->opts->slow_factor : 3.0, 2);
    db_json_end_object(j);
    db_json_begin_object(j, "coverage");
    db_json_int(j, "disc_sectors", r->disc_sectors);
    db_json_int(j, "lba_done", r->lba_done);
    db_json_int(j, "zones_total", r->zones_total);
    db_json_int(j, "zones_done", r->zones_done);
    db_json_bool(j, "complete", r->complete);
    db_json_end_object(j);
    db_json_begin_object(j, "result");
    db_json_int(j, "good_sectors", (int64_t)r->good);
    db_json_int(j, "slow_sectors", (int64_t)r->slow);
    db_json_int(j, "slow_blocks", r->slow_blocks);
    db_json_int(j, "recovered_sectors", (int64_t)r->recovered);
    db_json_int(j, "unreadable_sectors", (int64_t)r->unreadable);
    db_json_num(j, "average_speed_x", r->avg_x, 3);
    db_json_num(j, "duration_s", r->duration_s, 3);
    db_json_str(j, "slow_list", "scan_slow.csv");
    db_json_end_object(j);
    db_badlist_json(j, &a->o->bad, "scan");
    db_json_begin_object(j, "drive_faults");
    db_json_int(j, "count", r->faults);
    db_json_str(j, "last", r->faults ? r->last_fault : NULL);
    db_json_end_object(j);
    db_summary_end(j, r->interrupted, r->aborted, r->abort_reason, r->plot_note);
}

int db_scan_out_finish(db_scan_out *o, const db_bench_ctx *ctx, const scan_opts *opts, scan_result *r,
                       db_error *err)
{
    db_csv_close(o->csv);
    db_csv_close(o->slow);
    o->csv = o->slow = NULL;
    db_badlist_close(&o->bad);
    int rc = 0;
    if (r->zones_done > 0) {
        char title[512], sub[512], title_q[1024], sub_q[1024], cols_s[16];
        db_plot_title(ctx, "scan", &r->id, title, sizeof title);
        snprintf(sub, sizeof sub, "good %llu   slow %llu   unreadable %llu sectors   average %.1fx%s",
                 (unsigned long long)r->good, (unsigned long long)r->slow, (unsigned long long)r->unreadable,
                 r->avg_x, r->interrupted ? "   INTERRUPTED" : "");
        int grid = (int)ceil(sqrt((double)r->zones_total));
        snprintf(cols_s, sizeof cols_s, "%d", grid < 1 ? 1 : grid);
        db_gnuplot_escape(title, title_q, sizeof title_q);
        db_gnuplot_escape(sub, sub_q, sizeof sub_q);
        db_tvar vars[] = {
            { "CSV", "scan.csv" }, { "TITLE", title_q }, { "SUBTITLE", sub_q }, { "OUT", "scan" },
            { "GRID_COLS", cols_s },
        };
        rc = db_plot_render(ctx, "scan", vars, sizeof vars / sizeof vars[0], r->plot_note, sizeof r->plot_note,
                            err);
    } else {
        snprintf(r->plot_note, sizeof r->plot_note, "no zone was read: nothing to plot");
    }
    summary_args a = { ctx, opts, r, o };
    db_error serr = { 0 };
    if (db_write_summary(ctx, fill_summary, &a, &serr)) {
        *err = serr;
        return -1;
    }
    return rc;
}
