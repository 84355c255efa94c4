/* run.c - the common options and steps of every test command (run.h). */
#include "run.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../report/resultdir.h"
#include "store_cli.h"

void db_cli_run_init(db_cli_run *r, const char *test, const char *usage, int argc, char **argv)
{
    memset(r, 0, sizeof *r);
    r->test = test;
    r->usage = usage;
    r->dev.seed = 1;
    r->wants_outdir = true;
    db_cli_join_argv(argc, argv, r->cmdline, sizeof r->cmdline);
    r->dev.command_line = r->cmdline;
    optind = 1;
    opterr = 0;
}

int db_cli_run_option(db_cli_run *r, int c, int argc, char **argv, db_error *err)
{
    long lv;
    (void)argc;
    switch (c) {
    case 'd': r->dev.device = optarg; return 1;
    case 'o': r->outdir = optarg; return 1;
    case DB_OPT_DISC: r->dev.disc = optarg; return 1;
    case DB_OPT_SEED:
        if (db_cli_int("--seed", optarg, 0, 2147483647L, &lv, err))
            return -1;
        r->dev.seed = (uint64_t)lv;
        return 1;
    case DB_OPT_REALTIME: r->dev.realtime = true; return 1;
    case DB_OPT_LABEL: r->label = optarg; return 1;
    case DB_OPT_DISC_NAME:
        if (db_cli_disc_name(optarg, err))
            return -1;
        r->disc_name = optarg;
        return 1;
    case DB_OPT_NO_PLOT: r->no_plot = true; return 1;
    case DB_OPT_TRACE: r->dev.trace = optarg; return 1;
    case DB_OPT_TRACE_NO_DATA: r->dev.trace_no_data = true; return 1;
    case DB_OPT_FAULT: return db_cli_add_fault(&r->dev, optarg, err) ? -1 : 1;
    case DB_OPT_FORCE: r->force = true; return 1;
    case DB_OPT_DB: r->db_path = optarg; return 1;
    case DB_OPT_NO_STORE: r->no_store = true; return 1;
    case DB_OPT_WRITE_SPEED: {
        double x;
        if (db_cli_double("--write-speed", optarg, 1, 100, &x, err))
            return -1;
        r->write_speed_x = x;
        return 1;
    }
    case 'h':
        fputs(r->usage, stdout);
        return 2;
    case ':':
        db_error_set(err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
        return -1;
    case '?':
        db_error_set(err, DB_EXIT_USAGE, "unknown option '%s' (see discbench %s --help)",
                     argv[optind - 1], r->test);
        return -1;
    default:
        return 0;
    }
}

int db_cli_run_no_args(db_cli_run *r, int argc, char **argv, db_error *err)
{
    if (optind < argc)
        return db_error_set(err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench %s --help)",
                            argv[optind], r->test);
    if (r->dev.trace_no_data && !r->dev.trace)
        return db_error_set(err, DB_EXIT_USAGE, "--trace-no-data needs --trace FILE");
    if (r->no_store && r->db_path)
        return db_error_set(err, DB_EXIT_USAGE, "--db and --no-store exclude each other");
    return 0;
}

int db_cli_run_start(db_cli_run *r, const db_cli_env *env, db_error *err)
{
    /* The store first, then the results directory: a bad --db leaves no
     * empty results directory behind. */
    if (db_cli_run_store_open(r, err))
        return -1;
    if (r->wants_outdir) {
        if (!r->outdir) {
            db_cli_default_outdir(r->test, r->outbuf, sizeof r->outbuf);
            /* always a fresh directory: a second run in the same second
             * gets results/TEST-DATE-TIME-2, -3, ... */
            size_t base = strlen(r->outbuf);
            for (int i = 2; i < 1000 && access(r->outbuf, F_OK) == 0; i++)
                snprintf(r->outbuf + base, sizeof r->outbuf - base, "-%d", i);
            r->outdir = r->outbuf;
        }
        if (db_resultdir_claim(r->outdir, r->test, r->force, err) || db_resultdir_prepare(r->outdir, err))
            return -1;
    }
    char note[512];
    if (db_cli_open_drive(&r->dev, &r->drive, note, sizeof note, err))
        return -1;
    r->drive_open = true;
    if (note[0])
        fprintf(stderr, "discbench: %s\n", note);
    db_progress_init(&r->prog);
    r->ctx = (db_bench_ctx){ .drive = &r->drive, .out_dir = r->outdir, .stop = env->stop,
                             .progress = db_progress_update, .progress_arg = &r->prog,
                             .label = r->label, .disc_name = r->disc_name, .command_line = r->cmdline,
                             .no_plot = r->no_plot };
    r->ctx.write_speed_x = r->write_speed_x;
    r->ctx.faults = &r->faults;
    db_cli_run_store_begin(r);
    r->wall0_ns = db_monotonic_ns();
    return 0;
}

double db_cli_run_wall_s(const db_cli_run *r)
{
    return (double)(db_monotonic_ns() - r->wall0_ns) / 1e9;
}

void db_cli_run_close(db_cli_run *r)
{
    db_progress_done(&r->prog);
    if (r->drive_open)
        db_drive_close(&r->drive);
    r->drive_open = false;
    db_cli_run_store_finish(r);
}

int db_cli_run_fail(const db_cli_run *r, const db_error *err)
{
    fprintf(stderr, "discbench: %s: %s\n", r->test, err->msg);
    return err->code ? err->code : DB_EXIT_USAGE;
}

int db_cli_run_parse(db_cli_run *r, int argc, char **argv, const struct option *longopts,
                     db_cli_opt_fn own, void *opts, db_error *err)
{
    int c;
    while ((c = getopt_long(argc, argv, DB_RUN_SHORTOPTS, longopts, NULL)) != -1) {
        int handled = db_cli_run_option(r, c, argc, argv, err);
        if (handled == 2)
            return 1;
        if (handled < 0)
            return -1;
        if (!handled && own(c, optarg, opts, err))
            return -1;
    }
    return db_cli_run_no_args(r, argc, argv, err);
}
