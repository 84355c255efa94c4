/* splitmix.h - a small seeded pseudo-random generator (SplitMix64: add a
 * Weyl constant, then mix with two multiply-xorshift rounds; constants
 * from Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014).  Used where a test must draw "random" things
 * that a seed reproduces exactly (seek sample pairs).  Not for secrets. */
#ifndef DB_UTIL_SPLITMIX_H
#define DB_UTIL_SPLITMIX_H

#include <stdint.h>

typedef struct db_rng {
    uint64_t state;
} db_rng;

void db_rng_seed(db_rng *r, uint64_t seed);
/* Next 64 random bits. */
uint64_t db_rng_next(db_rng *r);
/* Uniform integer in [0, n); n == 0 gives 0.  Unbiased (rejection). */
uint64_t db_rng_below(db_rng *r, uint64_t n);
/* Uniform double in [0, 1), 53 bits. */
double db_rng_unit(db_rng *r);

#endif
