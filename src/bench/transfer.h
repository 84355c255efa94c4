/* transfer.h - the data transfer-rate test: read every data sector of the
 * disc zone by zone, speed per zone, spin strategy, spin-up.
 *
 * Method (also in the README):
 *  - the data area (first run of data tracks) is cut into N zones of equal
 *    sector count; every sector is read, in order, with READ(10) of
 *    `block` sectors (the last block of a zone may be shorter);
 *  - before the first zone the drive is stopped and spun up (START STOP
 *    UNIT, never eject): the spin-up time is reported apart; then the
 *    first block is read: that initial access (seek + first block) is
 *    reported apart and excluded from zone 0's speed;
 *  - zones follow each other without a gap, so a zone's time runs from the
 *    completion of the previous zone's last read to the completion of its
 *    own last read: it contains no seek;
 *  - zone speed = sectors / time / 75 (x); KiB/s = x * 150;
 *  - start/end speed = first/last zone; average = all sectors / all zone
 *    time (the speed a full-disc copy gets); min/max over zones. */
#ifndef DB_BENCH_TRANSFER_H
#define DB_BENCH_TRANSFER_H

#include <stdint.h>

#include "bench.h"
#include "strategy.h"

#define TRANSFER_MAX_ZONES 10000
#define TRANSFER_MAX_BLOCK 64  /* sectors per READ(10): 128 KiB */

typedef struct transfer_opts {
    double speed_x;        /* requested read speed, 0 = max */
    int zones;             /* default 100 */
    int block_sectors;     /* default 32 */
} transfer_opts;

typedef struct transfer_result {
    db_identity id;
    uint32_t lba_start, lba_end;    /* data area tested */
    uint32_t lba_done;              /* first LBA not read (== lba_end when complete) */
    int zones_total, zones_done;
    double start_x, end_x, avg_x, min_x, max_x;
    db_strategy strategy;
    double spinup_ms;               /* NaN when the drive refused START STOP UNIT */
    char spinup_note[600];
    double initial_access_ms;
    double duration_s;              /* drive clock, whole test */
    uint64_t read_errors;           /* sectors that failed to read */
    bool interrupted;
    bool aborted;                   /* a drive failure stopped the test */
    char abort_reason[256];
    char plot_note[256];            /* why there are no pictures, if there are none */
} transfer_result;

/* Run the test; writes transfer.csv as zones complete, then transfer.gp,
 * the pictures and summary.json (always, even when interrupted or aborted).
 * Returns an enum db_exit value; err explains any non-zero one. */
int transfer_run(const db_bench_ctx *ctx, const transfer_opts *opts, transfer_result *res,
                 db_error *err);

#endif
