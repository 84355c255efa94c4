/* strategy.h - classify a drive's spin strategy from a speed-vs-position
 * curve (one speed per zone), the way a person reads a CD Speed graph:
 *   CLV    flat;
 *   CAV    speed grows with radius to the end (speed^2 linear in LBA,
 *          because radius^2 grows linearly with the sectors read);
 *   P-CAV  CAV up to a cap, then flat for a real part of the disc;
 *   Z-CLV  flat steps, rising zone by zone.
 * Tolerances are relative so noisy real curves classify too. */
#ifndef DB_BENCH_STRATEGY_H
#define DB_BENCH_STRATEGY_H

#include <stddef.h>
#include <stdint.h>

typedef enum db_strategy {
    DB_STRAT_UNKNOWN = 0, DB_STRAT_CLV, DB_STRAT_ZCLV, DB_STRAT_PCAV, DB_STRAT_CAV
} db_strategy;

const char *db_strategy_name(db_strategy s); /* "CLV", "Z-CLV", "P-CAV", "CAV", "unknown" */

/* lba_mid[i]: middle LBA of zone i; speed_x[i]: its measured speed.
 * Zones with speed <= 0 (not measured) must be left out by the caller. */
db_strategy db_strategy_classify(const double *lba_mid, const double *speed_x, size_t n);

#endif
