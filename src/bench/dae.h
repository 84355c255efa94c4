/* dae.h - the audio extraction (DAE) test: how fast and how accurately a
 * drive reads CD-DA.
 *
 * Method (also in the README):
 *  - rate: the first run of audio tracks is read zone by zone with READ CD
 *    (expected sector type CD-DA, byte 9 = user data: 2352 bytes per
 *    sector), exactly like the transfer test (seqread.h): spin-up, SET CD
 *    SPEED, initial access apart, zones without gaps, speed per zone in x
 *    (75 sectors/s) and KiB/s (x * 172.27: 75 * 2352 bytes per second),
 *    start/end/average, spin strategy.  Every byte read goes into a CRC-32
 *    per track (and, with --save-wav, a WAV file per track);
 *  - accuracy (--accuracy): every zone is read again twice, in windows of at
 *    most DAE_ACC_WINDOW sectors; between the two reads of a window the
 *    drive reads a block larger than its cache far away, so the second read
 *    comes from the disc.  The two reads are compared: an offset between
 *    them (the same audio shifted by some samples, searched within
 *    +-jitter_window samples) is jitter; sectors still different once
 *    aligned are mismatches.  When the drive returns C2 pointers (READ CD
 *    with 294 bytes of them), their bits are counted too;
 *  - paranoia (--paranoia): every zone is extracted again through
 *    libcdio-paranoia, its reads going through this drive's transport
 *    (dae_paranoia.c), and paranoia's verdicts per zone are counted;
 *  - data run: on a disc that also has data tracks, the transfer test runs
 *    over them into DIR/data/ and one picture (data-vs-audio) shows both
 *    curves; --with-transfer CSV does the same with a transfer.csv measured
 *    before (an audio CD has no data to read). */
#ifndef DB_BENCH_DAE_H
#define DB_BENCH_DAE_H

#include <stdbool.h>
#include <stdint.h>

#include "bench.h"
#include "seqread.h"
#include "transfer.h"

#define DAE_MAX_ZONES 10000
#define DAE_MAX_BLOCK 64
/* 27 x 2352 = 63,504 bytes: the most audio sectors under 64 KiB, the
 * transfer size every host adapter takes. */
#define DAE_DEFAULT_BLOCK 27
/* KiB/s of 1x audio: 75 sectors of 2352 bytes per second. */
#define DAE_KIB_S_PER_X (75.0 * 2352.0 / 1024.0)
/* Default jitter search: +-1 sector = 588 stereo samples. */
#define DAE_DEFAULT_JITTER_WINDOW 588
#define DAE_MAX_JITTER_WINDOW 5880
/* Accuracy reads compare windows of at most this many sectors (1 minute
 * of audio, 10.6 MB twice): memory stays bounded whatever the zone size. */
#define DAE_ACC_WINDOW 4500u
#define DAE_MAX_TRACKS 99

typedef struct dae_opts {
    double speed_x;            /* requested read speed, 0 = max */
    int zones;                 /* default 100 */
    int block_sectors;         /* default DAE_DEFAULT_BLOCK */
    bool accuracy;
    int jitter_window;         /* samples, default DAE_DEFAULT_JITTER_WINDOW */
    bool paranoia;
    const char *save_wav_dir;  /* write trackNN.wav there; NULL = no */
    const char *with_transfer; /* a transfer.csv to draw beside the DAE curve */
    bool no_data_run;          /* a disc with data tracks: do not measure them */
} dae_opts;

/* One audio track of the range read. */
/* One rip of one track: what of it was delivered, and its checksum. */
typedef struct dae_rip {
    uint64_t bytes;            /* audio bytes delivered */
    uint32_t crc32;            /* CRC-32 of those bytes (valid when complete) */
    bool complete;             /* every sector of the track was delivered */
} dae_rip;

typedef struct dae_track {
    int number;
    uint32_t lba_start, lba_end;
    dae_rip plain;             /* the rate pass's reads */
    uint64_t read_errors;      /* unreadable sectors in the rate pass (zero-filled) */
    dae_rip paranoia;          /* what paranoia delivered (--paranoia) */
    char wav[64];              /* file name in save_wav_dir, "" = none */
} dae_track;

/* Whether the drive serves audio it has just read again from its cache
 * (dae_cache.c): a drive that does makes a re-read prove nothing unless
 * the cache is defeated first, which --accuracy and paranoia both do. */
typedef enum dae_cache_verdict {
    DAE_CACHE_UNTESTED = 0,
    DAE_CACHE_YES,             /* a re-read came back far faster than new sectors */
    DAE_CACHE_NO,              /* a re-read cost a trip back to the disc */
    DAE_CACHE_UNCLEAR,         /* in between (e.g. the interface is the bottleneck) */
} dae_cache_verdict;
const char *dae_cache_verdict_name(dae_cache_verdict v); /* "yes", "no", "unclear", "untested" */

typedef struct dae_cache_probe {
    dae_cache_verdict verdict;
    int trials;                /* probes made (3, fewer on a short disc) */
    double new_ms, again_ms;   /* medians: a block of new sectors, the same block again */
    int block_sectors;
} dae_cache_probe;

typedef struct dae_accuracy_result {
    bool run;
    dae_cache_probe cache;     /* does the drive cache audio (before the windows) */
    bool c2_used;              /* reads asked for C2 pointers and got them */
    char c2_note[300];         /* why C2 was not counted */
    uint32_t defeat_sectors;   /* read far away between the two reads */
    int zones_done;
    uint32_t lba_done;
    uint64_t compared_sectors, mismatched_sectors, read_errors;
    uint64_t c2_bits, c2_sectors;
    int windows, windows_with_jitter, windows_unaligned;
    int zones_with_jitter;
    int offsets[32];           /* distinct jitter offsets found (samples), first 32 */
    int n_offsets;
    int min_offset, max_offset;
    bool interrupted, aborted;
    char abort_reason[256];
} dae_accuracy_result;

/* Paranoia's callback events we count (paranoia.h PARANOIA_CB_*). */
enum dae_par_event {
    DAE_PAR_READ, DAE_PAR_VERIFY, DAE_PAR_FIXUP_EDGE, DAE_PAR_FIXUP_ATOM, DAE_PAR_SCRATCH,
    DAE_PAR_REPAIR, DAE_PAR_SKIP, DAE_PAR_DRIFT, DAE_PAR_BACKOFF, DAE_PAR_OVERLAP,
    DAE_PAR_FIXUP_DROPPED, DAE_PAR_FIXUP_DUPED, DAE_PAR_READERR, DAE_PAR_CACHEERR,
    DAE_PAR_EVENTS
};
const char *dae_par_event_name(int e); /* "verify", "fixup_edge", ... */

/* A zone's verdict from its paranoia events. */
typedef enum dae_par_verdict {
    DAE_PAR_OK = 0,            /* nothing to correct */
    DAE_PAR_CORRECTED,         /* jitter, drift, dropped/duplicated bytes fixed */
    DAE_PAR_SKIPPED            /* paranoia gave up on some data, or read errors */
} dae_par_verdict;
const char *dae_par_verdict_name(dae_par_verdict v); /* "ok", "corrected", "skipped" */
dae_par_verdict dae_par_verdict_of(const uint64_t counts[DAE_PAR_EVENTS]);

typedef struct dae_paranoia_result {
    bool run;
    char version[64];
    int zones_done;
    uint32_t lba_done;
    uint64_t counts[DAE_PAR_EVENTS];
    uint64_t sectors_out;      /* sectors paranoia delivered */
    uint64_t sectors_read;     /* sectors it read from the drive to do so */
    double seconds;            /* drive clock */
    double avg_x;              /* sectors_out / seconds / 75 */
    int zones_ok, zones_corrected, zones_skipped;
    bool matches_rate_pass;    /* per-track CRCs equal those of the plain rip */
    bool interrupted, aborted;
    char abort_reason[256];
} dae_paranoia_result;

typedef struct dae_result {
    db_identity id;
    uint32_t lba_start, lba_end;   /* audio range tested */
    int audio_tracks_outside;      /* audio tracks not in that range */
    int zones_total;
    db_seq_result rate;
    double spinup_ms;              /* NaN when the drive refused START STOP UNIT */
    char spinup_note[600];
    char speed_note[600];
    bool have_caps;                /* MODE SENSE page 2A answered */
    mmc_caps caps;
    double duration_s;
    int ntracks;
    dae_track tracks[DAE_MAX_TRACKS];
    dae_accuracy_result acc;
    dae_paranoia_result par;
    bool data_run;                 /* the transfer test ran over the data tracks */
    int data_rc;                   /* its exit code */
    char data_error[512];
    transfer_result data;
    char transfer_csv[4096];       /* the data curve drawn with the audio one, "" = none */
    char plot_note[256];           /* dae.gp */
    char curves_note[256];         /* data-vs-audio.gp */
    bool interrupted, aborted;
    char abort_reason[256];
} dae_result;

/* Run the test; writes dae.csv (and dae_accuracy.csv, dae_paranoia.csv) as
 * zones complete, then dae.gp, the pictures, data-vs-audio.gp and
 * summary.json (always, even when interrupted or aborted).  Returns an enum
 * db_exit value; err explains any non-zero one. */
int dae_run(const db_bench_ctx *ctx, const dae_opts *opts, dae_result *res, db_error *err);

#endif
