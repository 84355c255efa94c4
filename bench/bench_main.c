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
    return 0;
}
