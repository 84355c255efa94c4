/* cmd_suite.c - `discbench suite`: every test that applies, on one drive
 * or on several at once (one thread per drive), one report.
 *
 * Threads: options are parsed (getopt's global state) and every drive is
 * opened in the main thread before any thread starts; each thread then
 * owns its drive, its directory, its result, its own results-store
 * connection and no progress line (one terminal line cannot show several
 * drives); it reads the shared options and the stop flag only. */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/compare.h"
#include "../bench/suite.h"
#include "../report/resultdir.h"
#include "store_cli.h"

#define SUITE_MAX_DRIVES 8

static const char suite_usage[] =
    "usage: discbench suite [-d DEV]... [--disc DISC] [--label TEXT]\n"
    "                       [--write-speed X] [--tests LIST] [--zones N]\n"
    "                       [--samples N] [--seed N] [--no-plot]\n"
    "                       [--db PATH | --no-store] [-o DIR]\n"
    "\n"
    "Runs every test that applies to the drive and disc - info first, then transfer,\n"
    "dae (audio tracks), seek, quality (vendor C1/C2 protocol) or else c2scan (C2\n"
    "pointers), scan - each in DIR/TEST/, and writes DIR/report.md (figures, a table,\n"
    "the pictures), suite.csv and summary.json.  With several -d the same suite runs\n"
    "on every drive at once, one thread per drive, into DIR/DRIVE/, and report.md\n"
    "adds the drives compared in one picture per test.\n"
    "\n"
    "      --tests LIST   only these tests, e.g. quality,scan (default: all that\n"
    "                     apply)\n"
    "      --zones N      zones of transfer, dae, c2scan, scan (default: each\n"
    "                     test's own)\n"
    "      --samples N    seek samples per kind, 0..1000 (default 100)\n"
    DB_RUN_HELP
    "\n"
    "Every test run is stored in the results store, grouped under the suite's run.\n"
    "With several drives, seek measures no CPU use (getrusage counts the whole\n"
    "process, every drive's thread together).\n";

typedef struct job {
    int index;
    db_device_opts dev;
    char slug[64];
    char dir[1200];
    db_drive drive;
    bool drive_open;
    const db_cli_env *env;
    const db_cli_run *run;      /* the shared options, read only */
    const char *store_path;     /* NULL: --no-store */
    bool several;
    suite_opts opts;
    suite_result *res;
    db_progress prog;
    db_store *store;
    int64_t suite_id;
    db_error err;
} job;

/* A directory name from the device: sim:liteon-ltr40125s -> liteon-ltr40125s. */
static void make_slug(const char *dev, char *out, size_t len)
{
    const char *p = strrchr(dev, '/');
    p = p ? p + 1 : strchr(dev, ':') ? strchr(dev, ':') + 1 : dev;
    size_t n = 0;
    for (; *p && n + 1 < len; p++)
        out[n++] = (char)((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                                  *p == '-' || *p == '_' || *p == '.'
                              ? *p
                              : '-');
    out[n] = '\0';
    if (!n || !strcmp(out, ".") || !strcmp(out, ".."))
        snprintf(out, len, "drive");
}

static db_store_meta meta(const job *j, const char *test, const char *dir, int64_t parent)
{
    return (db_store_meta){ .test = test, .device = j->drive.device, .results_dir = dir, .label = j->run->label,
                            .write_speed_x = j->run->write_speed_x, .parent_id = parent };
}

static void after_test(void *arg, suite_test t, const char *dir, int rc)
{
    job *j = arg;
    const suite_test_result *tr = &j->res->tests[t];
    if (j->store) {
        db_store_meta m = meta(j, suite_test_name(t), dir, j->suite_id);
        db_error e = { 0 };
        if (db_store_add_results(j->store, 0, dir, &m, NULL, &e))
            fprintf(stderr, "discbench: suite: %s: %s kept in %s/ but not stored: %s\n", j->slug,
                    suite_test_name(t), dir, e.msg);
    }
    if (j->several)
        fprintf(stderr, "discbench: suite: %s: %s %s%s\n", j->slug, suite_test_name(t), tr->status,
                rc ? " (failed)" : "");
}

static void *job_run(void *arg)
{
    job *j = arg;
    if (j->store_path) {
        db_error e = { 0 };
        if (db_store_open(j->store_path, &j->store, &e))
            fprintf(stderr, "discbench: suite: %s: %s; not stored\n", j->slug, e.msg);
        else {
            db_store_meta m = meta(j, "suite", j->dir, 0);
            if (db_store_run_begin(j->store, &m, &j->suite_id, &e)) {
                fprintf(stderr, "discbench: suite: %s: %s; not stored\n", j->slug, e.msg);
                db_store_close(j->store);
                j->store = NULL;
            }
        }
    }
    if (!j->several)
        db_progress_init(&j->prog);
    db_bench_ctx ctx = { .drive = &j->drive, .out_dir = j->dir, .stop = j->env->stop,
                         .progress = j->several ? NULL : db_progress_update,
                         .progress_arg = j->several ? NULL : &j->prog, .label = j->run->label,
                         .disc_name = j->run->disc_name, .command_line = j->run->cmdline, .no_plot = j->run->no_plot,
                         .write_speed_x = j->run->write_speed_x };
    j->opts.after_test = after_test;
    j->opts.after_arg = j;
    suite_run(&ctx, &j->opts, j->res, &j->err);
    if (!j->several)
        db_progress_done(&j->prog);
    if (j->store) {
        db_store_meta m = meta(j, "suite", j->dir, 0);
        db_error e = { 0 };
        if (db_store_add_results(j->store, j->suite_id, j->dir, &m, NULL, &e))
            fprintf(stderr, "discbench: suite: %s: suite kept in %s/ but not stored: %s\n", j->slug, j->dir, e.msg);
        db_store_close(j->store);
        j->store = NULL;
    }
    return NULL;
}

static void print_drive(const job *j)
{
    const suite_result *r = j->res;
    printf("  drive      %s (%s)%s\n", r->drive_name, r->device, r->simulated ? "  [SIMULATED]" : "");
    if (r->disc[0])
        printf("  disc       %s\n", r->disc);
    if (r->info.maker_known)
        printf("  ATIP       %s\n", r->info.maker.name);
    for (int t = 0; t < SUITE_TESTS; t++) {
        const suite_test_result *tr = &r->tests[t];
        if (tr->ran)
            printf("  %-10s %s: %s%s%s\n", suite_test_name((suite_test)t), tr->status,
                   tr->headline[0] ? tr->headline : "-", tr->rc && tr->error[0] ? " - " : "",
                   tr->rc ? tr->error : "");
        else
            printf("  %-10s not run: %s\n", suite_test_name((suite_test)t), tr->why);
    }
    printf("  suite      %s%s%s\n", r->status, r->error[0] ? " - " : "", r->error);
}

/* Drives compared: each test that ran as the same test on two drives or
 * more, in DIR/compare-TEST/. */
static int comparisons(const char *outdir, job *jobs, int n, bool no_plot, const char *cmdline,
                       char names[][32], int max)
{
    int made = 0;
    for (int t = 0; t < SUITE_TESTS && made < max; t++) {
        db_cmp_run runs[SUITE_MAX_DRIVES];
        int k = 0;
        const char *as = NULL;
        bool ok = true;
        for (int i = 0; i < n && ok; i++) {
            const suite_test_result *tr = &jobs[i].res->tests[t];
            if (!tr->ran || tr->rc == DB_EXIT_INTERRUPTED)
                continue;
            if (as && strcmp(as, tr->ran_as))
                ok = false;   /* quality on one drive fell back to c2scan on another */
            as = tr->ran_as;
            char dir[1300];
            snprintf(dir, sizeof dir, "%s/%s", jobs[i].dir, suite_test_name((suite_test)t));
            db_error e = { 0 };
            if (db_compare_load(dir, NULL, &runs[k], &e) == 0)
                k++;
        }
        db_error e = { 0 };
        if (ok && k >= 2 && db_compare_prepare(runs, k, &e) == 0) {
            char dir[1300];
            snprintf(dir, sizeof dir, "%s/compare-%s", outdir, suite_test_name((suite_test)t));
            db_bench_ctx ctx = { .out_dir = dir, .no_plot = no_plot, .command_line = cmdline };
            db_compare_result res;
            if (db_resultdir_prepare(dir, &e) || db_compare_write(&ctx, runs, k, &res, &e))
                fprintf(stderr, "discbench: suite: comparing %s: %s\n", suite_test_name((suite_test)t), e.msg);
            else
                snprintf(names[made++], 32, "compare-%s", suite_test_name((suite_test)t));
        }
        for (int i = 0; i < k; i++)
            db_compare_free(&runs[i]);
    }
    return made;
}

int cmd_suite(int argc, char **argv, const db_cli_env *env)
{
    enum { OPT_TESTS = 0x200, OPT_ZONES, OPT_SAMPLES };
    static const struct option longopts[] = {
        DB_RUN_LONGOPTS,
        { "tests", required_argument, 0, OPT_TESTS },
        { "zones", required_argument, 0, OPT_ZONES },
        { "samples", required_argument, 0, OPT_SAMPLES },
        { 0, 0, 0, 0 }
    };
    db_cli_run run;
    db_cli_run_init(&run, "suite", suite_usage, argc, argv);
    const char *devices[SUITE_MAX_DRIVES];
    int ndev = 0;
    suite_opts sopts = { .tests = (1u << SUITE_TESTS) - 1, .zones = 0, .samples = -1 };
    db_error err = { 0 };
    long lv;
    int c;
    while ((c = getopt_long(argc, argv, DB_RUN_SHORTOPTS, longopts, NULL)) != -1) {
        if (c == 'd') {
            if (ndev == SUITE_MAX_DRIVES) {
                db_error_set(&err, DB_EXIT_USAGE, "at most %d drives (-d) at once", SUITE_MAX_DRIVES);
                return db_cli_run_fail(&run, &err);
            }
            devices[ndev++] = optarg;
            continue;
        }
        int handled = db_cli_run_option(&run, c, argc, argv, &err);
        if (handled == 2)
            return DB_EXIT_OK;
        if (handled < 0)
            return db_cli_run_fail(&run, &err);
        if (handled)
            continue;
        switch (c) {
        case OPT_TESTS:
            if (suite_parse_tests(optarg, &sopts.tests, &err))
                return db_cli_run_fail(&run, &err);
            break;
        case OPT_ZONES:
            if (db_cli_int("--zones", optarg, 1, 10000, &lv, &err))
                return db_cli_run_fail(&run, &err);
            sopts.zones = (int)lv;
            break;
        case OPT_SAMPLES:
            if (db_cli_int("--samples", optarg, 0, 1000, &lv, &err))
                return db_cli_run_fail(&run, &err);
            sopts.samples = (int)lv;
            break;
        }
    }
    if (db_cli_run_no_args(&run, argc, argv, &err))
        return db_cli_run_fail(&run, &err);
    if (ndev > 1 && run.dev.trace) {
        db_error_set(&err, DB_EXIT_USAGE, "--trace records one drive: use it with one -d");
        return db_cli_run_fail(&run, &err);
    }
    if (ndev == 0)
        devices[ndev++] = NULL;   /* the first drive found, else the default virtual drive */
    for (int i = 0; i < ndev; i++)
        for (int k = 0; k < i; k++)
            if (devices[i] && devices[k] && !strcmp(devices[i], devices[k])) {
                db_error_set(&err, DB_EXIT_USAGE, "-d %s given twice", devices[i]);
                return db_cli_run_fail(&run, &err);
            }
    sopts.no_cpu = ndev > 1;
    if (run.write_speed_x <= 0)
        run.write_speed_x = db_cli_disc_write_speed(run.dev.disc);

    /* Results directory and store first: never measure with nowhere to
     * put the results. */
    if (!run.outdir) {
        db_cli_default_outdir("suite", run.outbuf, sizeof run.outbuf);
        run.outdir = run.outbuf;
    }
    char store_path[4096];
    bool use_store = !run.no_store;
    if (use_store) {
        db_store *probe;
        if (db_cli_store_path(run.db_path, store_path, sizeof store_path, &err) ||
            db_store_open(store_path, &probe, &err)) {
            size_t u = strlen(err.msg);
            snprintf(err.msg + u, sizeof err.msg - u, " (--db names another store, --no-store runs without one)");
            return db_cli_run_fail(&run, &err);
        }
        db_store_close(probe);
    }
    /* a fresh directory, as for every test (--force: over an earlier run) */
    if (db_resultdir_claim(run.outdir, "suite", run.force, &err) || db_resultdir_prepare(run.outdir, &err))
        return db_cli_run_fail(&run, &err);

    job *jobs = calloc((size_t)ndev, sizeof *jobs);
    if (!jobs) {
        db_error_set(&err, DB_EXIT_OUTPUT, "out of memory");
        return db_cli_run_fail(&run, &err);
    }
    int rc = DB_EXIT_OK, opened = 0;
    for (int i = 0; i < ndev; i++) {
        job *j = &jobs[i];
        j->index = i;
        j->dev = run.dev;
        j->dev.device = devices[i];
        j->env = env;
        j->run = &run;
        j->store_path = use_store ? store_path : NULL;
        j->several = ndev > 1;
        j->opts = sopts;
        j->res = calloc(1, sizeof *j->res);
        char note[512];
        if (!j->res) {
            rc = db_cli_run_fail(&run, &(db_error){ DB_EXIT_OUTPUT, "out of memory" });
            break;
        }
        if (db_cli_open_drive(&j->dev, &j->drive, note, sizeof note, &err)) {
            rc = db_cli_run_fail(&run, &err);
            break;
        }
        j->drive_open = true;
        opened++;
        if (note[0])
            fprintf(stderr, "discbench: %s\n", note);
        make_slug(j->drive.device, j->slug, sizeof j->slug);
        for (int k = 0; k < i; k++)
            if (!strcmp(jobs[k].slug, j->slug))
                snprintf(j->slug + strlen(j->slug), sizeof j->slug - strlen(j->slug), "-%d", i + 1);
        if (ndev > 1) {
            snprintf(j->dir, sizeof j->dir, "%s/%s", run.outdir, j->slug);
            if (db_resultdir_prepare(j->dir, &err)) {
                rc = db_cli_run_fail(&run, &err);
                break;
            }
        } else {
            snprintf(j->dir, sizeof j->dir, "%s", run.outdir);
        }
    }
    if (rc == DB_EXIT_OK) {
        if (ndev == 1) {
            job_run(&jobs[0]);
        } else {
            pthread_t th[SUITE_MAX_DRIVES];
            int started = 0;
            for (; started < ndev; started++)
                if (pthread_create(&th[started], NULL, job_run, &jobs[started])) {
                    fprintf(stderr, "discbench: suite: cannot start a thread for %s: running it after the others\n",
                            jobs[started].slug);
                    break;
                }
            for (int i = 0; i < started; i++)
                pthread_join(th[i], NULL);
            for (int i = started; i < ndev; i++)
                job_run(&jobs[i]);
        }
        for (int i = 0; i < ndev; i++) {
            if (jobs[i].res->rc == DB_EXIT_INTERRUPTED)
                rc = DB_EXIT_INTERRUPTED;
            else if (!rc && jobs[i].res->rc)
                rc = jobs[i].res->rc;
        }
        char cmp[SUITE_TESTS][32];
        const char *cmp_names[SUITE_TESTS];
        int ncmp = ndev > 1 ? comparisons(run.outdir, jobs, ndev, run.no_plot, run.cmdline, cmp, SUITE_TESTS) : 0;
        for (int k = 0; k < ncmp; k++)
            cmp_names[k] = cmp[k];
        const suite_result *results[SUITE_MAX_DRIVES];
        const char *prefixes[SUITE_MAX_DRIVES];
        for (int i = 0; i < ndev; i++) {
            results[i] = jobs[i].res;
            prefixes[i] = ndev > 1 ? jobs[i].slug : "";
        }
        db_error rerr = { 0 };
        if (suite_report(run.outdir, run.cmdline, results, prefixes, ndev, cmp_names, ncmp, &rerr) ||
            (ndev > 1 &&
             suite_top_summary(run.outdir, run.cmdline, results, prefixes, ndev, cmp_names, ncmp, rc, &rerr))) {
            fprintf(stderr, "discbench: suite: %s\n", rerr.msg);
            if (!rc)
                rc = rerr.code;
        }
        printf("discbench suite%s\n", jobs[0].res->simulated ? "  [SIMULATED: virtual drive, not a measurement]" : "");
        for (int i = 0; i < ndev; i++)
            print_drive(&jobs[i]);
        for (int k = 0; k < ncmp; k++)
            printf("  compared   %s/%s/\n", run.outdir, cmp_names[k]);
        printf("  report     %s/report.md\n", run.outdir);
        if (ndev > 1)
            printf("  pictures   %s/*/*/*.png, %s/compare-*/*.png\n", run.outdir, run.outdir);
        else
            printf("  pictures   %s/*/*.png\n", run.outdir);
        if (use_store)
            printf("  stored     in %s ('discbench runs --test suite' lists the suites)\n", store_path);
        for (int i = 0; i < ndev; i++)
            if (jobs[i].res->rc && jobs[i].err.msg[0])
                fprintf(stderr, "discbench: suite: %s: %s\n", jobs[i].slug, jobs[i].err.msg);
    }
    for (int i = 0; i < ndev; i++) {
        if (jobs[i].drive_open)
            db_drive_close(&jobs[i].drive);
        free(jobs[i].res);
    }
    free(jobs);
    (void)opened;
    return rc;
}
