/* json.c - streaming JSON writer (see json.h).
 *
 * The writer keeps only a stack of "has a member yet" / "is an array" flags,
 * so summary.json is produced in one pass without building a tree.  Misuse
 * (a key inside an array, none inside an object, an end without a begin)
 * is recorded in j->error rather than producing text that is not JSON. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void db_json_init(db_json *j, FILE *f)
{
    memset(j, 0, sizeof *j);
    j->f = f;
}

static void put(db_json *j, const char *s)
{
    if (!j->error && fputs(s, j->f) == EOF)
        j->error = true;
}

static void put_char(db_json *j, char c)
{
    if (!j->error && fputc(c, j->f) == EOF)
        j->error = true;
}

static void newline_indent(db_json *j, int level)
{
    put_char(j, '\n');
    for (int i = 0; i < level; i++)
        put(j, "  ");
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if s does not start
 * one (stray continuation byte, overlong form, surrogate, > U+10FFFF,
 * truncated sequence).  RFC 8259 section 8.1 requires UTF-8 text. */
static int utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    int n;
    unsigned min;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) /* also stops at the NUL */
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static void put_string(db_json *j, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    put_char(j, '"');
    while (*p && !j->error) {
        if (*p == '"' || *p == '\\') {
            put_char(j, '\\');
            put_char(j, (char)*p++);
        } else if (*p < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", *p++);
            put(j, esc);
        } else {
            int n = utf8_len(p);
            if (n == 0) {
                put(j, "\\ufffd");
                p++;
            } else {
                for (int i = 0; i < n; i++)
                    put_char(j, (char)*p++);
            }
        }
    }
    put_char(j, '"');
}

/* Everything a value needs in front of it: the comma, the indentation and,
 * in an object, the key.  Returns false (and sets error) on misuse. */
static bool prefix(db_json *j, const char *key)
{
    if (j->error)
        return false;
    if (j->depth == 0) {
        /* A JSON text is exactly one value. */
        if (key || j->top_done) {
            j->error = true;
            return false;
        }
        j->top_done = true;
        return true;
    }
    int top = j->depth - 1;
    if (j->is_array[top] ? key != NULL : key == NULL) {
        j->error = true;
        return false;
    }
    if (j->need_comma[top])
        put_char(j, ',');
    j->need_comma[top] = true;
    newline_indent(j, j->depth);
    if (key) {
        put_string(j, key);
        put(j, ": ");
    }
    return !j->error;
}

static void begin(db_json *j, const char *key, bool array)
{
    if (j->depth >= DB_JSON_MAX_DEPTH) {
        j->error = true;
        return;
    }
    if (!prefix(j, key))
        return;
    put_char(j, array ? '[' : '{');
    j->need_comma[j->depth] = false;
    j->is_array[j->depth] = array;
    j->depth++;
}

static void end(db_json *j, bool array)
{
    if (j->error)
        return;
    if (j->depth == 0 || j->is_array[j->depth - 1] != array) {
        j->error = true;
        return;
    }
    j->depth--;
    /* An empty container stays on one line: {} or []. */
    if (j->need_comma[j->depth])
        newline_indent(j, j->depth);
    put_char(j, array ? ']' : '}');
}

void db_json_begin_object(db_json *j, const char *key)
{
    begin(j, key, false);
}

void db_json_end_object(db_json *j)
{
    end(j, false);
}

void db_json_begin_array(db_json *j, const char *key)
{
    begin(j, key, true);
}

void db_json_end_array(db_json *j)
{
    end(j, true);
}

void db_json_str(db_json *j, const char *key, const char *value)
{
    if (!prefix(j, key))
        return;
    if (value)
        put_string(j, value);
    else
        put(j, "null");
}

void db_json_num(db_json *j, const char *key, double value, int decimals)
{
    if (!prefix(j, key))
        return;
    /* JSON has no NaN or Infinity; null says "no value" to every reader. */
    if (!isfinite(value)) {
        put(j, "null");
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 17)
        decimals = 17;
    /* Room for DBL_MAX in %f: 309 digits, sign, point, 17 decimals. */
    char buf[400];
    int n = snprintf(buf, sizeof buf, "%.*f", decimals, value);
    if (n < 0 || (size_t)n >= sizeof buf) {
        j->error = true;
        return;
    }
    /* -0.0 is valid JSON but reads as a sign where there is none. */
    const char *out = buf;
    if (buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)n - 1)
        out = buf + 1;
    put(j, out);
}

void db_json_int(db_json *j, const char *key, int64_t value)
{
    if (!prefix(j, key))
        return;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)value);
    put(j, buf);
}

void db_json_bool(db_json *j, const char *key, bool value)
{
    if (prefix(j, key))
        put(j, value ? "true" : "false");
}

void db_json_null(db_json *j, const char *key)
{
    if (prefix(j, key))
        put(j, "null");
}

int db_json_finish(db_json *j)
{
    if (j->depth != 0 || !j->top_done)
        j->error = true;
    put_char(j, '\n');
    if (fflush(j->f) != 0 || ferror(j->f))
        j->error = true;
    return j->error ? -1 : 0;
}
