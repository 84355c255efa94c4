/* summary_read.c - fields of a summary.json through SQLite's JSON
 * functions (summary_read.h). */
#include "summary_read.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *db_read_small_file(const char *path, size_t max, size_t *len, db_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        db_error_set(err, DB_EXIT_INPUT, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        close(fd);
        db_error_set(err, DB_EXIT_INPUT, "%s: not a regular file of at most %zu KiB", path, max >> 10);
        return NULL;
    }
    size_t n = (size_t)st.st_size, got = 0;
    char *buf = malloc(n + 1);
    if (!buf) {
        close(fd);
        db_error_set(err, DB_EXIT_INPUT, "%s: out of memory", path);
        return NULL;
    }
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = '\0';
    if (len)
        *len = got;
    return buf;
}

bool db_summary_status_complete(const char *status)
{
    return !strcmp(status, "complete") || !strcmp(status, "complete-with-errors");
}

static void col_text(sqlite3_stmt *st, int i, char *out, size_t len)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, len, "%s", t ? (const char *)t : "");
}

/* Sum of the decimal digits: the freedb disc id's per-track term. */
static unsigned digit_sum(unsigned n)
{
    unsigned s = 0;
    for (; n; n /= 10)
        s += n % 10;
    return s;
}

/* freedb (CDDB1) disc id, a public and widely used TOC id: per track the
 * digit sum of its start in whole seconds (LBA + 150 frames of lead-in
 * pregap, 75 frames a second), modulo 255, in the top byte; the playing
 * time in seconds from the first track to the lead-out in the middle two;
 * the track count in the low byte. */
static void disc_id(sqlite3 *db, const char *json, size_t len, int64_t leadout, db_summary *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT json_extract(value, '$.track_start_lba') FROM "
                               "json_each(?1, '$.info.medium.track_list')", -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, json, (int)len, SQLITE_STATIC);
    unsigned n = 0, count = 0;
    long first = -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) != SQLITE_INTEGER)
            continue;
        long lba = (long)sqlite3_column_int64(st, 0);
        if (lba < 0 || lba > 500000)
            continue;
        long secs = (lba + 150) / 75;
        if (first < 0)
            first = secs;
        n += digit_sum((unsigned)secs);
        count++;
    }
    sqlite3_finalize(st);
    out->tracks = (int)count;
    if (!count || leadout <= 0 || leadout > 500000)
        return;
    long total = (leadout + 150) / 75 - first;
    if (total < 0)
        return;
    unsigned long id = ((unsigned long)(n % 255) << 24) | ((unsigned long)total << 8) | (count & 0xff);
    snprintf(out->disc_id, sizeof out->disc_id, "%08lx", id & 0xffffffffUL);
}

int db_summary_parse(const char *json, size_t len, const char *name, db_summary *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    if (len > DB_SUMMARY_MAX_BYTES)
        return db_error_set(err, DB_EXIT_INPUT, "%s: too large for a summary.json", name);
    sqlite3 *db;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return db_error_set(err, DB_EXIT_INPUT, "%s: cannot start SQLite to read it", name);
    }
    static const char sql[] =
        "SELECT json_valid(?1), json_type(?1), json_extract(?1, '$.tool'), json_extract(?1, '$.test'),"
        " json_extract(?1, '$.status'), json_extract(?1, '$.simulated'), json_extract(?1, '$.version'),"
        " json_extract(?1, '$.device'), json_extract(?1, '$.label'), json_extract(?1, '$.write_speed_x'),"
        " json_extract(?1, '$.drive.vendor'), json_extract(?1, '$.drive.model'),"
        " json_extract(?1, '$.drive.firmware'), json_extract(?1, '$.disc.description'),"
        " json_extract(?1, '$.disc.sectors'), json_extract(?1, '$.info.keys.drive_key'),"
        " json_extract(?1, '$.info.keys.media_key'), json_extract(?1, '$.info.medium.medium_type'),"
        " json_extract(?1, '$.info.atip.lead_in_msf'), json_extract(?1, '$.info.atip.maker'),"
        " json_extract(?1, '$.info.atip.maker_short'), json_extract(?1, '$.info.medium.medium_sectors')";
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        db_error_set(err, DB_EXIT_INPUT, "%s: SQLite cannot read JSON here (%s)", name, sqlite3_errmsg(db));
        goto done;
    }
    sqlite3_bind_text(st, 1, json, (int)len, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW || !sqlite3_column_int(st, 0)) {
        db_error_set(err, DB_EXIT_INPUT, "%s: not valid JSON (a cut or foreign file?)", name);
        goto done;
    }
    const unsigned char *type = sqlite3_column_text(st, 1);
    const unsigned char *tool = sqlite3_column_text(st, 2);
    if (!type || strcmp((const char *)type, "object") || !tool || strcmp((const char *)tool, "discbench")) {
        db_error_set(err, DB_EXIT_INPUT, "%s: not a discbench summary (no \"tool\": \"discbench\")", name);
        goto done;
    }
    col_text(st, 3, out->test, sizeof out->test);
    if (!out->test[0]) {
        db_error_set(err, DB_EXIT_INPUT, "%s: no \"test\" in this summary", name);
        goto done;
    }
    col_text(st, 4, out->status, sizeof out->status);
    out->simulated = sqlite3_column_int(st, 5) != 0;
    col_text(st, 6, out->version, sizeof out->version);
    col_text(st, 7, out->device, sizeof out->device);
    col_text(st, 8, out->label, sizeof out->label);
    out->write_speed_x = sqlite3_column_type(st, 9) == SQLITE_NULL ? 0 : sqlite3_column_double(st, 9);
    if (!(out->write_speed_x > 0 && out->write_speed_x <= 100))
        out->write_speed_x = 0;
    col_text(st, 10, out->vendor, sizeof out->vendor);
    col_text(st, 11, out->model, sizeof out->model);
    col_text(st, 12, out->firmware, sizeof out->firmware);
    col_text(st, 13, out->disc_description, sizeof out->disc_description);
    out->disc_sectors = sqlite3_column_int64(st, 14);
    col_text(st, 15, out->drive_key, sizeof out->drive_key);
    col_text(st, 16, out->media_key, sizeof out->media_key);
    col_text(st, 17, out->media_type, sizeof out->media_type);
    col_text(st, 18, out->atip_code, sizeof out->atip_code);
    col_text(st, 19, out->atip_maker, sizeof out->atip_maker);
    col_text(st, 20, out->atip_maker_short, sizeof out->atip_maker_short);
    int64_t leadout = sqlite3_column_type(st, 21) == SQLITE_INTEGER ? sqlite3_column_int64(st, 21)
                                                                     : out->disc_sectors;
    sqlite3_finalize(st);
    st = NULL;
    disc_id(db, json, len, leadout, out);
    rc = 0;
done:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

int db_summary_load(const char *dir, db_summary *out, char **text, db_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    size_t len;
    memset(out, 0, sizeof *out);
    char *json = db_read_small_file(path, DB_SUMMARY_MAX_BYTES, &len, err);
    if (!json)
        return -1;
    int rc = db_summary_parse(json, len, path, out, err);
    if (rc == 0 && text)
        *text = json;
    else
        free(json);
    return rc;
}
