/* store_query.c - reading runs back from the store: list with filters,
 * one run with its rows, export as CSV or JSON (store.h). */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

db_store_filter db_store_filter_all(void)
{
    return (db_store_filter){ .complete = -1, .simulated = -1 };
}

/* Every filter is a parameter; an unset one matches everything. */
#define FILTER_WHERE                                                                                     \
    " WHERE (?1 = 0 OR id = ?1) AND (?2 IS NULL OR test = ?2)"                                           \
    " AND (?3 IS NULL OR instr(lower(coalesce(drive_key, '') || ' ' || coalesce(device, '')), lower(?3)))" \
    " AND (?4 IS NULL OR instr(lower(coalesce(atip_manufacturer, '') || ' ' || coalesce(atip_code, '')"  \
    "      || ' ' || coalesce(media_key, '')), lower(?4)))"                                               \
    " AND (?5 IS NULL OR instr(lower(coalesce(label, '')), lower(?5)))"                                   \
    " AND (?6 IS NULL OR abs(write_speed_x - ?6) < 0.05)"                                                  \
    " AND (?7 IS NULL OR started >= ?7)"                                                                   \
    " AND (?8 < 0 OR complete = ?8) AND (?9 < 0 OR simulated = ?9)"

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
    if (s && s[0])
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_filter(sqlite3_stmt *st, const db_store_filter *f)
{
    sqlite3_bind_int64(st, 1, f->id);
    bind_opt(st, 2, f->test);
    bind_opt(st, 3, f->drive);
    bind_opt(st, 4, f->media);
    bind_opt(st, 5, f->label);
    if (f->write_speed_x > 0)
        sqlite3_bind_double(st, 6, f->write_speed_x);
    else
        sqlite3_bind_null(st, 6);
    bind_opt(st, 7, f->since);
    sqlite3_bind_int(st, 8, f->complete);
    sqlite3_bind_int(st, 9, f->simulated);
    sqlite3_bind_int(st, 10, f->limit > 0 ? f->limit : -1);
}

#define RUN_COLUMNS                                                                                        \
    "id, parent_id, test, status, started, simulated, complete, device, drive_vendor, drive_model,"        \
    " drive_firmware, drive_key, disc_id, disc_description, media_type, media_key, atip_code,"             \
    " atip_manufacturer, label, write_speed_x, results_dir, csv_file,"                                    \
    " (SELECT count(*) FROM zones WHERE run_id = runs.id), note, json_extract(summary, '$.disc_name')"

static void text_col(sqlite3_stmt *st, int i, char *out, size_t len)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, len, "%s", t ? (const char *)t : "");
}

static void read_run(sqlite3_stmt *st, db_store_run *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->parent_id = sqlite3_column_int64(st, 1);
    text_col(st, 2, r->test, sizeof r->test);
    text_col(st, 3, r->status, sizeof r->status);
    text_col(st, 4, r->started, sizeof r->started);
    r->simulated_known = sqlite3_column_type(st, 5) != SQLITE_NULL;
    r->simulated = sqlite3_column_int(st, 5) != 0;
    r->complete = sqlite3_column_int(st, 6) != 0;
    text_col(st, 7, r->device, sizeof r->device);
    text_col(st, 8, r->drive_vendor, sizeof r->drive_vendor);
    text_col(st, 9, r->drive_model, sizeof r->drive_model);
    text_col(st, 10, r->drive_firmware, sizeof r->drive_firmware);
    text_col(st, 11, r->drive_key, sizeof r->drive_key);
    text_col(st, 12, r->disc_id, sizeof r->disc_id);
    text_col(st, 13, r->disc_description, sizeof r->disc_description);
    text_col(st, 14, r->media_type, sizeof r->media_type);
    text_col(st, 15, r->media_key, sizeof r->media_key);
    text_col(st, 16, r->atip_code, sizeof r->atip_code);
    text_col(st, 17, r->atip_manufacturer, sizeof r->atip_manufacturer);
    text_col(st, 18, r->label, sizeof r->label);
    r->write_speed_x = sqlite3_column_double(st, 19);
    text_col(st, 20, r->results_dir, sizeof r->results_dir);
    text_col(st, 21, r->csv_file, sizeof r->csv_file);
    r->zone_rows = sqlite3_column_int64(st, 22);
    text_col(st, 23, r->note, sizeof r->note);
    text_col(st, 24, r->disc_name, sizeof r->disc_name);
}

int db_store_list(db_store *s, const db_store_filter *f, db_store_run_fn fn, void *arg, db_error *err)
{
    static const char sql[] = "SELECT * FROM (SELECT " RUN_COLUMNS " FROM runs" FILTER_WHERE
                              " ORDER BY id DESC LIMIT ?10) ORDER BY id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error_set(err, DB_EXIT_INPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    bind_filter(st, f);
    int n = 0, rc;
    db_store_run *r = malloc(sizeof *r);
    if (!r) {
        sqlite3_finalize(st);
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_run(st, r);
        n++;
        if (fn && fn(arg, r))
            break;
    }
    free(r);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error_set(err, DB_EXIT_INPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    return n;
}

static int copy_one(void *arg, const db_store_run *r)
{
    memcpy(arg, r, sizeof *r);
    return 1;
}

/* Append text to a growing buffer. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    int failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_field(sbuf *b, const char *s, int first)
{
    char q[8200];
    if (!first)
        sb_add(b, ",", 1);
    size_t n = db_csv_quote(s, q, sizeof q);
    if (n == (size_t)-1)
        b->failed = 1;
    else
        sb_add(b, q, n);
}

/* The stored rows back as CSV text in the original column order, parsed
 * by the same reader as a file. */
static int load_rows(db_store *s, int64_t id, db_csv_table *rows, db_error *err)
{
    sqlite3_stmt *st;
    sbuf b = { 0 };
    int ncols = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM runs, json_each(runs.csv_columns) WHERE runs.id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error_set(err, DB_EXIT_INPUT, "results store: %s", sqlite3_errmsg(s->db));
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        sb_field(&b, t ? (const char *)t : "", ncols++ == 0);
    }
    sqlite3_finalize(st);
    if (!ncols) {
        free(b.p);
        return db_error_set(err, DB_EXIT_INPUT, "run %lld has no stored rows", (long long)id);
    }
    sb_add(&b, "\n", 1);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT z.row, j.value FROM zones z, json_each(z.data) j WHERE z.run_id = ?1 "
                           "ORDER BY z.row, j.id", -1, &st, NULL) != SQLITE_OK) {
        free(b.p);
        return db_error_set(err, DB_EXIT_INPUT, "results store: %s", sqlite3_errmsg(s->db));
    }
    sqlite3_bind_int64(st, 1, id);
    long long row = -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long r = sqlite3_column_int64(st, 0);
        int first = r != row;
        if (first && row >= 0)
            sb_add(&b, "\n", 1);
        row = r;
        const unsigned char *t = sqlite3_column_text(st, 1);
        sb_field(&b, t ? (const char *)t : "", first);
    }
    sqlite3_finalize(st);
    if (row >= 0)
        sb_add(&b, "\n", 1);
    if (b.failed) {
        free(b.p);
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    }
    char name[64];
    snprintf(name, sizeof name, "store:%lld", (long long)id);
    int rc = db_csv_parse(b.p, b.len, name, NULL, rows, err);
    free(b.p);
    return rc;
}

int db_store_get_run(db_store *s, int64_t id, db_store_run *run, char **summary, db_csv_table *rows,
                     db_error *err)
{
    db_store_filter f = db_store_filter_all();
    f.id = id;
    int n = db_store_list(s, &f, copy_one, run, err);
    if (n < 0)
        return -1;
    if (n == 0)
        return db_error_set(err, DB_EXIT_INPUT, "no run %lld in the results store %s ('discbench runs' lists them)",
                            (long long)id, s->path);
    if (summary) {
        *summary = NULL;
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, "SELECT summary FROM runs WHERE id = ?1", -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, id);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
                *summary = strdup((const char *)sqlite3_column_text(st, 0));
            sqlite3_finalize(st);
        }
    }
    if (rows && load_rows(s, id, rows, err)) {
        if (summary) {
            free(*summary);
            *summary = NULL;
        }
        return -1;
    }
    return 0;
}

/* ---- export ---- */

static const char *const export_cols[] = {
    "id", "parent_id", "test", "started", "status", "complete", "simulated", "device", "drive_vendor",
    "drive_model", "drive_firmware", "drive_key", "disc_id", "disc_description", "media_type", "media_key",
    "atip_code", "atip_manufacturer", "label", "write_speed_x", "results_dir", "csv_file", "zone_rows", "note",
};
#define NEXPORT (sizeof export_cols / sizeof export_cols[0])

typedef struct export_ctx {
    FILE *out;
    int failed;
} export_ctx;

static void put_field(export_ctx *e, const char *s, int first)
{
    char q[8200];
    size_t n = db_csv_quote(s, q, sizeof q);
    if (n == (size_t)-1 || (!first && fputc(',', e->out) == EOF) || fwrite(q, 1, n, e->out) != n)
        e->failed = 1;
}

static int export_row(void *arg, const db_store_run *r)
{
    export_ctx *e = arg;
    char id[32], parent[32], ws[32], zones[32];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    snprintf(parent, sizeof parent, "%s", "");
    if (r->parent_id)
        snprintf(parent, sizeof parent, "%lld", (long long)r->parent_id);
    ws[0] = '\0';
    if (r->write_speed_x > 0)
        snprintf(ws, sizeof ws, "%g", r->write_speed_x);
    snprintf(zones, sizeof zones, "%lld", (long long)r->zone_rows);
    const char *v[NEXPORT] = {
        id, parent, r->test, r->started, r->status, r->complete ? "1" : "0",
        r->simulated_known ? (r->simulated ? "1" : "0") : "", r->device, r->drive_vendor, r->drive_model,
        r->drive_firmware, r->drive_key, r->disc_id, r->disc_description, r->media_type, r->media_key,
        r->atip_code, r->atip_manufacturer, r->label, ws, r->results_dir, r->csv_file, zones, r->note,
    };
    for (size_t i = 0; i < NEXPORT; i++)
        put_field(e, v[i], i == 0);
    if (fputc('\n', e->out) == EOF)
        e->failed = 1;
    return e->failed;
}

int db_store_export(db_store *s, const db_store_filter *f, const char *format, bool with_zones, FILE *out,
                    db_error *err)
{
    if (!strcmp(format, "csv")) {
        if (with_zones)
            return db_error_set(err, DB_EXIT_USAGE, "--zones goes with --format json (CSV holds one row per run)");
        export_ctx e = { .out = out };
        for (size_t i = 0; i < NEXPORT; i++)
            put_field(&e, export_cols[i], i == 0);
        fputc('\n', out);
        int n = db_store_list(s, f, export_row, &e, err);
        if (n >= 0 && e.failed)
            return db_error_set(err, DB_EXIT_OUTPUT, "export: write failed");
        return n;
    }
    if (strcmp(format, "json"))
        return db_error_set(err, DB_EXIT_USAGE, "--format: expected csv or json, got '%s'", format);
    /* SQLite builds the JSON: the stored summaries go out as the objects
     * they are, not as strings. */
    static const char sql_head[] =
        "SELECT count(*), json_group_array(json_object("
        " 'id', id, 'parent_id', parent_id, 'test', test, 'started', started, 'finished', finished,"
        " 'status', status, 'complete', json(CASE complete WHEN 1 THEN 'true' ELSE 'false' END),"
        " 'simulated', json(CASE simulated WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE 'null' END),"
        " 'device', device, 'drive_vendor', drive_vendor, 'drive_model', drive_model,"
        " 'drive_firmware', drive_firmware, 'drive_key', drive_key, 'disc_id', disc_id,"
        " 'disc_description', disc_description, 'media_type', media_type, 'media_key', media_key,"
        " 'atip_code', atip_code, 'atip_manufacturer', atip_manufacturer, 'label', label,"
        " 'write_speed_x', write_speed_x, 'results_dir', results_dir, 'csv_file', csv_file, 'note', note,"
        " 'settings', json(settings), 'summary', json(summary)";
    static const char sql_zones[] =
        ", 'zones', (SELECT json_group_array(json(data)) FROM (SELECT data FROM zones"
        " WHERE run_id = r.id ORDER BY row))";
    static const char sql_tail[] = ")) FROM (SELECT * FROM (SELECT * FROM runs" FILTER_WHERE
                                   " ORDER BY id DESC LIMIT ?10) ORDER BY id) AS r";
    char sql[sizeof sql_head + sizeof sql_zones + sizeof sql_tail];
    snprintf(sql, sizeof sql, "%s%s%s", sql_head, with_zones ? sql_zones : "", sql_tail);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error_set(err, DB_EXIT_INPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    bind_filter(st, f);
    int n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int(st, 0);
        const unsigned char *t = sqlite3_column_text(st, 1);
        if (fprintf(out, "%s\n", t ? (const char *)t : "[]") < 0)
            n = db_error_set(err, DB_EXIT_OUTPUT, "export: write failed");
    } else {
        db_error_set(err, DB_EXIT_INPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    }
    sqlite3_finalize(st);
    return n;
}
