/* dae_cache.c - does the drive serve audio it has just read again from its
 * cache?  The third of the drive features rippers test before trusting a
 * drive (with accurate stream and C2 pointers): on a drive that caches
 * audio, reading a sector twice compares the cache with itself, so any
 * secure re-read must first push the sector out of the cache.
 *
 * The probe, at a quarter, half and three quarters of the audio: read one
 * block to start the stream, time the next block (new sectors, at the
 * drive's reading speed), then time that same block again.  From the cache
 * the repeat costs only the interface transfer; from the disc it costs a
 * trip back (seek and rotational latency) plus the reading again.  The
 * verdict is taken from the median ratio repeat / new of the probes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dae_int.h"

#define PROBES 3
/* A repeat at most this fraction of a new block: from the cache. */
#define CACHED_RATIO 0.5
/* A repeat at least this multiple of a new block: the drive went back to
 * the disc (a new block already includes the reading itself; going back
 * adds a seek and some rotation). */
#define UNCACHED_RATIO 1.2

const char *dae_cache_verdict_name(dae_cache_verdict v)
{
    switch (v) {
    case DAE_CACHE_YES: return "yes";
    case DAE_CACHE_NO: return "no";
    case DAE_CACHE_UNCLEAR: return "unclear";
    case DAE_CACHE_UNTESTED: break;
    }
    return "untested";
}

dae_cache_verdict dae_cache_verdict_of(double new_ms, double again_ms)
{
    if (!(new_ms > 0) || !(again_ms >= 0))
        return DAE_CACHE_UNCLEAR;
    double r = again_ms / new_ms;
    if (r <= CACHED_RATIO)
        return DAE_CACHE_YES;
    return r >= UNCACHED_RATIO ? DAE_CACHE_NO : DAE_CACHE_UNCLEAR;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One timed read of n sectors at lba: ms, or -1 (reason set) / -2 (stopped). */
static double timed_read(const db_bench_ctx *ctx, db_reader *rd, uint32_t lba, uint32_t n, char *reason,
                         size_t reason_len)
{
    if (db_bench_stopped(ctx))
        return -2;
    db_drive *d = ctx->drive;
    uint64_t t0 = db_clock_now_ns(&d->clock);
    if (db_reader_read(rd, lba, n)) {
        snprintf(reason, reason_len, "%s (audio cache probe)", rd->fail_reason);
        return -1;
    }
    return (double)(db_clock_now_ns(&d->clock) - t0) / 1e6;
}

int dae_cache_probe_run(const db_bench_ctx *ctx, db_reader *rd, uint32_t lba_start, uint32_t lba_end,
                        dae_cache_probe *out, char *reason, size_t reason_len)
{
    memset(out, 0, sizeof *out);
    uint32_t block = (uint32_t)rd->block_sectors, audio = lba_end - lba_start;
    out->block_sectors = (int)block;
    if (audio < 8 * block) {
        out->verdict = DAE_CACHE_UNTESTED; /* too little audio to probe apart from its edges */
        return 0;
    }
    double news[PROBES], agains[PROBES], ratios[PROBES];
    for (int i = 0; i < PROBES; i++) {
        uint32_t at = lba_start + (uint32_t)((uint64_t)audio * (uint64_t)(i + 1) / (PROBES + 1));
        if (at + 2 * block > lba_end)
            at = lba_end - 2 * block;
        double lead = timed_read(ctx, rd, at, block, reason, reason_len);
        double fresh = lead < 0 ? lead : timed_read(ctx, rd, at + block, block, reason, reason_len);
        double again = fresh < 0 ? fresh : timed_read(ctx, rd, at + block, block, reason, reason_len);
        if (again < 0)
            return again == -2 ? 1 : -1;
        news[i] = fresh;
        agains[i] = again;
        ratios[i] = fresh > 0 ? again / fresh : 1.0;
        out->trials++;
    }
    qsort(news, PROBES, sizeof news[0], cmp_double);
    qsort(agains, PROBES, sizeof agains[0], cmp_double);
    qsort(ratios, PROBES, sizeof ratios[0], cmp_double);
    out->new_ms = news[PROBES / 2];
    out->again_ms = agains[PROBES / 2];
    /* the median ratio decides: one probe disturbed by the drive's own
     * housekeeping cannot */
    out->verdict = dae_cache_verdict_of(1.0, ratios[PROBES / 2]);
    return 0;
}
