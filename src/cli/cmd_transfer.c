/* cmd_transfer.c - `discbench transfer`: the data transfer-rate test. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../bench/transfer.h"
#include "../report/resultdir.h"
#include "cli.h"

static const char transfer_usage[] =
    "usage: discbench transfer [-d DEV] [--disc DISC] [--speed X|max] [--zones N] [--block N]\n"
    "                          [--label TEXT] [--seed N] [--realtime] [--no-plot]\n"
    "                          [--trace FILE [--trace-no-data]] [-o DIR]\n"
    "\n"
    "Reads every data sector of the disc, zone by zone, and reports the read speed\n"
    "per zone (x and KiB/s), start/end/average speed, the spin strategy (CLV, Z-CLV,\n"
    "P-CAV, CAV), spin-up time and initial access time.\n"
    "\n"
    "  -d, --device DEV   /dev/sr0, sim:NAME / sim:PATH for the virtual drive, or\n"
    "                     replay:TRACE to answer from a recorded trace\n"
    "                     (default: first drive found, else " DB_DEFAULT_SIM ")\n"
    "      --disc DISC    virtual drive only: media profile name or path, disc image\n"
    "                     (.cue/.bin, .toc, .nrg, .iso) or synthetic:MINUTES\n"
    "                     (default: synthetic 80-minute data disc)\n"
    "      --speed X      read speed to request with SET CD SPEED, or 'max' (default)\n"
    "      --zones N      zones across the data area, 1..10000 (default 100)\n"
    "      --block N      sectors per READ(10), 1..64 (default 32)\n"
    "      --label TEXT   a label for the disc (brand, burn speed) kept in the results\n"
    "      --seed N       seed of the virtual drive's error model (default 1)\n"
    "      --realtime     virtual drive only: take real time instead of virtual time\n"
    "  -o, --output DIR   results directory (default results/transfer-DATE-TIME)\n"
    "      --no-plot      write transfer.gp but do not run gnuplot\n"
    "      --trace FILE   record every command sent to the drive (gzip'd text)\n"
    "      --trace-no-data  in the trace, replace data read from the disc by a digest\n"
    "  -h, --help         this text\n"
    "\n"
    "Writes DIR/transfer.csv, transfer.gp, transfer.png, transfer.svg, summary.json.\n";

static void print_summary(const db_drive *d, const transfer_result *r, const char *dir,
                          double wall_s)
{
    char drive[64];
    db_identity_drive_name(&r->id, drive, sizeof drive);
    printf("discbench transfer%s\n", d->simulated ? "  [SIMULATED: virtual drive, not a measurement]" : "");
    printf("  drive      %s (%s)\n", drive, d->device);
    printf("  disc       %s%s%u sectors (%.2f min), data area LBA %u-%u\n", d->disc_label,
           d->disc_label[0] ? ", " : "", r->id.disc_sectors, r->id.disc_sectors / 4500.0,
           r->lba_start, r->lba_end);
    if (r->zones_done > 0) {
        printf("  speed      start %.2fx  end %.2fx  average %.2fx (%.0f KiB/s)  min %.2fx  max %.2fx\n",
               r->start_x, r->end_x, r->avg_x, r->avg_x * 150.0, r->min_x, r->max_x);
        printf("  strategy   %s\n", db_strategy_name(r->strategy));
    }
    if (isnan(r->spinup_ms))
        printf("  spin-up    %s\n", r->spinup_note);
    else
        printf("  spin-up    %.0f ms\n", r->spinup_ms);
    printf("  access     %.1f ms initial (seek + first block, excluded from zone 0)\n",
           r->initial_access_ms);
    printf("  covered    %d of %d zones, LBA %u of %u%s\n", r->zones_done, r->zones_total,
           r->lba_done, r->lba_end, r->interrupted ? "  (INTERRUPTED)" : "");
    printf("  errors     %llu unreadable sectors\n", (unsigned long long)r->read_errors);
    printf("  duration   %.1f s drive time (%.2f s wall)\n", r->duration_s, wall_s);
    printf("  results    %s/\n", dir);
    if (r->plot_note[0])
        printf("  note       %s\n", r->plot_note);
}

int cmd_transfer(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        { "device", required_argument, 0, 'd' }, { "disc", required_argument, 0, 'D' },
        { "speed", required_argument, 0, 's' },  { "zones", required_argument, 0, 'z' },
        { "block", required_argument, 0, 'b' },  { "label", required_argument, 0, 'l' },
        { "seed", required_argument, 0, 'S' },   { "realtime", no_argument, 0, 'r' },
        { "output", required_argument, 0, 'o' }, { "help", no_argument, 0, 'h' },
        { "no-plot", no_argument, 0, 'P' },      { "trace", required_argument, 0, 'T' },
        { "trace-no-data", no_argument, 0, 'N' },
        { 0, 0, 0, 0 }
    };
    db_device_opts dev = { .seed = 1 };
    transfer_opts topts = { .speed_x = 0, .zones = 100, .block_sectors = 32 };
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
        case 's':
            if (!strcmp(optarg, "max"))
                topts.speed_x = 0;
            else if (db_cli_double("--speed", optarg, 1, 100, &dv, &err))
                goto usage_error;
            else
                topts.speed_x = dv;
            break;
        case 'z':
            if (db_cli_int("--zones", optarg, 1, TRANSFER_MAX_ZONES, &lv, &err))
                goto usage_error;
            topts.zones = (int)lv;
            break;
        case 'b':
            if (db_cli_int("--block", optarg, 1, TRANSFER_MAX_BLOCK, &lv, &err))
                goto usage_error;
            topts.block_sectors = (int)lv;
            break;
        case 'l': label = optarg; break;
        case 'S':
            if (db_cli_int("--seed", optarg, 0, 2147483647L, &lv, &err))
                goto usage_error;
            dev.seed = (uint64_t)lv;
            break;
        case 'r': dev.realtime = true; break;
        case 'o': outdir = optarg; break;
        case 'P': no_plot = true; break;
        case 'T': dev.trace = optarg; break;
        case 'N': dev.trace_no_data = true; break;
        case 'h': fputs(transfer_usage, stdout); return DB_EXIT_OK;
        case ':':
            db_error_set(&err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
            goto usage_error;
        default:
            db_error_set(&err, DB_EXIT_USAGE, "unknown option '%s' (see discbench transfer --help)",
                         argv[optind - 1]);
            goto usage_error;
        }
    }
    if (optind < argc) {
        db_error_set(&err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench transfer --help)",
                     argv[optind]);
        goto usage_error;
    }

    char outbuf[1024];
    if (!outdir) {
        db_cli_default_outdir("transfer", outbuf, sizeof outbuf);
        outdir = outbuf;
    }
    /* Check the output directory before touching the drive: a test must
     * never run for minutes and then have nowhere to put its results. */
    if (db_resultdir_prepare(outdir, &err))
        goto fail;

    char cmdline[2048];
    db_cli_join_argv(argc, argv, cmdline, sizeof cmdline);
    dev.command_line = cmdline;
    db_drive drive;
    char note[512];
    if (db_cli_open_drive(&dev, &drive, note, sizeof note, &err))
        goto fail;
    if (note[0])
        fprintf(stderr, "discbench: %s\n", note);

    db_progress prog;
    db_progress_init(&prog);
    db_bench_ctx ctx = { .drive = &drive, .out_dir = outdir, .stop = env->stop,
                         .progress = db_progress_update, .progress_arg = &prog,
                         .label = label, .command_line = cmdline, .no_plot = no_plot };
    transfer_result res;
    uint64_t wall0 = db_monotonic_ns();
    int rc = transfer_run(&ctx, &topts, &res, &err);
    double wall_s = (double)(db_monotonic_ns() - wall0) / 1e9;
    db_progress_done(&prog);
    if (res.zones_total > 0 || res.id.have_toc)
        print_summary(&drive, &res, outdir, wall_s);
    db_drive_close(&drive);
    if (rc) {
        fprintf(stderr, "discbench: transfer: %s\n", err.msg);
        return rc;
    }
    return DB_EXIT_OK;

usage_error:
    fprintf(stderr, "discbench: transfer: %s\n", err.msg);
    return DB_EXIT_USAGE;
fail:
    fprintf(stderr, "discbench: transfer: %s\n", err.msg);
    return err.code ? err.code : DB_EXIT_USAGE;
}
