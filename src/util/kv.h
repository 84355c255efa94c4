/* kv.h - the profile file format: INI-like sections of `key = value` lines.
 *
 *   # comment            (also after a value: `x = 1   # why`)
 *   [section]
 *   key = value          (keys may repeat: zone tables are repeated keys)
 *
 * Every entry keeps its line number so that a semantic error found later
 * (a speed out of range, an unknown strategy) is still reported as
 * `file:line: what is wrong`. */
#ifndef DB_UTIL_KV_H
#define DB_UTIL_KV_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct kv_entry {
    char *section;   /* "" before the first [section] */
    char *key;
    char *value;     /* trimmed, comment removed, surrounding quotes removed */
    int line;
    bool used;       /* set by the getters: unused keys are reported as unknown */
} kv_entry;

typedef struct kv_file {
    char *path;
    kv_entry *entries;
    size_t count;
} kv_file;

/* Parse a file.  On failure fills err with "path:line: reason" (code
 * DB_EXIT_INPUT) and returns -1.  Files over 1 MiB are refused. */
int kv_load(const char *path, kv_file *out, db_error *err);
/* Parse text held in memory (name is used in messages). */
int kv_parse(const char *name, const char *text, size_t len, kv_file *out, db_error *err);
void kv_free(kv_file *kv);

/* First entry for section/key, or NULL.  Marks it used. */
const kv_entry *kv_find(kv_file *kv, const char *section, const char *key);
/* Iterate over repeated keys: pass the previous result (NULL to start). */
const kv_entry *kv_next(kv_file *kv, const kv_entry *prev, const char *section, const char *key);
bool kv_has_section(const kv_file *kv, const char *section);

/* Typed getters.  A missing key leaves *out = def and succeeds unless
 * required; a malformed or out-of-range value fails with file:line. */
int kv_get_str(kv_file *kv, const char *section, const char *key, bool required,
               const char *def, const char **out, db_error *err);
int kv_get_double(kv_file *kv, const char *section, const char *key, bool required,
                  double def, double min, double max, double *out, db_error *err);
int kv_get_bool(kv_file *kv, const char *section, const char *key, bool required,
                bool def, bool *out, db_error *err);
/* value must be one of the NULL-terminated names; *out = its index. */
int kv_get_enum(kv_file *kv, const char *section, const char *key, bool required,
                int def, const char *const *names, int *out, db_error *err);

/* After all getters ran: fail on the first entry no getter asked for
 * ("path:line: unknown key 'x' in [s]"), so typos are never silently ignored. */
int kv_check_unused(const kv_file *kv, db_error *err);

/* Strict number parsing shared by the CLI and profiles: whole string must
 * be a finite number.  Returns 0 on success. */
int db_parse_double(const char *s, double *out);
int db_parse_long(const char *s, long *out);

#endif
