/* compare.h - several runs in one picture and one table: transfer curves
 * of several drives on the same disc, a drive's data and audio curves
 * (transfer + dae), C1/C2 per second of one brand burned at several write
 * speeds (quality), C2 per minute (c2scan), scan speed curves, access
 * times as grouped bars (seek).
 *
 * A run is a results directory (its summary.json says the test, its
 * <test>.csv holds the rows), a CSV file (the test told from its header;
 * a summary.json beside it is used when there is one) or `store:ID` (a run
 * of the results store, rows included).  Every CSV goes through the
 * RFC 4180 reader with limits and must be a discbench CSV; runs of
 * different tests are refused (transfer and dae excepted: data versus
 * audio).  Nothing is written until every run has been read.
 *
 * Legends are built from what differs between the runs: drive model and
 * firmware, data/audio, media manufacturer (ATIP), label, write speed,
 * disc - so several drives on
 * one disc read "LTR-40125S ZS0K" / "SC-152C CS05", and one brand at
 * several speeds reads "burned at 24x" / "burned at 48x". */
#ifndef DB_BENCH_COMPARE_H
#define DB_BENCH_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "../report/csv_read.h"
#include "../report/store.h"
#include "../report/summary_read.h"
#include "bench.h"
#include "curves.h"

#define DB_COMPARE_MAX_RUNS DB_CURVES_MAX
#define DB_COMPARE_MAX_FIGS 20

typedef struct db_cmp_fig {
    char name[40];       /* compare.csv column, with its unit: avg_speed_x */
    char value[40];      /* "" = not measured */
} db_cmp_fig;

typedef struct db_cmp_run {
    char spec[1024];     /* as given */
    char test[32];
    db_csv_table rows;
    bool have_summary;
    db_summary sum;
    int64_t store_id;    /* 0 unless store:ID */
    bool simulated;      /* any row says simulated (or the summary does) */
    char legend[200];
    char csv_name[64];   /* its copy in DIR/runs/ */
    int nfigs;
    db_cmp_fig figs[DB_COMPARE_MAX_FIGS];
} db_cmp_run;

/* Read one run.  store may be NULL unless spec is store:ID. */
int db_compare_load(const char *spec, db_store *store, db_cmp_run *out, db_error *err);
void db_compare_free(db_cmp_run *r);

/* Check that the runs can be compared (one test, or transfer + dae) and
 * build legends and figures. */
int db_compare_prepare(db_cmp_run *runs, int n, db_error *err);

typedef struct db_compare_result {
    char pictures[4][64];   /* names without extension: "compare", "compare-c1", ... */
    int npictures;
    char plot_note[300];
    bool any_simulated, all_simulated;
} db_compare_result;

/* Write into ctx->out_dir (created by the caller): runs/NN-TEST.csv (each
 * run's rows), compare.csv (one row per run: who, what, its figures),
 * the gnuplot script(s) + pictures and summary.json.  Only ctx->out_dir,
 * ctx->no_plot and ctx->command_line are used. */
int db_compare_write(const db_bench_ctx *ctx, db_cmp_run *runs, int n, db_compare_result *res, db_error *err);

/* Average, min, max (NaN when none) and count of one kind's access_ms in
 * a seek CSV ("random", "one_third", "full"). */
void db_compare_seek_kind(const db_csv_table *t, const char *kind, double *avg, double *mn, double *mx, int *n);

const char *db_compare_kind_word(const char *test); /* "data" for transfer, "audio" for dae, else the test */

#endif
