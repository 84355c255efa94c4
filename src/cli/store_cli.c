/* store_cli.c - the results store on the command line (store_cli.h). */
#include "store_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/kv.h"

int db_cli_store_path(const char *db_opt, char *out, size_t len, db_error *err)
{
    if (db_opt) {
        if (!db_opt[0])
            return db_error_set(err, DB_EXIT_USAGE, "--db needs a file name");
        if ((size_t)snprintf(out, len, "%s", db_opt) >= len)
            return db_error_set(err, DB_EXIT_USAGE, "--db: path too long");
        return 0;
    }
    return db_store_default_path(out, len, err);
}

double db_cli_disc_write_speed(const char *disc)
{
    const char *w = disc ? strstr(disc, ":write=") : NULL;
    double x;
    if (!w || db_parse_double(w + 7, &x) || !(x > 0 && x <= 100))
        return 0;
    return x;
}

int db_cli_store_open_existing(const char *db_opt, db_store **out, db_error *err)
{
    char path[4096];
    if (db_cli_store_path(db_opt, path, sizeof path, err))
        return -1;
    if (db_store_open_existing(path, out, err)) {
        if (err->code == DB_EXIT_INPUT && strstr(err->msg, "nothing was written")) {
            size_t n = strlen(err->msg);
            snprintf(err->msg + n, sizeof err->msg - n, " (--db names another store)");
        }
        return -1;
    }
    return 0;
}

int db_cli_run_store_open(db_cli_run *r, db_error *err)
{
    if (r->write_speed_x <= 0)
        r->write_speed_x = db_cli_disc_write_speed(r->dev.disc);
    if (r->no_store || !r->wants_outdir)
        return 0;
    char path[4096];
    if (db_cli_store_path(r->db_path, path, sizeof path, err))
        return -1;
    if (db_store_open(path, &r->store, err)) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n, " (--db names another store, --no-store runs without one)");
        return -1;
    }
    return 0;
}

void db_cli_run_store_begin(db_cli_run *r)
{
    if (!r->store)
        return;
    db_store_meta m = { .test = r->test, .device = r->drive.device, .results_dir = r->outdir,
                        .label = r->label, .write_speed_x = r->write_speed_x };
    db_error err = { 0 };
    if (db_store_run_begin(r->store, &m, &r->store_run, &err)) {
        fprintf(stderr, "discbench: %s: %s; this run will not be stored\n", r->test, err.msg);
        db_store_close(r->store);
        r->store = NULL;
        r->store_run = 0;
    }
}

void db_cli_run_store_finish(db_cli_run *r)
{
    if (!r->store)
        return;
    if (r->store_run) {
        db_store_meta m = { .test = r->test, .device = r->drive.device, .results_dir = r->outdir,
                            .label = r->label, .write_speed_x = r->write_speed_x };
        db_error err = { 0 };
        int64_t id = r->store_run;
        char summary[4200];
        snprintf(summary, sizeof summary, "%s/summary.json", r->outdir);
        if (access(summary, F_OK)) {
            /* the test ended before it measured anything (its error is
             * the one line the command prints): nothing to keep */
            db_store_run_delete(r->store, id, NULL);
        } else if (db_store_add_results(r->store, id, r->outdir, &m, &id, &err))
            fprintf(stderr, "discbench: %s: results kept in %s/ but not stored in %s: %s\n", r->test, r->outdir,
                    db_store_path(r->store), err.msg);
        else
            printf("  stored     run %lld in %s\n", (long long)id, db_store_path(r->store));
        fflush(stdout);
    }
    db_store_close(r->store);
    r->store = NULL;
    r->store_run = 0;
}

int db_cli_store_dir(db_store *s, const char *dir, const db_store_meta *m, int64_t *id, db_error *err)
{
    return db_store_add_results(s, 0, dir, m, id, err);
}
