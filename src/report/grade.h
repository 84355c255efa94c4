/* grade.h - grading media from the results store: per media manufacturer
 * (from the ATIP stored with each run, never the label) or per label, and
 * per write speed, the figures of every complete error scan (quality,
 * c2scan, scan) in the store, a letter grade and the best write speed.
 *
 * What counts (README "grade"):
 *  - pressed discs (no ATIP: not a blank anyone buys) are left out when
 *    grading by manufacturer;
 *  - a disc is one standalone scan run, or one suite run (whose quality
 *    or c2scan and scan runs are the same disc); only complete runs count,
 *    and a quality scan whose all-zero result was not believed gives no
 *    C1/C2/CU figures;
 *  - C1 mean = the mean over discs of each disc's average C1 per second;
 *    C1 max = the highest C1 in any second; C2 and CU totals over the
 *    discs (C2 = E22 of the quality scan); C2 pointer bytes from c2scan
 *    runs; read errors = per disc the most unreadable sectors any of its
 *    runs found, summed; score = the mean of the quality scans' scores;
 *  - grade:
 *      F  any CU, any unreadable sector, or a disc over the Red Book BLER
 *         limit (220/s over 10 s);
 *      D  otherwise, any C2, or a mean C1 above 10/s;
 *      otherwise A for a mean C1 of at most 2/s, B at most 5/s, C at
 *      most 10/s
 *    (thresholds: the reviewers' grading quoted in DESIGN.md - <= 2
 *    excellent, <= 5 very good, <= 10 good - and "a good disc shows no
 *    C2"); with no C1 figures (C2-pointer scans only) a group is at best C;
 *  - rank: by grade, then score (higher first), then mean C1, C2, read
 *    errors (lower first);
 *  - best write speed of a manufacturer: its best grade, then best score,
 *    then the faster speed. */
#ifndef DB_REPORT_GRADE_H
#define DB_REPORT_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../util/error.h"
#include "store.h"

typedef enum db_grade_by { DB_GRADE_BY_MANUFACTURER = 0, DB_GRADE_BY_LABEL } db_grade_by;

typedef struct db_grade_row {
    char group[160];           /* manufacturer (or label) */
    double write_speed_x;      /* 0: not recorded */
    int discs;                 /* discs scanned */
    int quality_discs;         /* with C1/C2/CU figures */
    int c2scan_discs;          /* with C2 pointer figures */
    double c1_mean, c1_max;    /* NaN without quality discs */
    long long c2_total;        /* E22, quality discs */
    long long cu_total;        /* -1: no disc reported CU */
    long long c2_pointer_bytes;/* -1: no c2scan disc */
    long long read_errors;
    int redbook_fails;
    double score;              /* NaN: no score */
    char grade[2];             /* "A".."F" */
    char basis[48];            /* "C1/C2/CU", "C1/C2", "C2 pointers only" */
    int rank;                  /* 1 = best */
    double best_write_speed_x; /* of this group's manufacturer (0: none recorded) */
    int simulated_discs;
} db_grade_row;

typedef struct db_grade {
    db_grade_by by;
    db_grade_row *rows;        /* in rank order */
    size_t n;
    int runs_used;             /* complete error-scan runs counted */
    int runs_ignored;          /* incomplete, or not believed */
    int runs_pressed;          /* scans of pressed discs: no manufacturer, not graded (by manufacturer) */
    int runs_superseded;       /* older scans of a disc named with --disc-name: its latest counts */
    bool any_simulated, all_simulated;
} db_grade;

/* Grade the store's runs.  0 (out->n may be 0: nothing to grade), or -1. */
int db_grade_compute(db_store *s, db_grade_by by, db_grade *out, db_error *err);
void db_grade_free(db_grade *g);

/* The grade thresholds as README text, and the letter for figures. */
const char *db_grade_letter(double c1_mean, long long c2, long long cu, long long c2_pointer_bytes,
                            long long read_errors, int redbook_fails, bool have_c1);

/* The table as Markdown (grade.md and the terminal). */
void db_grade_markdown(const db_grade *g, FILE *out);

/* DIR/grade.csv, grade.md, grade.gp (+ grade.png/svg unless no_plot);
 * *note says why there are no pictures.  0, or -1 with err. */
int db_grade_write(const db_grade *g, const char *dir, bool no_plot, char *note, size_t note_len, db_error *err);

#endif
