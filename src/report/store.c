/* store.c - opening the results store, and a run's lifetime in it
 * (store.h).  Adding a results directory: store_add.c; reading:
 * store_query.c; the schema: store_schema.c. */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int db_store_default_path(char *out, size_t len, db_error *err)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    int n;
    /* XDG Base Directory: a relative XDG_DATA_HOME is invalid and ignored. */
    if (xdg && xdg[0] == '/') {
        n = snprintf(out, len, "%s/discbench/results.db", xdg);
    } else {
        const char *home = getenv("HOME");
        if (!home || !home[0])
            return db_error_set(err, DB_EXIT_OUTPUT,
                                "no place for the results store: neither XDG_DATA_HOME nor HOME is set "
                                "(use --db PATH or --no-store)");
        n = snprintf(out, len, "%s/.local/share/discbench/results.db", home);
    }
    if (n < 0 || (size_t)n >= len)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store path too long");
    return 0;
}

/* mkdir -p of the directory part of path. */
static int make_parent(const char *path, db_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0755) && errno != EEXIST)
            return db_error_set(err, DB_EXIT_OUTPUT, "results store: cannot create %s: %s", dir, strerror(errno));
        *p = '/';
    }
    if (mkdir(dir, 0755) && errno != EEXIST)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store: cannot create %s: %s", dir, strerror(errno));
    return 0;
}

/* Refuse a file that is not an SQLite database before SQLite touches it:
 * SQLite itself would only fail at the first query, and a zero-length
 * file is one it would happily turn into a database. */
static int check_file(const char *path, bool *exists, db_error *err)
{
    struct stat st;
    *exists = false;
    if (stat(path, &st)) {
        if (errno == ENOENT)
            return 0;
        return db_error_set(err, DB_EXIT_INPUT, "results store %s: %s", path, strerror(errno));
    }
    *exists = true;
    if (!S_ISREG(st.st_mode))
        return db_error_set(err, DB_EXIT_INPUT, "results store %s: not a regular file", path);
    if (st.st_size == 0)
        return 0;
    char head[16] = { 0 };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return db_error_set(err, DB_EXIT_INPUT, "results store %s: %s", path, strerror(errno));
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    if (n != (ssize_t)sizeof head || memcmp(head, "SQLite format 3", 16))
        return db_error_set(err, DB_EXIT_INPUT,
                            "%s is not a discbench results store (not an SQLite database); nothing was "
                            "written to it", path);
    return 0;
}

static bool busy(sqlite3 *db)
{
    int code = sqlite3_errcode(db) & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

/* Whose database is this: application id, number of schema objects and
 * schema version, read by one statement so they come from one snapshot
 * (another process may be creating the schema at this very moment).
 * 0, 1 when busy, -1 when the file is not a database. */
static int read_header(sqlite3 *db, long long *app, long long *objects, long long *version)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT a.application_id, (SELECT count(*) FROM sqlite_master), v.user_version "
                           "FROM pragma_application_id AS a, pragma_user_version AS v",
                           -1, &st, NULL) != SQLITE_OK)
        return busy(db) ? 1 : -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *app = sqlite3_column_int64(st, 0);
        *objects = sqlite3_column_int64(st, 1);
        *version = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : busy(db) ? 1 : -1;
}

/* Check the file is a discbench store (or empty), then switch it to WAL
 * and bring its schema up to date.
 *
 * WAL: readers never block the writer and a second process can write as
 * soon as the first one's transaction ends; NORMAL sync is durable against
 * a crashed process (not a power cut, where the last runs may be lost,
 * never the store's consistency).  Switching a new store to WAL and
 * creating its schema can meet another process doing the same at that
 * moment, and SQLite does not wait (busy handler) on every lock taken
 * there: retry for as long as a writer would wait. */
static int setup(db_store *s, db_error *err)
{
    for (int waited_ms = 0;; waited_ms += 20) {
        long long app = 0, objects = 0, version = 0;
        int h = read_header(s->db, &app, &objects, &version);
        if (h < 0)
            return db_error_set(err, DB_EXIT_INPUT, "%s is not a discbench results store (%s); nothing was "
                                "written to it", s->path, sqlite3_errmsg(s->db));
        if (h == 0 && app != DB_STORE_APP_ID && (app != 0 || objects > 0))
            return db_error_set(err, DB_EXIT_INPUT,
                                "%s is an SQLite database of another program, not a discbench results store; "
                                "nothing was written to it", s->path);
        if (h == 0 && version > DB_STORE_SCHEMA_VERSION)
            return db_error_set(err, DB_EXIT_INPUT,
                                "results store %s was made by a newer discbench (schema %lld; this one knows up "
                                "to %d); nothing was written to it", s->path, version, DB_STORE_SCHEMA_VERSION);
        db_error e = { 0 };
        if (h == 0 &&
            db_store_exec(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                                 "PRAGMA foreign_keys = ON", DB_EXIT_OUTPUT, &e) == 0 &&
            db_store_schema_migrate(s->db, 0, &e) == 0)
            return 0;
        if (h == 0 && !busy(s->db)) {
            if (err)
                *err = e;
            return -1;
        }
        if (waited_ms >= DB_STORE_BUSY_MS)
            return db_error_set(err, DB_EXIT_OUTPUT, "results store %s: busy for %d s (another process holds it)",
                                s->path, DB_STORE_BUSY_MS / 1000);
        struct timespec ts = { 0, 20 * 1000000L };
        nanosleep(&ts, NULL);
    }
}

static int open_store(const char *path, bool create, db_store **out, db_error *err)
{
    *out = NULL;
    bool exists;
    if (check_file(path, &exists, err))
        return -1;
    if (!exists && !create)
        return db_error_set(err, DB_EXIT_INPUT,
                            "no results store at %s yet (every test run stores its results there unless "
                            "--no-store; --db names another store)", path);
    if (!exists && make_parent(path, err))
        return -1;
    db_store *s = calloc(1, sizeof *s);
    if (!s)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    snprintf(s->path, sizeof s->path, "%s", path);
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOFOLLOW;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        db_error_set(err, DB_EXIT_OUTPUT, "results store %s: %s", path,
                     s->db ? sqlite3_errmsg(s->db) : "cannot open");
        db_store_close(s);
        return -1;
    }
    sqlite3_busy_timeout(s->db, DB_STORE_BUSY_MS);
    if (setup(s, err)) {
        db_store_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

int db_store_open(const char *path, db_store **out, db_error *err)
{
    return open_store(path, true, out, err);
}

int db_store_open_existing(const char *path, db_store **out, db_error *err)
{
    return open_store(path, false, out, err);
}

void db_store_close(db_store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    free(s);
}

const char *db_store_path(const db_store *s)
{
    return s->path;
}

struct sqlite3 *db_store_sqlite(db_store *s)
{
    return s->db;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s && s[0])
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

int db_store_run_begin(db_store *s, const db_store_meta *m, int64_t *id, db_error *err)
{
    static const char sql[] =
        "INSERT INTO runs (test, started, status, complete, device, results_dir, label, write_speed_x, "
        "parent_id) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'running', 0, ?2, ?3, ?4, ?5, ?6)";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    bind_text_or_null(st, 1, m->test ? m->test : "unknown");
    bind_text_or_null(st, 2, m->device);
    bind_text_or_null(st, 3, m->results_dir);
    bind_text_or_null(st, 4, m->label);
    if (m->write_speed_x > 0)
        sqlite3_bind_double(st, 5, m->write_speed_x);
    else
        sqlite3_bind_null(st, 5);
    if (m->parent_id > 0)
        sqlite3_bind_int64(st, 6, m->parent_id);
    else
        sqlite3_bind_null(st, 6);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    *id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

int db_store_run_abandon(db_store *s, int64_t id, const char *status, const char *note, db_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE runs SET status = ?1, complete = 0, note = ?2, "
                           "finished = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?3",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    bind_text_or_null(st, 1, status);
    bind_text_or_null(st, 2, note);
    sqlite3_bind_int64(st, 3, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    return 0;
}

int db_store_run_delete(db_store *s, int64_t id, db_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM runs WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error_set(err, DB_EXIT_OUTPUT, "results store %s: %s", s->path, sqlite3_errmsg(s->db));
    return 0;
}
