/* clock.h - the one clock every measurement reads.
 *
 * Real drives are timed with CLOCK_MONOTONIC; a virtual drive supplies its
 * own clock (virtual time advanced by its physical model), so a full-disc
 * test takes seconds and its curves are exactly the model's.  Bench code
 * only ever sees this interface and cannot tell which clock it has. */
#ifndef DB_UTIL_CLOCK_H
#define DB_UTIL_CLOCK_H

#include <stdint.h>

struct db_clock_ops {
    uint64_t (*now_ns)(void *ctx);
    /* Let ns pass on this clock: a real sleep on the monotonic clock, idle
     * time on the virtual drive's.  NULL: the clock cannot wait (a replay
     * follows its recording); waiting is then skipped. */
    void (*sleep_ns)(void *ctx, uint64_t ns);
};

typedef struct db_clock {
    const struct db_clock_ops *ops;
    void *ctx;
} db_clock;

static inline uint64_t db_clock_now_ns(const db_clock *c)
{
    return c->ops->now_ns(c->ctx);
}

/* Wait ns on the drive's clock (a drive becoming ready is waited out on
 * the clock the drive is timed with). */
static inline void db_clock_sleep_ns(const db_clock *c, uint64_t ns)
{
    if (c->ops && c->ops->sleep_ns)
        c->ops->sleep_ns(c->ctx, ns);
}

/* CLOCK_MONOTONIC, for real drives and for realtime virtual drives. */
db_clock db_clock_monotonic(void);

/* Raw CLOCK_MONOTONIC reading in ns (used by the realtime virtual drive). */
uint64_t db_monotonic_ns(void);

/* Sleep until CLOCK_MONOTONIC reaches deadline_ns (restarts on EINTR). */
void db_sleep_until_ns(uint64_t deadline_ns);

#endif
