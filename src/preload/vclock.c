/* vclock.c - virtual time for the whole process.
 *
 * Until the program first opens the node, every clock is real.  At that
 * instant (vdev_clock_start) each wall and monotonic clock's value is
 * recorded as its base; from then on
 *     CLOCK_X = base_X + elapsed virtual time of the drive
 * for CLOCK_REALTIME, CLOCK_MONOTONIC and their RAW / COARSE / BOOTTIME /
 * ALARM / TAI siblings, and gettimeofday(), time() and timespec_get()
 * follow CLOCK_REALTIME.  The per-process and per-thread CPU-time clocks
 * stay real (a benchmark's CPU cost is real).  Virtual time advances when
 * the drive executes a command (by the model's time for it) and when the
 * program sleeps (nanosleep, clock_nanosleep, usleep, sleep return at
 * once, having advanced the clock by the time asked, and the drive idles
 * for that long: its read-ahead keeps filling).  So a program timing its
 * reads measures exactly the model, and a 20-minute disc takes seconds.
 *
 * Not virtual: timeouts of poll/select/epoll, alarm/setitimer/timer_create,
 * raw syscalls, glibc-internal clock reads, getrusage.  A forked child gets
 * a copy of the drive and of the clock, and they diverge from the parent's.
 *
 * DISCBENCH_VDEV_CLOCK=real turns all of this off: clocks stay real and the
 * drive sleeps for its commands' durations instead.
 *
 * Reading a clock is lock-free and async-signal-safe (atomics only). */
#include "vdev.h"

#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_S 1000000000ull
#define CLOCK_IDS 12 /* CLOCK_REALTIME (0) .. CLOCK_TAI (11) */

/* `base` is written once, before `on` is set with release order. */
static struct {
    _Atomic bool on;
    _Atomic uint64_t elapsed_ns;  /* virtual time since the start */
    _Atomic uint64_t idle_ns;     /* slept, not yet handed to the drive */
    struct timespec base[CLOCK_IDS];
} clk;

static bool virtualized(clockid_t id)
{
    return id >= 0 && id < CLOCK_IDS && id != CLOCK_PROCESS_CPUTIME_ID &&
           id != CLOCK_THREAD_CPUTIME_ID && id != 10 /* unused id */;
}

static bool active(void)
{
    return atomic_load_explicit(&clk.on, memory_order_acquire);
}

void vdev_clock_start(void)
{
    if (active())
        return;
    for (clockid_t id = 0; id < CLOCK_IDS; id++)
        if (virtualized(id) && VDEV_REAL(clock_gettime)(id, &clk.base[id]) != 0)
            clk.base[id] = clk.base[CLOCK_MONOTONIC];
    atomic_store_explicit(&clk.on, true, memory_order_release);
}

void vdev_clock_advance(uint64_t ns)
{
    atomic_fetch_add(&clk.elapsed_ns, ns);
}

uint64_t vdev_clock_take_idle(void)
{
    return atomic_exchange(&clk.idle_ns, 0);
}

static void virtual_now(clockid_t id, struct timespec *ts)
{
    uint64_t e = atomic_load(&clk.elapsed_ns);
    uint64_t ns = (uint64_t)clk.base[id].tv_nsec + e % NS_PER_S;
    ts->tv_sec = clk.base[id].tv_sec + (time_t)(e / NS_PER_S) + (time_t)(ns / NS_PER_S);
    ts->tv_nsec = (long)(ns % NS_PER_S);
}

/* The host sleeps: time passes for the drive too. */
static void virtual_sleep(uint64_t ns)
{
    atomic_fetch_add(&clk.idle_ns, ns);
    atomic_fetch_add(&clk.elapsed_ns, ns);
    sched_yield(); /* let a thread the sleeper waits for run */
}

static bool valid(const struct timespec *ts)
{
    return ts && ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NS_PER_S;
}

static uint64_t ns_of(const struct timespec *ts)
{
    return (uint64_t)ts->tv_sec * NS_PER_S + (uint64_t)ts->tv_nsec;
}

VDEV_EXPORT int clock_gettime(clockid_t id, struct timespec *ts)
{
    if (active() && virtualized(id)) {
        virtual_now(id, ts);
        return 0;
    }
    return VDEV_REAL(clock_gettime)(id, ts);
}

VDEV_EXPORT int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    if (!active())
        return VDEV_REAL(gettimeofday)(tv, tz);
    struct timespec ts;
    virtual_now(CLOCK_REALTIME, &ts);
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
    if (tz) { /* obsolete: Linux reports zeros unless set */
        struct timezone *z = tz;
        z->tz_minuteswest = 0;
        z->tz_dsttime = 0;
    }
    return 0;
}

VDEV_EXPORT time_t time(time_t *out)
{
    if (!active())
        return VDEV_REAL(time)(out);
    struct timespec ts;
    virtual_now(CLOCK_REALTIME, &ts);
    if (out)
        *out = ts.tv_sec;
    return ts.tv_sec;
}

VDEV_EXPORT int timespec_get(struct timespec *ts, int base)
{
    if (!active() || base != TIME_UTC)
        return VDEV_REAL(timespec_get)(ts, base);
    virtual_now(CLOCK_REALTIME, ts);
    return base;
}

VDEV_EXPORT int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (!active())
        return VDEV_REAL(nanosleep)(req, rem);
    if (!valid(req)) {
        errno = EINVAL;
        return -1;
    }
    virtual_sleep(ns_of(req));
    if (rem)
        rem->tv_sec = 0, rem->tv_nsec = 0;
    return 0;
}

VDEV_EXPORT int clock_nanosleep(clockid_t id, int flags, const struct timespec *req,
                                struct timespec *rem)
{
    if (!active() || !virtualized(id))
        return VDEV_REAL(clock_nanosleep)(id, flags, req, rem);
    if (!valid(req))
        return EINVAL;
    uint64_t ns = ns_of(req);
    if (flags & TIMER_ABSTIME) { /* sleep until the clock reads req */
        struct timespec now;
        virtual_now(id, &now);
        uint64_t now_ns = ns_of(&now);
        ns = ns > now_ns ? ns - now_ns : 0;
    }
    virtual_sleep(ns);
    if (rem && !(flags & TIMER_ABSTIME))
        rem->tv_sec = 0, rem->tv_nsec = 0;
    return 0;
}

VDEV_EXPORT int usleep(useconds_t us)
{
    if (!active())
        return VDEV_REAL(usleep)(us);
    virtual_sleep((uint64_t)us * 1000u);
    return 0;
}

VDEV_EXPORT unsigned int sleep(unsigned int s)
{
    if (!active())
        return VDEV_REAL(sleep)(s);
    virtual_sleep((uint64_t)s * NS_PER_S);
    return 0;
}
