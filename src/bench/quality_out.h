/* quality_out.h - quality.csv (a row per second as it is counted),
 * quality_unreadable.csv, quality.gp and summary.json. */
#ifndef DB_BENCH_QUALITY_OUT_H
#define DB_BENCH_QUALITY_OUT_H

#include "errscan_out.h"
#include "quality.h"

typedef struct db_quality_out {
    const db_bench_ctx *ctx;
    quality_result *res;
    db_csv *csv;
    const char *source;
    db_badlist bad;
    db_error err;                   /* a row that could not be written */
} db_quality_out;

int db_quality_out_open(db_quality_out *o, const db_bench_ctx *ctx, quality_result *res, db_error *err);
int db_quality_out_row(db_quality_out *o, const db_qinterval *iv, bool counted, const char *fault);
/* Close and remove the files (the scan never started: c2scan takes over). */
void db_quality_out_discard(db_quality_out *o);
int db_quality_out_finish(db_quality_out *o, const db_bench_ctx *ctx, const quality_opts *opts,
                          quality_result *res, db_error *err);

#endif
