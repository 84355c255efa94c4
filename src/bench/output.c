/* output.c - common parts of every test's results (see output.h). */
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/gnuplot.h"
#include "faultlog.h"
#include "info.h"
#include "../util/datadir.h"

#ifndef DB_VERSION
#define DB_VERSION "0.0.0"
#endif

const char *db_source_word(const db_drive *d)
{
    return d->simulated ? "simulated" : "measured";
}

const char *db_status_word(bool interrupted, bool aborted, bool complete, bool errors)
{
    if (interrupted)
        return "interrupted";
    if (aborted)
        return "aborted";
    if (!complete)
        return "incomplete";
    return errors ? "complete-with-errors" : "complete";
}

void db_summary_end(db_json *j, bool interrupted, bool aborted, const char *stop_reason, const char *plot_note)
{
    db_json_bool(j, "interrupted", interrupted);
    db_json_str(j, "stop_reason", aborted ? stop_reason : NULL);
    db_json_str(j, "plot_note", plot_note && plot_note[0] ? plot_note : NULL);
    db_json_end_object(j);
}

int db_write_summary(const db_bench_ctx *ctx, db_json_fill_fn fill, const void *arg, db_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", ctx->out_dir);
    return db_json_write_file(path, fill, arg, err);
}

void db_summary_common(db_json *j, const db_bench_ctx *ctx, const char *test,
                       const db_identity *id, const char *status)
{
    const db_drive *d = ctx->drive;
    db_json_str(j, "tool", "discbench");
    db_json_str(j, "version", DB_VERSION);
    db_json_str(j, "test", test);
    db_json_bool(j, "simulated", d->simulated);
    db_json_str(j, "source", db_source_word(d));
    db_json_str(j, "status", status);
    db_json_str(j, "device", d->device);
    db_json_str(j, "label", ctx->label);
    db_json_str(j, "disc_name", ctx->disc_name);
    if (ctx->write_speed_x > 0)
        db_json_num(j, "write_speed_x", ctx->write_speed_x, 1);
    else
        db_json_null(j, "write_speed_x");
    db_json_str(j, "command", ctx->command_line);
    db_fault_log_json(j, "command_faults", ctx->faults);
    db_json_begin_object(j, "drive");
    db_json_str(j, "vendor", id->inquiry.vendor);
    db_json_str(j, "model", id->inquiry.product);
    db_json_str(j, "firmware", id->inquiry.revision);
    db_json_str(j, "transport", d->ops ? d->ops->name : NULL);
    db_json_end_object(j);
    db_json_begin_object(j, "disc");
    db_json_str(j, "description", d->disc_label[0] ? d->disc_label : NULL);
    db_json_int(j, "sectors", id->disc_sectors);
    db_json_num(j, "minutes", id->disc_sectors / 75.0 / 60.0, 2);
    db_json_int(j, "tracks", id->toc.count);
    db_json_int(j, "data_tracks", id->data_tracks);
    db_json_int(j, "audio_tracks", id->audio_tracks);
    db_json_end_object(j);
    /* The full identification (info.h), asked of the drive now, at the end
     * of the test: which drive, firmware and disc (with its ATIP
     * manufacturer) the results belong to; the results store keys runs by
     * its "keys". */
    db_info *info = malloc(sizeof *info);
    if (info) {
        db_info_gather(ctx->drive, ctx->label, info);
        db_info_write_json(j, "info", info);
        free(info);
    } else {
        db_json_null(j, "info");
    }
}

void db_plot_title(const db_bench_ctx *ctx, const char *test, const db_identity *id,
                   char *out, size_t out_len)
{
    char drive[64];
    db_identity_drive_name(id, drive, sizeof drive);
    const db_drive *d = ctx->drive;
    snprintf(out, out_len, "discbench %s: %s%s%s%s%s%s", test, drive,
             d->disc_label[0] ? ", " : "", d->disc_label,
             ctx->label ? " - " : "", ctx->label ? ctx->label : "",
             d->simulated ? " [SIMULATED]" : "");
}

int db_plot_render(const db_bench_ctx *ctx, const char *name, const db_tvar *vars, size_t nvars,
                   char *note, size_t note_len, db_error *err)
{
    return db_plot_render_as(ctx, name, name, vars, nvars, note, note_len, err);
}

int db_plot_render_as(const db_bench_ctx *ctx, const char *name, const char *out_name,
                      const db_tvar *vars, size_t nvars, char *note, size_t note_len, db_error *err)
{
    const char *out_dir = ctx->out_dir;
    char tmpl[4096], script[4096], script_name[128];
    note[0] = '\0';
    if (db_find_plot_template(name, tmpl, sizeof tmpl))
        return db_error_set(err, DB_EXIT_INPUT, "gnuplot template %s.gpm not found (looked in %s)",
                            name, tmpl);
    snprintf(script_name, sizeof script_name, "%s.gp", out_name);
    snprintf(script, sizeof script, "%s/%s", out_dir, script_name);
    if (db_gnuplot_write(tmpl, script, vars, nvars, err))
        return -1;
    if (ctx->no_plot) {
        snprintf(note, note_len, "pictures not drawn (--no-plot): run 'gnuplot %s' in %s", script_name,
                 out_dir);
        return 0;
    }
    db_error gerr = { 0 };
    int rc = db_gnuplot_run(out_dir, script_name, &gerr);
    if (rc == 1)
        snprintf(note, note_len, "gnuplot is not installed: run 'gnuplot %s' in %s to draw the pictures",
                 script_name, out_dir);
    else if (rc < 0)
        snprintf(note, note_len, "%s", gerr.msg);
    return 0;
}
