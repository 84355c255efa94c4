/* clock.c - monotonic clock implementation of the clock interface. */
#define _POSIX_C_SOURCE 200809L
#include "clock.h"

#include <errno.h>
#include <time.h>

uint64_t db_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t monotonic_now(void *ctx)
{
    (void)ctx;
    return db_monotonic_ns();
}

static void monotonic_sleep(void *ctx, uint64_t ns)
{
    (void)ctx;
    db_sleep_until_ns(db_monotonic_ns() + ns);
}

static const struct db_clock_ops monotonic_ops = { .now_ns = monotonic_now, .sleep_ns = monotonic_sleep };

db_clock db_clock_monotonic(void)
{
    db_clock c = { &monotonic_ops, 0 };
    return c;
}

void db_sleep_until_ns(uint64_t deadline_ns)
{
    struct timespec ts = { (time_t)(deadline_ns / 1000000000u),
                           (long)(deadline_ns % 1000000000u) };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, 0) == EINTR)
        ;
}
