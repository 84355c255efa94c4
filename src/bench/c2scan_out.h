/* c2scan_out.h - c2scan.csv (a row per zone), c2scan_unreadable.csv,
 * c2scan.gp and summary.json. */
#ifndef DB_BENCH_C2SCAN_OUT_H
#define DB_BENCH_C2SCAN_OUT_H

#include "c2scan.h"
#include "errscan_out.h"

typedef struct db_c2scan_out {
    db_csv *csv;
    const char *source;
    db_badlist bad;
} db_c2scan_out;

int db_c2scan_out_open(db_c2scan_out *o, const db_bench_ctx *ctx, db_error *err);
int db_c2scan_out_zone(db_c2scan_out *o, int zone, uint32_t lba_start, uint32_t lba_end,
                       const db_c2_tally *t, uint64_t zone_ns, db_error *err);
int db_c2scan_out_finish(db_c2scan_out *o, const db_bench_ctx *ctx, const c2scan_opts *opts,
                         c2scan_result *res, db_error *err);

#endif
