/* seek_plan.h - which sectors the access-time test seeks between.
 *
 * Kinds of sample (the three figures reviews quote):
 *  - random:   from and to drawn uniformly from the data area by a seeded
 *              PRNG (util/splitmix.h): the same seed, disc and drive give
 *              the same pairs;
 *  - one_third: a radial stroke of a third of the data area's radial span:
 *              start radius drawn uniformly so the whole stroke fits,
 *              outwards on even samples, inwards on odd ones;
 *  - full:     first <-> last sector of the data area, alternating
 *              outwards / inwards.  Both ends step one sector towards
 *              lower LBAs per sample (the first sample goes from
 *              first + n - 1 to last, the last from first to last - n + 1),
 *              so no sample reads a sector that an earlier read of that
 *              end could have pulled into the cache.
 *
 * Radius from an LBA: bench code sees only the TOC, so radii are
 * estimated with the nominal geometry of an 80-minute disc: LBA 0 at the
 * 25 mm hub, 1.2 m/s, 1.5 um track pitch, r^2 = 25^2 + k * lba with
 * k = v * p / (75 pi) = 0.0076394 mm^2 per sector.  A disc written at
 * another velocity or pitch lies elsewhere (a 74-minute pressed disc at
 * 1.6 um ends at 57.8 mm, the estimate says 56.3 mm): the radial
 * distances are estimates, and the README and summary.json say so.
 *
 * Cache defeat: a sample is two READs of one sector: a positioning read
 * at `from` (not timed) and the timed read at `to`.  A drive reads ahead
 * after each read, so `to` must not lie in the read-ahead of `from`, and
 * `from` not in that of the previous sample's target: neither may lie in
 * [x, x + window] of the read before it, window = the drive's buffer in
 * 2048-byte sectors (MODE SENSE page 2A) + 1.  Random and 1/3-stroke
 * draws that break the rule are drawn again. */
#ifndef DB_BENCH_SEEK_PLAN_H
#define DB_BENCH_SEEK_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/splitmix.h"

#define SEEK_HUB_RADIUS_MM 25.0
/* 1.2 m/s * 1.5 um / (75 sectors/s * pi), in mm^2 per sector */
#define SEEK_NOMINAL_K_MM2 (1200.0 * 0.0015 / (75.0 * 3.14159265358979323846))
/* A 1/3 stroke shorter than this is not measured: it could be covered by
 * the pickup's tracking actuator alone (1 mm is ~660 tracks at 1.5 um),
 * without moving the sled, so it would not be a stroke at all. */
#define SEEK_MIN_THIRD_STROKE_MM 1.0
/* Draws per sample before a kind gives up (only on tiny discs). */
#define SEEK_MAX_DRAWS 1000

typedef enum seek_kind { SEEK_RANDOM = 0, SEEK_THIRD = 1, SEEK_FULL = 2 } seek_kind;
#define SEEK_KINDS 3

/* "random", "one_third", "full": the CSV kind column and summary keys. */
const char *seek_kind_name(seek_kind k);
/* "random", "1/3 stroke", "full stroke": for people. */
const char *seek_kind_label(seek_kind k);

/* Nominal geometry (see above). */
double seek_nominal_radius_mm(double lba);
/* Inverse; negative radii inside the hub give negative LBAs. */
double seek_nominal_lba_at_radius(double r_mm);

typedef struct seek_planner {
    uint32_t first, last;      /* data area, both inclusive */
    uint32_t window;           /* read-ahead window, sectors */
    int samples;               /* per kind (full stroke offsets depend on it) */
    db_rng rng[SEEK_KINDS];    /* one stream per kind: kinds do not shift each other */
    bool have_prev;
    uint32_t prev;             /* the last sector read */
} seek_planner;

/* Data area [lba_start, lba_end), lba_end > lba_start. */
void seek_planner_init(seek_planner *p, uint32_t lba_start, uint32_t lba_end, uint32_t window,
                       int samples, uint64_t seed);
/* True when x lies in the read-ahead window [after, after + window]. */
bool seek_in_window(const seek_planner *p, uint32_t after, uint32_t x);
/* Can this kind be measured on this disc?  false with a sentence in why
 * ("the disc is too short for a 1/3 stroke: ..."). */
bool seek_plan_possible(const seek_planner *p, seek_kind k, char *why, size_t why_len);
/* Pair for sample i (0-based) of kind k.  0, or -1 with why set when no
 * pair satisfies the cache rule. */
int seek_plan_pair(seek_planner *p, seek_kind k, int i, uint32_t *from, uint32_t *to, char *why,
                   size_t why_len);
/* Tell the planner a sector was read (the next `from` must avoid its read-ahead). */
void seek_planner_note_read(seek_planner *p, uint32_t lba);
/* |r(to) - r(from)| with the nominal geometry, mm. */
double seek_radial_distance_mm(uint32_t from, uint32_t to);

#endif
