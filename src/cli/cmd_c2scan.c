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
    "                        [--no-plot] [-o DIR]\n"
    "\n"
    "Reads every sector (audio and data tracks) with READ CD and its C2 error\n"
    "pointers, and counts C2 bytes, C2 sectors and unreadable sectors per zone.\n"
    "Probes whether the drive gives the 294- or the 296-byte C2 field on this disc,\n"
    "and refuses to report anything when neither works.\n"
    "\n"
    "  -d, --device DEV   /dev/sr0, or sim:NAME / sim:PATH for the virtual drive\n"
    "      --disc DISC    virtual drive only: media profile (NAME or NAME:write=X),\n"
    "                     disc image or synthetic:MINUTES\n"
    "      --speed X      read speed (default: maximum)\n"
    "      --zones N      zones across the disc, 1..10000 (default 100)\n"
    "      --block N      sectors per READ CD, 1..27 (default 16)\n"
    "      --c2-mode N    294 or 296: use only that C2 form (default: probe both)\n"
    "      --label TEXT   a label kept in the results\n"
    "      --seed N       seed of the virtual drive's error model (default 1)\n"
    "      --realtime     virtual drive only: take real time instead of virtual time\n"
    "  -o, --output DIR   results directory (default results/c2scan-DATE-TIME)\n"
    "      --no-plot      write c2scan.gp but do not run gnuplot\n"
    "  -h, --help         this text\n"
    "\n"
    "Writes DIR/c2scan.csv (a row per zone), c2scan_unreadable.csv, c2scan.gp,\n"
    "c2scan.png, c2scan.svg, summary.json.\n";

void db_print_c2scan_summary(const db_drive *d, const c2scan_result *r, const char *dir, double wall_s)
{
    char drive[64];
    db_identity_drive_name(&r->id, drive, sizeof drive);
    printf("discbench c2scan%s\n", d->simulated ? "  [SIMULATED: virtual drive, not a measurement]" : "");
    printf("  drive      %s (%s)\n", drive, d->device);
    printf("  disc       %s%s%u sectors (%.2f min)\n", d->disc_label, d->disc_label[0] ? ", " : "",
           r->disc_sectors, r->disc_sectors / 4500.0);
    printf("  C2 field   %s\n", r->probe_note);
    if (r->form) {
        printf("  C2 errors  %llu bytes in %u sectors\n", (unsigned long long)r->total.c2_bytes,
               r->total.c2_sectors);
        printf("  unreadable %u sectors%s\n", r->total.unreadable,
               r->total.unreadable ? " (c2scan_unreadable.csv)" : "");
        if (!isnan(r->avg_x))
            printf("  speed      average %.2fx\n", r->avg_x);
        printf("  covered    %d of %d zones, %llu of %u sectors counted%s\n", r->zones_done, r->zones_total,
               (unsigned long long)r->total.sectors_counted, r->disc_sectors,
               r->interrupted ? "  (INTERRUPTED)" : r->complete ? "" : "  (INCOMPLETE)");
    } else {
        printf("  C2 errors  not reported: C2 reporting does not work on this drive\n");
    }
    if (r->total.faults)
        printf("  faults     %u drive faults, last: %s\n", r->total.faults, r->total.fault);
    printf("  duration   %.1f s drive time (%.2f s wall)\n", r->duration_s, wall_s);
    printf("  results    %s/\n", dir);
    if (r->plot_note[0])
        printf("  note       %s\n", r->plot_note);
}

int cmd_c2scan(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        DB_ERRSCAN_LONGOPTS,
        { "zones", required_argument, 0, 'z' }, { "block", required_argument, 0, 'b' },
        { "c2-mode", required_argument, 0, 'm' },
        { 0, 0, 0, 0 }
    };
    db_errscan_common com = { .dev = { .seed = 1 } };
    c2scan_opts copts = { .zones = 100, .block_sectors = 16 };
    db_error err = { 0 };
    long lv;
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
        case 'z':
            if (db_cli_int("--zones", optarg, 1, C2SCAN_MAX_ZONES, &lv, &err))
                goto usage_error;
            copts.zones = (int)lv;
            break;
        case 'b':
            if (db_cli_int("--block", optarg, 1, DB_C2_MAX_BLOCK, &lv, &err))
                goto usage_error;
            copts.block_sectors = (int)lv;
            break;
        case 'm':
            if (db_cli_int("--c2-mode", optarg, 294, 296, &lv, &err) || lv == 295) {
                db_error_set(&err, DB_EXIT_USAGE, "--c2-mode: expected 294 or 296, got '%s'", optarg);
                goto usage_error;
            }
            copts.c2_mode = (int)lv;
            break;
        case 'h': fputs(c2scan_usage, stdout); return DB_EXIT_OK;
        case ':':
            db_error_set(&err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
            goto usage_error;
        default:
            db_error_set(&err, DB_EXIT_USAGE, "unknown option '%s' (see discbench c2scan --help)",
                         argv[optind - 1]);
            goto usage_error;
        }
    }
    if (optind < argc) {
        db_error_set(&err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench c2scan --help)", argv[optind]);
        goto usage_error;
    }
    copts.speed_x = com.speed_x > 0 ? com.speed_x : 0;

    db_errscan_session s;
    if (db_errscan_open(&com, "c2scan", argc, argv, env, &s, &err))
        goto fail;
    c2scan_result res;
    int rc = c2scan_run(&s.ctx, &copts, &res, &err);
    double wall_s = db_errscan_wall_s(&s);
    db_progress_done(&s.prog);
    if (res.id.have_toc)
        db_print_c2scan_summary(&s.drive, &res, s.ctx.out_dir, wall_s);
    db_errscan_close(&s);
    if (rc) {
        fprintf(stderr, "discbench: c2scan: %s\n", err.msg);
        return rc;
    }
    return DB_EXIT_OK;

usage_error:
    fprintf(stderr, "discbench: c2scan: %s\n", err.msg);
    return DB_EXIT_USAGE;
fail:
    fprintf(stderr, "discbench: c2scan: %s\n", err.msg);
    return err.code ? err.code : DB_EXIT_USAGE;
}
