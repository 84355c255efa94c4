/* kv.c - parser for the profile format described in kv.h. */
#define _POSIX_C_SOURCE 200809L
#include "kv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KV_MAX_FILE_BYTES (1u << 20)

int db_parse_double(const char *s, double *out)
{
    if (!s || !*s || isspace((unsigned char)*s))
        return -1;
    char *end = 0;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int db_parse_long(const char *s, long *out)
{
    if (!s || !*s || isspace((unsigned char)*s))
        return -1;
    char *end = 0;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Remove a trailing `# comment` that is outside double quotes. */
static void strip_comment(char *s)
{
    bool quoted = false;
    for (char *p = s; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '#' && !quoted && (p == s || isspace((unsigned char)p[-1]))) {
            *p = '\0';
            return;
        }
    }
}

static int add_entry(kv_file *kv, size_t *cap, const char *section, const char *key,
                     const char *value, int line)
{
    if (kv->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        kv_entry *n = realloc(kv->entries, ncap * sizeof *n);
        if (!n)
            return -1;
        kv->entries = n;
        *cap = ncap;
    }
    kv_entry *e = &kv->entries[kv->count];
    e->section = strdup(section);
    e->key = strdup(key);
    e->value = strdup(value);
    e->line = line;
    e->used = false;
    if (!e->section || !e->key || !e->value) {
        free(e->section);
        free(e->key);
        free(e->value);
        return -1;
    }
    kv->count++;
    return 0;
}

int kv_parse(const char *name, const char *text, size_t len, kv_file *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = strdup(name);
    char *buf = malloc(len + 1);
    if (!out->path || !buf) {
        free(buf);
        kv_free(out);
        return db_error_set(err, DB_EXIT_INPUT, "%s: out of memory", name);
    }
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (memchr(text, '\0', len)) {
        free(buf);
        kv_free(out);
        return db_error_set(err, DB_EXIT_INPUT, "%s: binary data (NUL byte) in a text profile", name);
    }

    char section[64] = "";
    size_t cap = 0;
    int line = 0;
    char *p = buf;
    while (p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *s = p;
        p = nl ? nl + 1 : 0;
        if (strlen(s) > 4096) {
            db_error_set(err, DB_EXIT_INPUT, "%s:%d: line longer than 4096 characters", name, line);
            goto fail;
        }
        strip_comment(s);
        s = trim(s);
        if (!*s)
            continue;
        if (*s == '[') {
            char *close = strchr(s, ']');
            if (!close || close[1] != '\0') {
                db_error_set(err, DB_EXIT_INPUT, "%s:%d: section header needs a closing ']'", name, line);
                goto fail;
            }
            *close = '\0';
            char *sec = trim(s + 1);
            if (!*sec || strlen(sec) >= sizeof section) {
                db_error_set(err, DB_EXIT_INPUT, "%s:%d: empty or over-long section name", name, line);
                goto fail;
            }
            for (char *c = sec; *c; c++)
                if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-') {
                    db_error_set(err, DB_EXIT_INPUT, "%s:%d: bad character '%c' in section name", name, line, *c);
                    goto fail;
                }
            strcpy(section, sec);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            db_error_set(err, DB_EXIT_INPUT, "%s:%d: expected 'key = value' or '[section]'", name, line);
            goto fail;
        }
        *eq = '\0';
        char *key = trim(s);
        char *value = trim(eq + 1);
        if (!*key) {
            db_error_set(err, DB_EXIT_INPUT, "%s:%d: missing key before '='", name, line);
            goto fail;
        }
        for (char *c = key; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-') {
                db_error_set(err, DB_EXIT_INPUT, "%s:%d: bad character '%c' in key", name, line, *c);
                goto fail;
            }
        size_t vl = strlen(value);
        if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
            value[vl - 1] = '\0';
            value++;
        } else if (memchr(value, '"', vl)) {
            db_error_set(err, DB_EXIT_INPUT, "%s:%d: unbalanced quote in value", name, line);
            goto fail;
        }
        if (add_entry(out, &cap, section, key, value, line)) {
            db_error_set(err, DB_EXIT_INPUT, "%s: out of memory", name);
            goto fail;
        }
    }
    free(buf);
    return 0;
fail:
    free(buf);
    kv_free(out);
    return -1;
}

int kv_load(const char *path, kv_file *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return db_error_set(err, DB_EXIT_INPUT, "%s: cannot open: %s", path, strerror(errno));
    char *text = malloc(KV_MAX_FILE_BYTES + 1);
    if (!text) {
        fclose(f);
        return db_error_set(err, DB_EXIT_INPUT, "%s: out of memory", path);
    }
    size_t n = fread(text, 1, KV_MAX_FILE_BYTES + 1, f);
    int rerr = ferror(f);
    fclose(f);
    if (rerr) {
        free(text);
        return db_error_set(err, DB_EXIT_INPUT, "%s: read error", path);
    }
    if (n > KV_MAX_FILE_BYTES) {
        free(text);
        return db_error_set(err, DB_EXIT_INPUT, "%s: larger than 1 MiB, not a profile", path);
    }
    int rc = kv_parse(path, text, n, out, err);
    free(text);
    return rc;
}

void kv_free(kv_file *kv)
{
    if (!kv)
        return;
    for (size_t i = 0; i < kv->count; i++) {
        free(kv->entries[i].section);
        free(kv->entries[i].key);
        free(kv->entries[i].value);
    }
    free(kv->entries);
    free(kv->path);
    memset(kv, 0, sizeof *kv);
}

const kv_entry *kv_next(kv_file *kv, const kv_entry *prev, const char *section, const char *key)
{
    size_t start = prev ? (size_t)(prev - kv->entries) + 1 : 0;
    for (size_t i = start; i < kv->count; i++) {
        kv_entry *e = &kv->entries[i];
        if (!strcmp(e->section, section) && !strcmp(e->key, key)) {
            e->used = true;
            return e;
        }
    }
    return 0;
}

const kv_entry *kv_find(kv_file *kv, const char *section, const char *key)
{
    const kv_entry *first = kv_next(kv, 0, section, key);
    /* a repeated scalar key is an error the getters report; mark all used */
    for (const kv_entry *e = first; e; e = kv_next(kv, e, section, key))
        ;
    return first;
}

bool kv_has_section(const kv_file *kv, const char *section)
{
    for (size_t i = 0; i < kv->count; i++)
        if (!strcmp(kv->entries[i].section, section))
            return true;
    return false;
}

static int missing(kv_file *kv, const char *section, const char *key, db_error *err)
{
    return db_error_set(err, DB_EXIT_INPUT, "%s: missing required key '%s' in [%s]",
                        kv->path, key, section);
}

static const kv_entry *find_scalar(kv_file *kv, const char *section, const char *key, db_error *err, int *rc)
{
    const kv_entry *e = kv_find(kv, section, key);
    *rc = 0;
    if (e) {
        const kv_entry *dup = kv_next(kv, e, section, key);
        if (dup) {
            *rc = db_error_set(err, DB_EXIT_INPUT, "%s:%d: '%s' given twice in [%s] (first at line %d)",
                               kv->path, dup->line, key, section, e->line);
            return 0;
        }
    }
    return e;
}

int kv_get_str(kv_file *kv, const char *section, const char *key, bool required,
               const char *def, const char **out, db_error *err)
{
    int rc;
    const kv_entry *e = find_scalar(kv, section, key, err, &rc);
    if (rc)
        return rc;
    if (!e) {
        if (required)
            return missing(kv, section, key, err);
        *out = def;
        return 0;
    }
    *out = e->value;
    return 0;
}

int kv_get_double(kv_file *kv, const char *section, const char *key, bool required,
                  double def, double min, double max, double *out, db_error *err)
{
    int rc;
    const kv_entry *e = find_scalar(kv, section, key, err, &rc);
    if (rc)
        return rc;
    if (!e) {
        if (required)
            return missing(kv, section, key, err);
        *out = def;
        return 0;
    }
    double v;
    if (db_parse_double(e->value, &v))
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: '%s' must be a number, not '%s'",
                            kv->path, e->line, key, e->value);
    if (v < min || v > max)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: '%s' = %g is out of range [%g, %g]",
                            kv->path, e->line, key, v, min, max);
    *out = v;
    return 0;
}

int kv_get_bool(kv_file *kv, const char *section, const char *key, bool required,
                bool def, bool *out, db_error *err)
{
    static const char *const names[] = { "no", "yes", "false", "true", "0", "1", 0 };
    int idx;
    if (kv_get_enum(kv, section, key, required, def ? 1 : 0, names, &idx, err))
        return -1;
    *out = idx % 2 == 1;
    return 0;
}

int kv_get_enum(kv_file *kv, const char *section, const char *key, bool required,
                int def, const char *const *names, int *out, db_error *err)
{
    int rc;
    const kv_entry *e = find_scalar(kv, section, key, err, &rc);
    if (rc)
        return rc;
    if (!e) {
        if (required)
            return missing(kv, section, key, err);
        *out = def;
        return 0;
    }
    for (int i = 0; names[i]; i++)
        if (!strcasecmp(e->value, names[i])) {
            *out = i;
            return 0;
        }
    char allowed[256] = "";
    for (int i = 0; names[i]; i++) {
        if (i)
            strncat(allowed, ", ", sizeof allowed - strlen(allowed) - 1);
        strncat(allowed, names[i], sizeof allowed - strlen(allowed) - 1);
    }
    return db_error_set(err, DB_EXIT_INPUT, "%s:%d: '%s' must be one of %s, not '%s'",
                        kv->path, e->line, key, allowed, e->value);
}

int kv_check_unused(const kv_file *kv, db_error *err)
{
    for (size_t i = 0; i < kv->count; i++) {
        const kv_entry *e = &kv->entries[i];
        if (!e->used)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: unknown key '%s' in [%s]",
                                kv->path, e->line, e->key, e->section);
    }
    return 0;
}
