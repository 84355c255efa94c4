/* seek_mech.c - the seek test's measurements besides access times:
 * spin-down/up, burst rate, CPU use (method in seek.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../util/clock.h"
#include "reader.h"
#include "seek.h"

static double ms_between(uint64_t a_ns, uint64_t b_ns)
{
    return (double)(b_ns - a_ns) / 1e6;
}

void seek_measure_spin(db_drive *d, seek_result *res)
{
    db_error e = { 0 };
    res->spindown_ms = res->spinup_ms = NAN;
    uint64_t t0 = db_clock_now_ns(&d->clock);
    if (db_mmc_start_stop(d, false, &e)) {
        snprintf(res->spin_note, sizeof res->spin_note,
                 "spin-down and spin-up not measured: the drive refused %s", e.msg);
        return;
    }
    uint64_t t1 = db_clock_now_ns(&d->clock);
    res->spindown_ms = ms_between(t0, t1);
    if (db_mmc_start_stop(d, true, &e)) {
        /* the next read spins the disc up again by itself */
        snprintf(res->spin_note, sizeof res->spin_note,
                 "spin-up not measured: the drive refused %s", e.msg);
        return;
    }
    res->spinup_ms = ms_between(t1, db_clock_now_ns(&d->clock));
}

const char *seek_burst_warning(double mb_s)
{
    if (!isfinite(mb_s))
        return NULL;
    if (mb_s < SEEK_BURST_USB1_MB_S)
        return "burst rate under 2 MB/s: looks like a USB 1.1 link (12 Mbit/s) or PIO mode 0";
    if (mb_s < SEEK_BURST_PIO_MB_S)
        return "burst rate under 20 MB/s: looks like PIO mode (DMA off?) - or a 16.6 MB/s "
               "multiword DMA 2 or SCSI link, which the burst alone cannot tell apart";
    return NULL;
}

/* Burst block: a quarter of the buffer, so the block sits in the cache
 * even while the drive reads ahead into the rest; 1..32 sectors. */
static uint32_t burst_sectors(uint32_t buffer_kib)
{
    uint32_t kib = buffer_kib ? buffer_kib : SEEK_DEFAULT_BUFFER_KIB;
    uint32_t n = kib / 4 / 2; /* KiB / 4, in 2 KiB sectors */
    if (n < 1)
        n = 1;
    return n > SEEK_BURST_MAX_SECTORS ? SEEK_BURST_MAX_SECTORS : n;
}

int seek_measure_burst(const db_bench_ctx *ctx, uint32_t lba, uint32_t lba_end, seek_result *res)
{
    db_drive *d = ctx->drive;
    res->burst_mb_s = NAN;
    uint32_t n = burst_sectors(res->buffer_kib);
    if (lba_end - lba < n)
        n = lba_end - lba;
    res->burst_bytes = n * CD_DATA_BYTES;
    db_reader rd;
    if (db_reader_init(&rd, d, (int)n)) {
        snprintf(res->burst_note, sizeof res->burst_note, "not measured: out of memory");
        return 0;
    }
    rd.log = ctx->faults;
    /* The first read brings the block into the cache (it seeks). */
    int rc = db_reader_read(&rd, lba, n);
    res->read_errors += rd.last_errors;
    uint64_t best_ns = UINT64_MAX;
    for (int i = 0; i < SEEK_BURST_READS && rc == 0 && rd.last_errors == 0; i++) {
        uint64_t t0 = db_clock_now_ns(&d->clock);
        rc = db_reader_read(&rd, lba, n);
        uint64_t dt = db_clock_now_ns(&d->clock) - t0;
        res->read_errors += rd.last_errors;
        if (rc == 0 && rd.last_errors == 0 && dt < best_ns)
            best_ns = dt;
    }
    if (rc < 0) {
        snprintf(res->abort_reason, sizeof res->abort_reason, "%s", rd.fail_reason);
        db_reader_free(&rd);
        return -1;
    }
    db_reader_free(&rd);
    if (best_ns == UINT64_MAX || best_ns == 0) {
        snprintf(res->burst_note, sizeof res->burst_note,
                 best_ns ? "not measured: the block at LBA %u could not be read"
                         : "not measured: the drive clock did not advance during a read (LBA %u)",
                 lba);
        return 0;
    }
    res->burst_mb_s = (double)res->burst_bytes / ((double)best_ns / 1e9) / 1e6;
    res->burst_warning = seek_burst_warning(res->burst_mb_s);
    return 0;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru))
        return NAN;
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

void seek_cpu_label(const db_drive *d, seek_result *res)
{
    /* Only the clock says whether drive time is real: the realtime virtual
     * drive and real drives run on CLOCK_MONOTONIC. */
    bool real_time = d->clock.ops == db_clock_monotonic().ops;
    res->cpu_basis = real_time ? "real time" : "virtual time";
    if (!d->simulated)
        snprintf(res->cpu_label, sizeof res->cpu_label,
                 "measured: discbench's user + system CPU time (getrusage) during the read, against "
                 "the read's duration; kernel work done in interrupt context may not be charged to it");
    else if (real_time)
        snprintf(res->cpu_label, sizeof res->cpu_label,
                 "SIMULATED drive in real time: CPU time of discbench and of the in-process virtual "
                 "drive against real time - not a real drive's cost");
    else
        snprintf(res->cpu_label, sizeof res->cpu_label,
                 "SIMULATED: discbench's own CPU time (with the in-process virtual drive) against "
                 "VIRTUAL drive time - not a real figure");
}

/* One step: SET CD SPEED, a positioning read, then `sectors` timed. */
static int cpu_step(const db_bench_ctx *ctx, db_reader *rd, seek_result *res, seek_cpu_step *st,
                    uint32_t total)
{
    db_drive *d = ctx->drive;
    uint32_t block = (uint32_t)rd->block_sectors;
    db_error e = { 0 };
    uint16_t kbs = st->requested_x > 0 ? db_mmc_x_to_kbs(st->requested_x) : MMC_SPEED_MAX_KBS;
    if (db_mmc_set_cd_speed(d, kbs, &e))
        snprintf(st->note, sizeof st->note, "speed not set, read at the drive's own speed: %.200s", e.msg);
    uint32_t lba = res->lba_start;
    uint32_t end = lba + total;
    int rc = db_reader_read(rd, lba, block); /* seek, spindle at the new speed */
    if (rc < 0)
        return -1;
    lba += block;
    double cpu0 = cpu_seconds();
    uint64_t t0 = db_clock_now_ns(&d->clock);
    while (lba < end) {
        if (db_bench_stopped(ctx))
            return 1;
        uint32_t n = end - lba < block ? end - lba : block;
        rc = db_reader_read(rd, lba, n);
        if (rc < 0)
            return -1;
        res->read_errors += rd->last_errors;
        lba += n;
    }
    double drive_s = (double)(db_clock_now_ns(&d->clock) - t0) / 1e9;
    double cpu_s = cpu_seconds() - cpu0;
    st->sectors = total - block;
    st->drive_s = drive_s;
    st->cpu_s = cpu_s;
    st->measured = drive_s > 0 && isfinite(cpu_s);
    st->speed_x = drive_s > 0 ? st->sectors / drive_s / CD_SECTORS_PER_S : NAN;
    st->cpu_percent = st->measured ? 100.0 * cpu_s / drive_s : NAN;
    if (!st->measured && !st->note[0])
        snprintf(st->note, sizeof st->note, "not measured: no drive time elapsed");
    return 0;
}

int seek_measure_cpu(const db_bench_ctx *ctx, const seek_opts *opts, seek_result *res)
{
    static const double speeds_x[SEEK_CPU_STEPS] = { 8, 16, 0 };
    res->cpu_steps = 0;
    if (opts->cpu_mib <= 0) {
        snprintf(res->cpu_note, sizeof res->cpu_note, "not measured (--cpu-mib 0)");
        return 0;
    }
    const uint32_t block = 32;
    uint64_t want = (uint64_t)(opts->cpu_mib * 1048576.0 / CD_DATA_BYTES + 0.5);
    uint32_t area = res->lba_end - res->lba_start;
    if (want > area)
        want = area;
    if (want < 2 * block) {
        snprintf(res->cpu_note, sizeof res->cpu_note,
                 "not measured: the data area (%u sectors) is too short for a sustained read", area);
        return 0;
    }
    if (want < (uint64_t)(opts->cpu_mib * 1048576.0 / CD_DATA_BYTES + 0.5))
        snprintf(res->cpu_note, sizeof res->cpu_note,
                 "the data area holds only %.2f MiB: each step reads all of it",
                 (double)area * CD_DATA_BYTES / 1048576.0);
    db_reader rd;
    if (db_reader_init(&rd, ctx->drive, (int)block)) {
        snprintf(res->cpu_note, sizeof res->cpu_note, "not measured: out of memory");
        return 0;
    }
    rd.log = ctx->faults;
    int rc = 0;
    for (int i = 0; i < SEEK_CPU_STEPS && rc == 0; i++) {
        if (db_bench_stopped(ctx)) {
            rc = 1;
            break;
        }
        seek_cpu_step *st = &res->cpu[i];
        snprintf(res->stopped_in, sizeof res->stopped_in, "CPU use, step %d of %d", i + 1, SEEK_CPU_STEPS);
        memset(st, 0, sizeof *st);
        st->requested_x = speeds_x[i];
        st->speed_x = st->cpu_s = st->cpu_percent = st->drive_s = NAN;
        rc = cpu_step(ctx, &rd, res, st, (uint32_t)want);
        if (rc == 0)
            res->cpu_steps = i + 1;
        if (ctx->progress) {
            char status[64];
            snprintf(status, sizeof status, "CPU use, step %d/%d", i + 1, SEEK_CPU_STEPS);
            ctx->progress(ctx->progress_arg, 0.9 + 0.1 * (i + 1) / SEEK_CPU_STEPS, status);
        }
    }
    if (rc < 0)
        snprintf(res->abort_reason, sizeof res->abort_reason, "%s", rd.fail_reason);
    db_reader_free(&rd);
    return rc;
}
