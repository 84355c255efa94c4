/* timing.c - spindle, head and read-ahead stream model (see timing.h). */
#include "timing.h"

#include <math.h>

#include "../drive/mmc.h"
#include "geometry.h"
#include "vdrive_int.h"

static uint64_t ns_of_s(double s)
{
    return s <= 0 ? 0 : (uint64_t)llround(s * 1e9);
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

void vd_head_init(vd_head *h)
{
    /* A drive that has just read the TOC: spinning, idle near LBA 0. */
    *h = (vd_head){ .spinning = true };
}

void vd_caps_for(const vdrive *vd, uint16_t request_kbs, vd_caps *out)
{
    out->request_kbs = request_kbs;
    out->data_x = vd_speed_cap_x(&vd->prof.data, request_kbs);
    out->dae_x = vd_speed_cap_x(&vd->prof.dae, request_kbs);
}

static const vd_speed_profile *profile_for(const vdrive *vd, vd_sector_kind k)
{
    return k == VD_SECTOR_AUDIO ? &vd->prof.dae : &vd->prof.data;
}

static double cap_for(const vd_caps *caps, vd_sector_kind k)
{
    return k == VD_SECTOR_AUDIO ? caps->dae_x : caps->data_x;
}

static const vd_track *track_of(const vdrive *vd, double lba)
{
    double last = vd->disc.sectors ? vd->disc.sectors - 1.0 : 0.0;
    uint32_t n = (uint32_t)fmax(0.0, fmin(floor(lba), last));
    return vd_disc_track_at(&vd->disc, n);
}

double vd_disc_media_time_s(const vdrive *vd, const vd_caps *caps, double a, double b)
{
    double t = 0;
    const vd_track *tr = track_of(vd, a);
    const vd_track *end = vd->disc.tracks + vd->disc.track_count;
    /* one piece per track: tracks of different kinds spin differently */
    while (a < b) {
        double hi = tr + 1 < end ? fmin(b, (double)vd_disc_track_end(&vd->disc, tr)) : b;
        t += vd_media_time_s(profile_for(vd, tr->kind), &vd->disc.geom, cap_for(caps, tr->kind), a, hi);
        a = hi;
        tr++;
    }
    return t;
}

double vd_seek_time_s(const vdrive *vd, const vd_caps *caps, double from_lba, uint32_t to_lba)
{
    const vd_geom *g = &vd->disc.geom;
    double dr = fabs(vd_geom_radius_mm(g, to_lba) - vd_geom_radius_mm(g, from_lba));
    const vd_track *tr = track_of(vd, to_lba);
    double rpm = vd_rpm(profile_for(vd, tr->kind), g, cap_for(caps, tr->kind), to_lba);
    return vd->prof.settle_ms / 1e3 + vd->prof.full_stroke_ms / 1e3 * sqrt(dr / VD_FULL_STROKE_MM) +
           0.5 * 60.0 / rpm;
}

uint64_t vd_iface_ns(const vdrive *vd, size_t bytes)
{
    return ns_of_s(vd->prof.command_overhead_us / 1e6 + (double)bytes / vd_interface_bytes_per_s(vd->prof.interface));
}

static uint32_t cache_sectors(const vdrive *vd)
{
    uint32_t n = (uint32_t)(vd->prof.cache_kib * 1024.0 / CD_RAW_BYTES);
    return n ? n : 1;
}

/* Time the stream has read everything before pos (pos >= anchor). */
static uint64_t stream_time_at(const vdrive *vd, double pos)
{
    const vd_head *h = &vd->head;
    return h->anchor_ns + ns_of_s(vd_disc_media_time_s(vd, &vd->caps, h->anchor_lba, pos));
}

/* How far the stream may run ahead: a full cache, or the end of the disc. */
static uint32_t stream_limit(const vdrive *vd)
{
    uint64_t lim = (uint64_t)vd->head.host_next + cache_sectors(vd);
    return lim < vd->disc.sectors ? (uint32_t)lim : vd->disc.sectors;
}

static bool stream_paused(const vdrive *vd, uint64_t now, uint32_t limit)
{
    return limit <= vd->head.anchor_lba || stream_time_at(vd, limit) <= now;
}

/* Where the streaming head is at now (between the anchor and the limit).
 * Bisection: only seeks and re-reads need it, never the sequential path. */
static double stream_position(const vdrive *vd, uint64_t now)
{
    const vd_head *h = &vd->head;
    uint32_t limit = stream_limit(vd);
    if (now <= h->anchor_ns)
        return h->anchor_lba;
    if (stream_paused(vd, now, limit))
        return limit;
    double lo = h->anchor_lba, hi = limit;
    for (int i = 0; i < 60 && hi - lo > 1e-6; i++) {
        double mid = 0.5 * (lo + hi);
        if (stream_time_at(vd, mid) <= now)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static double head_position(const vdrive *vd, uint64_t now)
{
    return vd->head.streaming ? stream_position(vd, now) : vd->head.idle_lba;
}

/* Spin up if stopped; returns when the head may move. */
static uint64_t spindle_ready(vdrive *vd, uint64_t now)
{
    vd_head *h = &vd->head;
    uint64_t t = max_u64(now, h->spindle_ready_ns);
    if (!h->spinning) {
        t += ns_of_s(vd->prof.spinup_ms / 1e3);
        h->spinning = true;
        h->spindle_ready_ns = t;
    }
    return t;
}

/* Seek to lba and start streaming there; returns when the head is on it. */
static uint64_t seek_and_stream(vdrive *vd, uint64_t now, uint32_t lba)
{
    vd_head *h = &vd->head;
    double from = head_position(vd, now);
    uint64_t t = spindle_ready(vd, now);
    t += ns_of_s(vd_seek_time_s(vd, &vd->caps, from, lba));
    h->streaming = true;
    h->first_lba = h->anchor_lba = h->host_next = h->retried_to = lba;
    h->anchor_ns = t;
    h->stream_id++;
    return t;
}

/* If the running stream serves [a, b), set *media_done to when sector b-1
 * has been read and return true. */
static bool stream_serves(vdrive *vd, uint64_t now, uint32_t a, uint32_t b, uint64_t *media_done)
{
    vd_head *h = &vd->head;
    if (!h->spinning || !h->streaming || now < h->spindle_ready_ns)
        return false;
    uint32_t limit = stream_limit(vd);
    if (a > limit)
        return false; /* the stream stops (cache full) before reaching a */
    bool paused = stream_paused(vd, now, limit);
    if (a < h->host_next) {
        /* a drive that does not cache audio reads it again from the disc */
        if (!vd->prof.dae_caches_audio && vd_disc_track_at(&vd->disc, a)->kind == VD_SECTOR_AUDIO)
            return false;
        /* behind the host: only what the cache still holds */
        double pos = paused ? limit : stream_position(vd, now);
        double lo = fmax(h->first_lba, pos - cache_sectors(vd));
        if (a < lo)
            return false;
    }
    if (paused) {
        /* the stream stopped at limit some time ago; it resumes from there
         * now that the host is back (no re-lock penalty, see timing.h) */
        h->anchor_lba = limit;
        h->anchor_ns = now;
    }
    *media_done = b <= h->anchor_lba ? now : stream_time_at(vd, b);
    return true;
}

/* The drive struggled at a bad sector: the stream restarts at lba at time
 * t, capped at the drive's slow-down speed if it has one. */
static void restart_after_trouble(vdrive *vd, uint32_t lba, uint64_t t)
{
    vd_head *h = &vd->head;
    h->anchor_lba = lba;
    h->anchor_ns = t;
    if (h->host_next < lba)
        h->host_next = lba;
    if (h->retried_to < lba)
        h->retried_to = lba;
    double x = vd->prof.errd.slowdown_speed_x;
    if (x > 0) {
        vd->caps.data_x = fmin(vd->caps.data_x, x);
        vd->caps.dae_x = fmin(vd->caps.dae_x, x);
    }
}

static uint64_t retry_ns(const vdrive *vd, uint64_t retries)
{
    return ns_of_s((double)retries * vd->prof.errd.retry_ms / 1e3);
}

uint64_t vd_time_read(vdrive *vd, uint64_t now, uint32_t a, uint32_t b, size_t bytes)
{
    vd_head *h = &vd->head;
    uint64_t media_done;
    if (stream_serves(vd, now, a, b, &media_done)) {
        if (b > h->host_next)
            h->host_next = b;
    } else {
        seek_and_stream(vd, now, a);
        media_done = stream_time_at(vd, b);
        h->host_next = b;
    }
    uint32_t from = a > h->retried_to ? a : h->retried_to;
    uint64_t retries = from < b ? vd_err_slow_retries(&vd->disc.em, from, b, NULL) : 0;
    if (retries) {
        media_done += retry_ns(vd, retries);
        restart_after_trouble(vd, b, media_done);
    } else if (h->retried_to < b) {
        h->retried_to = b;
    }
    return max_u64(now + vd_iface_ns(vd, bytes), media_done);
}

uint64_t vd_time_read_fail(vdrive *vd, uint64_t now, uint32_t a, uint32_t bad)
{
    uint64_t t = vd_time_read(vd, now, a, bad + 1, 0) + retry_ns(vd, vd->prof.errd.read_retries);
    restart_after_trouble(vd, bad + 1, t);
    return t;
}

uint64_t vd_time_seek(vdrive *vd, uint64_t now, uint32_t lba)
{
    return max_u64(now + vd_iface_ns(vd, 0), seek_and_stream(vd, now, lba));
}

uint64_t vd_time_start_stop(vdrive *vd, uint64_t now, bool start, bool immed)
{
    vd_head *h = &vd->head;
    uint64_t quick = now + vd_iface_ns(vd, 0);
    if (start == h->spinning) /* nothing to do, but wait for a change under way */
        return immed ? quick : max_u64(quick, h->spindle_ready_ns);
    uint64_t t = max_u64(now, h->spindle_ready_ns);
    if (start) {
        t += ns_of_s(vd->prof.spinup_ms / 1e3);
    } else {
        h->idle_lba = head_position(vd, now);
        h->streaming = false;
        t += ns_of_s(vd->prof.spindown_ms / 1e3);
    }
    h->spinning = start;
    h->spindle_ready_ns = t;
    return immed ? quick : t;
}

uint64_t vd_time_set_speed(vdrive *vd, uint64_t now, uint16_t request_kbs)
{
    vd_caps caps;
    vd_caps_for(vd, request_kbs, &caps);
    if (caps.data_x != vd->caps.data_x || caps.dae_x != vd->caps.dae_x) {
        /* the spindle changes speed: the stream ends where it is */
        vd->head.idle_lba = head_position(vd, now);
        vd->head.streaming = false;
    }
    vd->caps = caps;
    return now + vd_iface_ns(vd, 0);
}

uint64_t vd_time_other(vdrive *vd, uint64_t now, size_t bytes)
{
    return now + vd_iface_ns(vd, bytes);
}
