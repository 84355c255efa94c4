/* cmd_dae.c - `discbench dae`: audio extraction speed and accuracy. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/dae.h"
#include "run.h"

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
    "      --speed X      read speed to request with SET CD SPEED, or 'max' (default)\n"
    "      --zones N      zones across the audio tracks, 1..10000 (default 100)\n"
    "      --block N      sectors per READ CD, 1..64 (default 27 = 63,504 bytes)\n"
    "      --accuracy     read every zone twice more (the second time from the disc,\n"
    "                     past the drive's cache) and compare: mismatched sectors,\n"
    "                     jitter (the same audio shifted by some samples), C2 pointers;\n"
    "                     and whether the drive caches audio (timed repeat reads)\n"
    "      --jitter-window N  largest shift searched, in stereo samples, 1..5880\n"
    "                     (default 588 = one sector)\n"
    "      --paranoia     extract the audio again through libcdio-paranoia and report\n"
    "                     its verdicts (fixups, skips) per zone\n"
    "      --save-wav DIR write each track as DIR/trackNN.wav: paranoia's rip with\n"
    "                     --paranoia, else the plain rip of the rate pass\n"
    "      --with-transfer CSV  draw this transfer.csv (same drive, a data disc) and the\n"
    "                     audio curve in one picture, data-vs-audio.png\n"
    "      --no-data      a disc with data tracks too: do not measure them (by default\n"
    "                     the transfer test runs over them into DIR/data)\n"
    DB_RUN_HELP
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
    if (r->have_caps) {
        printf("  drive says accurate stream %s, C2 pointers %s, %u KiB buffer (MODE SENSE 2A)\n",
               r->caps.accurate_stream ? "yes" : "no", r->caps.c2_pointers ? "yes" : "no", r->caps.buffer_kib);
        /* the users' question: "rated 52x, why does it rip at 18x?" */
        double rated_x = db_mmc_kbs_to_x(r->caps.max_read_kbs);
        if (rated_x >= 1 && isfinite(r->rate.avg_x) && isfinite(r->rate.max_x))
            printf("  rated      %.0fx max read (page 2A): audio reaches %.0f%% of it, %.0f%% on average\n", rated_x,
                   100.0 * r->rate.max_x / rated_x, 100.0 * r->rate.avg_x / rated_x);
    }
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
        const dae_cache_probe *cp = &a->cache;
        if (cp->trials)
            printf("  cache      caches audio: %s (the same %d sectors again %.1f ms, new ones %.1f ms; median of %d)\n",
                   dae_cache_verdict_name(cp->verdict), cp->block_sectors, cp->again_ms, cp->new_ms, cp->trials);
        else if (cp->verdict == DAE_CACHE_UNTESTED)
            printf("  cache      caches audio: untested (too little audio to probe)\n");
    }
    if (r->par.run) {
        const dae_paranoia_result *p = &r->par;
        /* without accurate stream the plain rip jumps at each new stream
         * while paranoia's keeps one offset: they differ with nothing wrong */
        bool jumpy = !p->matches_rate_pass && r->have_caps && !r->caps.accurate_stream;
        printf("  paranoia   %d zones ok, %d corrected, %d skipped; %.2fx average, %.2f reads per sector;"
               " %s the plain rip%s\n",
               p->zones_ok, p->zones_corrected, p->zones_skipped, p->avg_x,
               p->sectors_out ? (double)p->sectors_read / p->sectors_out : 0.0,
               p->matches_rate_pass ? "same CRCs as" : "differs from",
               jumpy ? " (expected: no accurate stream, the plain rip jumps at each new stream)" : "");
    }
    for (int i = 0; i < r->ntracks; i++) {
        const dae_track *t = &r->tracks[i];
        char par[48] = "";
        if (r->par.run && t->paranoia.complete)
            snprintf(par, sizeof par, "  paranoia %08x", t->paranoia.crc32);
        if (t->plain.complete && !t->read_errors)
            printf("  track %2d   CRC32 %08x%s%s%s\n", t->number, t->plain.crc32, par, t->wav[0] ? "  " : "",
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

typedef struct dae_cli {
    dae_opts o;
    bool window_given;
} dae_cli;

enum { OPT_SPEED = 0x200, OPT_ZONES, OPT_BLOCK, OPT_ACCURACY, OPT_WINDOW, OPT_PARANOIA, OPT_WAV,
       OPT_WITH_TRANSFER, OPT_NO_DATA };

static int dae_option(int c, const char *arg, void *opts, db_error *err)
{
    dae_cli *o = opts;
    long lv;
    double dv;
    switch (c) {
    case OPT_SPEED:
        if (!strcmp(arg, "max"))
            o->o.speed_x = 0;
        else if (db_cli_double("--speed", arg, 1, 100, &dv, err))
            return -1;
        else
            o->o.speed_x = dv;
        break;
    case OPT_ZONES:
        if (db_cli_int("--zones", arg, 1, DAE_MAX_ZONES, &lv, err))
            return -1;
        o->o.zones = (int)lv;
        break;
    case OPT_BLOCK:
        if (db_cli_int("--block", arg, 1, DAE_MAX_BLOCK, &lv, err))
            return -1;
        o->o.block_sectors = (int)lv;
        break;
    case OPT_ACCURACY: o->o.accuracy = true; break;
    case OPT_WINDOW:
        if (db_cli_int("--jitter-window", arg, 1, DAE_MAX_JITTER_WINDOW, &lv, err))
            return -1;
        o->o.jitter_window = (int)lv;
        o->window_given = true;
        break;
    case OPT_PARANOIA: o->o.paranoia = true; break;
    case OPT_WAV: o->o.save_wav_dir = arg; break;
    case OPT_WITH_TRANSFER: o->o.with_transfer = arg; break;
    case OPT_NO_DATA: o->o.no_data_run = true; break;
    }
    return 0;
}

int cmd_dae(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        DB_RUN_LONGOPTS,
        { "speed", required_argument, 0, OPT_SPEED },
        { "zones", required_argument, 0, OPT_ZONES },
        { "block", required_argument, 0, OPT_BLOCK },
        { "accuracy", no_argument, 0, OPT_ACCURACY },
        { "jitter-window", required_argument, 0, OPT_WINDOW },
        { "paranoia", no_argument, 0, OPT_PARANOIA },
        { "save-wav", required_argument, 0, OPT_WAV },
        { "with-transfer", required_argument, 0, OPT_WITH_TRANSFER },
        { "no-data", no_argument, 0, OPT_NO_DATA },
        { 0, 0, 0, 0 }
    };
    db_cli_run run;
    db_cli_run_init(&run, "dae", dae_usage, argc, argv);
    dae_cli cli = { .o = { .zones = 100, .block_sectors = DAE_DEFAULT_BLOCK,
                           .jitter_window = DAE_DEFAULT_JITTER_WINDOW } };
    db_error err = { 0 };
    int parsed = db_cli_run_parse(&run, argc, argv, longopts, dae_option, &cli, &err);
    if (parsed)
        return parsed > 0 ? DB_EXIT_OK : db_cli_run_fail(&run, &err);
    dae_opts opts = cli.o;
    if (cli.window_given && !opts.accuracy) {
        db_error_set(&err, DB_EXIT_USAGE, "--jitter-window applies to --accuracy");
        return db_cli_run_fail(&run, &err);
    }
    if (opts.with_transfer && opts.no_data_run) {
        db_error_set(&err, DB_EXIT_USAGE, "--with-transfer and --no-data exclude each other");
        return db_cli_run_fail(&run, &err);
    }
    dae_result *res = calloc(1, sizeof *res); /* ~20 KB: per-track records, the data run */
    if (!res) {
        db_error_set(&err, DB_EXIT_OUTPUT, "out of memory");
        return db_cli_run_fail(&run, &err);
    }
    if (db_cli_run_start(&run, env, &err)) {
        free(res);
        db_cli_run_close(&run);
        return db_cli_run_fail(&run, &err);
    }
    int rc = dae_run(&run.ctx, &opts, res, &err);
    double wall_s = db_cli_run_wall_s(&run);
    db_progress_done(&run.prog);
    if (res->zones_total > 0)
        print_summary(&run.drive, &opts, res, run.outdir, wall_s);
    free(res);
    db_cli_run_close(&run);
    return rc ? db_cli_run_fail(&run, &err) : DB_EXIT_OK;
}
