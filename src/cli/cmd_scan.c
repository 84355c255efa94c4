/* cmd_scan.c - `discbench scan`: the read-error surface scan. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../bench/scan.h"
#include "errscan_cli.h"

static const char scan_usage[] =
    "usage: discbench scan [-d DEV] [--disc DISC] [--speed X|max] [--retries N] [--zones N]\n"
    "                      [--block N] [--slow-factor F] [--label TEXT] [--seed N]\n"
    "                      [--realtime] [--no-plot] [-o DIR]\n"
    "\n"
    "Reads every sector of the disc and classifies it good, slow (the drive took more\n"
    "than F times the expected time: it retried) or unreadable, zone by zone, with a\n"
    "map of the disc like CD Speed's ScanDisc and the list of unreadable sectors.\n"
    "\n"
    "  -d, --device DEV    /dev/sr0, or sim:NAME / sim:PATH for the virtual drive\n"
    "      --disc DISC     virtual drive only: media profile (NAME or NAME:write=X),\n"
    "                      disc image or synthetic:MINUTES\n"
    "      --speed X       read speed (default: maximum)\n"
    "      --retries N     extra attempts on a failing sector, 0..20 (default 1)\n"
    "      --zones N       zones (map cells), 1..10000 (default 400: a 20 x 20 map)\n"
    "      --block N       sectors per read, 1..64 (default 16; 1 = slow sectors exactly)\n"
    "      --slow-factor F a block slower than F x the expected time is slow (default 3)\n"
    "      --label TEXT    a label kept in the results\n"
    "      --seed N        seed of the virtual drive's error model (default 1)\n"
    "      --realtime      virtual drive only: take real time instead of virtual time\n"
    "  -o, --output DIR    results directory (default results/scan-DATE-TIME)\n"
    "      --no-plot       write scan.gp but do not run gnuplot\n"
    "  -h, --help          this text\n"
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

int cmd_scan(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        DB_ERRSCAN_LONGOPTS,
        { "retries", required_argument, 0, 'R' }, { "zones", required_argument, 0, 'z' },
        { "block", required_argument, 0, 'b' },   { "slow-factor", required_argument, 0, 'f' },
        { 0, 0, 0, 0 }
    };
    db_errscan_common com = { .dev = { .seed = 1 } };
    scan_opts sopts = { .zones = SCAN_DEFAULT_ZONES, .block_sectors = 16, .retries = 1, .slow_factor = 3 };
    db_error err = { 0 };
    long lv;
    double dv;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:o:h", longopts, NULL)) != -1) {
        int k = db_errscan_common_opt(&com, c, optarg, &err);
        if (k < 0)
            goto usage_error;
        if (k)
            continue;
        switch (c) {
        case 'R':
            if (db_cli_int("--retries", optarg, 0, 20, &lv, &err))
                goto usage_error;
            sopts.retries = (int)lv;
            break;
        case 'z':
            if (db_cli_int("--zones", optarg, 1, SCAN_MAX_ZONES, &lv, &err))
                goto usage_error;
            sopts.zones = (int)lv;
            break;
        case 'b':
            if (db_cli_int("--block", optarg, 1, SCAN_MAX_BLOCK, &lv, &err))
                goto usage_error;
            sopts.block_sectors = (int)lv;
            break;
        case 'f':
            if (db_cli_double("--slow-factor", optarg, 1.5, 1000, &dv, &err))
                goto usage_error;
            sopts.slow_factor = dv;
            break;
        case 'h': fputs(scan_usage, stdout); return DB_EXIT_OK;
        case ':':
            db_error_set(&err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
            goto usage_error;
        default:
            db_error_set(&err, DB_EXIT_USAGE, "unknown option '%s' (see discbench scan --help)", argv[optind - 1]);
            goto usage_error;
        }
    }
    if (optind < argc) {
        db_error_set(&err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench scan --help)", argv[optind]);
        goto usage_error;
    }
    sopts.speed_x = com.speed_x > 0 ? com.speed_x : 0;

    db_errscan_session s;
    if (db_errscan_open(&com, "scan", argc, argv, env, &s, &err))
        goto fail;
    scan_result res;
    int rc = scan_run(&s.ctx, &sopts, &res, &err);
    double wall_s = db_errscan_wall_s(&s);
    db_progress_done(&s.prog);
    if (res.id.have_toc)
        print_summary(&s.drive, &res, s.ctx.out_dir, wall_s);
    db_errscan_close(&s);
    if (rc) {
        fprintf(stderr, "discbench: scan: %s\n", err.msg);
        return rc;
    }
    return DB_EXIT_OK;

usage_error:
    fprintf(stderr, "discbench: scan: %s\n", err.msg);
    return DB_EXIT_USAGE;
fail:
    fprintf(stderr, "discbench: scan: %s\n", err.msg);
    return err.code ? err.code : DB_EXIT_USAGE;
}
