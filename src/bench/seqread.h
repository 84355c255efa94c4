/* seqread.h - the method the transfer and DAE tests share: read a range of
 * sectors in order, cut into zones of equal sector count, and time each
 * zone on the drive's clock.
 *
 *  - every sector is read, in order, in blocks of the reader's size (the
 *    last block of a zone may be shorter);
 *  - the first block is the initial access (seek + first block): timed
 *    apart and excluded from zone 0's speed;
 *  - zones follow each other without a gap, so a zone's time runs from the
 *    completion of the previous zone's last read to the completion of its
 *    own last read: it contains no seek;
 *  - zone speed = timed sectors / time / 75 (x, 1x = 75 sectors/s);
 *  - start/end = first/last zone, average = all timed sectors / all zone
 *    time (what a full copy gets), min/max over zones, spin strategy from
 *    the curve (strategy.h).
 * The error policy is the reader's (reader.h). */
#ifndef DB_BENCH_SEQREAD_H
#define DB_BENCH_SEQREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench.h"
#include "reader.h"
#include "strategy.h"

/* One finished zone. */
typedef struct db_zone_row {
    int zone;
    uint32_t lba_start, lba_end;
    uint32_t timed_sectors;    /* zone 0: without the initial-access block */
    double seconds;            /* zone time */
    double speed_x;            /* NaN when not measurable */
    uint64_t errors;           /* unreadable sectors in the zone */
    uint32_t faults;           /* drive faults in the zone: commands that failed other than
                                * with MEDIUM ERROR, retried or not (drive/retry.h) */
} db_zone_row;

typedef struct db_seq_hooks {
    void *arg;
    /* Every block read, in order (the initial-access block too): n sectors
     * at lba in the reader's buffer, unreadable ones zero-filled and marked
     * bad[i] != 0.  May be NULL.  Non-zero stops the test: err says why. */
    int (*block)(void *arg, uint32_t lba, uint32_t n, const uint8_t *data, const uint8_t *bad,
                 db_error *err);
    /* Every finished zone (write its CSV row).  Non-zero stops the test. */
    int (*zone)(void *arg, const db_zone_row *z, db_error *err);
} db_seq_hooks;

typedef struct db_seq_plan {
    uint32_t lba_start, lba_end;
    int zones;
    const char *what;          /* progress status prefix, e.g. "DAE" */
    double progress_from, progress_to; /* part of the whole run this pass is */
} db_seq_plan;

typedef struct db_seq_result {
    uint32_t lba_done;         /* first LBA not read (lba_end when complete) */
    int zones_done;
    bool interrupted;
    bool aborted;              /* a drive failure stopped the pass */
    char abort_reason[256];
    double initial_access_ms;
    uint64_t read_errors;
    double start_x, end_x, avg_x, min_x, max_x; /* NaN when no zone was measured */
    db_strategy strategy;
} db_seq_result;

/* The most zones a range can have with this block size (each zone needs
 * two blocks), capped at max_zones. */
uint32_t db_seq_max_zones(uint32_t sectors, int block_sectors, uint32_t max_zones);
/* First LBA of zone z (z == zones gives lba_end). */
uint32_t db_seq_zone_start(const db_seq_plan *p, int z);

/* Stop the spindle, then time START UNIT.  *ms is NaN and note says why
 * when the drive refused either command (a note, never a failure). */
void db_seq_spinup(db_drive *d, double *ms, char *note, size_t note_len);

/* Read the plan's range zone by zone.  Returns 0 when the pass ended
 * (complete, interrupted or aborted: see res) and -1 when a hook failed
 * (err set). */
int db_seq_run(const db_bench_ctx *ctx, db_reader *rd, const db_seq_plan *plan,
               const db_seq_hooks *hooks, db_seq_result *res, db_error *err);

#endif
