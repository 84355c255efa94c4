/* store.h - the results store: every test run in one SQLite database, so
 * drives, media brands and write speeds can be compared and graded across
 * many runs (README "The results store").
 *
 * Where: $XDG_DATA_HOME/discbench/results.db, else
 * ~/.local/share/discbench/results.db; --db PATH overrides.
 *
 * Concurrency: WAL journal and a busy timeout, so several discbench
 * processes (or the threads of `suite -d A -d B`, each with its own
 * connection) write at once; a writer waits for another's transaction,
 * it never fails because of it.
 *
 * Crash safety: a run is a row inserted with status 'running' and
 * complete = 0 when the test starts (db_store_run_begin); its results
 * (summary, settings, identity columns, every CSV row) are written by one
 * transaction when the test ends (db_store_add_results).  A process killed
 * at any point leaves either that 'running', incomplete row with no zone
 * rows, or the whole run: never a run with part of its rows.
 *
 * Safety of the file: a file that is not an SQLite database, or an SQLite
 * database of another program (its application_id is not discbench's), or
 * a store made by a newer discbench, is refused before anything is
 * written to it. */
#ifndef DB_REPORT_STORE_H
#define DB_REPORT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../util/error.h"
#include "csv_read.h"

/* PRAGMA application_id of a discbench store: "DBch" in ASCII. */
#define DB_STORE_APP_ID 0x44426368
/* Schema version this discbench writes (PRAGMA user_version). */
#define DB_STORE_SCHEMA_VERSION 3
/* How long a writer waits for another process's transaction. */
#define DB_STORE_BUSY_MS 30000

typedef struct db_store db_store;
struct sqlite3;

/* $XDG_DATA_HOME/discbench/results.db or ~/.local/share/... .  -1 with
 * err when neither XDG_DATA_HOME nor HOME is set. */
int db_store_default_path(char *out, size_t len, db_error *err);

/* Open the store at path, creating it (and its directory) when missing,
 * and bring its schema up to date.  Errors (DB_EXIT_INPUT): not SQLite,
 * another program's database, a newer schema; (DB_EXIT_OUTPUT): cannot
 * create or write. */
int db_store_open(const char *path, db_store **out, db_error *err);
/* The same for commands that only read (runs, export, grade, compare
 * store:ID): a missing file is an error ("no results store at PATH"),
 * never created. */
int db_store_open_existing(const char *path, db_store **out, db_error *err);
void db_store_close(db_store *s);
const char *db_store_path(const db_store *s);
/* The connection, for queries in report/ (grade, export) and tests. */
struct sqlite3 *db_store_sqlite(db_store *s);

/* What the command line knows about a run besides its results. */
typedef struct db_store_meta {
    const char *test;          /* "transfer" (the summary's own "test" wins) */
    const char *device;
    const char *results_dir;
    const char *label;         /* NULL: none */
    double write_speed_x;      /* burn speed of the disc; 0 = not given */
    int64_t parent_id;         /* the suite run this belongs to; 0 = none */
} db_store_meta;

/* Insert the run as 'running', complete = 0.  *id gets its id. */
int db_store_run_begin(db_store *s, const db_store_meta *m, int64_t *id, db_error *err);

/* Store the results directory dir (summary.json and the test's CSV) into
 * run id (from db_store_run_begin; 0 = insert a new run), in one
 * transaction.  A CSV that cannot be read is noted in the run's `note`
 * (the summary is still stored); a missing or unreadable summary.json
 * marks the run 'failed' and returns -1 with err.  *out_id (optional)
 * gets the run's id. */
int db_store_add_results(db_store *s, int64_t id, const char *dir, const db_store_meta *m,
                         int64_t *out_id, db_error *err);

/* Mark run id as ended without results: status (e.g. "failed") and why. */
int db_store_run_abandon(db_store *s, int64_t id, const char *status, const char *note, db_error *err);

/* Remove run id (and its rows): a run that ended before it measured
 * anything (a usage error found once the drive was open, a drive that
 * failed at once) leaves nothing worth keeping. */
int db_store_run_delete(db_store *s, int64_t id, db_error *err);

/* ---- reading (store_query.c) ---- */

typedef struct db_store_filter {
    int64_t id;                /* 0 = any */
    const char *test;          /* exact */
    const char *drive;         /* substring of drive_key (vendor|model|firmware) */
    const char *media;         /* substring of ATIP manufacturer, ATIP code or media_key */
    const char *label;         /* substring */
    double write_speed_x;      /* 0 = any */
    const char *since;         /* started >= this (ISO date or date-time) */
    int complete;              /* 1 complete only, 0 incomplete only, -1 either */
    int simulated;             /* 1 simulated only, 0 measured only, -1 either */
    int limit;                 /* 0 = no limit (newest first when set) */
} db_store_filter;

/* A filter that matches every run. */
db_store_filter db_store_filter_all(void);

typedef struct db_store_run {
    int64_t id, parent_id;
    char test[32], status[32], started[40];
    bool simulated, simulated_known, complete;
    char device[256];
    char drive_vendor[32], drive_model[64], drive_firmware[16], drive_key[128];
    char disc_id[16], disc_description[256], media_type[16], media_key[128];
    char atip_code[16], atip_manufacturer[128];
    char label[256];
    char disc_name[80];        /* --disc-name, "" = none */
    double write_speed_x;      /* 0 = not given */
    char results_dir[1024];
    char csv_file[64];
    int64_t zone_rows;
    char note[512];
} db_store_run;

typedef int (*db_store_run_fn)(void *arg, const db_store_run *run); /* non-zero: stop */

/* Runs matching f, oldest first (or the newest f->limit, still listed
 * oldest first).  Returns the number of runs, or -1 with err. */
int db_store_list(db_store *s, const db_store_filter *f, db_store_run_fn fn, void *arg, db_error *err);

/* One run: its row, its summary text (caller frees; NULL allowed) and its
 * zone rows as a CSV table in the columns of the original CSV (NULL
 * allowed).  -1 with err (DB_EXIT_INPUT) when there is no such run. */
int db_store_get_run(db_store *s, int64_t id, db_store_run *run, char **summary, db_csv_table *rows,
                     db_error *err);

/* Write the runs f matches to out: format "csv" (one row per run, the
 * columns of db_store_run) or "json" (an array of objects with the
 * summary embedded, and with_zones: every zone row).  Returns the number
 * of runs, or -1 with err. */
int db_store_export(db_store *s, const db_store_filter *f, const char *format, bool with_zones, FILE *out,
                    db_error *err);

#endif
