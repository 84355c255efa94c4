/* bench.h - what every test module gets from the CLI, and the drive/disc
 * identity every summary carries.  Bench modules see a db_drive and its
 * clock only: they cannot tell a real drive from the virtual one. */
#ifndef DB_BENCH_BENCH_H
#define DB_BENCH_BENCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "../drive/drive.h"
#include "../drive/mmc.h"
#include "../util/error.h"

/* Progress callback: fraction 0..1 of the test done, and a short status. */
typedef void (*db_progress_fn)(void *arg, double fraction, const char *status);

typedef struct db_bench_ctx {
    db_drive *drive;
    const char *out_dir;                   /* results directory (created by the caller) */
    const volatile sig_atomic_t *stop;     /* set by SIGINT/SIGTERM: stop, keep results */
    db_progress_fn progress;               /* may be NULL */
    void *progress_arg;
    const char *label;                     /* --label, may be NULL */
    const char *disc_name;                 /* --disc-name: which physical disc, may be NULL */
    const char *command_line;              /* for summary.json */
    bool no_plot;                          /* write the .gp script but do not run gnuplot */
    double write_speed_x;                  /* --write-speed: the disc's burn speed, 0 = not given */
    /* Every command that failed during the test, by class (drive/retry.h;
     * summary.json "command_faults").  May be NULL: nothing is logged. */
    struct db_fault_log *faults;
} db_bench_ctx;

static inline bool db_bench_stopped(const db_bench_ctx *c)
{
    return c->stop && *c->stop;
}

/* Who and what is being tested: read once at the start of every test. */
typedef struct db_identity {
    mmc_inquiry inquiry;
    bool have_toc;
    mmc_toc toc;
    uint32_t disc_sectors;    /* lead-out LBA */
    int data_tracks, audio_tracks;
} db_identity;

/* INQUIRY + TEST UNIT READY + READ TOC.  Fails (DB_EXIT_DEVICE) when no
 * disc is present, naming the reason the drive gave. */
int db_identity_read(db_drive *d, db_identity *out, db_error *err);
/* The same, recording failed commands in log (may be NULL). */
struct db_fault_log;
int db_identity_read_logged(db_drive *d, struct db_fault_log *log, db_identity *out, db_error *err);

/* The first run of consecutive data tracks: [*lba_start, *lba_end).
 * Returns -1 when the disc has no data track. */
int db_identity_data_range(const db_identity *id, uint32_t *lba_start, uint32_t *lba_end);
/* The same for audio tracks: the first run of consecutive audio tracks
 * (all of an audio CD; the audio after the data track of a mixed-mode CD;
 * the audio before the data session of a CD-Extra).  -1 when none. */
int db_identity_audio_range(const db_identity *id, uint32_t *lba_start, uint32_t *lba_end);

/* "LITE-ON LTR-40125S ZS0K" */
void db_identity_drive_name(const db_identity *id, char *out, size_t out_len);

#endif
