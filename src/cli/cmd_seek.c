/* cmd_seek.c - `discbench seek`: access times, spin-up/down, burst rate,
 * CPU use. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../bench/seek.h"
#include "../report/resultdir.h"
#include "cli.h"

static const char seek_usage[] =
    "usage: discbench seek [-d DEV] [--disc DISC] [--samples N] [--seed N] [--cpu-mib N]\n"
    "                      [--label TEXT] [--realtime] [--no-plot] [-o DIR]\n"
    "\n"
    "Measures access times (random, 1/3 stroke, full stroke: average, min, max),\n"
    "spin-down and spin-up times, the burst (interface) rate and the CPU use of a\n"
    "sustained read at 8x, 16x and the maximum speed.\n"
    "\n"
    "  -d, --device DEV   /dev/sr0, or sim:NAME / sim:PATH for the virtual drive\n"
    "                     (default: first drive found, else " DB_DEFAULT_SIM ")\n"
    "      --disc DISC    virtual drive only: media profile name or path, disc image\n"
    "                     (.cue/.bin, .toc, .nrg, .iso) or synthetic:MINUTES\n"
    "      --samples N    access samples of each kind, 0..1000 (default 100;\n"
    "                     0 = no access times, the rest still runs)\n"
    "      --seed N       seed of the random sample pairs (and of the virtual\n"
    "                     drive's error model); the same seed gives the same pairs\n"
    "      --cpu-mib N    MiB read at each speed for the CPU use, 0..256 (default 8;\n"
    "                     0 = no CPU measurement)\n"
    "      --label TEXT   a label kept in the results\n"
    "      --realtime     virtual drive only: take real time instead of virtual time\n"
    "  -o, --output DIR   results directory (default results/seek-DATE-TIME)\n"
    "      --no-plot      write seek.gp but do not run gnuplot\n"
    "  -h, --help         this text\n"
    "\n"
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

int cmd_seek(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        { "device", required_argument, 0, 'd' }, { "disc", required_argument, 0, 'D' },
        { "samples", required_argument, 0, 'n' }, { "seed", required_argument, 0, 'S' },
        { "cpu-mib", required_argument, 0, 'c' }, { "label", required_argument, 0, 'l' },
        { "realtime", no_argument, 0, 'r' },     { "output", required_argument, 0, 'o' },
        { "no-plot", no_argument, 0, 'P' },      { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 }
    };
    db_device_opts dev = { .seed = 1 };
    seek_opts sopts = { .samples = SEEK_DEFAULT_SAMPLES, .seed = 1, .cpu_mib = SEEK_DEFAULT_CPU_MIB };
    const char *label = NULL, *outdir = NULL;
    bool no_plot = false;
    db_error err = { 0 };
    long lv;
    double dv;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': dev.device = optarg; break;
        case 'D': dev.disc = optarg; break;
        case 'n':
            if (db_cli_int("--samples", optarg, 0, SEEK_MAX_SAMPLES_PER_KIND, &lv, &err))
                goto usage_error;
            sopts.samples = (int)lv;
            break;
        case 'S':
            if (db_cli_int("--seed", optarg, 0, 2147483647L, &lv, &err))
                goto usage_error;
            dev.seed = sopts.seed = (uint64_t)lv;
            break;
        case 'c':
            if (db_cli_double("--cpu-mib", optarg, 0, SEEK_MAX_CPU_MIB, &dv, &err))
                goto usage_error;
            sopts.cpu_mib = dv;
            break;
        case 'l': label = optarg; break;
        case 'r': dev.realtime = true; break;
        case 'o': outdir = optarg; break;
        case 'P': no_plot = true; break;
        case 'h': fputs(seek_usage, stdout); return DB_EXIT_OK;
        case ':':
            db_error_set(&err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
            goto usage_error;
        default:
            db_error_set(&err, DB_EXIT_USAGE, "unknown option '%s' (see discbench seek --help)",
                         argv[optind - 1]);
            goto usage_error;
        }
    }
    if (optind < argc) {
        db_error_set(&err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench seek --help)",
                     argv[optind]);
        goto usage_error;
    }
    if (sopts.samples == 0)
        fprintf(stderr, "discbench: seek: --samples 0: no access times will be measured; spin, "
                        "burst rate and CPU use still are\n");

    char outbuf[1024];
    if (!outdir) {
        db_cli_default_outdir("seek", outbuf, sizeof outbuf);
        outdir = outbuf;
    }
    /* Check the results directory before touching the drive. */
    if (db_resultdir_prepare(outdir, &err))
        goto fail;

    db_drive drive;
    char note[512];
    if (db_cli_open_drive(&dev, &drive, note, sizeof note, &err))
        goto fail;
    if (note[0])
        fprintf(stderr, "discbench: %s\n", note);

    char cmdline[2048];
    db_cli_join_argv(argc, argv, cmdline, sizeof cmdline);
    db_progress prog;
    db_progress_init(&prog);
    db_bench_ctx ctx = { .drive = &drive, .out_dir = outdir, .stop = env->stop,
                         .progress = db_progress_update, .progress_arg = &prog,
                         .label = label, .command_line = cmdline, .no_plot = no_plot };
    seek_result res;
    uint64_t wall0 = db_monotonic_ns();
    int rc = seek_run(&ctx, &sopts, &res, &err);
    double wall_s = (double)(db_monotonic_ns() - wall0) / 1e9;
    db_progress_done(&prog);
    if (res.window_sectors) /* the test got past identity and the data area */
        print_summary(&drive, &res, outdir, wall_s);
    db_drive_close(&drive);
    if (rc) {
        fprintf(stderr, "discbench: seek: %s\n", err.msg);
        return rc;
    }
    return DB_EXIT_OK;

usage_error:
    fprintf(stderr, "discbench: seek: %s\n", err.msg);
    return DB_EXIT_USAGE;
fail:
    fprintf(stderr, "discbench: seek: %s\n", err.msg);
    return err.code ? err.code : DB_EXIT_USAGE;
}
