/* quality.h - the C1/C2/CU quality scan through a drive's vendor protocol.
 *
 * Method (also in the README):
 *  - protocol: from the drive's INQUIRY identity (scanproto.h) or forced
 *    with --protocol; Lite-On tries its new protocol (F3 0E) and then the
 *    old one (DF ...); a drive that answers none of them, or has no known
 *    family, gets the c2scan instead (C2 only), and the reason is said;
 *  - speed: SET CD SPEED to --speed, default 8x (a speed the Lite-On and
 *    Plextor scans both offer); back to maximum at the end, whatever
 *    happened;
 *  - one row per second of disc (75 sectors): C1 = BLER, C2 = E22,
 *    CU = E32 (none from the new Lite-On protocol), the read speed of that
 *    second, and any drive fault;
 *  - each second is counted once: a position that repeats, jumps back or
 *    lies beyond the disc, a reply of the wrong length, impossible counts
 *    or an unexpected sense are drive faults (a CSV row with counted = 0
 *    and the reason, and a count in summary.json), never counts;
 *  - coverage: the sectors counted against the disc's length; a partial
 *    scan is never a pass;
 *  - plausibility: a scan with no C1 at all is cross-checked by reading
 *    the disc with C2 pointers (Plextor's scan reads it anyway); C2 or
 *    unreadable sectors found there mean the scan is not believed;
 *  - Red Book verdict and quality score: qstats.h. */
#ifndef DB_BENCH_QUALITY_H
#define DB_BENCH_QUALITY_H

#include <stdbool.h>
#include <stdint.h>

#include "bench.h"
#include "c2scan.h"
#include "qstats.h"

#define DB_QUALITY_DEFAULT_SPEED_X 8.0

typedef enum db_qproto {
    DB_QP_AUTO = 0,     /* from the drive's identity */
    DB_QP_LITEON,       /* new, then old */
    DB_QP_LITEON_OLD,
    DB_QP_LITEON_NEW,
    DB_QP_PLEXTOR,
    DB_QP_C2            /* no vendor protocol: the c2scan */
} db_qproto;
/* "auto", "liteon", "liteon-old", "liteon-new", "plextor", "c2" */
const char *db_qproto_name(db_qproto p);
int db_qproto_parse(const char *s, db_qproto *out);

typedef struct quality_opts {
    double speed_x;          /* 0: DB_QUALITY_DEFAULT_SPEED_X, < 0: the maximum */
    db_qproto protocol;      /* DB_QP_AUTO unless forced */
    bool no_cross_check;     /* skip the plausibility read of an all-zero scan */
    int c2_mode;             /* for the c2scan fallback: 0, 294, 296 */
} quality_opts;

typedef struct quality_result {
    db_identity id;
    db_qproto used;                 /* what produced the counts */
    char protocol_note[600];        /* how it was chosen, what failed before it */
    bool fell_back;                 /* no vendor protocol: c2scan ran (c2 below) */
    c2scan_result c2;               /* the fallback's result */
    double speed_x;                 /* requested; 0 = maximum */
    char speed_note[300];
    db_qstats stats;
    uint32_t disc_sectors;
    bool complete;                  /* every second of the disc counted */
    uint32_t faults;
    char last_fault[240];
    uint64_t read_c2_bytes;         /* Plextor: C2 pointers of the host's own reads */
    uint32_t read_unreadable;       /* Plextor: sectors the host could not read */
    bool read_c2_known;             /* the reads carried C2 pointers */
    bool cross_checked;
    bool believed;
    char believe_note[400];
    db_verdict verdict;
    int score;                      /* 0..100, -1: none */
    bool interrupted, aborted;
    char abort_reason[300];
    double duration_s;
    char plot_note[256];
} quality_result;

/* Run the scan: quality.csv row by row, then quality.gp (+ pictures) and
 * summary.json (c2scan's files instead when it falls back).  Returns an
 * enum db_exit value: 0 also for a scan that found errors (the verdict
 * says it); 1 when the scan did not cover the disc; err explains. */
int quality_run(const db_bench_ctx *ctx, const quality_opts *opts, quality_result *res, db_error *err);

/* ---- the protocols (quality_proto.c) ---- */

/* One second of disc as the drive reported it. */
typedef struct db_qinterval {
    bool has_counts;                /* false: only a fault to record */
    uint32_t second;                /* valid with has_counts or has_second */
    bool has_second;
    uint32_t lba_start, lba_end;
    uint32_t c1, c2, cu;
    bool has_cu;
    uint64_t ns;                    /* drive time of the interval's commands */
    bool has_reads;                 /* Plextor: the host read it itself */
    uint64_t read_c2_bytes;
    uint32_t read_unreadable;
    char fault[240];                /* a drive fault met on the way ("" none) */
} db_qinterval;

typedef int (*db_qsink_fn)(void *arg, const db_qinterval *iv); /* -1: stop (output failed) */

typedef struct db_qscan {
    const db_bench_ctx *ctx;
    const db_identity *id;
    db_qsink_fn sink;
    void *arg;
    char note[600];                 /* why the protocol is not available / stopped */
    bool read_c2_known;             /* Plextor: its reads carry C2 pointers */
    db_badlist *bad;                /* Plextor: unreadable sectors met */
    int last_class;                 /* db_fault_class of the last vendor command (drive/retry.h) */
    char retried[240];              /* the interval's first command that needed a resend or
                                     * answered short (its row says so) */
} db_qscan;

enum {
    DB_QSCAN_DONE = 0,              /* reached the end of the disc */
    DB_QSCAN_NO_ANSWER = 1,         /* the drive does not speak it: note says how it refused */
    DB_QSCAN_INTERRUPTED = 2,
    DB_QSCAN_ABORTED = -1,          /* the drive stopped answering: note says where */
    DB_QSCAN_OUTPUT = -2            /* the sink failed */
};

int db_qscan_liteon_old(db_qscan *q);
int db_qscan_liteon_new(db_qscan *q);
int db_qscan_plextor(db_qscan *q);

#endif
