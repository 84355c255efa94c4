/* store_cli.h - the results store on the command line: --db / --no-store
 * for every test command (the hook in run.c), and what the store commands
 * (runs, export, grade, compare store:ID) share. */
#ifndef DB_CLI_STORE_CLI_H
#define DB_CLI_STORE_CLI_H

#include <stddef.h>

#include "../report/store.h"
#include "run.h"

/* The store's path: db_opt (--db) or the default (store.h). */
int db_cli_store_path(const char *db_opt, char *out, size_t len, db_error *err);

/* X of a disc spec NAME:write=X (the burn speed the virtual disc models),
 * 0 when the spec names none. */
double db_cli_disc_write_speed(const char *disc);

/* Open an existing store for a command that reads it (runs, export,
 * grade, compare store:ID). */
int db_cli_store_open_existing(const char *db_opt, db_store **out, db_error *err);

/* run.c's three steps: open the store before the drive is touched (a test
 * never runs and then has nowhere to record), insert the run once the
 * drive is open, store the results directory at the end. */
int db_cli_run_store_open(db_cli_run *r, db_error *err);
void db_cli_run_store_begin(db_cli_run *r);
void db_cli_run_store_finish(db_cli_run *r);

/* Store one results directory in its own run row (suite threads, each
 * with its own connection).  Prints nothing; -1 with err. */
int db_cli_store_dir(db_store *s, const char *dir, const db_store_meta *m, int64_t *id, db_error *err);

#endif
