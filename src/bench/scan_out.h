/* scan_out.h - scan.csv (a row per zone), scan_unreadable.csv,
 * scan_slow.csv (a row per slow block or recovered sector), scan.gp and
 * summary.json. */
#ifndef DB_BENCH_SCAN_OUT_H
#define DB_BENCH_SCAN_OUT_H

#include "errscan_out.h"
#include "scan.h"

typedef struct scan_zone {
    uint32_t good, slow, unreadable;
    uint32_t faults;        /* drive faults met in the zone: unexpected answers, short data,
                             * commands the retry policy sent again */
} scan_zone;

typedef struct db_scan_out {
    db_csv *csv, *slow;
    const char *source;
    db_badlist bad;
    int slow_failed;
} db_scan_out;

int db_scan_out_open(db_scan_out *o, const db_bench_ctx *ctx, db_error *err);
int db_scan_out_zone(db_scan_out *o, int zone, uint32_t lba_start, uint32_t lba_end, const scan_zone *z,
                     uint64_t zone_ns, db_error *err);
/* kind: "slow" (a block over the limit) or "recovered" (read on a retry). */
void db_scan_out_slow(db_scan_out *o, uint32_t lba_start, uint32_t lba_end, double ms, double expected_ms,
                      const char *kind);
int db_scan_out_finish(db_scan_out *o, const db_bench_ctx *ctx, const scan_opts *opts, scan_result *res,
                       db_error *err);

#endif
