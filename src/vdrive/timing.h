/* timing.h - when each command completes: spindle, head, read-ahead stream.
 *
 * Times are ns in the drive's time base (virtual clock, or monotonic time
 * since open in realtime mode).  Each function takes the time the command
 * arrives (now), updates the mechanical state and returns the time it
 * completes.  The model:
 *
 *   interface  every command: overhead + bytes / burst rate
 *   stream     after a seek to A the head reads ahead from A at the media
 *              rate: sector n has been read at anchor_ns + M(A, n+1), M the
 *              analytic media time (geometry.c), into a cache of cache_kib
 *              (2352-byte slots).  A READ [a, b) that the stream serves
 *              (a in the cache window or ahead of it, within what the
 *              stream reaches before the cache fills) completes at
 *                max(now + interface time, time the stream reads sector b-1)
 *              so a host reading sequentially measures exactly M.
 *   pause      the stream stops when it is cache_sectors ahead of the host
 *              (cache full); when the host resumes, the stream restarts at
 *              the pause point at the time the host comes back.  A real
 *              drive would lose up to a revolution re-locking there; the
 *              model charges nothing (simplification: it only matters when
 *              the host or interface is slower than the media).
 *   seek       any other read (backwards out of the cache, beyond reach,
 *              or with no stream) costs
 *                settle + full_stroke * sqrt(|r(to) - r(head)| / 33 mm)
 *                + half a revolution at the target (rpm of the strategy)
 *              and the stream restarts at the target.
 *   spindle    START STOP UNIT stop costs spindown_ms; the next START or
 *              read costs spinup_ms (a read then also seeks).
 *   speed      a SET CD SPEED that changes the caps ends the stream (the
 *              spindle changes speed), so the next read seeks. */
#ifndef DB_VDRIVE_TIMING_H
#define DB_VDRIVE_TIMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vdrive.h"

/* Speed caps in effect (from SET CD SPEED), per kind of read. */
typedef struct vd_caps {
    uint16_t request_kbs;
    double data_x, dae_x;   /* INFINITY = uncapped */
} vd_caps;

typedef struct vd_head {
    bool spinning;
    uint64_t spindle_ready_ns; /* a spin-up/down runs until then */
    bool streaming;
    uint32_t first_lba;        /* where the stream began: the cache holds from here */
    uint32_t anchor_lba;       /* the stream is at anchor_lba ... */
    uint64_t anchor_ns;        /* ... at anchor_ns, and reads on at the media rate */
    uint32_t host_next;        /* first sector the host has not consumed */
    double idle_lba;           /* head position when not streaming */
    uint32_t stream_id;        /* counts the streams started (each seek): a
                                * non-accurate drive lands anew each time (dae.h) */
    uint32_t retried_to;       /* this stream has paid the retries of the slow
                                * sectors before here (errmodel.h) */
} vd_head;

void vd_head_init(vd_head *h);

/* Caps a SET CD SPEED request gives on this drive. */
void vd_caps_for(const vdrive *vd, uint16_t request_kbs, vd_caps *out);

/* Media time of [a, b) on this disc: each track read with its kind's speed
 * profile ([data] or [dae]) and cap.  The one function both the drive and
 * the ground truth use. */
double vd_disc_media_time_s(const vdrive *vd, const vd_caps *caps, double a, double b);
/* Access time from the head at from_lba to the sector to_lba. */
double vd_seek_time_s(const vdrive *vd, const vd_caps *caps, double from_lba, uint32_t to_lba);
/* Interface time of a command moving bytes: overhead + bytes / burst rate. */
uint64_t vd_iface_ns(const vdrive *vd, size_t bytes);

/* A read of [a, b): as the stream model above, plus the retries of slow
 * sectors (errmodel.h) the first time this stream reaches them: each costs
 * its retries x the drive's retry_ms, charged to the read that asks for it,
 * and the stream restarts after the read that much later (a drive with
 * slowdown_speed_x then also caps its speed there, until the next SET CD
 * SPEED). */
uint64_t vd_time_read(vdrive *vd, uint64_t now, uint32_t a, uint32_t b, size_t bytes);
/* A read of [a, ...) that stops at the unreadable sector bad: the drive
 * reads up to it, tries read_retries times (retry_ms each), gives up, and
 * streams on from bad + 1 (slowing down like a slow sector). */
uint64_t vd_time_read_fail(vdrive *vd, uint64_t now, uint32_t a, uint32_t bad);
uint64_t vd_time_seek(vdrive *vd, uint64_t now, uint32_t lba);
uint64_t vd_time_start_stop(vdrive *vd, uint64_t now, bool start, bool immed);
uint64_t vd_time_set_speed(vdrive *vd, uint64_t now, uint16_t request_kbs);
/* Any other command: interface time only. */
uint64_t vd_time_other(vdrive *vd, uint64_t now, size_t bytes);

#endif
