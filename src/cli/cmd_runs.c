/* cmd_runs.c - `discbench runs` (list the stored runs) and `discbench
 * export` (write them as CSV or JSON): the results store, read only. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/atomic.h"
#include "store_cli.h"

#define FILTER_HELP                                                                             \
    "      --db PATH        results store (default:\n"                                       \
    "                       $XDG_DATA_HOME/discbench/results.db)\n"                          \
    "      --id N           one run\n"                                                          \
    "      --test T         transfer, dae, seek, quality, c2scan, scan or suite\n"              \
    "      --drive TEXT     drive vendor, model or firmware contains TEXT\n"                    \
    "      --media TEXT     ATIP manufacturer, ATIP code or media key contains TEXT\n"          \
    "      --label TEXT     label contains TEXT\n"                                              \
    "      --write-speed X  burned at X\n"                                                      \
    "      --since DATE     started on or after DATE (YYYY-MM-DD)\n"                            \
    "      --complete / --incomplete   only runs that covered the disc / that did not\n"       \
    "      --simulated / --measured    only virtual-drive runs / only real-drive runs\n"       \
    "      --last N         the newest N runs\n"

static const char runs_usage[] =
    "usage: discbench runs [--db PATH] [filters]\n"
    "\n"
    "Lists the runs in the results store, oldest first: id, when, test, status,\n"
    "drive, disc (ATIP manufacturer or disc type), write speed, label and #disc name.\n"
    "\n" FILTER_HELP "  -h, --help           this text\n";

static const char export_usage[] =
    "usage: discbench export [--db PATH] [filters] [--format csv|json] [--zones]\n"
    "                        [-o FILE]\n"
    "\n"
    "Writes the runs of the results store: csv = one row per run (identity columns);\n"
    "json = an array of runs with their summary.json embedded (--zones: and every\n"
    "CSV row).\n"
    "\n" FILTER_HELP
    "      --format F       csv (default) or json\n"
    "      --zones          json: include each run's rows\n"
    "  -o, --output FILE    write to FILE (replaced whole) instead of standard output\n"
    "  -h, --help           this text\n";

enum {
    OPT_DB = 0x200, OPT_ID, OPT_TEST, OPT_DRIVE, OPT_MEDIA, OPT_LABEL, OPT_WS, OPT_SINCE, OPT_COMPLETE,
    OPT_INCOMPLETE, OPT_SIM, OPT_MEASURED, OPT_LAST, OPT_FORMAT, OPT_ZONES
};

#define FILTER_LONGOPTS                                                                                  \
    { "db", required_argument, 0, OPT_DB }, { "id", required_argument, 0, OPT_ID },                      \
    { "test", required_argument, 0, OPT_TEST }, { "drive", required_argument, 0, OPT_DRIVE },            \
    { "media", required_argument, 0, OPT_MEDIA }, { "label", required_argument, 0, OPT_LABEL },          \
    { "write-speed", required_argument, 0, OPT_WS }, { "since", required_argument, 0, OPT_SINCE },       \
    { "complete", no_argument, 0, OPT_COMPLETE }, { "incomplete", no_argument, 0, OPT_INCOMPLETE },      \
    { "simulated", no_argument, 0, OPT_SIM }, { "measured", no_argument, 0, OPT_MEASURED },              \
    { "last", required_argument, 0, OPT_LAST }, { "help", no_argument, 0, 'h' }

/* A filter option: 1 handled, 0 not a filter option, -1 bad value. */
static int filter_opt(db_store_filter *f, const char **db, int c, db_error *err)
{
    long lv;
    double dv;
    switch (c) {
    case OPT_DB: *db = optarg; return 1;
    case OPT_ID:
        if (db_cli_int("--id", optarg, 1, 2147483647L, &lv, err))
            return -1;
        f->id = lv;
        return 1;
    case OPT_TEST: f->test = optarg; return 1;
    case OPT_DRIVE: f->drive = optarg; return 1;
    case OPT_MEDIA: f->media = optarg; return 1;
    case OPT_LABEL: f->label = optarg; return 1;
    case OPT_WS:
        if (db_cli_double("--write-speed", optarg, 1, 100, &dv, err))
            return -1;
        f->write_speed_x = dv;
        return 1;
    case OPT_SINCE: f->since = optarg; return 1;
    case OPT_COMPLETE: f->complete = 1; return 1;
    case OPT_INCOMPLETE: f->complete = 0; return 1;
    case OPT_SIM: f->simulated = 1; return 1;
    case OPT_MEASURED: f->simulated = 0; return 1;
    case OPT_LAST:
        if (db_cli_int("--last", optarg, 1, 1000000, &lv, err))
            return -1;
        f->limit = (int)lv;
        return 1;
    default: return 0;
    }
}

static int usage_fail(const char *cmd, int c, char **argv, db_error *err)
{
    if (!err->code) {
        if (c == ':')
            db_error_set(err, DB_EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
        else
            db_error_set(err, DB_EXIT_USAGE, "unknown option '%s' (see discbench %s --help)", argv[optind - 1], cmd);
    }
    fprintf(stderr, "discbench: %s: %s\n", cmd, err->msg);
    return DB_EXIT_USAGE;
}

static int print_run(void *arg, const db_store_run *r)
{
    (void)arg;
    char started[20], drive[64], disc[72], ws[16] = "";
    snprintf(started, sizeof started, "%.16s", r->started);
    for (char *p = started; *p; p++)
        if (*p == 'T')
            *p = ' ';
    if (r->drive_model[0])
        snprintf(drive, sizeof drive, "%.40s %.15s", r->drive_model, r->drive_firmware);
    else
        snprintf(drive, sizeof drive, "%.63s", r->device);
    if (r->atip_manufacturer[0])
        snprintf(disc, sizeof disc, "%.15s %.50s", r->media_type, r->atip_manufacturer);
    else if (r->atip_code[0])
        snprintf(disc, sizeof disc, "%s ATIP %s", r->media_type, r->atip_code);
    else
        snprintf(disc, sizeof disc, "%s", r->media_type[0] ? r->media_type : "-");
    if (r->write_speed_x > 0)
        snprintf(ws, sizeof ws, "%gx", r->write_speed_x);
    char status[48];
    snprintf(status, sizeof status, "%s%s", r->status, r->simulated_known && r->simulated ? " sim" : "");
    printf("%5lld %-16s %-8s %-24s %-24.24s %-36.36s %-5s %s", (long long)r->id, started, r->test, status, drive,
           disc, ws, r->label);
    bool more = r->label[0];
    if (r->disc_name[0]) {
        printf("%s#%s", more ? " " : "", r->disc_name); /* the disc's name (--disc-name) */
        more = true;
    }
    if (r->parent_id)
        printf("%s(suite %lld)", more ? " " : "", (long long)r->parent_id);
    printf("\n");
    return 0;
}

int cmd_runs(int argc, char **argv, const db_cli_env *env)
{
    (void)env;
    static const struct option longopts[] = { FILTER_LONGOPTS, { 0, 0, 0, 0 } };
    db_store_filter f = db_store_filter_all();
    const char *db_opt = NULL;
    db_error err = { 0 };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(runs_usage, stdout);
            return DB_EXIT_OK;
        }
        if (filter_opt(&f, &db_opt, c, &err) != 1)
            return usage_fail("runs", c, argv, &err);
    }
    if (optind < argc) {
        db_error_set(&err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench runs --help)", argv[optind]);
        return usage_fail("runs", 0, argv, &err);
    }
    db_store *s;
    if (db_cli_store_open_existing(db_opt, &s, &err)) {
        fprintf(stderr, "discbench: runs: %s\n", err.msg);
        return err.code;
    }
    printf("%5s %-16s %-8s %-24s %-24s %-36s %-5s %s\n", "id", "started (UTC)", "test", "status", "drive",
           "disc", "write", "label");
    int n = db_store_list(s, &f, print_run, NULL, &err);
    if (n < 0) {
        fprintf(stderr, "discbench: runs: %s\n", err.msg);
        db_store_close(s);
        return err.code;
    }
    if (n == 0)
        printf("(no runs stored in %s%s)\n", db_store_path(s),
               f.id || f.test || f.drive || f.media || f.label || f.write_speed_x > 0 || f.since ||
                       f.complete >= 0 || f.simulated >= 0
                   ? " match these filters"
                   : "");
    else
        printf("%d run%s in %s\n", n, n == 1 ? "" : "s", db_store_path(s));
    db_store_close(s);
    return DB_EXIT_OK;
}

int cmd_export(int argc, char **argv, const db_cli_env *env)
{
    (void)env;
    static const struct option longopts[] = {
        FILTER_LONGOPTS, { "format", required_argument, 0, OPT_FORMAT }, { "zones", no_argument, 0, OPT_ZONES },
        { "output", required_argument, 0, 'o' }, { 0, 0, 0, 0 }
    };
    db_store_filter f = db_store_filter_all();
    const char *db_opt = NULL, *format = "csv", *out_path = NULL;
    bool zones = false;
    db_error err = { 0 };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(export_usage, stdout);
            return DB_EXIT_OK;
        }
        if (c == OPT_FORMAT) {
            format = optarg;
            continue;
        }
        if (c == OPT_ZONES) {
            zones = true;
            continue;
        }
        if (c == 'o') {
            out_path = optarg;
            continue;
        }
        if (filter_opt(&f, &db_opt, c, &err) != 1)
            return usage_fail("export", c, argv, &err);
    }
    if (optind < argc) {
        db_error_set(&err, DB_EXIT_USAGE, "unexpected argument '%s' (see discbench export --help)", argv[optind]);
        return usage_fail("export", 0, argv, &err);
    }
    if (strcmp(format, "csv") && strcmp(format, "json")) {
        db_error_set(&err, DB_EXIT_USAGE, "--format: expected csv or json, got '%s'", format);
        return usage_fail("export", 0, argv, &err);
    }
    db_store *s;
    if (db_cli_store_open_existing(db_opt, &s, &err)) {
        fprintf(stderr, "discbench: export: %s\n", err.msg);
        return err.code;
    }
    /* Count first: an empty export writes nothing (no file is replaced by
     * an empty one). */
    int n = db_store_list(s, &f, NULL, NULL, &err);
    if (n <= 0) {
        if (n == 0)
            db_error_set(&err, DB_EXIT_INPUT, "no runs in %s%s: nothing exported, nothing written", db_store_path(s),
                         f.id || f.test || f.drive || f.media || f.label || f.write_speed_x > 0 || f.since ||
                                 f.complete >= 0 || f.simulated >= 0
                             ? " match these filters"
                             : "");
        fprintf(stderr, "discbench: export: %s\n", err.msg);
        db_store_close(s);
        return err.code;
    }
    db_atomic a;
    FILE *out = stdout;
    if (out_path) {
        if (db_atomic_open(&a, out_path, &err)) {
            fprintf(stderr, "discbench: export: %s\n", err.msg);
            db_store_close(s);
            return err.code;
        }
        out = a.f;
    }
    n = db_store_export(s, &f, format, zones, out, &err);
    db_store_close(s);
    if (out_path) {
        if (n < 0)
            db_atomic_abort(&a);
        else if (db_atomic_commit(&a, &err))
            n = -1;
    } else if (fflush(stdout)) {
        n = db_error_set(&err, DB_EXIT_OUTPUT, "cannot write the export");
    }
    if (n < 0) {
        fprintf(stderr, "discbench: export: %s\n", err.msg);
        return err.code;
    }
    if (out_path)
        fprintf(stderr, "discbench: export: %d run%s written to %s\n", n, n == 1 ? "" : "s", out_path);
    return DB_EXIT_OK;
}
