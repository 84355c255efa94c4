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
    "                         [--seed N] [--realtime] [--no-plot] [--trace FILE] [-o DIR]\n"
    "\n"
    "C1 (BLER), C2 (E22) and CU (E32) errors per second of disc, as the drive's own\n"
    "scan protocol reports them (Lite-On/MediaTek, Plextor), with totals, maxima,\n"
    "averages, the Red Book verdict (BLER under 220/s over 10 s, no CU) and a\n"
    "0-100 quality score.  A drive without a vendor protocol gets the c2scan.\n"
    "\n"
    "      --speed X      scan speed (default 8x, offered by both families), or max\n"
    "      --protocol P   auto (from the drive's identity, default), liteon (new, then\n"
    "                     old), liteon-old, liteon-new, plextor, or c2 (the c2scan);\n"
    "                     read-only commands whatever is chosen\n"
    "      --no-cross-check  do not read the disc to check a scan with no C1 at all\n"
    "      --c2-mode N    for the c2scan fallback: 294 or 296 (default: probe)\n"
    DB_RUN_HELP
    "  (a media profile may name its burn speed: --disc NAME:write=X)\n"
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

enum { OPT_PROTOCOL = 0x200, OPT_NO_CROSS, OPT_C2_MODE };

static int quality_option(int c, const char *arg, void *opts, db_error *err)
{
    quality_opts *o = opts;
    long lv;
    switch (c) {
    case DB_OPT_ERRSCAN_SPEED:
        if (db_cli_errscan_speed(arg, &o->speed_x, err))
            return -1;
        break;
    case OPT_PROTOCOL:
        if (db_qproto_parse(arg, &o->protocol)) {
            db_error_set(err, DB_EXIT_USAGE, "--protocol: expected auto, liteon, liteon-old, liteon-new, "
                         "plextor or c2, got '%s'", arg);
            return -1;
        }
        break;
    case OPT_NO_CROSS: o->no_cross_check = true; break;
    case OPT_C2_MODE:
        if (db_cli_int("--c2-mode", arg, 294, 296, &lv, err) || lv == 295) {
            db_error_set(err, DB_EXIT_USAGE, "--c2-mode: expected 294 or 296, got '%s'", arg);
            return -1;
        }
        o->c2_mode = (int)lv;
        break;
    }
    return 0;
}

int cmd_quality(int argc, char **argv, const db_cli_env *env)
{
    static const struct option longopts[] = {
        DB_RUN_LONGOPTS,
        { "speed", required_argument, 0, DB_OPT_ERRSCAN_SPEED }, { "protocol", required_argument, 0, OPT_PROTOCOL },
        { "no-cross-check", no_argument, 0, OPT_NO_CROSS },     { "c2-mode", required_argument, 0, OPT_C2_MODE },
        { 0, 0, 0, 0 }
    };
    db_cli_run run;
    db_cli_run_init(&run, "quality", quality_usage, argc, argv);
    quality_opts qopts = { .protocol = DB_QP_AUTO };
    db_error err = { 0 };
    int parsed = db_cli_run_parse(&run, argc, argv, longopts, quality_option, &qopts, &err);
    if (parsed)
        return parsed > 0 ? DB_EXIT_OK : db_cli_run_fail(&run, &err);
    if (db_cli_run_start(&run, env, &err)) {
        db_cli_run_close(&run);
        return db_cli_run_fail(&run, &err);
    }
    quality_result res;
    int rc = quality_run(&run.ctx, &qopts, &res, &err);
    double wall_s = db_cli_run_wall_s(&run);
    db_progress_done(&run.prog);
    if (res.fell_back) {
        fprintf(stderr, "discbench: quality: no vendor C1/C2 protocol on this drive, ran c2scan instead: %s\n",
                res.protocol_note);
        if (res.c2.id.have_toc)
            db_print_c2scan_summary(&run.drive, &res.c2, run.ctx.out_dir, wall_s);
    } else if (res.id.have_toc && (res.stats.seconds_counted || res.faults || rc == 0)) {
        print_summary(&run.drive, &res, run.ctx.out_dir, wall_s);
    }
    db_cli_run_close(&run);
    return rc ? db_cli_run_fail(&run, &err) : DB_EXIT_OK;
}
