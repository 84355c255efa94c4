/* c2scan.h - the C2 error pointer scan: every sector of the disc (audio
 * and data tracks alike) read with READ CD and its C2 field, counted zone
 * by zone - what `readom -c2scan` does, but per zone and with a picture.
 *
 * Method (also in the README):
 *  - probe: which C2 form the drive delivers on this disc, 294 bytes
 *    (C2 code 01) first, then 296 (code 10), or only the one --c2-mode
 *    names (c2read.h).  When neither works the scan stops and says so:
 *    a drive whose C2 reporting does not work can never be reported as
 *    finding "no errors";
 *  - the disc is cut into --zones zones of equal sector count; every
 *    sector is read in order, --block sectors per READ CD (never across a
 *    track boundary: one sector type per command);
 *  - per zone: C2 bytes (pointer bits), C2 sectors (blocks with any),
 *    unreadable sectors (MEDIUM ERROR, found sector by sector), sectors
 *    whose C2 field was counted, the read speed, the drive faults;
 *  - drive faults (wrong C2 field size, a 296-byte field not laid out as
 *    MMC says, unexpected sense) are recorded and the scan goes on. */
#ifndef DB_BENCH_C2SCAN_H
#define DB_BENCH_C2SCAN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "bench.h"
#include "c2read.h"
#include "errscan_out.h"

#define C2SCAN_MAX_ZONES 10000

typedef struct c2scan_opts {
    double speed_x;             /* 0 = maximum */
    int zones;                  /* default 100 */
    int block_sectors;          /* default 16, at most DB_C2_MAX_BLOCK */
    int c2_mode;                /* 0 = probe, 294 or 296 = only that form */
    const char *fallback_note;  /* set when quality fell back to this test: why */
} c2scan_opts;

typedef struct c2scan_result {
    db_identity id;
    int form;                   /* 294, 296; 0 = C2 reporting does not work */
    char probe_note[500];
    uint32_t disc_sectors;
    uint32_t lba_done;          /* first LBA not read */
    int zones_total, zones_done;
    uint64_t sectors_counted;   /* sectors whose C2 field was counted */
    db_c2_tally total;
    double avg_x;
    double duration_s;
    char speed_note[300];
    bool complete;              /* every sector read and counted (or found unreadable) */
    bool interrupted, aborted;
    char abort_reason[300];
    char plot_note[256];
} c2scan_result;

/* Run the scan: c2scan.csv (and c2scan_unreadable.csv) as zones complete,
 * then c2scan.gp (+ pictures) and summary.json.  Returns an enum db_exit
 * value: DB_EXIT_DRIVE when the probe found C2 reporting not working. */
int c2scan_run(const db_bench_ctx *ctx, const c2scan_opts *opts, c2scan_result *res, db_error *err);

/* The cross-check quality runs on an all-zero scan: read the whole disc
 * with the C2 form the probe finds (or plainly, when none works, for the
 * read errors alone) and tally.  No files.  0, or -1 with reason set. */
int db_c2_sweep(const db_bench_ctx *ctx, const db_identity *id, int *form, db_c2_tally *t,
                char *reason, size_t reason_len);

#endif
