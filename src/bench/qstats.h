/* qstats.h - the arithmetic of a C1/C2/CU scan, kept apart from any drive
 * so it can be tested on its own: each second counted once, totals,
 * maxima, averages, the Red Book verdict and the quality score.
 *
 * Red Book (IEC 60908): the block error rate BLER (= C1) averaged over any
 * 10 seconds must stay under 220 per second (3% of the 7,350 blocks a
 * second), and there must be no uncorrectable error (E32 = CU).  Here a
 * 10-second window ends at every counted second from the 10th on (the
 * seconds of it that were counted are averaged); a disc of less than 10
 * counted seconds is one window.
 *
 * Quality score, 0..100 (discbench's own: no public formula for Nero's
 * score exists; README "quality score"):
 *     score = 100 - P1 - P2 - P3
 *     P1 = min(50, 25 * log10(1 + C1 average per second))
 *     P2 = min(30, 10 * log10(1 + C2 total scaled to an 80-minute disc))
 *     P3 = 20 * min(1, highest 10-second BLER average / 220)
 *     any CU: score at most 20; a Red Book BLER failure: at most 40;
 *     rounded, clamped to 0..100.
 * A score needs a complete, believed scan; otherwise there is none. */
#ifndef DB_BENCH_QSTATS_H
#define DB_BENCH_QSTATS_H

#include <stdbool.h>
#include <stdint.h>

#define DB_REDBOOK_BLER_MAX 220.0   /* per second, 10-second average */
#define DB_QSTATS_WINDOW 10         /* seconds */
#define DB_QSTATS_MAX_SECONDS 6000u /* 100 minutes: more than a CD holds */
#define DB_QSTATS_DISC80_S 4800.0   /* the disc the C2 total is scaled to */

typedef struct db_qstats {
    uint32_t seconds_total;         /* seconds of the disc */
    uint8_t seen[DB_QSTATS_MAX_SECONDS / 8]; /* counted seconds: never twice */
    uint32_t seconds_counted;
    uint64_t sectors_counted;
    uint64_t c1_total, c2_total, cu_total;
    uint32_t c1_max, c2_max, cu_max;
    uint32_t c1_max_second, c2_max_second, cu_max_second;
    uint32_t seconds_with_c2, seconds_with_cu;
    bool cu_reported;               /* every counted second had a CU figure */
    /* rolling 10-second BLER */
    uint32_t ring_second[DB_QSTATS_WINDOW];
    uint32_t ring_c1[DB_QSTATS_WINDOW];
    bool ring_used[DB_QSTATS_WINDOW];
    double bler10_max;              /* highest window average (NaN: none yet) */
    uint32_t bler10_max_second;     /* the window's last second */
    uint32_t windows_over;          /* windows at or above 220 */
    uint32_t faults;                /* drive faults recorded (not counted) */
} db_qstats;

void db_qstats_init(db_qstats *q, uint32_t disc_sectors);
/* True if second s may be counted (inside the disc, not counted before). */
bool db_qstats_fresh(const db_qstats *q, uint32_t s);
/* Count second s once (false if it was counted already or is outside). */
bool db_qstats_add(db_qstats *q, uint32_t s, uint32_t sectors, uint32_t c1, uint32_t c2,
                   uint32_t cu, bool has_cu);
/* Windows ending at the seconds counted so far are evaluated as they come;
 * call this at the end for a disc of less than 10 counted seconds. */
void db_qstats_finish(db_qstats *q);

double db_qstats_c1_avg(const db_qstats *q);  /* per counted second, NaN if none */
double db_qstats_c2_avg(const db_qstats *q);
double db_qstats_cu_avg(const db_qstats *q);

typedef enum db_verdict {
    DB_VERDICT_PASS = 0,     /* complete, believed, BLER and CU within Red Book */
    DB_VERDICT_FAIL,         /* a Red Book limit broken (even on a partial scan) */
    DB_VERDICT_INCOMPLETE,   /* nothing broken, but not the whole disc: never a pass */
    DB_VERDICT_NOT_BELIEVED, /* the cross-check found errors the scan did not show */
    DB_VERDICT_NONE          /* nothing was counted */
} db_verdict;
const char *db_verdict_name(db_verdict v); /* "pass", "fail", "incomplete", "not-believed", "none" */

db_verdict db_qstats_verdict(const db_qstats *q, bool complete, bool believed);
/* The score (0..100), or -1 when there is none (see above). */
int db_qstats_score(const db_qstats *q, bool complete, bool believed);

#endif
