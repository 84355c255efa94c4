/* splitmix.c - SplitMix64 (see splitmix.h). */
#include "splitmix.h"

void db_rng_seed(db_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t db_rng_next(db_rng *r)
{
    r->state += 0x9E3779B97F4A7C15ull;
    uint64_t z = r->state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t db_rng_below(db_rng *r, uint64_t n)
{
    if (n == 0)
        return 0;
    /* Draws at or above the largest multiple of n would favour the low
     * residues: draw again (at most a 50% chance each time). */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t v;
    do
        v = db_rng_next(r);
    while (v >= limit);
    return v % n;
}

double db_rng_unit(db_rng *r)
{
    return (double)(db_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}
