/* store_int.h - private to the results store (store*.c) and its tests. */
#ifndef DB_REPORT_STORE_INT_H
#define DB_REPORT_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

struct db_store {
    sqlite3 *db;
    char path[4096];
};

/* Bring the schema from its PRAGMA user_version to `target` (0 = the
 * latest), step by step, in one IMMEDIATE transaction; sets
 * application_id.  A store newer than target is left alone (-1 with err
 * when it is newer than this discbench knows). */
int db_store_schema_migrate(sqlite3 *db, int target, db_error *err);

/* PRAGMA user_version, -1 on error. */
int db_store_user_version(sqlite3 *db);

/* Run SQL with no result rows; -1 with err (code) naming what failed. */
int db_store_exec(sqlite3 *db, const char *sql, int code, db_error *err);

#endif
