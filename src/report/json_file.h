/* json_file.h - a JSON document written to a file whole: summary.json,
 * info.json.  The writer fills it through db_json (json.h); the file
 * appears by rename (atomic.h), so a reader or a crash sees the old file
 * or the complete new one. */
#ifndef DB_REPORT_JSON_FILE_H
#define DB_REPORT_JSON_FILE_H

#include "../util/error.h"
#include "json.h"

/* Writes the one top-level value of the document into j. */
typedef void (*db_json_fill_fn)(db_json *j, const void *arg);

/* 0, or -1 with err set (DB_EXIT_OUTPUT) when the file cannot be written
 * or fill left the document unfinished; the old file is then untouched. */
int db_json_write_file(const char *path, db_json_fill_fn fill, const void *arg, db_error *err);

#endif
