/* cmd_compare.c - `discbench compare RUN...`: several runs in one picture
 * and one table (bench/compare.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/compare.h"
#include "../report/resultdir.h"
#include "../util/kv.h"
#include "store_cli.h"

static const char compare_usage[] =
    "usage: discbench compare RUN... [-o DIR] [--force] [--db PATH] [--no-plot]\n"
    "\n"
    "Draws several runs of one test in one picture and writes their figures side by\n"
    "side: transfer curves of several drives on the same disc, a drive's data versus\n"
    "audio curve (transfer + dae runs), C1/C2 per second of one brand burned at\n"
    "several write speeds (quality), C2 per minute (c2scan), access times as grouped\n"
    "bars (seek).  Legends name what differs: drive model and firmware, data/audio,\n"
    "label, write speed.\n"
    "\n"
    "RUN is a results directory, a CSV file written by discbench, or store:ID (a run\n"
    "of the results store; 'discbench runs' lists them).  2 to 16 runs.\n"
    "\n"
    "  -o, --output DIR   results directory (default results/compare-DATE-TIME)\n"
    "      --db PATH      results store for store:ID (default\n"
    "                     $XDG_DATA_HOME/discbench/results.db)\n"
    "      --no-plot      write the .gp script(s) but do not run gnuplot\n"
    "      --force        write over the results of an earlier compare in DIR\n"
    "  -h, --help         this text\n"
    "\n"
    "Writes DIR/compare.csv (one row per run), runs/NN-TEST.csv (each run's rows),\n"
    "compare.gp + compare.png/.svg (compare-c1/-c2 for quality, compare-c2 for\n"
    "c2scan, compare-access for seek) and summary.json.\n";

static int fail(const char *msg, int code)
{
    fprintf(stderr, "discbench: compare: %s\n", msg);
    return code ? code : DB_EXIT_USAGE;
}

int cmd_compare(int argc, char **argv, const db_cli_env *env)
{
    (void)env;
    enum { OPT_DB = 0x200, OPT_NO_PLOT, OPT_FORCE };
    static const struct option longopts[] = {
        { "force", no_argument, 0, OPT_FORCE },
        { "output", required_argument, 0, 'o' }, { "db", required_argument, 0, OPT_DB },
        { "no-plot", no_argument, 0, OPT_NO_PLOT }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *outdir = NULL, *db_opt = NULL;
    bool no_plot = false, force = false;
    db_error err = { 0 };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': outdir = optarg; break;
        case OPT_DB: db_opt = optarg; break;
        case OPT_NO_PLOT: no_plot = true; break;
        case OPT_FORCE: force = true; break;
        case 'h': fputs(compare_usage, stdout); return DB_EXIT_OK;
        case ':':
            db_error_set(&err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
            return fail(err.msg, DB_EXIT_USAGE);
        default:
            db_error_set(&err, DB_EXIT_USAGE, "unknown option '%s' (see discbench compare --help)", argv[optind - 1]);
            return fail(err.msg, DB_EXIT_USAGE);
        }
    }
    int n = argc - optind;
    if (n < 2 || n > DB_COMPARE_MAX_RUNS) {
        db_error_set(&err, DB_EXIT_USAGE, "give 2 to %d runs to compare, not %d (see discbench compare --help)",
                     DB_COMPARE_MAX_RUNS, n);
        return fail(err.msg, DB_EXIT_USAGE);
    }
    /* The store only when a run names it, and only for well-formed ids. */
    db_store *store = NULL;
    for (int i = optind; i < argc; i++) {
        long id;
        if (strncmp(argv[i], "store:", 6))
            continue;
        if (db_parse_long(argv[i] + 6, &id) || id <= 0) {
            db_error_set(&err, DB_EXIT_USAGE, "'%s': expected store:ID with a run id ('discbench runs' lists them)",
                         argv[i]);
            db_store_close(store);
            return fail(err.msg, DB_EXIT_USAGE);
        }
        if (!store && db_cli_store_open_existing(db_opt, &store, &err))
            return fail(err.msg, err.code);
    }
    db_cmp_run *runs = calloc((size_t)n, sizeof *runs);
    if (!runs) {
        db_store_close(store);
        return fail("out of memory", DB_EXIT_OUTPUT);
    }
    int loaded = 0, rc = DB_EXIT_OK;
    /* Every run is read and checked before anything is written. */
    for (; loaded < n; loaded++)
        if (db_compare_load(argv[optind + loaded], store, &runs[loaded], &err))
            break;
    db_store_close(store);
    if (loaded < n || db_compare_prepare(runs, n, &err)) {
        rc = fail(err.msg, err.code);
        goto out;
    }
    char outbuf[1024];
    if (!outdir) {
        db_cli_default_outdir("compare", outbuf, sizeof outbuf);
        outdir = outbuf;
    }
    if (db_resultdir_claim(outdir, "compare", force, &err) || db_resultdir_prepare(outdir, &err)) {
        rc = fail(err.msg, err.code);
        goto out;
    }
    char cmdline[2048];
    db_cli_join_argv(argc, argv, cmdline, sizeof cmdline);
    db_bench_ctx ctx = { .out_dir = outdir, .no_plot = no_plot, .command_line = cmdline };
    db_compare_result res;
    if (db_compare_write(&ctx, runs, n, &res, &err)) {
        rc = fail(err.msg, err.code);
        goto out;
    }
    bool mixed = false;
    for (int i = 1; i < n; i++)
        mixed |= strcmp(runs[i].test, runs[0].test) != 0;
    printf("discbench compare: %d %s runs%s\n", n, mixed ? "transfer and dae" : runs[0].test,
           res.all_simulated ? "  [SIMULATED: virtual drive, not a measurement]"
           : res.any_simulated ? "  [some runs SIMULATED]" : "");
    for (int i = 0; i < n; i++) {
        printf("  %2d  %-40s %s\n", i + 1, runs[i].legend, runs[i].spec);
        printf("      ");
        int shown = 0;
        for (int f = 0; f < runs[i].nfigs && shown < 6; f++) {
            if (!runs[i].figs[f].value[0])
                continue;
            printf("%s%s %s", shown ? "  " : "", runs[i].figs[f].name, runs[i].figs[f].value);
            shown++;
        }
        printf("\n");
    }
    printf("  table      %s/compare.csv\n", outdir);
    for (int p = 0; p < res.npictures; p++)
        printf("  picture    %s/%s.png (.svg, .gp)\n", outdir, res.pictures[p]);
    if (res.plot_note[0])
        printf("  note       %s\n", res.plot_note);
out:
    for (int i = 0; i < loaded && i < n; i++)
        db_compare_free(&runs[i]);
    free(runs);
    return rc;
}
