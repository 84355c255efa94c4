/* store_schema.c - the results store's schema as a list of migration
 * steps.  Step N takes a store from user_version N-1 to N.  Steps are
 * append-only: a released step is never edited, a change is a new step,
 * so a store written by any older discbench is brought up to date by
 * running the steps it has not had (all in one transaction: a crash
 * during a migration leaves the store at its old version).
 *
 * Zone rows are kept as one JSON object per CSV row (column name ->
 * value, numbers as numbers) rather than typed columns: every test has
 * its own columns, and they may gain columns later; SQLite's json_extract
 * reads any of them (README "The results store" shows queries). */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

static const char *const steps[] = {
    /* 1: runs and their zone rows */
    "CREATE TABLE runs ("
    " id INTEGER PRIMARY KEY,"
    " test TEXT NOT NULL,"                 /* transfer, dae, seek, quality, c2scan, scan, suite */
    " started TEXT NOT NULL,"              /* UTC, ISO 8601, when the run began */
    " finished TEXT,"                      /* when its results were stored */
    " simulated INTEGER,"                  /* 1 virtual drive, 0 real drive, NULL not yet known */
    " status TEXT NOT NULL,"               /* 'running' until stored, then summary.json's status */
    " complete INTEGER NOT NULL DEFAULT 0,"/* 1: the whole disc was covered */
    " device TEXT,"
    " drive_vendor TEXT, drive_model TEXT, drive_firmware TEXT,"
    " drive_key TEXT,"                     /* VENDOR|MODEL|FIRMWARE */
    " disc_id TEXT,"                       /* freedb disc id of the TOC */
    " disc_description TEXT, disc_sectors INTEGER,"
    " media_type TEXT,"                    /* pressed, CD-R, CD-RW */
    " media_key TEXT,"                     /* CD-R|97:26:66|359846 */
    " atip_code TEXT,"                     /* ATIP lead-in, 97:26:66 */
    " atip_manufacturer TEXT,"             /* from the ATIP, not the label */
    " label TEXT,"
    " write_speed_x REAL,"                 /* the burn speed the user gave */
    " results_dir TEXT,"
    " settings TEXT,"                      /* JSON: summary.json's settings */
    " summary TEXT,"                       /* JSON: the whole summary.json */
    " tool_version TEXT);"
    "CREATE TABLE zones ("
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " row INTEGER NOT NULL,"               /* 0-based CSV data row */
    " data TEXT NOT NULL,"                 /* JSON object: column -> value */
    " PRIMARY KEY (run_id, row)) WITHOUT ROWID;",

    /* 2: suites group their tests; which CSV the rows came from */
    "ALTER TABLE runs ADD COLUMN parent_id INTEGER REFERENCES runs(id);"
    "ALTER TABLE runs ADD COLUMN csv_file TEXT;"
    "ALTER TABLE runs ADD COLUMN csv_columns TEXT;" /* JSON array: the CSV header, in order */
    "ALTER TABLE runs ADD COLUMN note TEXT;"
    "CREATE INDEX runs_parent ON runs(parent_id);",

    /* 3: indexes for grading and listing; the error-scan figures as a view */
    "CREATE INDEX runs_media ON runs(atip_manufacturer, write_speed_x);"
    "CREATE INDEX runs_test ON runs(test, started);"
    "CREATE VIEW error_scans AS SELECT"
    " id, parent_id, test, started, simulated, status, complete, drive_key, disc_id, media_type, media_key,"
    " atip_code, atip_manufacturer, label, write_speed_x,"
    " CASE test WHEN 'quality' THEN json_extract(summary, '$.result.c1.average_per_second') END"
    "   AS c1_avg_per_s,"
    " CASE test WHEN 'quality' THEN json_extract(summary, '$.result.c1.max_per_second') END AS c1_max_per_s,"
    " CASE test WHEN 'quality' THEN json_extract(summary, '$.result.c2.total') END AS c2_total,"
    " CASE WHEN test = 'quality' AND json_extract(summary, '$.protocol.reports_cu')"
    "   THEN json_extract(summary, '$.result.cu.total') END AS cu_total,"
    " CASE test WHEN 'c2scan' THEN json_extract(summary, '$.result.c2_bytes') END AS c2_pointer_bytes,"
    " coalesce(json_extract(summary, '$.unreadable.count'),"
    "          json_extract(summary, '$.result.unreadable_sectors')) AS unreadable_sectors,"
    " CASE test WHEN 'quality' THEN json_extract(summary, '$.score') END AS score,"
    " CASE test WHEN 'quality' THEN json_extract(summary, '$.redbook.verdict') END AS redbook,"
    " CASE test WHEN 'quality' THEN json_extract(summary, '$.plausibility.believed') END AS believed"
    " FROM runs WHERE test IN ('quality', 'c2scan', 'scan');",
};

_Static_assert(sizeof steps / sizeof steps[0] == DB_STORE_SCHEMA_VERSION,
               "one migration step per schema version");

int db_store_exec(sqlite3 *db, const char *sql, int code, db_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    db_error_set(err, code, "results store: %s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
}

int db_store_user_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

int db_store_schema_migrate(sqlite3 *db, int target, db_error *err)
{
    if (target <= 0 || target > DB_STORE_SCHEMA_VERSION)
        target = DB_STORE_SCHEMA_VERSION;
    /* IMMEDIATE: two processes opening a new store at once take turns;
     * the second finds the schema made and does nothing. */
    if (db_store_exec(db, "BEGIN IMMEDIATE", DB_EXIT_OUTPUT, err))
        return -1;
    int v = db_store_user_version(db);
    if (v < 0) {
        db_store_exec(db, "ROLLBACK", DB_EXIT_OUTPUT, NULL);
        return db_error_set(err, DB_EXIT_INPUT, "results store: cannot read its schema version (%s)",
                            sqlite3_errmsg(db));
    }
    if (v > DB_STORE_SCHEMA_VERSION) {
        db_store_exec(db, "ROLLBACK", DB_EXIT_OUTPUT, NULL);
        return db_error_set(err, DB_EXIT_INPUT,
                            "results store: made by a newer discbench (schema %d; this one knows up to %d); "
                            "nothing was written to it", v, DB_STORE_SCHEMA_VERSION);
    }
    for (int step = v + 1; step <= target; step++) {
        char sql[64];
        if (db_store_exec(db, steps[step - 1], DB_EXIT_OUTPUT, err)) {
            db_store_exec(db, "ROLLBACK", DB_EXIT_OUTPUT, NULL);
            if (err) {
                size_t n = strlen(err->msg);
                snprintf(err->msg + n, sizeof err->msg - n, " (schema step %d)", step);
            }
            return -1;
        }
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", step);
        if (db_store_exec(db, sql, DB_EXIT_OUTPUT, err)) {
            db_store_exec(db, "ROLLBACK", DB_EXIT_OUTPUT, NULL);
            return -1;
        }
    }
    char app[64];
    snprintf(app, sizeof app, "PRAGMA application_id = %d", DB_STORE_APP_ID);
    if (db_store_exec(db, app, DB_EXIT_OUTPUT, err) || db_store_exec(db, "COMMIT", DB_EXIT_OUTPUT, err)) {
        db_store_exec(db, "ROLLBACK", DB_EXIT_OUTPUT, NULL);
        return -1;
    }
    return 0;
}
