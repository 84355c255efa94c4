/* json.h - a small streaming JSON writer for summary.json (strings escaped
 * per RFC 8259; non-finite numbers become null).
 *
 * Output is indented by two spaces per level and ends with a newline.
 * Strings are emitted as UTF-8: bytes that are not valid UTF-8 (drive
 * identity strings are untrusted) become U+FFFD, control characters become
 * \u00XX.  After the first error nothing more is written and
 * db_json_finish returns -1. */
#ifndef DB_REPORT_JSON_H
#define DB_REPORT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Objects and arrays nest at most DB_JSON_MAX_DEPTH deep; one more is an
 * error (sets error, writes nothing). */
#define DB_JSON_MAX_DEPTH 32

typedef struct db_json {
    FILE *f;
    int depth;                            /* open objects/arrays */
    bool need_comma[DB_JSON_MAX_DEPTH];   /* [depth-1]: container has a member */
    bool is_array[DB_JSON_MAX_DEPTH];     /* [depth-1]: container is an array */
    bool top_done;                        /* the one top-level value was started */
    bool error;   /* nesting overflow, misuse (key missing/extra, unbalanced end) or write error */
} db_json;

void db_json_init(db_json *j, FILE *f);
/* key: NULL at top level and in arrays, required in objects (else error). */
void db_json_begin_object(db_json *j, const char *key);
void db_json_end_object(db_json *j);
void db_json_begin_array(db_json *j, const char *key);
void db_json_end_array(db_json *j);
void db_json_str(db_json *j, const char *key, const char *value); /* NULL value -> null */
void db_json_num(db_json *j, const char *key, double value, int decimals);
void db_json_int(db_json *j, const char *key, int64_t value);
void db_json_bool(db_json *j, const char *key, bool value);
void db_json_null(db_json *j, const char *key);
/* Flushes f (does not close it).  0 if one top-level value was written,
 * every object/array closed and no write failed; else -1. */
int db_json_finish(db_json *j);

#endif
