/* grade_out.c - the grade table as Markdown, CSV and a bar chart
 * (grade.h). */
#include "grade.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/datadir.h"
#include "atomic.h"
#include "csv.h"
#include "gnuplot.h"

static void fmt_num(char *out, size_t len, double v, int decimals, const char *none)
{
    if (isnan(v))
        snprintf(out, len, "%s", none);
    else
        snprintf(out, len, "%.*f", decimals, v);
}

static void fmt_count(char *out, size_t len, long long v, const char *none)
{
    if (v < 0)
        snprintf(out, len, "%s", none);
    else
        snprintf(out, len, "%lld", v);
}

/* Markdown cells must not hold a raw '|' or a line end. */
static void md_cell(FILE *f, const char *s)
{
    for (; *s; s++)
        if (*s == '|')
            fputs("\\|", f);
        else if (*s != '\n' && *s != '\r')
            fputc(*s, f);
}

void db_grade_markdown(const db_grade *g, FILE *f)
{
    const char *by = g->by == DB_GRADE_BY_LABEL ? "label" : "manufacturer (ATIP)";
    fprintf(f, "| rank | %s | write speed | discs | mean C1/s | max C1/s | C2 total | CU total | "
               "C2 pointer bytes | read errors | score | grade | basis |\n", by);
    fputs("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---|\n", f);
    for (size_t i = 0; i < g->n; i++) {
        const db_grade_row *r = &g->rows[i];
        char ws[32], c1m[32], c1x[32], c2[32], cu[32], c2p[32], sc[32];
        if (r->write_speed_x > 0)
            snprintf(ws, sizeof ws, "%gx", r->write_speed_x);
        else
            snprintf(ws, sizeof ws, "not recorded");
        fmt_num(c1m, sizeof c1m, r->c1_mean, 2, "-");
        fmt_num(c1x, sizeof c1x, r->c1_max, 0, "-");
        fmt_count(c2, sizeof c2, r->quality_discs ? r->c2_total : -1, "-");
        fmt_count(cu, sizeof cu, r->cu_total, "-");
        fmt_count(c2p, sizeof c2p, r->c2_pointer_bytes, "-");
        fmt_num(sc, sizeof sc, r->score, 0, "-");
        fprintf(f, "| %d | ", r->rank);
        md_cell(f, r->group);
        fprintf(f, " | %s | %d | %s | %s | %s | %s | %s | %lld | %s | **%s** | %s |\n", ws, r->discs, c1m, c1x, c2,
                cu, c2p, r->read_errors, sc, r->grade, r->basis);
    }
    /* Best write speed, once per group that recorded speeds. */
    bool any = false;
    for (size_t i = 0; i < g->n; i++) {
        const db_grade_row *r = &g->rows[i];
        bool first = true;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(g->rows[k].group, r->group))
                first = false;
        if (!first || r->best_write_speed_x <= 0)
            continue;
        if (!any)
            fputs("\nBest write speed found:\n\n", f);
        any = true;
        fputs("- ", f);
        md_cell(f, r->group);
        fprintf(f, ": %gx\n", r->best_write_speed_x);
    }
}

static const char *const csv_cols[] = {
    "rank", "group", "write_speed_x", "discs", "quality_discs", "c2scan_discs", "c1_mean_per_s", "c1_max_per_s",
    "c2_total", "cu_total", "c2_pointer_bytes", "read_errors", "redbook_fails", "score", "grade", "basis",
    "best_write_speed_x", "simulated_discs", "chart_label",
};
#define NCOLS (sizeof csv_cols / sizeof csv_cols[0])

static int write_csv(const db_grade *g, const char *dir, db_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/grade.csv", dir);
    db_csv *csv = db_csv_create(path, csv_cols, NCOLS, err);
    if (!csv)
        return -1;
    db_csv_sync_every(csv, 64);
    for (size_t i = 0; i < g->n; i++) {
        const db_grade_row *r = &g->rows[i];
        char rank[16], ws[32], discs[16], qd[16], cd[16], c1m[32], c1x[32], c2[32], cu[32], c2p[32], re[32],
            rb[16], sc[32], best[32], sim[16], chart[220];
        snprintf(rank, sizeof rank, "%d", r->rank);
        ws[0] = best[0] = '\0';
        if (r->write_speed_x > 0)
            snprintf(ws, sizeof ws, "%g", r->write_speed_x);
        if (r->best_write_speed_x > 0)
            snprintf(best, sizeof best, "%g", r->best_write_speed_x);
        snprintf(discs, sizeof discs, "%d", r->discs);
        snprintf(qd, sizeof qd, "%d", r->quality_discs);
        snprintf(cd, sizeof cd, "%d", r->c2scan_discs);
        fmt_num(c1m, sizeof c1m, r->c1_mean, 3, "");
        fmt_num(c1x, sizeof c1x, r->c1_max, 0, "");
        fmt_count(c2, sizeof c2, r->quality_discs ? r->c2_total : -1, "");
        fmt_count(cu, sizeof cu, r->cu_total, "");
        fmt_count(c2p, sizeof c2p, r->c2_pointer_bytes, "");
        snprintf(re, sizeof re, "%lld", r->read_errors);
        snprintf(rb, sizeof rb, "%d", r->redbook_fails);
        fmt_num(sc, sizeof sc, r->score, 1, "");
        snprintf(sim, sizeof sim, "%d", r->simulated_discs);
        snprintf(chart, sizeof chart, "%.150s %s", r->group, r->write_speed_x > 0 ? ws : "?");
        if (r->write_speed_x > 0)
            strncat(chart, "x", sizeof chart - strlen(chart) - 1);
        const char *v[NCOLS] = { rank, r->group, ws, discs, qd, cd, c1m, c1x, c2, cu, c2p, re, rb, sc, r->grade,
                                 r->basis, best, sim, chart };
        if (db_csv_row_n(csv, v, NCOLS, err)) {
            db_csv_close(csv);
            return -1;
        }
    }
    db_csv_close(csv);
    return 0;
}

static int write_md(const db_grade *g, const char *dir, bool picture, db_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/grade.md", dir);
    db_atomic a;
    if (db_atomic_open(&a, path, err))
        return -1;
    fprintf(a.f, "# discbench grade: media by %s and write speed%s\n\n",
            g->by == DB_GRADE_BY_LABEL ? "label" : "manufacturer", g->any_simulated ? " [SIMULATED]" : "");
    if (g->any_simulated)
        fprintf(a.f, "**%s of the scans graded here come from the virtual drive: simulated, not measured.**\n\n",
                g->all_simulated ? "All" : "Some");
    fprintf(a.f, "%d complete error scans counted, %d ignored (incomplete, or a scan not believed)", g->runs_used,
            g->runs_ignored);
    if (g->runs_pressed)
        fprintf(a.f, "; %d scans of pressed discs left out (no ATIP manufacturer)", g->runs_pressed);
    if (g->runs_superseded)
        fprintf(a.f, "; %d older scans of discs named with --disc-name left out (a named disc counts once, by "
                     "its latest scan of each kind)", g->runs_superseded);
    fputs(".\n\n", a.f);
    db_grade_markdown(g, a.f);
    fputs("\nGrades: F = any CU, unreadable sector or Red Book BLER failure (over 220/s averaged over 10 s); "
          "D = any C2, or a mean C1 above 10/s; otherwise A = mean C1 at most 2/s, B at most 5/s, "
          "C at most 10/s.  Without C1 figures (C2-pointer scans only) a group is at best C.  "
          "Score: the mean of the quality scans' 0-100 scores.\n", a.f);
    if (picture)
        fputs("\n![mean C1 per second and grade](grade.png)\n", a.f);
    return db_atomic_commit(&a, err);
}

int db_grade_write(const db_grade *g, const char *dir, bool no_plot, char *note, size_t note_len, db_error *err)
{
    note[0] = '\0';
    if (write_csv(g, dir, err))
        return -1;
    char tmpl[4096], script[4200], title[600], title_q[1300];
    if (db_find_plot_template("grade", tmpl, sizeof tmpl))
        return db_error_set(err, DB_EXIT_INPUT, "gnuplot template grade.gpm not found (looked in %s)", tmpl);
    snprintf(title, sizeof title, "discbench grade: media by %s and write speed%s",
             g->by == DB_GRADE_BY_LABEL ? "label" : "manufacturer (ATIP)",
             g->any_simulated ? " [SIMULATED]" : "");
    db_gnuplot_escape(title, title_q, sizeof title_q);
    db_tvar vars[] = { { "TITLE", title_q }, { "CSV", "grade.csv" } };
    snprintf(script, sizeof script, "%s/grade.gp", dir);
    if (db_gnuplot_write(tmpl, script, vars, 2, err))
        return -1;
    bool picture = false;
    if (no_plot) {
        snprintf(note, note_len, "pictures not drawn (--no-plot): run 'gnuplot grade.gp' in %s", dir);
    } else {
        db_error gerr = { 0 };
        int rc = db_gnuplot_run(dir, "grade.gp", &gerr);
        if (rc == 1)
            snprintf(note, note_len, "gnuplot is not installed: run 'gnuplot grade.gp' in %s to draw the picture",
                     dir);
        else if (rc < 0)
            snprintf(note, note_len, "%s", gerr.msg);
        else
            picture = true;
    }
    return write_md(g, dir, picture, err);
}
