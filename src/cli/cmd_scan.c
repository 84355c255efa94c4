/* cmd_scan.c - `discbench scan`: the read-error surface scan. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../bench/scan.h"
#include "errscan_cli.h"

static const char scan_usage[] =
    "usage: discbench scan [-d DEV] [--disc DISC] [--speed X|max] [--retries N] [--zones N]\n"
    "                      [--block N] [--slow-factor F] [--label TEXT] [--seed N]\n"
    "                      [--realtime] [--no-plot] [--trace FILE] [-o DIR]\n"
    "\n"
    "Reads every sector of the disc and classifies it good, slow (the drive took more\n"
    "than F times the expected time: it retried) or unreadable, zone by zone, with a\n"
    "map of the disc like CD Speed's ScanDisc and the list of unreadable sectors.\n"
    "\n"
    "      --speed X      read speed, or max (default: maximum)\n"
    "      --retries N    extra attempts on a failing sector, 0..20 (default 1)\n"
    "      --zones N      zones (map cells), 1..10000 (default 400: a 20 x 20 map)\n"
    "      --block N      sectors per read, 1..64 (default 16; 1 = slow sectors exactly)\n"
    "      --slow-factor F  a block slower than F x the expected time is slow (default 3)\n"
    DB_RUN_HELP
    "  (a media profile may name its burn speed: --disc NAME:write=X)\n"
    "\n"
    "Writes DIR/scan.csv (a row per zone), scan_unreadable.csv, scan_slow.csv,\n"
    "scan.gp, scan.png, scan.svg, summary.json.\n";

static void print_summary(const db_drive *d, const scan_result *r, const char *dir, double wall_s)
{
    char drive[64];
    db_identity_drive_name(&r->id, drive, sizeof drive);
    printf("discbench scan%s\n", d->simulated ? "  [SIMULATED: virtual drive, not a measurement]" : "");
    printf("  drive      %s (%s)\n", drive, d->device);
    printf("  disc       %s%s%u sectors (%.2f min)\n", d->disc_label, d->disc_label[0] ? ", " : "",
           r->disc_sectors, r->disc_sectors / 4500.0);
    printf("  good       %llu sectors\n", (unsigned long long)r->good);
    printf("  slow       %llu sectors (%u slow blocks, %llu recovered on a retry)\n", (unsigned long long)r->slow,
           r->slow_blocks, (unsigned long long)r->recovered);
    printf("  unreadable %llu sectors%s\n", (unsigned long long)r->unreadable,
           r->unreadable ? " (scan_unreadable.csv)" : "");
    if (!isnan(r->avg_x))
        printf("  speed      average %.2fx%s%s\n", r->avg_x, r->speed_note[0] ? "  " : "", r->speed_note);
    printf("  covered    %d of %d zones, LBA %u of %u%s\n", r->zones_done, r->zones_total, r->lba_done,
           r->disc_sectors, r->interrupted ? "  (INTERRUPTED)" : "");
    if (r->faults)
        printf("  faults     %u drive faults, last: %s\n", r->faults, r->last_fault);
    printf("  duration   %.1f s drive time (%.2f s wall)\n", r->duration_s, wall_s);
    printf("  results    %s/\n", dir);
    if (r->plot_note[0])
        printf("  note       %s\n", r->plot_note);
}

/* scan's own options; the speed is kept apart until the run starts */
typedef struct scan_cli {
    scan_opts o;
    double speed;
} scan_cli;

enum { OPT_RETRIES = 0x200, OPT_ZONES, OPT_BLOCK, OPT_SLOW };

static int scan_option(int c, const char *arg, void *opts, db_error *err)
{
    scan_cli *o = opts;
    long lv;
    double dv;
    switch (c) {
    case DB_OPT_ERRSCAN_SPEED:
        if (db_cli_errscan_speed(arg, &o->speed, err))
            return -1;
        break;
    case OPT_RETRIES:
        if (db_cli_int("--retries", arg, 0, 20, &lv, err))
            return -1;
        o->o.retries = (int)lv;
        break;
    case OPT_ZONES:
        if (db_cli_int("--zones", arg, 1, SCAN_MAX_ZONES, &lv, err))
            return -1;
        o->o.zones = (int)lv;
        break;
    case OPT_BLOCK:
        if (db_cli_int("--block", arg, 1, SCAN_MAX_BLOCK, &lv, err))
            return -1;
        o->o.block_sectors = (int)lv;
        break;
    case OPT_SLOW:
        if (db_cli_double("--slow-factor", arg, 1.5, 1000, &dv, err))
            return -1;
        o->o.slow_factor = dv;
        break;
    }
    return 0;
}

int cmd_scan(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        DB_RUN_LONGOPTS,
        { "speed", required_argument, 0, DB_OPT_ERRSCAN_SPEED }, { "retries", required_argument, 0, OPT_RETRIES },
        { "zones", required_argument, 0, OPT_ZONES },           { "block", required_argument, 0, OPT_BLOCK },
        { "slow-factor", required_argument, 0, OPT_SLOW },
        { 0, 0, 0, 0 }
    };
    db_cli_run run;
    db_cli_run_init(&run, "scan", scan_usage, argc, argv);
    scan_cli cli = { .o = { .zones = SCAN_DEFAULT_ZONES, .block_sectors = 16, .retries = 1, .slow_factor = 3 } };
    db_error err = { 0 };
    int parsed = db_cli_run_parse(&run, argc, argv, longopts, scan_option, &cli, &err);
    if (parsed)
        return parsed > 0 ? DB_EXIT_OK : db_cli_run_fail(&run, &err);
    scan_opts sopts = cli.o;
    sopts.speed_x = cli.speed > 0 ? cli.speed : 0;
    if (db_cli_run_start(&run, env, &err)) {
        db_cli_run_close(&run);
        return db_cli_run_fail(&run, &err);
    }
    scan_result res;
    int rc = scan_run(&run.ctx, &sopts, &res, &err);
    double wall_s = db_cli_run_wall_s(&run);
    db_progress_done(&run.prog);
    if (res.id.have_toc)
        print_summary(&run.drive, &res, run.ctx.out_dir, wall_s);
    db_cli_run_close(&run);
    return rc ? db_cli_run_fail(&run, &err) : DB_EXIT_OK;
}
