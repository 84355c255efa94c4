/* store_add.c - a results directory into the store, in one transaction
 * (store.h: db_store_add_results). */
#include "store_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_kind.h"
#include "summary_read.h"

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s && s[0])
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* A CSV field as the JSON value it stands for: integer, real, null for
 * an empty field, else text. */
static void bind_cell(sqlite3_stmt *st, int i, const char *s)
{
    if (!s[0]) {
        sqlite3_bind_null(st, i);
        return;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*end && !errno && (s[0] != '0' || !s[1]) && !(s[0] == '-' && s[1] == '0')) {
        sqlite3_bind_int64(st, i, v);
        return;
    }
    errno = 0;
    double d = strtod(s, &end);
    if (!*end && !errno && isfinite(d) && !strpbrk(s, "xXpP") && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))) {
        sqlite3_bind_double(st, i, d);
        return;
    }
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* Insert the table's rows as JSON objects of run id. */
static int insert_rows(sqlite3 *db, int64_t id, const db_csv_table *t, db_error *err)
{
    /* json_object(?2, ?3, ?4, ?5, ...): name, value pairs */
    size_t cap = 64 + t->ncols * 16;
    char *sql = malloc(cap);
    if (!sql)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    size_t n = (size_t)snprintf(sql, cap, "INSERT INTO zones (run_id, row, data) VALUES (?1, ?2, json_object(");
    for (size_t c = 0; c < t->ncols; c++)
        n += (size_t)snprintf(sql + n, cap - n, "%s?%zu, ?%zu", c ? ", " : "", 3 + 2 * c, 4 + 2 * c);
    snprintf(sql + n, cap - n, "))");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    free(sql);
    if (rc != SQLITE_OK)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store: %s", sqlite3_errmsg(db));
    for (size_t c = 0; c < t->ncols; c++)
        sqlite3_bind_text(st, (int)(3 + 2 * c), t->header[c], -1, SQLITE_STATIC);
    for (size_t r = 0; r < t->nrows; r++) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)r);
        for (size_t c = 0; c < t->ncols; c++)
            bind_cell(st, (int)(4 + 2 * c), db_csv_cell(t, r, c));
        if (sqlite3_step(st) != SQLITE_DONE) {
            db_error_set(err, DB_EXIT_OUTPUT, "results store: %s", sqlite3_errmsg(db));
            sqlite3_finalize(st);
            return -1;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return 0;
}

/* The CSV header as a JSON array, built by SQLite. */
static char *columns_json(sqlite3 *db, const db_csv_table *t)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT json_insert(?1, '$[#]', ?2)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    char *cur = strdup("[]");
    for (size_t c = 0; cur && c < t->ncols; c++) {
        sqlite3_bind_text(st, 1, cur, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, t->header[c], -1, SQLITE_STATIC);
        char *next = NULL;
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            next = strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        free(cur);
        cur = next;
    }
    sqlite3_finalize(st);
    return cur;
}

static const char update_sql[] =
    "UPDATE runs SET test = ?2, finished = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), simulated = ?3,"
    " status = ?4, complete = ?5, device = coalesce(?6, device), drive_vendor = ?7, drive_model = ?8,"
    " drive_firmware = ?9, drive_key = ?10, disc_id = ?11, disc_description = ?12, disc_sectors = ?13,"
    " media_type = ?14, media_key = ?15, atip_code = ?16, atip_manufacturer = ?17,"
    " label = coalesce(?18, label), write_speed_x = coalesce(?19, write_speed_x),"
    " results_dir = coalesce(?20, results_dir), settings = json_extract(?21, '$.settings'),"
    " summary = json(?21), tool_version = ?22, csv_file = ?23, csv_columns = ?24, note = ?25,"
    " parent_id = coalesce(?26, parent_id)"
    " WHERE id = ?1";

/* Fill the run row from the summary. */
static int update_run(sqlite3 *db, int64_t id, const db_summary *sm, const char *json, const char *dir,
                      const db_store_meta *m, const char *csv_file, const char *columns, const char *note,
                      db_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, update_sql, -1, &st, NULL) != SQLITE_OK)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, id);
    bind_text_or_null(st, 2, sm->test);
    sqlite3_bind_int(st, 3, sm->simulated);
    bind_text_or_null(st, 4, sm->status[0] ? sm->status : "unknown");
    sqlite3_bind_int(st, 5, db_summary_status_complete(sm->status));
    bind_text_or_null(st, 6, sm->device);
    bind_text_or_null(st, 7, sm->vendor);
    bind_text_or_null(st, 8, sm->model);
    bind_text_or_null(st, 9, sm->firmware);
    bind_text_or_null(st, 10, sm->drive_key);
    bind_text_or_null(st, 11, sm->disc_id);
    bind_text_or_null(st, 12, sm->disc_description);
    if (sm->disc_sectors > 0)
        sqlite3_bind_int64(st, 13, sm->disc_sectors);
    bind_text_or_null(st, 14, sm->media_type);
    bind_text_or_null(st, 15, sm->media_key);
    bind_text_or_null(st, 16, sm->atip_code);
    bind_text_or_null(st, 17, sm->atip_maker);
    bind_text_or_null(st, 18, m && m->label ? m->label : sm->label);
    double ws = m && m->write_speed_x > 0 ? m->write_speed_x : sm->write_speed_x;
    if (ws > 0)
        sqlite3_bind_double(st, 19, ws);
    bind_text_or_null(st, 20, dir);
    sqlite3_bind_text(st, 21, json, -1, SQLITE_STATIC);
    bind_text_or_null(st, 22, sm->version);
    bind_text_or_null(st, 23, csv_file);
    bind_text_or_null(st, 24, columns);
    bind_text_or_null(st, 25, note);
    if (m && m->parent_id > 0)
        sqlite3_bind_int64(st, 26, m->parent_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store: %s", sqlite3_errmsg(db));
    if (sqlite3_changes(db) != 1)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store: run %lld is not in the store", (long long)id);
    return 0;
}

int db_store_add_results(db_store *s, int64_t id, const char *dir, const db_store_meta *m, int64_t *out_id,
                         db_error *err)
{
    db_summary sm;
    char *json = NULL;
    db_error serr = { 0 };
    if (db_summary_load(dir, &sm, &json, &serr)) {
        if (id > 0)
            db_store_run_abandon(s, id, "failed", serr.msg, NULL);
        return db_error_set(err, serr.code ? serr.code : DB_EXIT_INPUT, "%s", serr.msg);
    }
    /* The rows: <test>.csv beside the summary.  One that cannot be read
     * (cut, foreign) costs the rows, not the run: the note says why. */
    char csv_file[64], csv_path[4200], note[600] = "";
    snprintf(csv_file, sizeof csv_file, "%s.csv", sm.test);
    snprintf(csv_path, sizeof csv_path, "%s/%s", dir, csv_file);
    db_csv_table t = { 0 };
    bool have_rows = false;
    db_error cerr = { 0 };
    if (db_csv_read(csv_path, NULL, &t, &cerr) == 0) {
        if (strcmp(sm.test, "suite") && db_csv_kind_check(&t, csv_path, sm.test, NULL, &cerr)) {
            snprintf(note, sizeof note, "rows not stored: %s", cerr.msg);
            db_csv_table_free(&t);
        } else {
            have_rows = true;
        }
    } else {
        snprintf(note, sizeof note, "rows not stored: %s", cerr.msg);
    }
    char *columns = have_rows ? columns_json(s->db, &t) : NULL;

    int rc = -1;
    if (db_store_exec(s->db, "BEGIN IMMEDIATE", DB_EXIT_OUTPUT, err))
        goto out;
    if (id <= 0) {
        db_store_meta bm = m ? *m : (db_store_meta){ 0 };
        bm.test = sm.test;
        bm.results_dir = dir;
        if (db_store_run_begin(s, &bm, &id, err))
            goto rollback;
    }
    if (update_run(s->db, id, &sm, json, dir, m, have_rows ? csv_file : NULL, columns, note[0] ? note : NULL,
                   err))
        goto rollback;
    sqlite3_stmt *del;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM zones WHERE run_id = ?1", -1, &del, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(del, 1, id);
        sqlite3_step(del);
        sqlite3_finalize(del);
    }
    if (have_rows && insert_rows(s->db, id, &t, err))
        goto rollback;
    if (db_store_exec(s->db, "COMMIT", DB_EXIT_OUTPUT, err))
        goto rollback;
    if (out_id)
        *out_id = id;
    rc = 0;
    goto out;
rollback:
    db_store_exec(s->db, "ROLLBACK", DB_EXIT_OUTPUT, NULL);
out:
    free(columns);
    free(json);
    db_csv_table_free(&t);
    return rc;
}
