/* atip.c - ATIP meaning: the manufacturer table (load, check, look up) and
 * the decoding of dye, sub-type and speeds (see atip.h). */
#include "atip.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_MAX_BYTES (1u << 20)

static int bad(db_error *err, const char *name, int line, const char *what)
{
    return db_error_set(err, DB_EXIT_INPUT, "%s:%d: %s", name, line, what);
}

/* "MM:SS:FF-FF" with the two frames in one group of ten (the Orange Book
 * assigns a manufacturer one tens digit of the frame). */
static int parse_code(const char *s, db_atip_maker *r)
{
    unsigned m, sec, f1, f2;
    int used = 0;
    if (sscanf(s, "%2u:%2u:%2u-%2u%n", &m, &sec, &f1, &f2, &used) != 4 || s[used])
        return -1;
    if (m > 99 || sec > 59 || f1 > 74 || f2 > 74 || f2 < f1 || f1 / 10 != f2 / 10)
        return -1;
    r->m = (uint8_t)m;
    r->s = (uint8_t)sec;
    r->f_lo = (uint8_t)f1;
    r->f_hi = (uint8_t)f2;
    return 0;
}

static int copy_field(char *dst, size_t cap, const char *src, size_t n)
{
    if (n >= cap)
        return -1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return 0;
}

/* One data line: five tab-separated fields (the fourth may be empty). */
static int parse_line(const char *name, int line, const char *p, size_t n, db_atip_maker *r,
                      db_error *err)
{
    const char *field[5];
    size_t flen[5];
    int k = 0;
    const char *start = p, *end = p + n;
    for (const char *q = p; q <= end; q++) {
        if (q == end || *q == '\t') {
            if (k == 5)
                return bad(err, name, line, "more than 5 tab-separated fields");
            field[k] = start;
            flen[k] = (size_t)(q - start);
            k++;
            start = q + 1;
        }
    }
    if (k != 5)
        return bad(err, name, line,
                   "expected 5 tab-separated fields: code, manufacturer, short name, also sold as, source");
    char code[32];
    if (copy_field(code, sizeof code, field[0], flen[0]) || parse_code(code, r))
        return bad(err, name, line,
                   "code must be MM:SS:FF-FF within one group of ten frames (e.g. 97:26:60-69)");
    if (flen[1] == 0 || flen[2] == 0 || flen[4] == 0)
        return bad(err, name, line, "manufacturer, short name and source must not be empty");
    if (copy_field(r->name, sizeof r->name, field[1], flen[1]) ||
        copy_field(r->short_name, sizeof r->short_name, field[2], flen[2]) ||
        copy_field(r->also_sold_as, sizeof r->also_sold_as, field[3], flen[3]) ||
        copy_field(r->source, sizeof r->source, field[4], flen[4]))
        return bad(err, name, line, "a field is too long");
    r->line = line;
    return 0;
}

static bool overlaps(const db_atip_maker *a, const db_atip_maker *b)
{
    return a->m == b->m && a->s == b->s && a->f_lo <= b->f_hi && b->f_lo <= a->f_hi;
}

int db_atip_table_parse(const char *name, const char *text, size_t len, db_atip_table *out,
                        db_error *err)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    int line = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        line++;
        size_t n = j - i;
        if (n && text[i + n - 1] == '\r')
            n--;
        const char *p = text + i;
        i = j + 1;
        if (n == 0 || p[0] == '#')
            continue;
        if (memchr(p, '\0', n)) {
            db_atip_table_free(out);
            return bad(err, name, line, "NUL byte in the table");
        }
        if (out->count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            db_atip_maker *rows = realloc(out->rows, ncap * sizeof *rows);
            if (!rows) {
                db_atip_table_free(out);
                return db_error_set(err, DB_EXIT_INPUT, "%s: out of memory", name);
            }
            out->rows = rows;
            cap = ncap;
        }
        db_atip_maker *r = &out->rows[out->count];
        memset(r, 0, sizeof *r);
        if (parse_line(name, line, p, n, r, err)) {
            db_atip_table_free(out);
            return -1;
        }
        for (size_t k = 0; k < out->count; k++)
            if (overlaps(&out->rows[k], r)) {
                char what[160];
                snprintf(what, sizeof what, "code range overlaps the one on line %d",
                         out->rows[k].line);
                db_atip_table_free(out);
                return bad(err, name, line, what);
            }
        out->count++;
    }
    if (out->count == 0)
        return db_error_set(err, DB_EXIT_INPUT, "%s: no manufacturer codes in the table", name);
    return 0;
}

int db_atip_table_load(const char *path, db_atip_table *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return db_error_set(err, DB_EXIT_INPUT, "cannot read ATIP manufacturer table %s: %s", path,
                            strerror(errno));
    char *text = malloc(TABLE_MAX_BYTES + 1);
    if (!text) {
        fclose(f);
        return db_error_set(err, DB_EXIT_INPUT, "%s: out of memory", path);
    }
    size_t n = fread(text, 1, TABLE_MAX_BYTES + 1, f);
    int rerr = ferror(f);
    fclose(f);
    if (rerr || n > TABLE_MAX_BYTES) {
        free(text);
        return db_error_set(err, DB_EXIT_INPUT, "cannot read ATIP manufacturer table %s: %s", path,
                            rerr ? "read error" : "larger than 1 MiB");
    }
    int rc = db_atip_table_parse(path, text, n, out, err);
    free(text);
    return rc;
}

void db_atip_table_free(db_atip_table *t)
{
    if (!t)
        return;
    free(t->rows);
    t->rows = NULL;
    t->count = 0;
}

const db_atip_maker *db_atip_lookup(const db_atip_table *t, uint8_t m, uint8_t s, uint8_t f)
{
    if (!t)
        return NULL;
    for (size_t i = 0; i < t->count; i++) {
        const db_atip_maker *r = &t->rows[i];
        if (r->m == m && r->s == s && f >= r->f_lo && f <= r->f_hi)
            return r;
    }
    return NULL;
}

const char *db_atip_dye(const mmc_atip *a)
{
    if (a->erasable)
        return "phase change (CD-RW)";
    return a->lead_in_f % 10 < 5 ? "long strategy (cyanine, azo or similar)"
                                 : "short strategy (phthalocyanine or similar)";
}

bool db_atip_plausible(const mmc_atip *a)
{
    return a->lead_in_m >= 90 && a->lead_in_m <= 99;
}

const char *db_atip_subtype_text(const mmc_atip *a)
{
    /* CD-R: Orange Book part II multi-speed media classes (cdrkit names
     * sub-types 2..7 this way); CD-RW: part III speed classes. */
    static const char *const cdr[8] = {
        "standard", "sub-type 1", "type A, low beta (A-)", "type A, high beta (A+)",
        "type B, low beta (B-)", "type B, high beta (B+)", "type C, low beta (C-)",
        "type C, high beta (C+)",
    };
    static const char *const cdrw[8] = {
        "standard speed (CLV)", "high speed", "ultra speed", "ultra speed+",
        "sub-type 4", "sub-type 5", "sub-type 6", "sub-type 7",
    };
    return (a->erasable ? cdrw : cdr)[a->sub_type & 7];
}

int db_atip_speed_x(const mmc_atip *a, unsigned code)
{
    static const int standard[16] = { 0, 2, 4, 6, 8 };
    static const int high[16] = { 0, 2, 4, 6, 10 };
    static const int ultra[16] = { 0, 2, 4, 8, 0, 0, 16, 0, 24, 32, 40, 48 };
    if (code > 15)
        return 0;
    if (a->erasable && a->sub_type == 1)
        return high[code];
    if (a->erasable && a->a2_valid && (a->sub_type == 2 || a->sub_type == 3))
        return ultra[code];
    return standard[code];
}

void db_atip_speed_range(const mmc_atip *a, int *low_x, int *high_x)
{
    *low_x = *high_x = 0;
    if (!a->a1_valid)
        return;
    *low_x = db_atip_speed_x(a, (a->a1[0] >> 4) & 0x07);
    *high_x = db_atip_speed_x(a, a->a1[0] & 0x0F);
}

int db_atip_ref_speed_x(const mmc_atip *a)
{
    static const int ref[8] = { 0, 2, 4, 6, 8, 0, 0, 0 };
    return ref[a->ref_speed_code & 7];
}
