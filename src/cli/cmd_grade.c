/* cmd_grade.c - `discbench grade`: media grades per manufacturer (ATIP)
 * or label and write speed, from the results store (report/grade.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../report/grade.h"
#include "../report/resultdir.h"
#include "store_cli.h"

static const char grade_usage[] =
    "usage: discbench grade [--db PATH] [--by manufacturer|label] [--no-plot]\n"
    "                       [-o DIR] [--force]\n"
    "\n"
    "Grades media from every complete error scan (quality, c2scan, scan) in the\n"
    "results store, per manufacturer - read from the disc's ATIP, not its label -\n"
    "(or per label with --by label) and per write speed: discs scanned, mean and\n"
    "max C1 per second, C2 and CU totals, read errors, quality score, a letter\n"
    "grade A-F and the best write speed found.  Thresholds: F = any CU, unreadable\n"
    "sector or Red Book BLER failure; D = any C2 or mean C1 above 10/s; A = mean\n"
    "C1 <= 2/s, B <= 5, C <= 10.\n"
    "\n"
    "      --db PATH      results store (default:\n"
    "                     $XDG_DATA_HOME/discbench/results.db)\n"
    "      --by WHAT      manufacturer (default: the ATIP's) or label\n"
    "  -o, --output DIR   results directory (default results/grade-DATE-TIME)\n"
    "      --no-plot      write grade.gp but do not run gnuplot\n"
    "      --force        write over the results of an earlier grade in DIR\n"
    "  -h, --help         this text\n"
    "\n"
    "Prints the table (Markdown) and writes DIR/grade.csv, grade.md, grade.gp,\n"
    "grade.png, grade.svg.\n";

int cmd_grade(int argc, char **argv, const db_cli_env *env)
{
    (void)env;
    enum { OPT_DB = 0x200, OPT_BY, OPT_NO_PLOT, OPT_FORCE };
    static const struct option longopts[] = {
        { "db", required_argument, 0, OPT_DB }, { "by", required_argument, 0, OPT_BY },
        { "output", required_argument, 0, 'o' }, { "no-plot", no_argument, 0, OPT_NO_PLOT },
        { "force", no_argument, 0, OPT_FORCE }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *db_opt = NULL, *outdir = NULL;
    db_grade_by by = DB_GRADE_BY_MANUFACTURER;
    bool no_plot = false, force = false;
    db_error err = { 0 };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: db_opt = optarg; break;
        case OPT_BY:
            if (!strcmp(optarg, "manufacturer"))
                by = DB_GRADE_BY_MANUFACTURER;
            else if (!strcmp(optarg, "label"))
                by = DB_GRADE_BY_LABEL;
            else
                db_error_set(&err, DB_EXIT_USAGE, "--by: expected manufacturer or label, got '%s'", optarg);
            break;
        case 'o': outdir = optarg; break;
        case OPT_NO_PLOT: no_plot = true; break;
        case OPT_FORCE: force = true; break;
        case 'h': fputs(grade_usage, stdout); return DB_EXIT_OK;
        case ':': db_error_set(&err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]); break;
        default:
            db_error_set(&err, DB_EXIT_USAGE, "unknown option '%s' (see discbench grade --help)", argv[optind - 1]);
            break;
        }
        if (err.code)
            break;
    }
    if (!err.code && optind < argc)
        db_error_set(&err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench grade --help)", argv[optind]);
    if (err.code) {
        fprintf(stderr, "discbench: grade: %s\n", err.msg);
        return DB_EXIT_USAGE;
    }
    db_store *s;
    if (db_cli_store_open_existing(db_opt, &s, &err)) {
        fprintf(stderr, "discbench: grade: %s\n", err.msg);
        return err.code;
    }
    db_grade g;
    int rc = db_grade_compute(s, by, &g, &err);
    char path[4096];
    snprintf(path, sizeof path, "%s", db_store_path(s));
    db_store_close(s);
    if (rc) {
        fprintf(stderr, "discbench: grade: %s\n", err.msg);
        return err.code;
    }
    if (g.n == 0) {
        fprintf(stderr, "discbench: grade: nothing to grade in %s: no complete error scan (quality, c2scan or "
                        "scan) of a recordable disc is stored%s%s; scan discs with 'discbench quality' or 'discbench "
                        "suite' first. Nothing was written.\n", path, g.runs_ignored ? " (some incomplete ones)" : "",
                g.runs_pressed ? " (pressed discs have no manufacturer to grade)" : "");
        db_grade_free(&g);
        return DB_EXIT_INPUT;
    }
    char outbuf[1024];
    if (!outdir) {
        db_cli_default_outdir("grade", outbuf, sizeof outbuf);
        outdir = outbuf;
    }
    char note[600];
    if (db_resultdir_claim(outdir, "grade", force, &err) || db_resultdir_prepare(outdir, &err) ||
        db_grade_write(&g, outdir, no_plot, note, sizeof note, &err)) {
        fprintf(stderr, "discbench: grade: %s\n", err.msg);
        db_grade_free(&g);
        return err.code;
    }
    printf("discbench grade: %d complete error scans from %s%s\n", g.runs_used, path,
           g.all_simulated ? "  [SIMULATED: virtual drive, not a measurement]"
           : g.any_simulated ? "  [some scans SIMULATED]" : "");
    if (g.runs_superseded)
        printf("  %d older scans of named discs left out: a disc named with --disc-name counts once\n",
               g.runs_superseded);
    printf("\n");
    db_grade_markdown(&g, stdout);
    printf("\n  results    %s/ (grade.md, grade.csv, grade.png)\n", outdir);
    if (note[0])
        printf("  note       %s\n", note);
    db_grade_free(&g);
    return DB_EXIT_OK;
}
