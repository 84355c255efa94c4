/* c2scan_out.c - the C2 scan's files (c2scan_out.h). */
#include "c2scan_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../report/gnuplot.h"
#include "output.h"

static const char *const cols[] = {
    "zone", "lba_start", "lba_end", "position_min", "c2_bytes", "c2_sectors", "unreadable_sectors",
    "sectors_counted", "speed_x", "zone_ms", "faults", "source"
};
#define NCOLS (sizeof cols / sizeof cols[0])

int db_c2scan_out_open(db_c2scan_out *o, const db_bench_ctx *ctx, db_error *err)
{
    memset(o, 0, sizeof *o);
    o->source = db_source_word(ctx->drive);
    o->csv = db_errscan_csv(ctx, "c2scan", cols, NCOLS, err);
    if (!o->csv)
        return -1;
    if (db_badlist_open(&o->bad, ctx, "c2scan", err)) {
        db_csv_close(o->csv);
        o->csv = NULL;
        return -1;
    }
    return 0;
}

int db_c2scan_out_zone(db_c2scan_out *o, int zone, uint32_t lba_start, uint32_t lba_end,
                       const db_c2_tally *t, uint64_t zone_ns, db_error *err)
{
    char f[NCOLS - 1][48];
    snprintf(f[0], sizeof f[0], "%d", zone);
    snprintf(f[1], sizeof f[1], "%u", lba_start);
    snprintf(f[2], sizeof f[2], "%u", lba_end);
    db_csv_fmt_double(f[3], sizeof f[3], lba_start / 4500.0, 4);
    db_fmt_u64(f[4], sizeof f[4], t->c2_bytes);
    snprintf(f[5], sizeof f[5], "%u", t->c2_sectors);
    snprintf(f[6], sizeof f[6], "%u", t->unreadable);
    snprintf(f[7], sizeof f[7], "%u", t->sectors_counted);
    db_csv_fmt_double(f[8], sizeof f[8], db_speed_x_of(lba_end - lba_start, zone_ns), 3);
    db_csv_fmt_double(f[9], sizeof f[9], zone_ns / 1e6, 3);
    snprintf(f[10], sizeof f[10], "%u", t->faults);
    const char *fields[NCOLS];
    for (size_t i = 0; i + 1 < NCOLS; i++)
        fields[i] = f[i];
    fields[NCOLS - 1] = o->source;
    return db_csv_row_n(o->csv, fields, NCOLS, err);
}

static const char *status_word(const c2scan_result *r)
{
    if (!r->form && r->aborted)
        return "aborted"; /* the drive failed before C2 could be tried */
    if (!r->form)
        return "c2-not-working";
    return db_status_word(r->interrupted, r->aborted, r->complete, false);
}

typedef struct summary_args {
    const db_bench_ctx *ctx;
    const c2scan_opts *opts;
    const c2scan_result *r;
    const db_c2scan_out *o;
} summary_args;

static void fill_summary(db_json *j, const void *arg)
{
    const summary_args *a = arg;
    const c2scan_result *r = a->r;
    db_json_begin_object(j, NULL);
    db_summary_common(j, a->ctx, "c2scan", &r->id, status_word(r));
    db_json_str(j, "fallback_from", a->opts->fallback_note ? "quality" : NULL);
    db_json_str(j, "fallback_note", a->opts->fallback_note);
    db_json_begin_object(j, "settings");
    if (a->opts->speed_x > 0)
        db_json_num(j, "speed_x", a->opts->speed_x, 1);
    else
        db_json_str(j, "speed_x", "max");
    db_json_str(j, "speed_note", r->speed_note[0] ? r->speed_note : NULL);
    db_json_int(j, "zones", r->zones_total);
    db_json_int(j, "block_sectors", a->opts->block_sectors > 0 ? a->opts->block_sectors : 16);
    if (a->opts->c2_mode)
        db_json_int(j, "c2_mode", a->opts->c2_mode);
    else
        db_json_str(j, "c2_mode", "probe");
    db_json_end_object(j);
    db_json_begin_object(j, "c2_reporting");
    if (!r->form && r->aborted)
        db_json_null(j, "works"); /* not known: the drive failed before C2 was tried */
    else
        db_json_bool(j, "works", r->form != 0);
    if (r->form)
        db_json_int(j, "form_bytes", r->form);
    else
        db_json_null(j, "form_bytes");
    db_json_str(j, "probe", r->probe_note);
    db_json_end_object(j);
    db_json_begin_object(j, "coverage");
    db_json_int(j, "disc_sectors", r->disc_sectors);
    db_json_int(j, "lba_done", r->lba_done);
    db_json_int(j, "sectors_counted", (int64_t)r->total.sectors_counted);
    db_json_int(j, "zones_total", r->zones_total);
    db_json_int(j, "zones_done", r->zones_done);
    db_json_bool(j, "complete", r->complete);
    db_json_end_object(j);
    db_json_begin_object(j, "result");
    if (r->form) {
        db_json_int(j, "c2_bytes", (int64_t)r->total.c2_bytes);
        db_json_int(j, "c2_sectors", r->total.c2_sectors);
    } else {
        /* never "0 errors" from a drive whose C2 reporting does not work */
        db_json_null(j, "c2_bytes");
        db_json_null(j, "c2_sectors");
    }
    db_json_int(j, "unreadable_sectors", r->total.unreadable);
    db_json_num(j, "average_speed_x", r->avg_x, 3);
    db_json_num(j, "duration_s", r->duration_s, 3);
    db_json_end_object(j);
    db_json_begin_object(j, "drive_faults");
    db_json_int(j, "count", r->total.faults);
    db_json_str(j, "last", r->total.faults ? r->total.fault : NULL);
    db_json_end_object(j);
    db_badlist_json(j, &a->o->bad, "c2scan");
    db_summary_end(j, r->interrupted, r->aborted, r->abort_reason, r->plot_note);
}

int db_c2scan_out_finish(db_c2scan_out *o, const db_bench_ctx *ctx, const c2scan_opts *opts,
                         c2scan_result *r, db_error *err)
{
    db_csv_close(o->csv);
    o->csv = NULL;
    db_badlist_close(&o->bad);
    int rc = 0;
    if (r->zones_done > 0) {
        char title[512], sub[512], title_q[1024], sub_q[1024];
        db_plot_title(ctx, "c2scan", &r->id, title, sizeof title);
        snprintf(sub, sizeof sub, "C2 %llu bytes in %u sectors   unreadable %u   %d-byte C2 field   average %.1fx%s",
                 (unsigned long long)r->total.c2_bytes, r->total.c2_sectors, r->total.unreadable, r->form,
                 r->avg_x, r->interrupted ? "   INTERRUPTED" : "");
        db_gnuplot_escape(title, title_q, sizeof title_q);
        db_gnuplot_escape(sub, sub_q, sizeof sub_q);
        db_tvar vars[] = {
            { "CSV", "c2scan.csv" }, { "TITLE", title_q }, { "SUBTITLE", sub_q }, { "OUT", "c2scan" },
        };
        rc = db_plot_render(ctx, "c2scan", vars, sizeof vars / sizeof vars[0], r->plot_note,
                            sizeof r->plot_note, err);
    } else {
        snprintf(r->plot_note, sizeof r->plot_note, "%s", r->form ? "no zone was read: nothing to plot"
                                                                   : "C2 reporting does not work: nothing to plot");
    }
    summary_args a = { ctx, opts, r, o };
    db_error serr = { 0 };
    if (db_write_summary(ctx, fill_summary, &a, &serr)) {
        *err = serr;
        return -1;
    }
    return rc;
}
