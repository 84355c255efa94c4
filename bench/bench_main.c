/* bench_main.c - `make bench`: speed and memory of the transfer test on the
 * virtual drive, printed as rates and ratios (never pass/fail on time:
 * these machines are noisy).
 *
 *  - emulated read rate: MB/s of data sectors a full-disc transfer test
 *    moves through the whole stack (CDB transport, virtual drive, bench
 *    module, CSV writer), wall clock;
 *  - peak RSS of one full test, for a 21-, 80- and 99-minute disc: each
 *    run is a child process so each peak is its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/dae.h"
#include "bench/quality.h"
#include "bench/scan.h"
#include "bench/transfer.h"
#include "drive/trace.h"
#include "util/clock.h"
#include "util/datadir.h"
#include "vdrive/vdrive.h"

#define TARGET_MB_S 500.0
#define TARGET_RSS_MIB 32.0

/* Trace recording during a run: none, digests of disc data, or full data. */
typedef enum trace_mode { TRACE_NONE, TRACE_DIGEST, TRACE_FULL } trace_mode;

/* Runs one full transfer test; writes "sectors seconds" to fd. */
static int run_once(const char *disc, const char *outdir, int fd, trace_mode trace)
{
    char profile[4096];
    if (db_find_profile("drives", "liteon-ltr40125s", profile, sizeof profile))
        return 2;
    vdrive_config cfg = { .drive_profile = profile, .disc = disc, .seed = 1 };
    vdrive *vd;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 2;
    }
    db_drive d;
    vdrive_attach(vd, "sim:liteon-ltr40125s", &d);
    if (trace != TRACE_NONE) {
        char path[4200];
        snprintf(path, sizeof path, "%s/run.trace.gz", outdir);
        if (db_trace_record(&d, path, trace == TRACE_DIGEST, "bench", &err)) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return 2;
        }
    }
    db_bench_ctx ctx = { .drive = &d, .out_dir = outdir, .no_plot = true };
    transfer_opts opts = { .zones = 100, .block_sectors = 32 };
    transfer_result res;
    uint64_t t0 = db_monotonic_ns();
    int rc = transfer_run(&ctx, &opts, &res, &err);
    double secs = (double)(db_monotonic_ns() - t0) / 1e9;
    db_drive_close(&d);
    if (rc) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 2;
    }
    dprintf(fd, "%u %.6f\n", res.lba_done - res.lba_start, secs);
    return 0;
}

typedef struct sample {
    double minutes, mb_s, rss_mib, wall_s;
} sample;

static int measure(double minutes, sample *s, trace_mode trace)
{
    char disc[32], outdir[] = "/tmp/discbench-bench-XXXXXX";
    snprintf(disc, sizeof disc, "synthetic:%g", minutes);
    if (!mkdtemp(outdir))
        return -1;
    int p[2];
    if (pipe(p))
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        _exit(run_once(disc, outdir, p[1], trace));
    }
    close(p[1]);
    char buf[128] = "";
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    close(p[0]);
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", outdir);
    if (system(cmd)) { /* best effort */ }
    unsigned sectors;
    double secs;
    if (n <= 0 || !WIFEXITED(st) || WEXITSTATUS(st) || sscanf(buf, "%u %lf", &sectors, &secs) != 2)
        return -1;
    s->minutes = minutes;
    s->wall_s = secs;
    s->mb_s = sectors * 2048.0 / 1e6 / secs;
    s->rss_mib = ru.ru_maxrss / 1024.0;
    return 0;
}

/* ---- error scans (quality, scan): issue 6 ----
 * MB/s of emulated reads = disc bytes the drive read for the test / wall
 * time: for quality, every sector of the disc (2352 bytes each: the drive
 * scans it, or the host reads it with C2 for Plextor); for scan, the 2048
 * user bytes of each data sector the host reads. */
#define ERRSCAN_TARGET_MB_S 300.0

typedef enum errscan_kind { ES_QUALITY, ES_SCAN } errscan_kind;

static int errscan_once(errscan_kind kind, const char *drive, const char *disc, const char *outdir, int fd)
{
    char profile[4096], media[4096];
    if (db_find_profile("drives", drive, profile, sizeof profile))
        return 2;
    if (strncmp(disc, "synthetic:", 10) && db_find_profile("media", disc, media, sizeof media))
        return 2;
    vdrive_config cfg = { .drive_profile = profile, .disc = strncmp(disc, "synthetic:", 10) ? media : disc,
                          .seed = 1 };
    vdrive *vd;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 2;
    }
    db_drive d;
    vdrive_attach(vd, drive, &d);
    db_bench_ctx ctx = { .drive = &d, .out_dir = outdir, .no_plot = true };
    uint64_t t0 = db_monotonic_ns();
    int rc;
    uint64_t bytes;
    if (kind == ES_QUALITY) {
        quality_opts o = { .protocol = DB_QP_AUTO, .no_cross_check = true };
        quality_result r;
        rc = quality_run(&ctx, &o, &r, &err);
        bytes = r.stats.sectors_counted * 2352ull;
        if (!r.complete)
            rc = rc ? rc : 1;
    } else {
        scan_opts o = { .zones = 400, .block_sectors = 16, .retries = 1, .slow_factor = 3 };
        scan_result r;
        rc = scan_run(&ctx, &o, &r, &err);
        bytes = (r.good + r.slow) * 2048ull;
        if (!r.complete)
            rc = rc ? rc : 1;
    }
    double secs = (double)(db_monotonic_ns() - t0) / 1e9;
    db_drive_close(&d);
    if (rc) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 2;
    }
    dprintf(fd, "%llu %.6f\n", (unsigned long long)bytes, secs);
    return 0;
}

static int errscan_measure(errscan_kind kind, const char *drive, const char *disc, sample *s)
{
    char outdir[] = "/tmp/discbench-bench-XXXXXX";
    if (!mkdtemp(outdir))
        return -1;
    int p[2];
    if (pipe(p))
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        _exit(errscan_once(kind, drive, disc, outdir, p[1]));
    }
    close(p[1]);
    char buf[128] = "";
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    close(p[0]);
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", outdir);
    if (system(cmd)) { /* best effort */ }
    unsigned long long bytes;
    double secs;
    if (n <= 0 || !WIFEXITED(st) || WEXITSTATUS(st) || sscanf(buf, "%llu %lf", &bytes, &secs) != 2)
        return -1;
    s->wall_s = secs;
    s->mb_s = bytes / 1e6 / secs;
    s->rss_mib = ru.ru_maxrss / 1024.0;
    return 0;
}

static int errscan_bench(void)
{
    static const struct {
        errscan_kind kind;
        const char *what, *drive, *disc;
    } runs[] = {
        { ES_QUALITY, "quality, Lite-On old protocol", "liteon-ltr40125s", "cdr-80-cmc" },
        { ES_QUALITY, "quality, Plextor (host reads + C2)", "plextor-px-w124tsi", "cdr-80-cmc" },
        { ES_SCAN, "scan, READ(10) of every sector", "liteon-ltr40125s", "cdr-80-cmc" },
    };
    printf("\nerror scans, full 80-minute disc (cdr-80-cmc, burned at 48x) on the virtual drive\n");
    printf("%-38s %10s %12s %14s %12s\n", "test", "wall s", "MB/s", "vs 300 MB/s", "peak RSS MiB");
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        sample s;
        if (errscan_measure(runs[i].kind, runs[i].drive, runs[i].disc, &s)) {
            fprintf(stderr, "bench: %s failed\n", runs[i].what);
            return 1;
        }
        printf("%-38s %10.3f %12.0f %13.2fx %12.1f\n", runs[i].what, s.wall_s, s.mb_s,
               s.mb_s / ERRSCAN_TARGET_MB_S, s.rss_mib);
    }
    /* memory flat in disc length: the same tests on a 21- and a 99-minute disc */
    sample q21, q99, s21, s99;
    if (errscan_measure(ES_QUALITY, "plextor-px-w124tsi", "synthetic:21", &q21) ||
        errscan_measure(ES_QUALITY, "plextor-px-w124tsi", "synthetic:99", &q99) ||
        errscan_measure(ES_SCAN, "liteon-ltr40125s", "synthetic:21", &s21) ||
        errscan_measure(ES_SCAN, "liteon-ltr40125s", "synthetic:99", &s99)) {
        fprintf(stderr, "bench: error-scan memory runs failed\n");
        return 1;
    }
    printf("peak RSS 99-min / 21-min disc: quality %.3f, scan %.3f (1.0 = does not grow with disc length)\n",
           q99.rss_mib / q21.rss_mib, s99.rss_mib / s21.rss_mib);
    return 0;
}

/* ---- DAE (issue 4) ----
 * A 74-minute audio disc ripped on the virtual drive: MB/s of emulated
 * reads (audio bytes the drive delivered, 2352 per sector, over wall
 * time), plain and with --paranoia; the paranoia run's cost as a ratio. */
typedef struct dae_sample {
    double wall_s, drive_s, mb_s, rss_mib;
    unsigned long long sectors;         /* read from the drive by all passes */
    unsigned long long par_out, par_read;
} dae_sample;

static int dae_once(bool paranoia, const char *outdir, int fd)
{
    char profile[4096], media[4096];
    if (db_find_profile("drives", "liteon-ltr40125s", profile, sizeof profile) ||
        db_find_profile("media", "pressed-audio-74", media, sizeof media))
        return 2;
    vdrive_config cfg = { .drive_profile = profile, .disc = media, .seed = 1 };
    vdrive *vd;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 2;
    }
    db_drive d;
    vdrive_attach(vd, "sim:liteon-ltr40125s", &d);
    db_bench_ctx ctx = { .drive = &d, .out_dir = outdir, .no_plot = true };
    dae_opts o = { .zones = 100, .paranoia = paranoia };
    dae_result *r = calloc(1, sizeof *r);
    if (!r)
        return 2;
    uint64_t t0 = db_monotonic_ns();
    int rc = dae_run(&ctx, &o, r, &err);
    double secs = (double)(db_monotonic_ns() - t0) / 1e9;
    db_drive_close(&d);
    if (rc) {
        fprintf(stderr, "bench: %s\n", err.msg);
        free(r);
        return 2;
    }
    unsigned long long rate = r->rate.lba_done - r->lba_start;
    dprintf(fd, "%llu %llu %llu %.6f %.6f\n", rate + r->par.sectors_read, (unsigned long long)r->par.sectors_out,
            (unsigned long long)r->par.sectors_read, secs, r->duration_s);
    free(r);
    return 0;
}

static int dae_measure(bool paranoia, dae_sample *s)
{
    char outdir[] = "/tmp/discbench-bench-XXXXXX";
    if (!mkdtemp(outdir))
        return -1;
    int p[2];
    if (pipe(p))
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        _exit(dae_once(paranoia, outdir, p[1]));
    }
    close(p[1]);
    char buf[256] = "";
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    close(p[0]);
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", outdir);
    if (system(cmd)) { /* best effort */ }
    if (n <= 0 || !WIFEXITED(st) || WEXITSTATUS(st) ||
        sscanf(buf, "%llu %llu %llu %lf %lf", &s->sectors, &s->par_out, &s->par_read, &s->wall_s, &s->drive_s) != 5)
        return -1;
    s->mb_s = s->sectors * 2352.0 / 1e6 / s->wall_s;
    s->rss_mib = ru.ru_maxrss / 1024.0;
    return 0;
}

static int dae_bench(void)
{
    dae_sample plain, par;
    if (dae_measure(false, &plain) || dae_measure(true, &par)) {
        fprintf(stderr, "bench: DAE run failed\n");
        return 1;
    }
    printf("\nDAE of a 74-minute audio disc (pressed-audio-74) on the virtual drive (sim:liteon-ltr40125s)\n");
    printf("%-22s %10s %12s %14s %12s %12s\n", "run", "wall s", "MB/s", "vs 500 MB/s", "drive s", "peak RSS MiB");
    printf("%-22s %10.3f %12.0f %13.2fx %12.1f %12.1f\n", "dae", plain.wall_s, plain.mb_s,
           plain.mb_s / TARGET_MB_S, plain.drive_s, plain.rss_mib);
    printf("%-22s %10.3f %12.0f %13.2fx %12.1f %12.1f\n", "dae --paranoia", par.wall_s, par.mb_s,
           par.mb_s / TARGET_MB_S, par.drive_s, par.rss_mib);
    printf("emulated read rate, plain DAE: %.0f MB/s = %.2f x the 500 MB/s target\n", plain.mb_s,
           plain.mb_s / TARGET_MB_S);
    /* "adds no more than 2x": against the measured plain run, and against
     * the time a plain run at exactly the 500 MB/s target would take */
    double budget_s = (double)(plain.sectors * 2352.0) / 1e6 / TARGET_MB_S;
    printf("--paranoia: %.2fx the plain run's wall time (target <= 2x; the paranoia pass alone %.2fx); "
           "%.2fx the %.2f s of a plain run at 500 MB/s; %.2fx its drive time; paranoia read %.2f sectors "
           "per sector delivered\n",
           par.wall_s / plain.wall_s, (par.wall_s - plain.wall_s) / plain.wall_s, par.wall_s / budget_s, budget_s,
           par.drive_s / plain.drive_s, par.par_out ? (double)par.par_read / par.par_out : 0.0);
    return 0;
}

int main(void)
{
    double lengths[] = { 21, 80, 99 };
    sample s[3];
    printf("discbench bench: full-disc transfer test on the virtual drive (sim:liteon-ltr40125s)\n");
    printf("%-8s %10s %12s %14s %12s\n", "disc", "wall s", "MB/s", "vs 500 MB/s", "peak RSS MiB");
    for (int i = 0; i < 3; i++) {
        if (measure(lengths[i], &s[i], TRACE_NONE)) {
            fprintf(stderr, "bench: run on a %g-minute disc failed\n", lengths[i]);
            return 1;
        }
        printf("%-8s %10.3f %12.0f %13.2fx %12.1f\n", i == 0 ? "21 min" : i == 1 ? "80 min" : "99 min",
               s[i].wall_s, s[i].mb_s, s[i].mb_s / TARGET_MB_S, s[i].rss_mib);
    }
    printf("\nemulated read rate, 80-min disc: %.0f MB/s = %.2f x the 500 MB/s target\n", s[1].mb_s,
           s[1].mb_s / TARGET_MB_S);
    printf("peak RSS 99-min / 21-min disc: %.3f (1.0 = does not grow with disc length)\n",
           s[2].rss_mib / s[0].rss_mib);
    printf("peak RSS 80-min disc: %.1f MiB = %.2f of the 32 MiB budget\n", s[1].rss_mib,
           s[1].rss_mib / TARGET_RSS_MIB);

    /* --trace: what recording costs (target: --trace-no-data within 1.5x). */
    sample plain, digest, full;
    if (measure(21, &plain, TRACE_NONE) || measure(21, &digest, TRACE_DIGEST) ||
        measure(21, &full, TRACE_FULL)) {
        fprintf(stderr, "bench: traced run failed\n");
        return 1;
    }
    printf("\ntrace recording, 21-min disc: --trace-no-data %.2fx the untraced run (target <= 1.5x); "
           "--trace with full data %.1fx (%.0f MB/s)\n",
           digest.wall_s / plain.wall_s, full.wall_s / plain.wall_s, full.mb_s);
    if (errscan_bench())
        return 1;
    if (dae_bench())
        return 1;
    return 0;
}
