/* compare.c - reading the runs to compare, checking they can be compared,
 * their figures and legends (compare.h).  Writing: compare_out.c. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../report/csv_kind.h"
#include "../util/kv.h"

const char *db_compare_kind_word(const char *test)
{
    if (!strcmp(test, "transfer"))
        return "data";
    if (!strcmp(test, "dae"))
        return "audio";
    return test;
}

static int load_store(const char *spec, db_store *store, db_cmp_run *out, db_error *err)
{
    long id;
    if (db_parse_long(spec + 6, &id) || id <= 0)
        return db_error_set(err, DB_EXIT_USAGE, "'%s': expected store:ID with a run id ('discbench runs' lists them)",
                            spec);
    if (!store)
        return db_error_set(err, DB_EXIT_USAGE, "'%s' needs the results store", spec);
    db_store_run run;
    char *json = NULL;
    if (db_store_get_run(store, id, &run, &json, &out->rows, err))
        return -1;
    out->store_id = id;
    snprintf(out->test, sizeof out->test, "%s", run.test);
    if (json) {
        db_error serr = { 0 };
        out->have_summary = db_summary_parse(json, strlen(json), spec, &out->sum, &serr) == 0;
        free(json);
    }
    /* The store's own columns win: --label / --write-speed given at run
     * time are there even when the summary predates them. */
    if (out->have_summary) {
        if (run.label[0])
            snprintf(out->sum.label, sizeof out->sum.label, "%s", run.label);
        if (run.write_speed_x > 0)
            out->sum.write_speed_x = run.write_speed_x;
    }
    return db_csv_kind_check(&out->rows, spec, out->test, NULL, err);
}

static int load_dir(const char *spec, db_cmp_run *out, db_error *err)
{
    db_error serr = { 0 };
    if (db_summary_load(spec, &out->sum, NULL, &serr))
        return db_error_set(err, DB_EXIT_INPUT, "%s: not a discbench results directory (%s)", spec, serr.msg);
    out->have_summary = true;
    snprintf(out->test, sizeof out->test, "%s", out->sum.test);
    if (!strcmp(out->test, "suite"))
        return db_error_set(err, DB_EXIT_USAGE,
                            "%s is a suite: name one of its test directories (e.g. %s/transfer)", spec, spec);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.csv", spec, out->test);
    if (db_csv_read(path, NULL, &out->rows, err))
        return -1;
    return db_csv_kind_check(&out->rows, path, out->test, NULL, err);
}

static int load_file(const char *spec, db_cmp_run *out, db_error *err)
{
    if (db_csv_read(spec, NULL, &out->rows, err))
        return -1;
    const char *kind;
    if (db_csv_kind_check(&out->rows, spec, NULL, &kind, err))
        return -1;
    snprintf(out->test, sizeof out->test, "%s", kind);
    /* A summary.json beside it tells the drive, label and write speed. */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", spec);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    db_summary sum;
    db_error serr = { 0 };
    if (db_summary_load(dir, &sum, NULL, &serr) == 0 && !strcmp(sum.test, kind)) {
        out->sum = sum;
        out->have_summary = true;
    }
    return 0;
}

int db_compare_load(const char *spec, db_store *store, db_cmp_run *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->spec, sizeof out->spec, "%s", spec);
    int rc;
    struct stat st;
    if (!strncmp(spec, "store:", 6))
        rc = load_store(spec, store, out, err);
    else if (stat(spec, &st))
        rc = db_error_set(err, DB_EXIT_INPUT, "%s: %s (a run is a results directory, a CSV file or store:ID)",
                          spec, strerror(errno));
    else if (S_ISDIR(st.st_mode))
        rc = load_dir(spec, out, err);
    else
        rc = load_file(spec, out, err);
    if (rc == 0 && out->rows.nrows == 0)
        rc = db_error_set(err, DB_EXIT_INPUT, "%s: no rows (the %s run measured nothing)", spec, out->test);
    if (rc) {
        db_compare_free(out);
        return -1;
    }
    out->simulated = db_csv_any_simulated(&out->rows) || (out->have_summary && out->sum.simulated);
    return 0;
}

void db_compare_free(db_cmp_run *r)
{
    db_csv_table_free(&r->rows);
}

/* ---- figures, computed from the rows themselves (so a bare CSV gets
 * the same figures as a results directory) ---- */

static void fig(db_cmp_run *r, const char *name, double v, int decimals)
{
    if (r->nfigs >= DB_COMPARE_MAX_FIGS)
        return;
    db_cmp_fig *f = &r->figs[r->nfigs++];
    snprintf(f->name, sizeof f->name, "%s", name);
    if (isnan(v))
        f->value[0] = '\0';
    else
        snprintf(f->value, sizeof f->value, "%.*f", decimals, v);
}

static double num(const db_csv_table *t, size_t r, int c)
{
    double v;
    return db_csv_cell_num(t, r, c, &v) ? NAN : v;
}

/* Sum of a column (empty fields skipped); NaN when the column is absent. */
static double col_sum(const db_csv_table *t, const char *name)
{
    int c = db_csv_table_col(t, name);
    if (c < 0)
        return NAN;
    double s = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        double v = num(t, r, c);
        if (!isnan(v))
            s += v;
    }
    return s;
}

static void figs_speed(db_cmp_run *run)
{
    const db_csv_table *t = &run->rows;
    int cs = db_csv_table_col(t, "speed_x"), ca = db_csv_table_col(t, "lba_start"), cb = db_csv_table_col(t, "lba_end"),
        cm = db_csv_table_col(t, "zone_ms");
    /* average = sectors / time over the zones, as the tests define it */
    double sectors = 0, ms = 0, mn = NAN, mx = NAN, first = NAN, last = NAN;
    for (size_t r = 0; r < t->nrows; r++) {
        double s = num(t, r, cs);
        if (isnan(s))
            continue;
        if (isnan(first))
            first = s;
        last = s;
        mn = isnan(mn) || s < mn ? s : mn;
        mx = isnan(mx) || s > mx ? s : mx;
        /* sectors counted = speed x time x 75: a zone's speed may leave
         * out sectors read apart (transfer times its first block as the
         * initial access), so the zone's LBA range would be wrong */
        double z = cm >= 0 ? num(t, r, cm) : NAN;
        if (!isnan(z) && z > 0) {
            sectors += s * z / 1000.0 * 75.0;
            ms += z;
        }
    }
    double lba0 = num(t, 0, ca), lba1 = num(t, t->nrows - 1, cb);
    fig(run, "zones", (double)t->nrows, 0);
    fig(run, "covered_min", (lba1 - lba0) / 4500.0, 2);
    fig(run, "start_speed_x", first, 2);
    fig(run, "end_speed_x", last, 2);
    fig(run, "average_speed_x", ms > 0 ? sectors / (ms / 1000.0) / 75.0 : NAN, 2);
    fig(run, "min_speed_x", mn, 2);
    fig(run, "max_speed_x", mx, 2);
    if (!strcmp(run->test, "scan")) {
        fig(run, "good_sectors", col_sum(t, "good_sectors"), 0);
        fig(run, "slow_sectors", col_sum(t, "slow_sectors"), 0);
        fig(run, "unreadable_sectors", col_sum(t, "unreadable_sectors"), 0);
    } else {
        fig(run, "read_errors", col_sum(t, "read_errors"), 0);
    }
}

static const char *const seek_kinds[3] = { "random", "one_third", "full" };

/* Average, min, max and count of one seek kind's access_ms. */
void db_compare_seek_kind(const db_csv_table *t, const char *kind, double *avg, double *mn, double *mx, int *n)
{
    int ck = db_csv_table_col(t, "kind"), ca = db_csv_table_col(t, "access_ms");
    double s = 0;
    *n = 0;
    *mn = *mx = NAN;
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(db_csv_cell(t, r, (size_t)ck), kind))
            continue;
        double v = num(t, r, ca);
        if (isnan(v))
            continue;
        s += v;
        (*n)++;
        *mn = isnan(*mn) || v < *mn ? v : *mn;
        *mx = isnan(*mx) || v > *mx ? v : *mx;
    }
    *avg = *n ? s / *n : NAN;
}

static void figs_seek(db_cmp_run *run)
{
    for (int k = 0; k < 3; k++) {
        double avg, mn, mx;
        int n;
        db_compare_seek_kind(&run->rows, seek_kinds[k], &avg, &mn, &mx, &n);
        char name[40];
        snprintf(name, sizeof name, "%s_samples", seek_kinds[k]);
        fig(run, name, n, 0);
        snprintf(name, sizeof name, "%s_avg_ms", seek_kinds[k]);
        fig(run, name, avg, 2);
        snprintf(name, sizeof name, "%s_min_ms", seek_kinds[k]);
        fig(run, name, mn, 2);
        snprintf(name, sizeof name, "%s_max_ms", seek_kinds[k]);
        fig(run, name, mx, 2);
    }
}

static void figs_quality(db_cmp_run *run)
{
    const db_csv_table *t = &run->rows;
    int cc = db_csv_table_col(t, "counted");
    int c1 = db_csv_table_col(t, "c1"), c2 = db_csv_table_col(t, "c2"), cu = db_csv_table_col(t, "cu");
    double n = 0, s1 = 0, s2 = 0, su = 0, m1 = NAN, m2 = NAN;
    bool have_cu = false;
    for (size_t r = 0; r < t->nrows; r++) {
        /* a drive fault row is not a counted second */
        if (cc >= 0 && num(t, r, cc) == 0)
            continue;
        double a = num(t, r, c1), b = num(t, r, c2), u = cu >= 0 ? num(t, r, cu) : NAN;
        if (isnan(a))
            continue;
        n++;
        s1 += a;
        m1 = isnan(m1) || a > m1 ? a : m1;
        if (!isnan(b)) {
            s2 += b;
            m2 = isnan(m2) || b > m2 ? b : m2;
        }
        if (!isnan(u)) {
            su += u;
            have_cu = true;
        }
    }
    fig(run, "seconds", n, 0);
    fig(run, "c1_total", s1, 0);
    fig(run, "c1_avg_per_s", n ? s1 / n : NAN, 3);
    fig(run, "c1_max_per_s", m1, 0);
    fig(run, "c2_total", s2, 0);
    fig(run, "c2_max_per_s", m2, 0);
    fig(run, "cu_total", have_cu ? su : NAN, 0);
}

static void figs_c2scan(db_cmp_run *run)
{
    const db_csv_table *t = &run->rows;
    fig(run, "zones", (double)t->nrows, 0);
    int ca = db_csv_table_col(t, "lba_start"), cb = db_csv_table_col(t, "lba_end");
    fig(run, "covered_min", (num(t, t->nrows - 1, cb) - num(t, 0, ca)) / 4500.0, 2);
    fig(run, "c2_bytes", col_sum(t, "c2_bytes"), 0);
    fig(run, "c2_sectors", col_sum(t, "c2_sectors"), 0);
    fig(run, "unreadable_sectors", col_sum(t, "unreadable_sectors"), 0);
}

static void figures(db_cmp_run *run)
{
    run->nfigs = 0;
    if (!strcmp(run->test, "seek"))
        figs_seek(run);
    else if (!strcmp(run->test, "quality"))
        figs_quality(run);
    else if (!strcmp(run->test, "c2scan"))
        figs_c2scan(run);
    else
        figs_speed(run);
}

/* ---- legends ---- */

enum { PART_DRIVE, PART_KIND, PART_MEDIA, PART_LABEL, PART_WRITE, PART_DISC, PARTS };

static void part(const db_cmp_run *r, int p, char *out, size_t len)
{
    out[0] = '\0';
    switch (p) {
    case PART_DRIVE:
        if (r->have_summary && r->sum.model[0])
            snprintf(out, len, "%s %s", r->sum.model, r->sum.firmware);
        break;
    case PART_KIND: snprintf(out, len, "%s", db_compare_kind_word(r->test)); break;
    case PART_MEDIA: /* the manufacturer the ATIP names */
        if (r->have_summary)
            snprintf(out, len, "%s", r->sum.atip_maker_short[0] ? r->sum.atip_maker_short : r->sum.atip_maker);
        break;
    case PART_LABEL:
        if (r->have_summary)
            snprintf(out, len, "%s", r->sum.label);
        break;
    case PART_WRITE:
        if (r->have_summary && r->sum.write_speed_x > 0)
            snprintf(out, len, "burned at %gx", r->sum.write_speed_x);
        break;
    case PART_DISC:
        if (r->have_summary)
            snprintf(out, len, "%s", r->sum.disc_description);
        break;
    }
}

static void legends(db_cmp_run *runs, int n, bool some_simulated)
{
    bool differs[PARTS] = { false };
    char a[300], b[300];
    for (int p = 0; p < PARTS; p++) {
        part(&runs[0], p, a, sizeof a);
        for (int i = 1; i < n && !differs[p]; i++) {
            part(&runs[i], p, b, sizeof b);
            differs[p] = strcmp(a, b) != 0;
        }
    }
    /* the disc only when nothing else tells the runs apart */
    if (differs[PART_DRIVE] || differs[PART_KIND] || differs[PART_MEDIA] || differs[PART_LABEL] ||
        differs[PART_WRITE])
        differs[PART_DISC] = false;
    for (int i = 0; i < n; i++) {
        char *l = runs[i].legend;
        size_t len = sizeof runs[i].legend;
        l[0] = '\0';
        for (int p = 0; p < PARTS; p++) {
            if (!differs[p])
                continue;
            part(&runs[i], p, a, sizeof a);
            if (!a[0])
                continue;
            size_t u = strlen(l);
            snprintf(l + u, len - u, "%s%.120s", u ? ", " : "", a);
        }
        if (!l[0]) {
            part(&runs[i], PART_DRIVE, a, sizeof a);
            const char *base = strrchr(runs[i].spec, '/');
            snprintf(l, len, "%.150s", a[0] ? a : base && base[1] ? base + 1 : runs[i].spec);
        }
    }
    /* still the same: number them */
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++)
            if (k != i && !strncmp(runs[i].legend, runs[k].legend, 150)) {
                for (int j = 0; j < n; j++) {
                    size_t u = strlen(runs[j].legend);
                    snprintf(runs[j].legend + u, sizeof runs[j].legend - u, " #%d", j + 1);
                }
                i = k = n;
            }
    if (some_simulated)
        for (int i = 0; i < n; i++) {
            size_t u = strlen(runs[i].legend);
            snprintf(runs[i].legend + u, sizeof runs[i].legend - u, "%s",
                     runs[i].simulated ? " [SIMULATED]" : " [measured]");
        }
}

int db_compare_prepare(db_cmp_run *runs, int n, db_error *err)
{
    if (n < 1 || n > DB_COMPARE_MAX_RUNS)
        return db_error_set(err, DB_EXIT_USAGE, "compare takes 1 to %d runs, not %d", DB_COMPARE_MAX_RUNS, n);
    for (int i = 1; i < n; i++) {
        bool speed_mix = (!strcmp(runs[0].test, "transfer") || !strcmp(runs[0].test, "dae")) &&
                         (!strcmp(runs[i].test, "transfer") || !strcmp(runs[i].test, "dae"));
        if (strcmp(runs[i].test, runs[0].test) && !speed_mix)
            return db_error_set(err, DB_EXIT_USAGE,
                                "runs of different tests: %s is a %s run, %s a %s run (compare runs of one test; "
                                "transfer and dae runs may be mixed: data versus audio)",
                                runs[0].spec, runs[0].test, runs[i].spec, runs[i].test);
    }
    int sims = 0;
    for (int i = 0; i < n; i++) {
        figures(&runs[i]);
        sims += runs[i].simulated;
        snprintf(runs[i].csv_name, sizeof runs[i].csv_name, "%02d-%s.csv", i + 1, runs[i].test);
    }
    legends(runs, n, sims > 0 && sims < n);
    return 0;
}
