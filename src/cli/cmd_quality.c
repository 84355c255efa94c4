/* cmd_quality.c - `discbench quality`: C1/C2/CU per second through the
 * drive's vendor scan protocol, Red Book verdict, quality score. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../bench/quality.h"
#include "errscan_cli.h"

static const char quality_usage[] =
    "usage: discbench quality [-d DEV] [--disc DISC] [--speed X|max] [--protocol P]\n"
    "                         [--no-cross-check] [--c2-mode 294|296] [--label TEXT]\n"
    "                         [--seed N] [--realtime] [--no-plot] [-o DIR]\n"
    "\n"
    "C1 (BLER), C2 (E22) and CU (E32) errors per second of disc, as the drive's own\n"
    "scan protocol reports them (Lite-On/MediaTek, Plextor), with totals, maxima,\n"
    "averages, the Red Book verdict (BLER under 220/s over 10 s, no CU) and a\n"
    "0-100 quality score.  A drive without a vendor protocol gets the c2scan.\n"
    "\n"
    "  -d, --device DEV     /dev/sr0, or sim:NAME / sim:PATH for the virtual drive\n"
    "      --disc DISC      virtual drive only: media profile (NAME or NAME:write=X\n"
    "                       for the burn speed), disc image or synthetic:MINUTES\n"
    "      --speed X        scan speed (default 8x, offered by both families), or max\n"
    "      --protocol P     auto (from the drive's identity, default), liteon (new,\n"
    "                       then old), liteon-old, liteon-new, plextor, or c2 (the\n"
    "                       c2scan); read-only commands whatever is chosen\n"
    "      --no-cross-check do not read the disc to check a scan with no C1 at all\n"
    "      --c2-mode N      for the c2scan fallback: 294 or 296 (default: probe)\n"
    "      --label TEXT     a label for the disc (brand, burn speed) kept in the results\n"
    "      --seed N         seed of the virtual drive's error model (default 1)\n"
    "      --realtime       virtual drive only: take real time instead of virtual time\n"
    "  -o, --output DIR     results directory (default results/quality-DATE-TIME)\n"
    "      --no-plot        write quality.gp but do not run gnuplot\n"
    "  -h, --help           this text\n"
    "\n"
    "Writes DIR/quality.csv (a row per second), quality_unreadable.csv, quality.gp,\n"
    "quality.png, quality.svg, summary.json.  Names: c1 = BLER, c2 = E22, cu = E32.\n";

static void print_summary(const db_drive *d, const quality_result *r, const char *dir, double wall_s)
{
    const db_qstats *q = &r->stats;
    char drive[64];
    db_identity_drive_name(&r->id, drive, sizeof drive);
    printf("discbench quality%s\n", d->simulated ? "  [SIMULATED: virtual drive, not a measurement]" : "");
    printf("  drive      %s (%s)\n", drive, d->device);
    printf("  disc       %s%s%u sectors (%.2f min)\n", d->disc_label, d->disc_label[0] ? ", " : "",
           r->disc_sectors, r->disc_sectors / 4500.0);
    printf("  protocol   %s  (%s)\n", db_qproto_name(r->used), r->protocol_note);
    if (r->speed_x > 0)
        printf("  speed      %gx requested%s%s\n", r->speed_x, r->speed_note[0] ? ": " : "", r->speed_note);
    else
        printf("  speed      maximum%s%s\n", r->speed_note[0] ? ": " : "", r->speed_note);
    printf("  C1 (BLER)  total %llu  average %.2f/s  max %u/s (second %u)\n", (unsigned long long)q->c1_total,
           db_qstats_c1_avg(q), q->c1_max, q->c1_max_second);
    printf("  C2 (E22)   total %llu  average %.2f/s  max %u/s (second %u)\n", (unsigned long long)q->c2_total,
           db_qstats_c2_avg(q), q->c2_max, q->c2_max_second);
    if (q->cu_reported && q->seconds_counted)
        printf("  CU (E32)   total %llu  max %u/s\n", (unsigned long long)q->cu_total, q->cu_max);
    else
        printf("  CU (E32)   not reported by this protocol\n");
    printf("  Red Book   %s  (highest 10-second BLER average %.1f/s, limit 220%s)\n",
           db_verdict_name(r->verdict), q->bler10_max, q->cu_reported ? ", no CU allowed" : "; CU not checked");
    if (r->score >= 0)
        printf("  score      %d / 100\n", r->score);
    else
        printf("  score      none (%s)\n", !r->complete ? "not a complete scan" : "the scan is not believed");
    if (r->believe_note[0])
        printf("  check      %s\n", r->believe_note);
    printf("  covered    %u of %u seconds%s\n", q->seconds_counted, q->seconds_total,
           r->interrupted ? "  (INTERRUPTED)" : r->complete ? "" : "  (INCOMPLETE: never a pass)");
    if (r->faults)
        printf("  faults     %u drive faults, last: %s\n", r->faults, r->last_fault);
    if (r->used == DB_QP_PLEXTOR && r->read_unreadable)
        printf("  unreadable %u sectors (quality_unreadable.csv)\n", r->read_unreadable);
    printf("  duration   %.1f s drive time (%.2f s wall)\n", r->duration_s, wall_s);
    printf("  results    %s/\n", dir);
    if (r->plot_note[0])
        printf("  note       %s\n", r->plot_note);
}

int cmd_quality(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        DB_ERRSCAN_LONGOPTS,
        { "protocol", required_argument, 0, 'p' }, { "no-cross-check", no_argument, 0, 'x' },
        { "c2-mode", required_argument, 0, 'm' },
        { 0, 0, 0, 0 }
    };
    db_errscan_common com = { .dev = { .seed = 1 } };
    quality_opts qopts = { .protocol = DB_QP_AUTO };
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
        case 'p':
            if (db_qproto_parse(optarg, &qopts.protocol)) {
                db_error_set(&err, DB_EXIT_USAGE, "--protocol: expected auto, liteon, liteon-old, liteon-new, "
                             "plextor or c2, got '%s'", optarg);
                goto usage_error;
            }
            break;
        case 'x': qopts.no_cross_check = true; break;
        case 'm':
            if (db_cli_int("--c2-mode", optarg, 294, 296, &lv, &err) || lv == 295) {
                db_error_set(&err, DB_EXIT_USAGE, "--c2-mode: expected 294 or 296, got '%s'", optarg);
                goto usage_error;
            }
            qopts.c2_mode = (int)lv;
            break;
        case 'h': fputs(quality_usage, stdout); return DB_EXIT_OK;
        case ':':
            db_error_set(&err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
            goto usage_error;
        default:
            db_error_set(&err, DB_EXIT_USAGE, "unknown option '%s' (see discbench quality --help)",
                         argv[optind - 1]);
            goto usage_error;
        }
    }
    if (optind < argc) {
        db_error_set(&err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench quality --help)", argv[optind]);
        goto usage_error;
    }
    qopts.speed_x = com.speed_x;

    db_errscan_session s;
    if (db_errscan_open(&com, "quality", argc, argv, env, &s, &err))
        goto fail;
    quality_result result;
    quality_result *res = &result;
    int rc = quality_run(&s.ctx, &qopts, res, &err);
    double wall_s = db_errscan_wall_s(&s);
    db_progress_done(&s.prog);
    if (res->fell_back) {
        fprintf(stderr, "discbench: quality: no vendor C1/C2 protocol on this drive, ran c2scan instead: %s\n",
                res->protocol_note);
        if (res->c2.id.have_toc)
            db_print_c2scan_summary(&s.drive, &res->c2, s.ctx.out_dir, wall_s);
    } else if (res->id.have_toc && (res->stats.seconds_counted || res->faults || rc == 0)) {
        print_summary(&s.drive, res, s.ctx.out_dir, wall_s);
    }
    db_errscan_close(&s);
    if (rc) {
        fprintf(stderr, "discbench: quality: %s\n", err.msg);
        return rc;
    }
    return DB_EXIT_OK;

usage_error:
    fprintf(stderr, "discbench: quality: %s\n", err.msg);
    return DB_EXIT_USAGE;
fail:
    fprintf(stderr, "discbench: quality: %s\n", err.msg);
    return err.code ? err.code : DB_EXIT_USAGE;
}
