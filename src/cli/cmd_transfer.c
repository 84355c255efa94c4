/* cmd_transfer.c - `discbench transfer`: the data transfer-rate test. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../bench/transfer.h"
#include "run.h"

static const char transfer_usage[] =
    "usage: discbench transfer [-d DEV] [--disc DISC] [--speed X|max] [--zones N] [--block N]\n"
    "                          [--label TEXT] [--seed N] [--realtime] [--no-plot]\n"
    "                          [--trace FILE [--trace-no-data]] [-o DIR]\n"
    "\n"
    "Reads every data sector of the disc, zone by zone, and reports the read speed\n"
    "per zone (x and KiB/s), start/end/average speed, the spin strategy (CLV, Z-CLV,\n"
    "P-CAV, CAV), spin-up time and initial access time.\n"
    "\n"
    "      --speed X      read speed to request with SET CD SPEED, or 'max' (default)\n"
    "      --zones N      zones across the data area, 1..10000 (default 100)\n"
    "      --block N      sectors per READ(10), 1..64 (default 32)\n"
    DB_RUN_HELP
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

enum { OPT_SPEED = 0x200, OPT_ZONES, OPT_BLOCK };

static int transfer_option(int c, const char *arg, void *opts, db_error *err)
{
    transfer_opts *t = opts;
    long lv;
    double dv;
    switch (c) {
    case OPT_SPEED:
        if (!strcmp(arg, "max"))
            t->speed_x = 0;
        else if (db_cli_double("--speed", arg, 1, 100, &dv, err))
            return -1;
        else
            t->speed_x = dv;
        return 0;
    case OPT_ZONES:
        if (db_cli_int("--zones", arg, 1, TRANSFER_MAX_ZONES, &lv, err))
            return -1;
        t->zones = (int)lv;
        return 0;
    case OPT_BLOCK:
        if (db_cli_int("--block", arg, 1, TRANSFER_MAX_BLOCK, &lv, err))
            return -1;
        t->block_sectors = (int)lv;
        return 0;
    }
    return 0;
}

int cmd_transfer(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        DB_RUN_LONGOPTS,
        { "speed", required_argument, 0, OPT_SPEED },
        { "zones", required_argument, 0, OPT_ZONES },
        { "block", required_argument, 0, OPT_BLOCK },
        { 0, 0, 0, 0 }
    };
    db_cli_run run;
    db_cli_run_init(&run, "transfer", transfer_usage, argc, argv);
    transfer_opts topts = { .speed_x = 0, .zones = 100, .block_sectors = 32 };
    db_error err = { 0 };
    int parsed = db_cli_run_parse(&run, argc, argv, longopts, transfer_option, &topts, &err);
    if (parsed)
        return parsed > 0 ? DB_EXIT_OK : db_cli_run_fail(&run, &err);
    if (db_cli_run_start(&run, env, &err)) {
        db_cli_run_close(&run);
        return db_cli_run_fail(&run, &err);
    }
    transfer_result res;
    int rc = transfer_run(&run.ctx, &topts, &res, &err);
    double wall_s = db_cli_run_wall_s(&run);
    db_progress_done(&run.prog);
    if (res.zones_total > 0 || res.id.have_toc)
        print_summary(&run.drive, &res, run.outdir, wall_s);
    db_cli_run_close(&run);
    return rc ? db_cli_run_fail(&run, &err) : DB_EXIT_OK;
}
