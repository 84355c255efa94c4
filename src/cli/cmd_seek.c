/* cmd_seek.c - `discbench seek`: access times, spin-up/down, burst rate,
 * CPU use. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../bench/seek.h"
#include "run.h"

static const char seek_usage[] =
    "usage: discbench seek [-d DEV] [--disc DISC] [--samples N] [--seed N] [--cpu-mib N]\n"
    "                      [--label TEXT] [--realtime] [--no-plot] [--trace FILE] [-o DIR]\n"
    "\n"
    "Measures access times (random, 1/3 stroke, full stroke: average, min, max),\n"
    "spin-down and spin-up times, the burst (interface) rate and the CPU use of a\n"
    "sustained read at 8x, 16x and the maximum speed.\n"
    "\n"
    "      --samples N    access samples of each kind, 0..1000 (default 100;\n"
    "                     0 = no access times, the rest still runs)\n"
    "      --cpu-mib N    MiB read at each speed for the CPU use, 0..256 (default 8;\n"
    "                     0 = no CPU measurement)\n"
    DB_RUN_HELP
    "\n"
    "--seed also seeds the random sample pairs: the same seed gives the same pairs.\n"
    "Writes DIR/seek.csv, seek.gp, seek.png, seek.svg, summary.json.\n";

static void print_ms(const char *what, double ms)
{
    if (isnan(ms))
        printf("%s -", what);
    else
        printf("%s %.0f ms", what, ms);
}

static void print_summary(const db_drive *d, const seek_result *r, const char *dir, double wall_s)
{
    char drive[64];
    db_identity_drive_name(&r->id, drive, sizeof drive);
    printf("discbench seek%s\n", d->simulated ? "  [SIMULATED: virtual drive, not a measurement]" : "");
    printf("  drive       %s (%s)\n", drive, d->device);
    printf("  disc        %s%s%u sectors (%.2f min), data area LBA %u-%u\n", d->disc_label,
           d->disc_label[0] ? ", " : "", r->id.disc_sectors, r->id.disc_sectors / 4500.0,
           r->lba_start, r->lba_end);
    printf("  method      READ(10) of 1 sector after a positioning read, maximum speed, "
           "read-ahead window %u sectors\n", r->window_sectors);
    for (int k = 0; k < SEEK_KINDS; k++) {
        const seek_stats *s = &r->kind[k];
        printf("  %-12s", seek_kind_label((seek_kind)k));
        if (s->done)
            printf("average %.1f ms  min %.1f  max %.1f  (%d sample%s)", s->avg_ms, s->min_ms,
                   s->max_ms, s->done, s->done == 1 ? "" : "s");
        else
            printf("-");
        printf("%s%s\n", s->note[0] ? "  " : "", s->note);
    }
    printf("  spin        ");
    print_ms("down", r->spindown_ms);
    print_ms("   up", r->spinup_ms);
    printf("%s%s\n", r->spin_note[0] ? "  " : "", r->spin_note);
    if (isnan(r->burst_mb_s))
        printf("  burst       %s\n", r->burst_note);
    else
        printf("  burst       %.1f MB/s (%u-byte reads from the drive's cache)\n", r->burst_mb_s,
               r->burst_bytes);
    if (r->burst_warning)
        printf("  WARNING     %s\n", r->burst_warning);
    printf("  CPU use     %s\n", r->cpu_label);
    for (int i = 0; i < r->cpu_steps; i++) {
        const seek_cpu_step *s = &r->cpu[i];
        char req[16];
        if (s->requested_x > 0)
            snprintf(req, sizeof req, "%gx", s->requested_x);
        else
            snprintf(req, sizeof req, "max");
        printf("              %-4s -> %6.2fx  %8.3f%% CPU (%.1f ms CPU over %.2f s of %s)%s%s\n", req,
               s->speed_x, s->cpu_percent, s->cpu_s * 1e3, s->drive_s, r->cpu_basis,
               s->note[0] ? "  " : "", s->note);
    }
    if (r->cpu_note[0])
        printf("              %s\n", r->cpu_note);
    if (r->speed_note[0])
        printf("  speed       %s\n", r->speed_note);
    if (r->read_errors)
        printf("  errors      %llu unreadable sectors\n", (unsigned long long)r->read_errors);
    printf("  duration    %.1f s drive time (%.2f s wall)%s\n", r->duration_s, wall_s,
           r->interrupted ? "  (INTERRUPTED)" : "");
    printf("  results     %s/\n", dir);
    if (r->plot_note[0])
        printf("  note        %s\n", r->plot_note);
}

enum { OPT_SAMPLES = 0x200, OPT_CPU_MIB };

static int seek_option(int c, const char *arg, void *opts, db_error *err)
{
    seek_opts *o = opts;
    long lv;
    double dv;
    switch (c) {
    case OPT_SAMPLES:
        if (db_cli_int("--samples", arg, 0, SEEK_MAX_SAMPLES_PER_KIND, &lv, err))
            return -1;
        o->samples = (int)lv;
        return 0;
    case OPT_CPU_MIB:
        if (db_cli_double("--cpu-mib", arg, 0, SEEK_MAX_CPU_MIB, &dv, err))
            return -1;
        o->cpu_mib = dv;
        return 0;
    }
    return 0;
}

int cmd_seek(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        DB_RUN_LONGOPTS,
        { "samples", required_argument, 0, OPT_SAMPLES },
        { "cpu-mib", required_argument, 0, OPT_CPU_MIB },
        { 0, 0, 0, 0 }
    };
    db_cli_run run;
    db_cli_run_init(&run, "seek", seek_usage, argc, argv);
    seek_opts sopts = { .samples = SEEK_DEFAULT_SAMPLES, .seed = 1, .cpu_mib = SEEK_DEFAULT_CPU_MIB };
    db_error err = { 0 };
    int parsed = db_cli_run_parse(&run, argc, argv, longopts, seek_option, &sopts, &err);
    if (parsed)
        return parsed > 0 ? DB_EXIT_OK : db_cli_run_fail(&run, &err);
    sopts.seed = run.dev.seed;
    if (sopts.samples == 0)
        fprintf(stderr, "discbench: seek: --samples 0: no access times will be measured; spin, "
                        "burst rate and CPU use still are\n");
    if (db_cli_run_start(&run, env, &err)) {
        db_cli_run_close(&run);
        return db_cli_run_fail(&run, &err);
    }
    seek_result res;
    int rc = seek_run(&run.ctx, &sopts, &res, &err);
    double wall_s = db_cli_run_wall_s(&run);
    db_progress_done(&run.prog);
    if (res.window_sectors) /* the test got past identity and the data area */
        print_summary(&run.drive, &res, run.outdir, wall_s);
    db_cli_run_close(&run);
    return rc ? db_cli_run_fail(&run, &err) : DB_EXIT_OK;
}
