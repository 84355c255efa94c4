/* dae_int.h - what the DAE test's files share (dae.c runs the passes,
 * dae_tracks.c checksums and saves the audio, dae_accuracy.c compares
 * reads, dae_paranoia.c extracts through libcdio-paranoia, dae_output.c
 * writes the results).  Not for use outside src/bench/dae*.c and tests. */
#ifndef DB_BENCH_DAE_INT_H
#define DB_BENCH_DAE_INT_H

#include <stdio.h>

#include "../report/csv.h"
#include "dae.h"

/* ---- results files (dae_output.c) ---- */

typedef struct dae_out {
    db_csv *rate;              /* dae.csv */
    db_csv *acc;               /* dae_accuracy.csv */
    db_csv *par;               /* dae_paranoia.csv */
    const char *source;        /* "simulated" / "measured" */
    const dae_result *res;     /* tracks (for the track column), audio start */
} dae_out;

int dae_out_open(dae_out *o, const db_bench_ctx *ctx, const dae_opts *opts, const dae_result *res,
                 db_error *err);
int dae_out_rate_row(dae_out *o, const db_zone_row *z, db_error *err);

typedef struct dae_acc_row {
    int zone;
    uint32_t lba_start, lba_end;
    uint64_t compared, mismatched;
    bool have_offset;          /* jitter_samples is known (some window aligned) */
    int offset;                /* largest |offset| of the zone's windows, samples */
    int unaligned_windows;
    uint64_t c2_bits, c2_sectors, read_errors;
} dae_acc_row;
int dae_out_acc_row(dae_out *o, const dae_acc_row *r, db_error *err);

typedef struct dae_par_row {
    int zone;
    uint32_t lba_start, lba_end;
    double speed_x;
    uint64_t sectors_read;
    uint64_t counts[DAE_PAR_EVENTS];
} dae_par_row;
int dae_out_par_row(dae_out *o, const dae_par_row *r, db_error *err);

/* Close the CSVs, write dae.gp (+ pictures), data-vs-audio.gp when there
 * is a data curve, and summary.json.  Returns -1 only when summary.json or
 * a script cannot be written. */
int dae_out_finish(dae_out *o, const db_bench_ctx *ctx, const dae_opts *opts, dae_result *res,
                   db_error *err);
void dae_out_close(dae_out *o);

/* ---- per-track checksums and WAV files (dae_tracks.c) ---- */

typedef struct dae_tracks {
    dae_result *res;
    const char *wav_dir;       /* NULL = no WAV files */
    bool wav_paranoia;         /* the WAV files hold paranoia's rip, not the rate pass's */
    FILE *wav;                 /* the track being written */
    int wav_track;             /* its index in res->tracks, -1 = none */
    uint64_t wav_bytes;
} dae_tracks;

/* The tracks of the range, from the TOC. */
void dae_tracks_list(dae_result *res);
/* wav_dir NULL: checksums only; else trackNN.wav files there, of
 * paranoia's rip when wav_paranoia, of the rate pass's reads otherwise. */
void dae_tracks_init(dae_tracks *t, dae_result *res, const char *wav_dir, bool wav_paranoia);
/* n sectors of 2352 bytes at lba from the rate pass (bad[i]: unreadable). */
int dae_tracks_feed(dae_tracks *t, uint32_t lba, uint32_t n, const uint8_t *data, const uint8_t *bad,
                    db_error *err);
/* One sector delivered by paranoia. */
int dae_tracks_feed_paranoia(dae_tracks *t, uint32_t lba, const uint8_t *sector, db_error *err);
/* Close the WAV file being written (its header says how much it holds). */
int dae_tracks_finish(dae_tracks *t, db_error *err);
/* Index in res->tracks of the track holding lba, -1 if none. */
int dae_track_index(const dae_result *res, uint32_t lba);

/* ---- comparing two reads of the same sectors (dae_accuracy.c) ---- */

typedef struct dae_compare {
    bool aligned;              /* identical, or an offset was found */
    int offset;                /* samples: the second read's sample k is the first's k + offset */
    uint32_t compared_sectors; /* sectors of the second read whose aligned span lies in the first */
    uint32_t mismatched_sectors;
} dae_compare;

/* a and b hold the same n sectors (2352 bytes each) read twice.  The offset
 * is searched within +-window stereo samples: probes of b are looked for
 * in a, and the offset most probes agree on wins; a probe found at several
 * offsets (silence, a pure tone) does not vote. */
void dae_compare_reads(const uint8_t *a, const uint8_t *b, uint32_t n, int window, dae_compare *out);

/* Number of set bits in n bytes (C2 pointers). */
uint64_t dae_popcount(const uint8_t *p, size_t n);

/* ---- passes ---- */

/* ---- does the drive cache audio (dae_cache.c) ---- */

/* A few timed reads in the audio range: 0 done (out set), 1 interrupted,
 * -1 the drive failed (why in reason). */
int dae_cache_probe_run(const db_bench_ctx *ctx, db_reader *rd, uint32_t lba_start, uint32_t lba_end,
                        dae_cache_probe *out, char *reason, size_t reason_len);
/* The verdict of a ratio again/new (exposed for its unit test). */
dae_cache_verdict dae_cache_verdict_of(double new_ms, double again_ms);

int dae_accuracy_run(const db_bench_ctx *ctx, const dae_opts *opts, const db_seq_plan *plan,
                     dae_result *res, dae_out *out, db_error *err);
int dae_paranoia_run(const db_bench_ctx *ctx, const dae_opts *opts, const db_seq_plan *plan,
                     dae_result *res, dae_tracks *tracks, dae_out *out, db_error *err);

#endif
