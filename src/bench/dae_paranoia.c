/* dae_paranoia.c - the paranoia pass of the DAE test: the audio extracted
 * through libcdio-paranoia, its reads going through discbench's transport,
 * its work reported zone by zone.
 *
 * How paranoia reads through a db_drive.  libcdio-paranoia's public
 * cdrom_drive_t (cdio/paranoia/cdda.h) carries its driver as function
 * pointers: paranoia reads audio only through d->read_audio (via
 * cdio_cddap_read_timed, which checks d->opened and byte order), and never
 * frees d.  So discbench builds the cdrom_drive_t itself, inside a struct
 * of its own (first member, so the callback gets back to the db_drive), with
 * read_audio sending READ CD through db_drive_exec: the same allowlist and
 * transport as every other command, on a real drive and on the virtual one
 * alike.
 *
 * The one thing not replaced is d->p_cdio: paranoia's TOC helpers (first
 * and last audio sector, track of a sector) ask libcdio through it, and
 * libcdio has no public way to build a CdIo_t over a custom transport
 * (cdio_new and cdio_funcs_t live in its private headers).  discbench
 * leaves p_cdio NULL and sets paranoia's range explicitly to the audio range
 * (cdio_paranoia_set_range), which overrides everything those helpers
 * would have computed; with NULL they answer "no track" (libcdio checks
 * for NULL), which only leaves paranoia's cache-flush read position
 * unclamped: read_audio clamps such a read into the audio range itself.
 * Nothing of a real drive's own CdIo_t is needed, so the bench layer stays
 * blind to the transport. */
#include <cdio/paranoia/cdda.h>
#include <cdio/paranoia/paranoia.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dae_int.h"

/* cd-paranoia's default number of re-reads before a skip. */
#define PARANOIA_RETRIES 20

_Static_assert(DAE_PAR_READ == (int)PARANOIA_CB_READ && DAE_PAR_VERIFY == (int)PARANOIA_CB_VERIFY &&
                   DAE_PAR_SKIP == (int)PARANOIA_CB_SKIP && DAE_PAR_DRIFT == (int)PARANOIA_CB_DRIFT &&
                   DAE_PAR_READERR == (int)PARANOIA_CB_READERR &&
                   DAE_PAR_CACHEERR == (int)PARANOIA_CB_CACHEERR,
               "dae_par_event follows paranoia_cb_mode_t");

static const char *const event_names[DAE_PAR_EVENTS] = {
    "read", "verify", "fixup_edge", "fixup_atom", "scratch", "repair", "skip", "drift",
    "backoff", "overlap", "fixup_dropped", "fixup_duped", "read_error", "cache_error"
};

const char *dae_par_event_name(int e)
{
    return e >= 0 && e < DAE_PAR_EVENTS ? event_names[e] : "?";
}

const char *dae_par_verdict_name(dae_par_verdict v)
{
    switch (v) {
    case DAE_PAR_OK: return "ok";
    case DAE_PAR_CORRECTED: return "corrected";
    case DAE_PAR_SKIPPED: return "skipped";
    }
    return "?";
}

dae_par_verdict dae_par_verdict_of(const uint64_t counts[DAE_PAR_EVENTS])
{
    if (counts[DAE_PAR_SKIP] || counts[DAE_PAR_READERR])
        return DAE_PAR_SKIPPED;
    if (counts[DAE_PAR_FIXUP_EDGE] || counts[DAE_PAR_FIXUP_ATOM] || counts[DAE_PAR_FIXUP_DROPPED] ||
        counts[DAE_PAR_FIXUP_DUPED] || counts[DAE_PAR_DRIFT])
        return DAE_PAR_CORRECTED;
    return DAE_PAR_OK;
}

/* paranoia's callback takes no context argument, so the counters of the
 * zone being extracted are reached through this one thread-local pointer:
 * set around each zone, NULL otherwise. */
static _Thread_local uint64_t *zone_counts;

static void on_event(long pos, paranoia_cb_mode_t mode)
{
    (void)pos;
    if (zone_counts && (int)mode >= 0 && (int)mode < DAE_PAR_EVENTS)
        zone_counts[mode]++;
}

typedef struct dae_cdda {
    cdrom_drive_t cd;          /* first member: read_audio gets back here */
    db_drive *drive;
    db_reader rd;
    uint32_t audio_start, audio_end;
    uint64_t sectors_read;
    bool fatal;
    char fail_reason[256];
} dae_cdda;

/* paranoia's read hook: sectors of CD-DA at begin into p (NULL: a read
 * paranoia times to flush the drive's cache, data not wanted).  Returns
 * the sectors read (fewer when one is unreadable: paranoia pads and
 * retries), or -1 with errno: ENOMEDIUM makes paranoia give up at once,
 * which is what a failed drive must do. */
static long read_audio(cdrom_drive_t *d, void *p, lsn_t begin, long sectors)
{
    dae_cdda *w = (dae_cdda *)d;
    if (w->fatal) {
        errno = ENOMEDIUM;
        return -1;
    }
    if (sectors <= 0)
        return 0;
    if (!p) {
        /* a cache flush: any one audio sector there or nearest will do */
        sectors = 1;
        if (begin < (lsn_t)w->audio_start)
            begin = (lsn_t)w->audio_start;
        if (begin >= (lsn_t)w->audio_end)
            begin = (lsn_t)w->audio_end - 1;
    }
    if (begin < (lsn_t)w->audio_start || begin + sectors > (lsn_t)w->audio_end) {
        errno = EIO;
        return -1;
    }
    uint64_t t0 = db_clock_now_ns(&w->drive->clock);
    long done = 0;
    while (done < sectors) {
        uint32_t n = (uint32_t)(sectors - done);
        if (n > (uint32_t)w->rd.block_sectors)
            n = (uint32_t)w->rd.block_sectors;
        /* straight into paranoia's buffer: no copy of every sector */
        uint8_t *dst = p ? (uint8_t *)p + (size_t)done * CD_RAW_BYTES : w->rd.buf;
        if (db_reader_read_into(&w->rd, (uint32_t)(begin + done), n, dst)) {
            w->fatal = true;
            snprintf(w->fail_reason, sizeof w->fail_reason, "%s", w->rd.fail_reason);
            errno = ENOMEDIUM;
            return -1;
        }
        /* hand over the good sectors before the first unreadable one */
        uint32_t good = 0;
        while (good < n && !w->rd.bad[good])
            good++;
        done += good;
        w->sectors_read += n;
        if (good < n)
            break;
    }
    d->last_milliseconds = (int)((db_clock_now_ns(&w->drive->clock) - t0) / 1000000u);
    return done;
}

static int enable_cdda(cdrom_drive_t *d, int onoff)
{
    (void)d;
    (void)onoff;
    return 0; /* MMC drives read CD-DA with READ CD, no mode to switch */
}

static int setup(dae_cdda *w, db_drive *drive, const dae_result *res, int block)
{
    memset(w, 0, sizeof *w);
    db_read_method m = db_read_method_cdda(MMC_READCD_USER);
    if (db_reader_init_method(&w->rd, drive, &m, block))
        return -1;
    w->drive = drive;
    w->audio_start = res->lba_start;
    w->audio_end = res->lba_end;
    cdrom_drive_t *d = &w->cd;
    d->p_cdio = NULL; /* see the top of this file */
    d->opened = 1;
    d->cdda_device_name = NULL;
    d->drive_model = NULL;
    d->bigendianp = 0;         /* MMC returns CD-DA little-endian */
    d->b_swap_bytes = false;   /* keep the drive's bytes: they are what we checksum */
    d->nsectors = block;
    d->cd_extra = 0;
    d->errordest = CDDA_MESSAGE_FORGETIT;
    d->messagedest = CDDA_MESSAGE_FORGETIT;
    d->enable_cdda = enable_cdda;
    d->read_audio = read_audio;
    d->read_toc = NULL;
    d->set_speed = NULL;
    d->is_atapi = 1;
    d->is_mmc = 1;
    /* the TOC of the range, for paranoia's own sanity checks */
    int n = 0;
    for (int i = 0; i < res->ntracks && n < MAXTRK - 1; i++, n++) {
        d->disc_toc[n].bTrack = (unsigned char)res->tracks[i].number;
        d->disc_toc[n].dwStartSector = (int32_t)res->tracks[i].lba_start;
    }
    d->disc_toc[n].bTrack = CDIO_CDROM_LEADOUT_TRACK;
    d->disc_toc[n].dwStartSector = (int32_t)res->lba_end;
    d->tracks = (track_t)n;
    d->audio_first_sector = (lsn_t)res->lba_start;
    d->audio_last_sector = (lsn_t)res->lba_end - 1;
    return 0;
}

static void teardown(dae_cdda *w)
{
    db_reader_free(&w->rd);
    free(w->cd.messagebuf);
    free(w->cd.errorbuf);
}

int dae_paranoia_run(const db_bench_ctx *ctx, const dae_opts *opts, const db_seq_plan *plan,
                     dae_result *res, dae_tracks *tracks, dae_out *out, db_error *err)
{
    dae_paranoia_result *par = &res->par;
    par->run = true;
    par->lba_done = plan->lba_start;
    snprintf(par->version, sizeof par->version, "%s", cdio_paranoia_version());
    dae_cdda *w = malloc(sizeof *w);
    if (!w || setup(w, ctx->drive, res, opts->block_sectors)) {
        free(w);
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    }
    w->rd.log = ctx->faults;
    db_drive *d = ctx->drive;
#ifdef __GLIBC__
    /* paranoia allocates and frees a few MB (its read blocks, 1200 sectors
     * each) for every block it reads: with glibc's default thresholds each
     * one is a fresh mmap or a trimmed heap, and page faults cost more
     * than the reads.  Keep such blocks on the heap and the heap as it is
     * (process-wide allocator tuning; harmless for the rest of a run). */
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
    /* One paranoia over the whole audio range, read straight through as
     * cd-paranoia rips a disc: its read-ahead and overlap carry on across
     * zone boundaries instead of starting afresh (and allocating its
     * cache anew) at each zone.  A zone's row counts what paranoia did
     * while it delivered that zone's sectors. */
    int rc = 0;
    cdrom_paranoia_t *p = cdio_paranoia_init(&w->cd);
    if (!p)
        rc = -3;
    else {
        /* full paranoia, as cd-paranoia runs by default (skips allowed) */
        cdio_paranoia_modeset(p, PARANOIA_MODE_FULL ^ PARANOIA_MODE_NEVERSKIP);
        cdio_paranoia_set_range(p, (long)plan->lba_start, (long)plan->lba_end - 1);
    }
    for (int z = 0; z < plan->zones && rc == 0; z++) {
        uint32_t zs = db_seq_zone_start(plan, z), ze = db_seq_zone_start(plan, z + 1);
        dae_par_row row = { .zone = z, .lba_start = zs, .lba_end = ze };
        zone_counts = row.counts;
        uint64_t read0 = w->sectors_read;
        uint64_t t0 = db_clock_now_ns(&d->clock);
        uint32_t lba = zs;
        for (; lba < ze; lba++) {
            if (db_bench_stopped(ctx)) {
                rc = 1;
                break;
            }
            int16_t *sector = cdio_paranoia_read_limited(p, on_event, PARANOIA_RETRIES);
            if (!sector || w->fatal) {
                rc = -1;
                break;
            }
            if (dae_tracks_feed_paranoia(tracks, lba, (const uint8_t *)sector, err)) {
                rc = -2;
                break;
            }
            par->sectors_out++;
        }
        zone_counts = NULL;
        double secs = (double)(db_clock_now_ns(&d->clock) - t0) / 1e9;
        par->lba_done = lba;
        if (rc)
            break;
        row.sectors_read = w->sectors_read - read0;
        row.speed_x = secs > 0 ? (ze - zs) / secs / CD_SECTORS_PER_S : 0;
        par->seconds += secs;
        for (int e = 0; e < DAE_PAR_EVENTS; e++)
            par->counts[e] += row.counts[e];
        switch (dae_par_verdict_of(row.counts)) {
        case DAE_PAR_OK: par->zones_ok++; break;
        case DAE_PAR_CORRECTED: par->zones_corrected++; break;
        case DAE_PAR_SKIPPED: par->zones_skipped++; break;
        }
        par->zones_done = z + 1;
        if (dae_out_par_row(out, &row, err)) {
            rc = -2;
            break;
        }
        if (ctx->progress) {
            char status[96];
            snprintf(status, sizeof status, "paranoia zone %d/%d  %.2fx", z + 1, plan->zones, row.speed_x);
            double f = (double)(z + 1) / plan->zones;
            ctx->progress(ctx->progress_arg, plan->progress_from + f * (plan->progress_to - plan->progress_from),
                          status);
        }
    }
    if (p)
        cdio_paranoia_free(p);
    par->sectors_read = w->sectors_read;
    par->avg_x = par->seconds > 0 ? par->sectors_out / par->seconds / CD_SECTORS_PER_S : 0;
    if (rc == 1) {
        par->interrupted = true;
    } else if (rc == -1) {
        par->aborted = true;
        snprintf(par->abort_reason, sizeof par->abort_reason, "%s",
                 w->fatal ? w->fail_reason : "paranoia returned no data");
    } else if (rc == -3) {
        par->aborted = true;
        snprintf(par->abort_reason, sizeof par->abort_reason, "paranoia could not be initialised");
    }
    teardown(w);
    free(w);
    return rc == -2 ? -1 : 0;
}
