/* cmd_dae.c - `discbench dae`: audio extraction speed and accuracy. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/dae.h"
#include "../report/resultdir.h"
#include "cli.h"

static const char dae_usage[] =
    "usage: discbench dae [-d DEV] [--disc DISC] [--speed X|max] [--zones N] [--block N]\n"
    "                     [--accuracy [--jitter-window N]] [--paranoia] [--save-wav DIR]\n"
    "                     [--with-transfer CSV | --no-data] [--label TEXT] [--seed N]\n"
    "                     [--realtime] [--no-plot] [--trace FILE [--trace-no-data]] [-o DIR]\n"
    "\n"
    "Reads the audio tracks with READ CD (CD-DA, 2352 bytes per sector), zone by zone,\n"
    "and reports the extraction speed per zone (x and KiB/s of audio: 1x = 75 sectors/s\n"
    "= 172.27 KiB/s), start/end/average speed, the spin strategy, and a CRC-32 per track.\n"
    "\n"
    "  -d, --device DEV      /dev/sr0, sim:NAME / sim:PATH for the virtual drive, or\n"
    "                        replay:TRACE to answer from a recorded trace\n"
    "                        (default: first drive found, else " DB_DEFAULT_SIM ")\n"
    "      --disc DISC       virtual drive only: media profile (e.g. pressed-audio-74),\n"
    "                        disc image (.cue/.bin, .toc, .nrg) or synthetic:MINUTES\n"
    "      --speed X         read speed to request with SET CD SPEED, or 'max' (default)\n"
    "      --zones N         zones across the audio tracks, 1..10000 (default 100)\n"
    "      --block N         sectors per READ CD, 1..64 (default 27 = 63,504 bytes)\n"
    "      --accuracy        read every zone twice more (the second time from the disc,\n"
    "                        past the drive's cache) and compare: mismatched sectors,\n"
    "                        jitter (the same audio shifted by some samples), C2 pointers\n"
    "      --jitter-window N largest shift searched, in stereo samples, 1..5880\n"
    "                        (default 588 = one sector)\n"
    "      --paranoia        extract every zone again through libcdio-paranoia and report\n"
    "                        its verdicts (fixups, skips) per zone\n"
    "      --save-wav DIR    write each track read as DIR/trackNN.wav\n"
    "      --with-transfer CSV  draw this transfer.csv (same drive, a data disc) and the\n"
    "                        audio curve in one picture, data-vs-audio.png\n"
    "      --no-data         a disc with data tracks too: do not measure them (by default\n"
    "                        the transfer test runs over them into DIR/data)\n"
    "      --label TEXT      a label for the disc kept in the results\n"
    "      --seed N          seed of the virtual drive's error model (default 1)\n"
    "      --realtime        virtual drive only: take real time instead of virtual time\n"
    "  -o, --output DIR      results directory (default results/dae-DATE-TIME)\n"
    "      --no-plot         write the .gp scripts but do not run gnuplot\n"
    "      --trace FILE      record every command sent to the drive (gzip'd text)\n"
    "      --trace-no-data   in the trace, replace data read from the disc by a digest\n"
    "  -h, --help            this text\n"
    "\n"
    "Writes DIR/dae.csv, dae.gp, dae.png, dae.svg, summary.json; dae_accuracy.csv with\n"
    "--accuracy; dae_paranoia.csv with --paranoia; data-vs-audio.gp (+ .png, .svg) and\n"
    "data/ (the transfer test) on a disc with data tracks or with --with-transfer.\n";

static void print_summary(const db_drive *d, const dae_opts *o, const dae_result *r, const char *dir,
                          double wall_s)
{
    char drive[64];
    db_identity_drive_name(&r->id, drive, sizeof drive);
    printf("discbench dae%s\n", d->simulated ? "  [SIMULATED: virtual drive, not a measurement]" : "");
    printf("  drive      %s (%s)\n", drive, d->device);
    printf("  disc       %s%s%u sectors (%.2f min), audio LBA %u-%u, %d track%s\n", d->disc_label,
           d->disc_label[0] ? ", " : "", r->id.disc_sectors, r->id.disc_sectors / 4500.0, r->lba_start,
           r->lba_end, r->ntracks, r->ntracks == 1 ? "" : "s");
    if (r->rate.zones_done > 0) {
        printf("  DAE speed  start %.2fx  end %.2fx  average %.2fx (%.0f KiB/s)  min %.2fx  max %.2fx\n",
               r->rate.start_x, r->rate.end_x, r->rate.avg_x, r->rate.avg_x * DAE_KIB_S_PER_X,
               r->rate.min_x, r->rate.max_x);
        printf("  strategy   %s\n", db_strategy_name(r->rate.strategy));
    }
    if (isnan(r->spinup_ms))
        printf("  spin-up    %s\n", r->spinup_note);
    else
        printf("  spin-up    %.0f ms\n", r->spinup_ms);
    printf("  access     %.1f ms initial (seek + first block, excluded from zone 0)\n",
           r->rate.initial_access_ms);
    if (r->have_caps)
        printf("  drive says accurate stream %s, C2 pointers %s, %u KiB buffer (MODE SENSE 2A)\n",
               r->caps.accurate_stream ? "yes" : "no", r->caps.c2_pointers ? "yes" : "no", r->caps.buffer_kib);
    if (r->acc.run) {
        const dae_accuracy_result *a = &r->acc;
        printf("  accuracy   %llu of %llu sectors mismatched; jitter in %d of %d windows",
               (unsigned long long)a->mismatched_sectors, (unsigned long long)a->compared_sectors,
               a->windows_with_jitter, a->windows);
        if (a->windows_with_jitter)
            printf(" (offsets %+d..%+d samples)", a->min_offset, a->max_offset);
        if (a->windows_unaligned)
            printf("; %d windows differ with no offset found", a->windows_unaligned);
        printf("\n");
        if (a->c2_used)
            printf("  C2         %llu pointer bits in %llu sectors\n", (unsigned long long)a->c2_bits,
                   (unsigned long long)a->c2_sectors);
        else if (a->c2_note[0])
            printf("  C2         %s\n", a->c2_note);
    }
    if (r->par.run) {
        const dae_paranoia_result *p = &r->par;
        printf("  paranoia   %d zones ok, %d corrected, %d skipped; %.2fx average, %.2f reads per sector;"
               " %s the plain rip\n",
               p->zones_ok, p->zones_corrected, p->zones_skipped, p->avg_x,
               p->sectors_out ? (double)p->sectors_read / p->sectors_out : 0.0,
               p->matches_rate_pass ? "same CRCs as" : "differs from");
    }
    for (int i = 0; i < r->ntracks; i++) {
        const dae_track *t = &r->tracks[i];
        if (t->complete && !t->read_errors)
            printf("  track %2d   CRC32 %08x%s%s\n", t->number, t->crc32, t->wav[0] ? "  " : "",
                   t->wav[0] ? t->wav : "");
        else if (t->read_errors)
            printf("  track %2d   %llu unreadable sectors (left silent): no CRC\n", t->number,
                   (unsigned long long)t->read_errors);
    }
    if (r->data_run)
        printf("  data       average %.2fx over the data tracks (transfer test in %s/data)%s\n", r->data.avg_x,
               dir, r->data_rc ? " - incomplete" : "");
    printf("  covered    %d of %d zones, LBA %u of %u%s\n", r->rate.zones_done, r->zones_total,
           r->rate.lba_done, r->lba_end, r->interrupted ? "  (INTERRUPTED)" : "");
    printf("  errors     %llu unreadable sectors\n", (unsigned long long)r->rate.read_errors);
    printf("  duration   %.1f s drive time (%.2f s wall)\n", r->duration_s, wall_s);
    printf("  results    %s/\n", dir);
    if (o->save_wav_dir)
        printf("  audio      %s/\n", o->save_wav_dir);
    if (r->plot_note[0])
        printf("  note       %s\n", r->plot_note);
    if (r->curves_note[0])
        printf("  note       %s\n", r->curves_note);
}

int cmd_dae(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        { "device", required_argument, 0, 'd' },   { "disc", required_argument, 0, 'D' },
        { "speed", required_argument, 0, 's' },    { "zones", required_argument, 0, 'z' },
        { "block", required_argument, 0, 'b' },    { "accuracy", no_argument, 0, 'a' },
        { "jitter-window", required_argument, 0, 'j' }, { "paranoia", no_argument, 0, 'p' },
        { "save-wav", required_argument, 0, 'w' }, { "with-transfer", required_argument, 0, 't' },
        { "no-data", no_argument, 0, 'n' },        { "label", required_argument, 0, 'l' },
        { "seed", required_argument, 0, 'S' },     { "realtime", no_argument, 0, 'r' },
        { "output", required_argument, 0, 'o' },   { "help", no_argument, 0, 'h' },
        { "no-plot", no_argument, 0, 'P' },        { "trace", required_argument, 0, 'T' },
        { "trace-no-data", no_argument, 0, 'N' },
        { 0, 0, 0, 0 }
    };
    db_device_opts dev = { .seed = 1 };
    dae_opts opts = { .zones = 100, .block_sectors = DAE_DEFAULT_BLOCK,
                      .jitter_window = DAE_DEFAULT_JITTER_WINDOW };
    const char *label = NULL, *outdir = NULL;
    bool no_plot = false, window_given = false;
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
                opts.speed_x = 0;
            else if (db_cli_double("--speed", optarg, 1, 100, &dv, &err))
                goto usage_error;
            else
                opts.speed_x = dv;
            break;
        case 'z':
            if (db_cli_int("--zones", optarg, 1, DAE_MAX_ZONES, &lv, &err))
                goto usage_error;
            opts.zones = (int)lv;
            break;
        case 'b':
            if (db_cli_int("--block", optarg, 1, DAE_MAX_BLOCK, &lv, &err))
                goto usage_error;
            opts.block_sectors = (int)lv;
            break;
        case 'a': opts.accuracy = true; break;
        case 'j':
            if (db_cli_int("--jitter-window", optarg, 1, DAE_MAX_JITTER_WINDOW, &lv, &err))
                goto usage_error;
            opts.jitter_window = (int)lv;
            window_given = true;
            break;
        case 'p': opts.paranoia = true; break;
        case 'w': opts.save_wav_dir = optarg; break;
        case 't': opts.with_transfer = optarg; break;
        case 'n': opts.no_data_run = true; break;
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
        case 'h': fputs(dae_usage, stdout); return DB_EXIT_OK;
        case ':':
            db_error_set(&err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
            goto usage_error;
        default:
            db_error_set(&err, DB_EXIT_USAGE, "unknown option '%s' (see discbench dae --help)",
                         argv[optind - 1]);
            goto usage_error;
        }
    }
    if (optind < argc) {
        db_error_set(&err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench dae --help)", argv[optind]);
        goto usage_error;
    }
    if (window_given && !opts.accuracy) {
        db_error_set(&err, DB_EXIT_USAGE, "--jitter-window applies to --accuracy");
        goto usage_error;
    }
    if (opts.with_transfer && opts.no_data_run) {
        db_error_set(&err, DB_EXIT_USAGE, "--with-transfer and --no-data exclude each other");
        goto usage_error;
    }

    char outbuf[1024];
    if (!outdir) {
        db_cli_default_outdir("dae", outbuf, sizeof outbuf);
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
    dae_result *res = calloc(1, sizeof *res); /* ~20 KB: per-track records, the data run */
    if (!res) {
        db_drive_close(&drive);
        db_error_set(&err, DB_EXIT_OUTPUT, "out of memory");
        goto fail;
    }
    uint64_t wall0 = db_monotonic_ns();
    int rc = dae_run(&ctx, &opts, res, &err);
    double wall_s = (double)(db_monotonic_ns() - wall0) / 1e9;
    db_progress_done(&prog);
    if (res->zones_total > 0)
        print_summary(&drive, &opts, res, outdir, wall_s);
    free(res);
    db_drive_close(&drive);
    if (rc) {
        fprintf(stderr, "discbench: dae: %s\n", err.msg);
        return rc;
    }
    return DB_EXIT_OK;

usage_error:
    fprintf(stderr, "discbench: dae: %s\n", err.msg);
    return DB_EXIT_USAGE;
fail:
    fprintf(stderr, "discbench: dae: %s\n", err.msg);
    return err.code ? err.code : DB_EXIT_USAGE;
}
