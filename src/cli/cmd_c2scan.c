/* cmd_c2scan.c - `discbench c2scan`: C2 error pointers through READ CD,
 * zone by zone. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../bench/c2scan.h"
#include "errscan_cli.h"

static const char c2scan_usage[] =
    "usage: discbench c2scan [-d DEV] [--disc DISC] [--speed X|max] [--zones N] [--block N]\n"
    "                        [--c2-mode 294|296] [--label TEXT] [--seed N] [--realtime]\n"
    "                        [--no-plot] [--trace FILE] [-o DIR]\n"
    "\n"
    "Reads every sector (audio and data tracks) with READ CD and its C2 error\n"
    "pointers, and counts C2 bytes, C2 sectors and unreadable sectors per zone.\n"
    "Probes whether the drive gives the 294- or the 296-byte C2 field on this disc,\n"
    "and refuses to report anything when neither works.\n"
    "\n"
    "      --speed X      read speed, or max (default: maximum)\n"
    "      --zones N      zones across the disc, 1..10000 (default 100)\n"
    "      --block N      sectors per READ CD, 1..27 (default 16)\n"
    "      --c2-mode N    294 or 296: use only that C2 form (default: probe both)\n"
    DB_RUN_HELP
    "  (a media profile may name its burn speed: --disc NAME:write=X)\n"
    "\n"
    "Writes DIR/c2scan.csv (a row per zone), c2scan_unreadable.csv, c2scan.gp,\n"
    "c2scan.png, c2scan.svg, summary.json.\n";

typedef struct c2scan_cli {
    c2scan_opts o;
    double speed;
} c2scan_cli;

enum { OPT_ZONES = 0x200, OPT_BLOCK, OPT_C2_MODE };

static int c2scan_option(int c, const char *arg, void *opts, db_error *err)
{
    c2scan_cli *o = opts;
    long lv;
    switch (c) {
    case DB_OPT_ERRSCAN_SPEED:
        if (db_cli_errscan_speed(arg, &o->speed, err))
            return -1;
        break;
    case OPT_ZONES:
        if (db_cli_int("--zones", arg, 1, C2SCAN_MAX_ZONES, &lv, err))
            return -1;
        o->o.zones = (int)lv;
        break;
    case OPT_BLOCK:
        if (db_cli_int("--block", arg, 1, DB_C2_MAX_BLOCK, &lv, err))
            return -1;
        o->o.block_sectors = (int)lv;
        break;
    case OPT_C2_MODE:
        if (db_cli_int("--c2-mode", arg, 294, 296, &lv, err) || lv == 295) {
            db_error_set(err, DB_EXIT_USAGE, "--c2-mode: expected 294 or 296, got '%s'", arg);
            return -1;
        }
        o->o.c2_mode = (int)lv;
        break;
    }
    return 0;
}

int cmd_c2scan(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        DB_RUN_LONGOPTS,
        { "speed", required_argument, 0, DB_OPT_ERRSCAN_SPEED }, { "zones", required_argument, 0, OPT_ZONES },
        { "block", required_argument, 0, OPT_BLOCK },           { "c2-mode", required_argument, 0, OPT_C2_MODE },
        { 0, 0, 0, 0 }
    };
    db_cli_run run;
    db_cli_run_init(&run, "c2scan", c2scan_usage, argc, argv);
    c2scan_cli cli = { .o = { .zones = 100, .block_sectors = 16 } };
    db_error err = { 0 };
    int parsed = db_cli_run_parse(&run, argc, argv, longopts, c2scan_option, &cli, &err);
    if (parsed)
        return parsed > 0 ? DB_EXIT_OK : db_cli_run_fail(&run, &err);
    c2scan_opts copts = cli.o;
    copts.speed_x = cli.speed > 0 ? cli.speed : 0;
    if (db_cli_run_start(&run, env, &err)) {
        db_cli_run_close(&run);
        return db_cli_run_fail(&run, &err);
    }
    c2scan_result res;
    int rc = c2scan_run(&run.ctx, &copts, &res, &err);
    double wall_s = db_cli_run_wall_s(&run);
    db_progress_done(&run.prog);
    if (res.id.have_toc)
        db_print_c2scan_summary(&run.drive, &res, run.ctx.out_dir, wall_s);
    db_cli_run_close(&run);
    return rc ? db_cli_run_fail(&run, &err) : DB_EXIT_OK;
}
