/* template.c - @NAME@ substitution for the gnuplot templates (see
 * gnuplot.h, db_template_fill).
 *
 * A placeholder is '@', one or more of [A-Z0-9_], '@'.  Anything else
 * containing '@' is copied literally, so gnuplot's own macro syntax
 * (`@macro`, lower case by convention in our templates) and an '@' inside a
 * label pass through untouched.  The one ambiguity is a gnuplot macro
 * written in upper case and directly followed by '@' ("@A@"): templates must
 * not do that.
 *
 * Substitution is a single pass: a value containing "@X@" is not expanded
 * again.  Values are inserted as given; the caller escapes text that ends up
 * inside a gnuplot string (db_gnuplot_escape). */
#include "gnuplot.h"

#include <stdlib.h>
#include <string.h>

/* A growable output buffer; ok turns false on the first failed allocation. */
typedef struct buf {
    char *p;
    size_t len, cap;
    int ok;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (!b->ok)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->ok = 0;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static int is_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static const db_tvar *find_var(const db_tvar *vars, size_t nvars, const char *name, size_t len)
{
    for (size_t i = 0; i < nvars; i++)
        if (vars[i].name && strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0)
            return &vars[i];
    return NULL;
}

int db_template_fill(const char *tmpl, const db_tvar *vars, size_t nvars, char **out, db_error *err)
{
    *out = NULL;
    buf b = { NULL, 0, 0, 1 };
    int line = 1;
    const char *p = tmpl;
    while (*p) {
        /* Copy the plain text up to the next '@' in one piece. */
        size_t plain = strcspn(p, "@");
        for (size_t i = 0; i < plain; i++)
            line += p[i] == '\n';
        buf_add(&b, p, plain);
        p += plain;
        if (!*p)
            break;

        const char *name = p + 1;
        size_t len = 0;
        while (is_name_char(name[len]))
            len++;
        if (len == 0 || name[len] != '@') {
            buf_add(&b, "@", 1); /* not a placeholder: keep the '@' */
            p++;
            continue;
        }
        const db_tvar *v = find_var(vars, nvars, name, len);
        if (!v) {
            free(b.p);
            return db_error_set(err, DB_EXIT_INPUT, "line %d: unknown placeholder @%.*s@",
                                line, (int)len, name);
        }
        const char *value = v->value ? v->value : "";
        buf_add(&b, value, strlen(value));
        p = name + len + 1;
    }
    buf_add(&b, "", 0); /* an empty template still yields "" */
    if (!b.ok) {
        free(b.p);
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot fill template: out of memory");
    }
    *out = b.p;
    return 0;
}
