/* seek.h - the seek test: access times (random, 1/3 stroke, full stroke),
 * spin-up and spin-down, burst rate, CPU use.
 *
 * Method (also in the README, section seek):
 *  - access: the drive is set to its maximum speed; each sample is a
 *    positioning READ(10) of one sector at `from` (not timed) followed by
 *    the timed READ(10) of one sector at `to`, so a sample is what a
 *    program waits for: seek + settle + rotational latency + one sector.
 *    Pairs, cache defeat and the nominal geometry: seek_plan.h.  Kinds are
 *    measured in the order full, 1/3, random;
 *  - spin: STOP UNIT then START UNIT, both with IMMED = 0 and never the
 *    eject bit: each command's time is the spin-down and the spin-up time;
 *  - burst: one block (a quarter of the drive's buffer, at most 64 KiB)
 *    is read once, then read again SEEK_BURST_READS times: the repeats
 *    come from the drive's cache, so the fastest one moves at the
 *    interface speed; burst = bytes / that time (MB/s, 10^6 bytes);
 *  - CPU: for each of 8x, 16x and max (SET CD SPEED), a sustained
 *    sequential read of cpu_mib MiB from the start of the data area;
 *    CPU % = this process's user + system time (getrusage) / the drive
 *    clock's duration of the read.  On the virtual drive in virtual time
 *    that duration is virtual: the figure is discbench's (and the
 *    in-process virtual drive's) own cost against virtual time, labelled
 *    so, never a real drive's figure. */
#ifndef DB_BENCH_SEEK_H
#define DB_BENCH_SEEK_H

#include <stdbool.h>
#include <stdint.h>

#include "../report/csv.h"
#include "bench.h"
#include "seek_plan.h"

#define SEEK_MAX_SAMPLES_PER_KIND 1000
#define SEEK_DEFAULT_SAMPLES 100
#define SEEK_BURST_READS 8
#define SEEK_BURST_MAX_SECTORS 32      /* 64 KiB */
#define SEEK_CPU_STEPS 3
#define SEEK_DEFAULT_CPU_MIB 8.0
#define SEEK_MAX_CPU_MIB 256.0
/* Buffer assumed when MODE SENSE page 2A does not give one (KiB). */
#define SEEK_DEFAULT_BUFFER_KIB 4096u

/* Burst rate thresholds (MB/s).  PIO mode 4 moves at most 16.6 MB/s and
 * every UDMA mode at least 16.7 (UDMA 0) - in practice ATAPI drives run
 * UDMA 2 (33 MB/s) or more -, so a burst under 20 MB/s looks like PIO (the
 * classic "DMA is off").  USB 1.1 full speed is 12 Mbit/s, about 1 MB/s of
 * data: under 2 MB/s looks like a USB 1.1 link (or PIO mode 0). */
#define SEEK_BURST_PIO_MB_S 20.0
#define SEEK_BURST_USB1_MB_S 2.0

typedef struct seek_opts {
    int samples;           /* per kind, 0..SEEK_MAX_SAMPLES_PER_KIND; 0 = no access samples */
    uint64_t seed;         /* sample pairs */
    double cpu_mib;        /* read per CPU step; 0 = no CPU measurement */
} seek_opts;

typedef struct seek_stats {
    int wanted, done;
    double sum_ms, min_ms, max_ms, avg_ms;   /* NaN when done == 0 */
    double sum_distance_mm;
    char note[400];        /* why the kind was not measured or stopped early */
} seek_stats;

typedef struct seek_cpu_step {
    double requested_x;    /* 0 = max */
    bool measured;
    double speed_x;        /* achieved: sectors / drive time / 75 */
    uint32_t sectors;
    double drive_s, cpu_s, cpu_percent;
    char note[300];
} seek_cpu_step;

/* The burst figure as a sentence when it looks like a slow link, or NULL. */
const char *seek_burst_warning(double mb_s);

typedef struct seek_result {
    db_identity id;
    uint32_t lba_start, lba_end;       /* data area sampled */
    uint32_t buffer_kib;               /* page 2A; 0 = not reported */
    uint32_t window_sectors;
    seek_stats kind[SEEK_KINDS];
    uint64_t read_errors;              /* unreadable sectors met (target or positioning read): samples dropped */

    double spindown_ms, spinup_ms;     /* NaN when not measured */
    char spin_note[600];

    double burst_mb_s;                 /* NaN when not measured */
    uint32_t burst_bytes;
    const char *burst_warning;         /* seek_burst_warning(), or NULL */
    char burst_note[400];

    int cpu_steps;
    seek_cpu_step cpu[SEEK_CPU_STEPS];
    const char *cpu_basis;             /* "virtual time" / "real time" */
    char cpu_label[300];               /* what the CPU figure is (simulated or not) */
    char cpu_note[400];

    char speed_note[600];              /* SET CD SPEED refused */
    double duration_s;                 /* drive clock, whole test */
    bool interrupted;
    bool aborted;
    char abort_reason[256];
    char stopped_in[160];              /* where an interrupted/aborted test stopped */
    char plot_note[256];
} seek_result;

/* Run the test: seek.csv as samples are taken, then seek.gp (+ pictures)
 * and summary.json, always (interrupted or aborted too).  Returns an enum
 * db_exit value; err explains a non-zero one. */
int seek_run(const db_bench_ctx *ctx, const seek_opts *opts, seek_result *res, db_error *err);

/* ---- parts (seek_mech.c, seek_output.c) ---- */

/* Spin-down and spin-up; a refusal goes into res->spin_note. */
void seek_measure_spin(db_drive *d, seek_result *res);
/* Burst rate at lba; -1 = fatal drive failure (reason in res->abort_reason). */
int seek_measure_burst(const db_bench_ctx *ctx, uint32_t lba, uint32_t lba_end, seek_result *res);
/* What the CPU figure is on this drive and clock: res->cpu_basis, cpu_label. */
void seek_cpu_label(const db_drive *d, seek_result *res);
/* CPU use steps; -1 = fatal drive failure, 1 = interrupted. */
int seek_measure_cpu(const db_bench_ctx *ctx, const seek_opts *opts, seek_result *res);

typedef struct seek_out {
    db_csv *csv;
    const char *source;
} seek_out;

int seek_out_open(seek_out *o, const db_bench_ctx *ctx, db_error *err);
/* One sample's row; access_ms NaN = dropped (written empty), faults =
 * commands that failed during it. */
int seek_out_sample(seek_out *o, seek_kind k, int sample, uint32_t from, uint32_t to,
                    double access_ms, uint32_t faults, db_error *err);
/* Close the CSV, write seek.gp (+png/svg) and summary.json. */
int seek_out_finish(seek_out *o, const db_bench_ctx *ctx, const seek_opts *opts, seek_result *res,
                    db_error *err);

#endif
