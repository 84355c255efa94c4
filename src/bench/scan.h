/* scan.h - the read-error surface scan: every sector of the disc read in
 * order, each classified good, slow or unreadable, zone by zone, with a
 * map of the disc like CD Speed's ScanDisc grid.
 *
 * Method (also in the README):
 *  - data tracks are read with READ(10) (2048 bytes), audio tracks with
 *    READ CD (CD-DA, 2352 bytes), --block sectors a command (never across
 *    a track); the disc is cut into --zones zones (default 400: a 20 x 20
 *    map);
 *  - slow: a block whose time per sector exceeds --slow-factor (default 3)
 *    times the expected time per sector, the median of the last 15 good
 *    blocks (the first 3 blocks wait until there are 3 to compare):
 *    the drive retried.  The block is the unit (use --block 1 for single
 *    sectors); a drive's read-ahead cache cannot tell more;
 *  - unreadable: a block failing with MEDIUM ERROR is read again sector by
 *    sector; a sector failing 1 + --retries times (default 1 retry) is
 *    unreadable, listed with its sense code in scan_unreadable.csv; one
 *    that reads on a retry is "recovered" and counts as slow;
 *  - after an error the head is sent to the next block with SEEK(10), so
 *    that block's time is a read, not a seek;
 *  - other failures (unexpected sense, short data) are drive faults:
 *    recorded, the scan goes on; 5 blocks failing in a row end it. */
#ifndef DB_BENCH_SCAN_H
#define DB_BENCH_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "bench.h"

#define SCAN_MAX_ZONES 10000
#define SCAN_MAX_BLOCK 64
#define SCAN_DEFAULT_ZONES 400

typedef struct scan_opts {
    double speed_x;          /* 0 = maximum */
    int zones;               /* default SCAN_DEFAULT_ZONES */
    int block_sectors;       /* default 16 */
    int retries;             /* extra attempts per failing sector, default 1 */
    double slow_factor;      /* default 3 */
} scan_opts;

typedef struct scan_result {
    db_identity id;
    uint32_t disc_sectors;
    uint32_t lba_done;
    int zones_total, zones_done;
    uint64_t good, slow, unreadable, recovered;
    uint32_t slow_blocks;
    uint32_t faults;
    char last_fault[240];
    double avg_x;
    double duration_s;
    char speed_note[300];
    bool complete, interrupted, aborted;
    char abort_reason[300];
    char plot_note[256];
} scan_result;

/* Run the scan: scan.csv (a row per zone), scan_unreadable.csv,
 * scan_slow.csv as it goes; scan.gp (+ the map) and summary.json at the
 * end.  Returns an enum db_exit value (1 when sectors could not be read). */
int scan_run(const db_bench_ctx *ctx, const scan_opts *opts, scan_result *res, db_error *err);

#endif
