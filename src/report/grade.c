/* grade.c - media grades from the results store (grade.h). */
#include "grade.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* Test kinds whose latest run stands for a named disc. */
enum { KIND_QUALITY, KIND_C2SCAN, KIND_SCAN, KINDS };

/* One disc: the runs of one suite, or one standalone run; or every run of
 * one disc the user named (--disc-name) with the same media and burn speed. */
typedef struct disc {
    char key[320];             /* "run <suite or run id>" or "name <name> <group> <speed>" */
    bool seen[KINDS];          /* a run of this kind is in (rows come newest first) */
    char group[160];
    double write_speed_x;
    bool simulated;
    bool have_quality;
    double c1_avg, c1_max, score;
    long long c2, cu;          /* cu -1: not reported */
    bool redbook_fail;
    bool have_c2scan;
    long long c2_bytes;
    long long unreadable;
} disc;

const char *db_grade_letter(double c1_mean, long long c2, long long cu, long long c2_pointer_bytes,
                            long long read_errors, int redbook_fails, bool have_c1)
{
    if (cu > 0 || read_errors > 0 || redbook_fails > 0)
        return "F";
    if (c2 > 0 || c2_pointer_bytes > 0)
        return "D";
    if (!have_c1)
        return "C";   /* no C1 figures: clean C2 alone proves no more */
    if (!(c1_mean <= 10.0))
        return "D";
    if (c1_mean > 5.0)
        return "C";
    return c1_mean > 2.0 ? "B" : "A";
}

/* Newest first, so that the first run of a kind met for a named disc is
 * its latest scan. */
static const char query[] =
    "SELECT coalesce(e.parent_id, e.id), e.test, e.atip_manufacturer, e.atip_code, e.label, e.write_speed_x,"
    " e.simulated, e.c1_avg_per_s, e.c1_max_per_s, e.c2_total, e.cu_total, e.c2_pointer_bytes,"
    " e.unreadable_sectors, e.score, e.redbook, e.believed, e.complete, e.media_type,"
    " json_extract(r.summary, '$.disc_name')"
    " FROM error_scans e JOIN runs r ON r.id = e.id ORDER BY e.id DESC";

static void group_name(sqlite3_stmt *st, db_grade_by by, char *out, size_t len)
{
    const unsigned char *maker = sqlite3_column_text(st, 2), *code = sqlite3_column_text(st, 3),
                        *label = sqlite3_column_text(st, 4);
    if (by == DB_GRADE_BY_LABEL)
        snprintf(out, len, "%s", label && label[0] ? (const char *)label : "(no label)");
    else if (maker && maker[0])
        snprintf(out, len, "%s", (const char *)maker);
    else if (code && code[0])
        snprintf(out, len, "unknown ATIP code %s", (const char *)code);
    else
        snprintf(out, len, "(ATIP not read: a drive that cannot read it)");
}

static disc *find_disc(disc **d, size_t *n, size_t *cap, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*d)[i].key, key))
            return &(*d)[i];
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        disc *p = realloc(*d, c * sizeof *p);
        if (!p)
            return NULL;
        *d = p;
        *cap = c;
    }
    disc *x = &(*d)[(*n)++];
    memset(x, 0, sizeof *x);
    snprintf(x->key, sizeof x->key, "%s", key);
    x->cu = -1;
    x->write_speed_x = -1;
    return x;
}

static int letter_rank(const char *g)
{
    return g[0] - 'A';
}

static int cmp_rows(const void *a, const void *b)
{
    const db_grade_row *x = a, *y = b;
    int lx = letter_rank(x->grade), ly = letter_rank(y->grade);
    if (lx != ly)
        return lx - ly;
    bool sx = !isnan(x->score), sy = !isnan(y->score);
    if (sx != sy)
        return sx ? -1 : 1;
    if (sx && fabs(x->score - y->score) > 1e-9)
        return x->score > y->score ? -1 : 1;
    bool cx = !isnan(x->c1_mean), cy = !isnan(y->c1_mean);
    if (cx != cy)
        return cx ? -1 : 1;
    if (cx && fabs(x->c1_mean - y->c1_mean) > 1e-9)
        return x->c1_mean < y->c1_mean ? -1 : 1;
    long long c2x = x->c2_total + (x->c2_pointer_bytes > 0 ? x->c2_pointer_bytes : 0);
    long long c2y = y->c2_total + (y->c2_pointer_bytes > 0 ? y->c2_pointer_bytes : 0);
    if (c2x != c2y)
        return c2x < c2y ? -1 : 1;
    if (x->read_errors != y->read_errors)
        return x->read_errors < y->read_errors ? -1 : 1;
    int g = strcmp(x->group, y->group);
    if (g)
        return g;
    return x->write_speed_x > y->write_speed_x ? -1 : x->write_speed_x < y->write_speed_x;
}

/* Collect the discs from the store. */
static int load_discs(db_store *s, db_grade_by by, disc **out, size_t *nout, db_grade *g, db_error *err)
{
    sqlite3 *db = db_store_sqlite(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, query, -1, &st, NULL) != SQLITE_OK)
        return db_error_set(err, DB_EXIT_INPUT, "results store %s: %s", db_store_path(s), sqlite3_errmsg(db));
    disc *d = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *test = (const char *)sqlite3_column_text(st, 1);
        bool complete = sqlite3_column_int(st, 16) != 0;
        bool quality = test && !strcmp(test, "quality");
        bool believed = sqlite3_column_type(st, 15) == SQLITE_NULL || sqlite3_column_int(st, 15) != 0;
        const unsigned char *media = sqlite3_column_text(st, 17);
        if (by == DB_GRADE_BY_MANUFACTURER && media && !strcmp((const char *)media, "pressed")) {
            g->runs_pressed++;   /* not a recordable: no manufacturer to grade */
            continue;
        }
        if (!complete || (quality && !believed)) {
            g->runs_ignored++;
            continue;
        }
        /* which disc: a named one is the same disc whenever it is scanned
         * (the same media and burn speed); else its suite, or the run */
        char group[160], key[320];
        group_name(st, by, group, sizeof group);
        double write_x = sqlite3_column_type(st, 5) == SQLITE_NULL ? 0 : sqlite3_column_double(st, 5);
        const unsigned char *name = sqlite3_column_text(st, 18);
        if (name && name[0])
            snprintf(key, sizeof key, "name %s\x1f%s\x1f%.1f", (const char *)name, group, write_x);
        else
            snprintf(key, sizeof key, "run %lld", sqlite3_column_int64(st, 0));
        disc *x = find_disc(&d, &n, &cap, key);
        if (!x) {
            sqlite3_finalize(st);
            free(d);
            return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
        }
        int kind = quality ? KIND_QUALITY : test && !strcmp(test, "c2scan") ? KIND_C2SCAN : KIND_SCAN;
        if (x->seen[kind]) {
            g->runs_superseded++;   /* an older scan of a named disc */
            continue;
        }
        x->seen[kind] = true;
        g->runs_used++;
        if (x->write_speed_x < 0) {
            snprintf(x->group, sizeof x->group, "%s", group);
            x->write_speed_x = write_x;
            x->simulated = sqlite3_column_int(st, 6) != 0;
        }
        /* any test that met unreadable sectors marks the disc */
        long long unreadable = sqlite3_column_int64(st, 12);
        if (unreadable > x->unreadable)
            x->unreadable = unreadable;
        if (quality && !x->have_quality) {
            x->have_quality = true;
            x->c1_avg = sqlite3_column_double(st, 7);
            x->c1_max = sqlite3_column_double(st, 8);
            x->c2 = sqlite3_column_int64(st, 9);
            x->cu = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 10);
            x->score = sqlite3_column_type(st, 13) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 13);
            const unsigned char *rb = sqlite3_column_text(st, 14);
            x->redbook_fail = rb && !strcmp((const char *)rb, "fail");
        } else if (test && !strcmp(test, "c2scan") && !x->have_c2scan) {
            x->have_c2scan = true;
            x->c2_bytes = sqlite3_column_int64(st, 11);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(d);
        return db_error_set(err, DB_EXIT_INPUT, "results store %s: %s", db_store_path(s), sqlite3_errmsg(db));
    }
    *out = d;
    *nout = n;
    return 0;
}

static db_grade_row *find_row(db_grade *g, size_t *cap, const disc *x)
{
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->rows[i].group, x->group) && fabs(g->rows[i].write_speed_x - x->write_speed_x) < 0.05)
            return &g->rows[i];
    if (g->n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        db_grade_row *p = realloc(g->rows, c * sizeof *p);
        if (!p)
            return NULL;
        g->rows = p;
        *cap = c;
    }
    db_grade_row *r = &g->rows[g->n++];
    memset(r, 0, sizeof *r);
    snprintf(r->group, sizeof r->group, "%s", x->group);
    r->write_speed_x = x->write_speed_x;
    r->cu_total = -1;
    r->c2_pointer_bytes = -1;
    r->c1_max = NAN;
    return r;
}

/* Grade, basis and mean figures of a row once its discs are in. */
static void finish_row(db_grade_row *r, double c1_sum, double score_sum, int scores)
{
    r->c1_mean = r->quality_discs ? c1_sum / r->quality_discs : NAN;
    r->score = scores ? score_sum / scores : NAN;
    snprintf(r->grade, sizeof r->grade, "%s",
             db_grade_letter(r->c1_mean, r->c2_total, r->cu_total, r->c2_pointer_bytes, r->read_errors,
                             r->redbook_fails, r->quality_discs > 0));
    if (r->quality_discs)
        snprintf(r->basis, sizeof r->basis, "%s%s", r->cu_total >= 0 ? "C1/C2/CU" : "C1/C2",
                 r->c2scan_discs ? " + C2 pointers" : "");
    else if (r->c2scan_discs)
        snprintf(r->basis, sizeof r->basis, "C2 pointers only");
    else
        snprintf(r->basis, sizeof r->basis, "read errors only");
}

/* Best write speed of every group: best grade, then score, then faster. */
static void best_speeds(db_grade *g)
{
    for (size_t i = 0; i < g->n; i++) {
        const db_grade_row *best = NULL;
        for (size_t k = 0; k < g->n; k++) {
            const db_grade_row *r = &g->rows[k];
            if (strcmp(r->group, g->rows[i].group) || r->write_speed_x <= 0)
                continue;
            if (!best) {
                best = r;
                continue;
            }
            int lr = letter_rank(r->grade), lb = letter_rank(best->grade);
            double sr = isnan(r->score) ? -1 : round(r->score), sb = isnan(best->score) ? -1 : round(best->score);
            if (lr < lb || (lr == lb && (sr > sb || (sr == sb && r->write_speed_x > best->write_speed_x))))
                best = r;
        }
        g->rows[i].best_write_speed_x = best ? best->write_speed_x : 0;
    }
}

int db_grade_compute(db_store *s, db_grade_by by, db_grade *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    out->by = by;
    disc *d = NULL;
    size_t nd = 0;
    if (load_discs(s, by, &d, &nd, out, err))
        return -1;
    size_t cap = 0;
    double *c1_sum = calloc(nd ? nd : 1, sizeof *c1_sum), *score_sum = calloc(nd ? nd : 1, sizeof *score_sum);
    int *scores = calloc(nd ? nd : 1, sizeof *scores);
    if (!c1_sum || !score_sum || !scores)
        goto oom;
    for (size_t i = 0; i < nd; i++) {
        const disc *x = &d[i];
        db_grade_row *r = find_row(out, &cap, x);
        if (!r)
            goto oom;
        size_t ri = (size_t)(r - out->rows);
        r->discs++;
        r->simulated_discs += x->simulated;
        r->read_errors += x->unreadable;
        if (x->have_quality) {
            r->quality_discs++;
            c1_sum[ri] += x->c1_avg;
            if (isnan(r->c1_max) || x->c1_max > r->c1_max)
                r->c1_max = x->c1_max;
            r->c2_total += x->c2;
            if (x->cu >= 0)
                r->cu_total = (r->cu_total < 0 ? 0 : r->cu_total) + x->cu;
            r->redbook_fails += x->redbook_fail;
            if (!isnan(x->score)) {
                score_sum[ri] += x->score;
                scores[ri]++;
            }
        }
        if (x->have_c2scan) {
            r->c2scan_discs++;
            r->c2_pointer_bytes = (r->c2_pointer_bytes < 0 ? 0 : r->c2_pointer_bytes) + x->c2_bytes;
        }
        out->any_simulated |= x->simulated;
    }
    out->all_simulated = nd > 0;
    for (size_t i = 0; i < out->n; i++) {
        finish_row(&out->rows[i], c1_sum[i], score_sum[i], scores[i]);
        if (out->rows[i].simulated_discs < out->rows[i].discs)
            out->all_simulated = false;
    }
    free(c1_sum);
    free(score_sum);
    free(scores);
    free(d);
    if (out->n)
        qsort(out->rows, out->n, sizeof *out->rows, cmp_rows);
    for (size_t i = 0; i < out->n; i++)
        out->rows[i].rank = (int)i + 1;
    best_speeds(out);
    return 0;
oom:
    free(c1_sum);
    free(score_sum);
    free(scores);
    free(d);
    db_grade_free(out);
    return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
}

void db_grade_free(db_grade *g)
{
    free(g->rows);
    g->rows = NULL;
    g->n = 0;
}
