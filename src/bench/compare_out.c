/* compare_out.c - the files of `discbench compare` (compare.h): each
 * run's rows copied beside the script (so `gnuplot compare.gp` works by
 * hand in the directory), the side-by-side table, the pictures and
 * summary.json. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../report/csv.h"
#include "../report/gnuplot.h"
#include "../report/json.h"
#include "output.h"

#ifndef DB_VERSION
#define DB_VERSION "0.0.0"
#endif

/* The copy of one run's rows; a c2scan gains c2_bytes_per_min, so runs
 * with zones of different sizes compare per minute of disc. */
static int write_run_csv(const char *dir, const db_cmp_run *run, db_error *err)
{
    const db_csv_table *t = &run->rows;
    bool per_min = !strcmp(run->test, "c2scan");
    size_t ncols = t->ncols + (per_min ? 1 : 0);
    const char **cols = calloc(ncols, sizeof *cols);
    const char **vals = calloc(ncols, sizeof *vals);
    if (!cols || !vals) {
        free(cols);
        free(vals);
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    }
    for (size_t c = 0; c < t->ncols; c++)
        cols[c] = t->header[c];
    if (per_min)
        cols[t->ncols] = "c2_bytes_per_min";
    char path[4300];
    snprintf(path, sizeof path, "%s/runs/%s", dir, run->csv_name);
    db_csv *csv = db_csv_create(path, cols, ncols, err);
    int rc = csv ? 0 : -1;
    if (csv)
        db_csv_sync_every(csv, 100000);
    int cb = db_csv_table_col(t, "c2_bytes"), ca = db_csv_table_col(t, "lba_start"),
        ce = db_csv_table_col(t, "lba_end");
    for (size_t r = 0; csv && r < t->nrows && rc == 0; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            vals[c] = db_csv_cell(t, r, c);
        char pm[32] = "";
        if (per_min) {
            double bytes, a, b;
            if (!db_csv_cell_num(t, r, cb, &bytes) && !db_csv_cell_num(t, r, ca, &a) &&
                !db_csv_cell_num(t, r, ce, &b) && b > a)
                db_csv_fmt_double(pm, sizeof pm, bytes / ((b - a) / 4500.0), 3);
            vals[t->ncols] = pm;
        }
        rc = db_csv_row_n(csv, vals, ncols, err);
    }
    if (csv)
        db_csv_close(csv);
    free(cols);
    free(vals);
    return rc;
}

static const char *const fixed_cols[] = {
    "run", "legend", "source", "test", "spec", "store_id", "drive", "firmware", "label", "write_speed_x", "disc",
};
#define NFIXED (sizeof fixed_cols / sizeof fixed_cols[0])

static int write_table(const char *dir, const db_cmp_run *runs, int n, db_error *err)
{
    const char *cols[NFIXED + DB_COMPARE_MAX_FIGS];
    size_t ncols = 0;
    for (size_t i = 0; i < NFIXED; i++)
        cols[ncols++] = fixed_cols[i];
    for (int f = 0; f < runs[0].nfigs; f++)
        cols[ncols++] = runs[0].figs[f].name;
    char path[4200];
    snprintf(path, sizeof path, "%s/compare.csv", dir);
    db_csv *csv = db_csv_create(path, cols, ncols, err);
    if (!csv)
        return -1;
    for (int i = 0; i < n; i++) {
        const db_cmp_run *r = &runs[i];
        char num[16], sid[32] = "", ws[32] = "", drive[100] = "";
        snprintf(num, sizeof num, "%d", i + 1);
        if (r->store_id)
            snprintf(sid, sizeof sid, "%lld", (long long)r->store_id);
        if (r->have_summary && r->sum.write_speed_x > 0)
            snprintf(ws, sizeof ws, "%g", r->sum.write_speed_x);
        if (r->have_summary)
            snprintf(drive, sizeof drive, "%s %s", r->sum.vendor, r->sum.model);
        const char *v[NFIXED + DB_COMPARE_MAX_FIGS] = {
            num, r->legend, r->simulated ? "simulated" : "measured", r->test, r->spec, sid,
            r->have_summary ? drive : "", r->have_summary ? r->sum.firmware : "",
            r->have_summary ? r->sum.label : "", ws, r->have_summary ? r->sum.disc_description : "",
        };
        /* figures by name: runs of one test have the same ones */
        for (int f = 0; f < runs[0].nfigs; f++) {
            v[NFIXED + f] = "";
            for (int g = 0; g < r->nfigs; g++)
                if (!strcmp(r->figs[g].name, runs[0].figs[f].name))
                    v[NFIXED + f] = r->figs[g].value;
        }
        if (db_csv_row_n(csv, v, ncols, err)) {
            db_csv_close(csv);
            return -1;
        }
    }
    db_csv_close(csv);
    return 0;
}

/* One row per seek kind, three columns per run. */
static int write_access_table(const char *dir, const db_cmp_run *runs, int n, db_error *err)
{
    static const char *const kinds[3] = { "random", "one_third", "full" };
    char names[3 * DB_COMPARE_MAX_RUNS][24];
    const char *cols[1 + 3 * DB_COMPARE_MAX_RUNS];
    size_t ncols = 0;
    cols[ncols++] = "kind";
    for (int i = 0; i < n; i++) {
        snprintf(names[3 * i], sizeof names[0], "avg_ms_%d", i + 1);
        snprintf(names[3 * i + 1], sizeof names[0], "min_ms_%d", i + 1);
        snprintf(names[3 * i + 2], sizeof names[0], "max_ms_%d", i + 1);
        for (int k = 0; k < 3; k++)
            cols[ncols++] = names[3 * i + k];
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/compare_access.csv", dir);
    db_csv *csv = db_csv_create(path, cols, ncols, err);
    if (!csv)
        return -1;
    for (int k = 0; k < 3; k++) {
        char vals[3 * DB_COMPARE_MAX_RUNS][32];
        const char *v[1 + 3 * DB_COMPARE_MAX_RUNS];
        v[0] = kinds[k];
        for (int i = 0; i < n; i++) {
            double avg, mn, mx;
            int cnt;
            db_compare_seek_kind(&runs[i].rows, kinds[k], &avg, &mn, &mx, &cnt);
            db_csv_fmt_double(vals[3 * i], sizeof vals[0], avg, 3);
            db_csv_fmt_double(vals[3 * i + 1], sizeof vals[0], mn, 3);
            db_csv_fmt_double(vals[3 * i + 2], sizeof vals[0], mx, 3);
            for (int c = 0; c < 3; c++)
                v[1 + 3 * i + c] = vals[3 * i + c];
        }
        if (db_csv_row_n(csv, v, ncols, err)) {
            db_csv_close(csv);
            return -1;
        }
    }
    db_csv_close(csv);
    return 0;
}

static bool same_part(const db_cmp_run *runs, int n, int which)
{
    for (int i = 0; i < n; i++) {
        if (!runs[i].have_summary)
            return false;
        const char *a = which ? runs[i].sum.disc_description : runs[i].sum.drive_key;
        const char *b = which ? runs[0].sum.disc_description : runs[0].sum.drive_key;
        if (!a[0] || strcmp(a, b))
            return false;
    }
    return true;
}

static void titles(const db_cmp_run *runs, int n, const db_compare_result *res, const char *what, char *title,
                   size_t tlen, char *sub, size_t slen)
{
    snprintf(title, tlen, "discbench compare: %s, %d run%s%s", what, n, n == 1 ? "" : "s",
             res->all_simulated ? " [SIMULATED]" : res->any_simulated ? " [some runs SIMULATED]" : "");
    sub[0] = '\0';
    if (same_part(runs, n, 0))
        snprintf(sub, slen, "drive %s %s %s", runs[0].sum.vendor, runs[0].sum.model, runs[0].sum.firmware);
    if (same_part(runs, n, 1)) {
        size_t u = strlen(sub);
        snprintf(sub + u, slen - u, "%sdisc %s", u ? "; " : "", runs[0].sum.disc_description);
    }
}

static int curves(const db_bench_ctx *ctx, const db_cmp_run *runs, int n, const char *out_name, const char *what,
                  const db_curve_axis *y, db_compare_result *res, db_error *err)
{
    db_curve cv[DB_COMPARE_MAX_RUNS];
    char paths[DB_COMPARE_MAX_RUNS][80];
    for (int i = 0; i < n; i++) {
        snprintf(paths[i], sizeof paths[i], "runs/%s", runs[i].csv_name);
        cv[i] = (db_curve){ .csv = paths[i], .title = runs[i].legend };
    }
    char title[600], sub[600], note[300];
    titles(runs, n, res, what, title, sizeof title, sub, sizeof sub);
    if (db_plot_curves_axis(ctx, "data-vs-audio", out_name, title, sub, y, cv, (size_t)n, note, sizeof note, err))
        return -1;
    if (note[0] && !res->plot_note[0])
        snprintf(res->plot_note, sizeof res->plot_note, "%s", note);
    snprintf(res->pictures[res->npictures++], sizeof res->pictures[0], "%s", out_name);
    return 0;
}

static int access_bars(const db_bench_ctx *ctx, const db_cmp_run *runs, int n, db_compare_result *res,
                       db_error *err)
{
    if (write_access_table(ctx->out_dir, runs, n, err))
        return -1;
    char list[DB_COMPARE_MAX_RUNS * 420] = "", count[16], title[600], sub[600], title_q[1300];
    for (int i = 0; i < n; i++) {
        char q[410];
        db_gnuplot_escape(runs[i].legend, q, sizeof q);
        size_t u = strlen(list);
        snprintf(list + u, sizeof list - u, "%s\"%s\"", i ? ", " : "", q);
    }
    snprintf(count, sizeof count, "%d", n);
    titles(runs, n, res, "access times", title, sizeof title, sub, sizeof sub);
    if (sub[0]) {
        size_t u = strlen(title);
        snprintf(title + u, sizeof title - u, " - %.300s", sub);
    }
    db_gnuplot_escape(title, title_q, sizeof title_q);
    db_tvar vars[] = { { "N", count }, { "CSV", "compare_access.csv" }, { "TITLES", list }, { "TITLE", title_q } };
    char note[300];
    if (db_plot_render(ctx, "compare-access", vars, sizeof vars / sizeof vars[0], note, sizeof note, err))
        return -1;
    if (note[0] && !res->plot_note[0])
        snprintf(res->plot_note, sizeof res->plot_note, "%s", note);
    snprintf(res->pictures[res->npictures++], sizeof res->pictures[0], "compare-access");
    return 0;
}

static int pictures(const db_bench_ctx *ctx, const db_cmp_run *runs, int n, db_compare_result *res,
                    db_error *err)
{
    const char *test = runs[0].test;
    bool mixed = false;
    for (int i = 1; i < n; i++)
        mixed |= strcmp(runs[i].test, test) != 0;
    if (!strcmp(test, "seek"))
        return access_bars(ctx, runs, n, res, err);
    if (!strcmp(test, "quality")) {
        static const db_curve_axis c1 = { "c1", "C1 (BLER) per second", "%g" };
        static const db_curve_axis c2 = { "c2", "C2 (E22) per second", "%g" };
        return curves(ctx, runs, n, "compare-c1", "C1 per second", &c1, res, err) ||
               curves(ctx, runs, n, "compare-c2", "C2 per second", &c2, res, err);
    }
    if (!strcmp(test, "c2scan")) {
        static const db_curve_axis c2 = { "c2_bytes_per_min", "C2 error bytes per minute of disc", "%g" };
        return curves(ctx, runs, n, "compare-c2", "C2 errors (C2 pointers)", &c2, res, err);
    }
    static const db_curve_axis speed = { "speed_x", "read speed (x, 1x = 75 sectors/s)", "%gx" };
    const char *what = mixed                     ? "data versus audio read speed"
                       : !strcmp(test, "dae")    ? "audio extraction speed"
                       : !strcmp(test, "scan")   ? "read speed during the surface scan"
                                                 : "transfer rate";
    return curves(ctx, runs, n, "compare", what, &speed, res, err);
}

typedef struct summary_arg {
    const db_bench_ctx *ctx;
    const db_cmp_run *runs;
    int n;
    const db_compare_result *res;
} summary_arg;

static void fill_summary(db_json *j, const void *argp)
{
    const summary_arg *a = argp;
    const db_bench_ctx *ctx = a->ctx;
    const db_cmp_run *runs = a->runs;
    int n = a->n;
    const db_compare_result *res = a->res;
    db_json_begin_object(j, NULL);
    db_json_str(j, "tool", "discbench");
    db_json_str(j, "version", DB_VERSION);
    db_json_str(j, "test", "compare");
    db_json_bool(j, "simulated", res->all_simulated);
    db_json_bool(j, "some_simulated", res->any_simulated);
    db_json_str(j, "status", "complete");
    db_json_str(j, "command", ctx->command_line);
    db_json_str(j, "compared_test", runs[0].test);
    db_json_begin_array(j, "runs");
    for (int i = 0; i < n; i++) {
        const db_cmp_run *r = &runs[i];
        db_json_begin_object(j, NULL);
        db_json_int(j, "run", i + 1);
        db_json_str(j, "spec", r->spec);
        db_json_str(j, "test", r->test);
        db_json_str(j, "legend", r->legend);
        db_json_str(j, "csv", r->csv_name);
        if (r->store_id)
            db_json_int(j, "store_id", r->store_id);
        else
            db_json_null(j, "store_id");
        db_json_bool(j, "simulated", r->simulated);
        db_json_int(j, "rows", (int64_t)r->rows.nrows);
        db_json_str(j, "drive_key", r->have_summary ? r->sum.drive_key : NULL);
        db_json_str(j, "label", r->have_summary && r->sum.label[0] ? r->sum.label : NULL);
        if (r->have_summary && r->sum.write_speed_x > 0)
            db_json_num(j, "write_speed_x", r->sum.write_speed_x, 1);
        else
            db_json_null(j, "write_speed_x");
        db_json_begin_object(j, "figures");
        for (int f = 0; f < r->nfigs; f++) {
            double v;
            if (r->figs[f].value[0] && sscanf(r->figs[f].value, "%lf", &v) == 1)
                db_json_num(j, r->figs[f].name, v, 3);
            else
                db_json_null(j, r->figs[f].name);
        }
        db_json_end_object(j);
        db_json_end_object(j);
    }
    db_json_end_array(j);
    db_json_begin_array(j, "pictures");
    for (int p = 0; p < res->npictures; p++)
        db_json_str(j, NULL, res->pictures[p]);
    db_json_end_array(j);
    db_json_str(j, "plot_note", res->plot_note[0] ? res->plot_note : NULL);
    db_json_end_object(j);
}

static int write_summary(const db_bench_ctx *ctx, const db_cmp_run *runs, int n, const db_compare_result *res,
                         db_error *err)
{
    summary_arg a = { ctx, runs, n, res };
    return db_write_summary(ctx, fill_summary, &a, err);
}

int db_compare_write(const db_bench_ctx *ctx, db_cmp_run *runs, int n, db_compare_result *res, db_error *err)
{
    memset(res, 0, sizeof *res);
    int sims = 0;
    for (int i = 0; i < n; i++)
        sims += runs[i].simulated;
    res->any_simulated = sims > 0;
    res->all_simulated = sims == n;
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/runs", ctx->out_dir);
    if (mkdir(dir, 0755) && errno != EEXIST)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: %s", dir, strerror(errno));
    for (int i = 0; i < n; i++)
        if (write_run_csv(ctx->out_dir, &runs[i], err))
            return -1;
    if (write_table(ctx->out_dir, runs, n, err) || pictures(ctx, runs, n, res, err))
        return -1;
    return write_summary(ctx, runs, n, res, err);
}
