/* json.h - a small streaming JSON writer for summary.json (strings escaped
 * per RFC 8259; non-finite numbers become null). */
#ifndef DB_REPORT_JSON_H
#define DB_REPORT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct db_json {
    FILE *f;
    int depth;
    bool need_comma[32];
    bool error;   /* nesting overflow or write error */
} db_json;

void db_json_init(db_json *j, FILE *f);
void db_json_begin_object(db_json *j, const char *key); /* key NULL at top level / in arrays */
void db_json_end_object(db_json *j);
void db_json_begin_array(db_json *j, const char *key);
void db_json_end_array(db_json *j);
void db_json_str(db_json *j, const char *key, const char *value); /* NULL value -> null */
void db_json_num(db_json *j, const char *key, double value, int decimals);
void db_json_int(db_json *j, const char *key, int64_t value);
void db_json_bool(db_json *j, const char *key, bool value);
void db_json_null(db_json *j, const char *key);
/* 0 if everything was written and every object/array closed. */
int db_json_finish(db_json *j);

#endif
