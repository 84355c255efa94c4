/* storefix.h - results directories made by hand for the tests of the
 * results store and grading: a summary.json with the fields discbench
 * writes (tool, test, status, simulated, drive, disc, label,
 * write_speed_x, info with its keys, medium and ATIP, result figures) and
 * a CSV of that test.  Not part of discbench. */
#ifndef DB_STOREFIX_H
#define DB_STOREFIX_H

typedef struct sf_run {
    const char *test;          /* "transfer" or "quality" */
    const char *status;        /* "complete" when NULL */
    int rows;                  /* CSV data rows */
    const char *model;         /* drive model, "LTR-40125S" when NULL */
    const char *atip_code;     /* NULL: a pressed disc */
    const char *maker;         /* ATIP manufacturer */
    const char *label;         /* NULL: none */
    double write_speed_x;      /* 0: null */
    /* quality figures */
    double c1_avg;
    int c1_max, c2_total, cu_total, score, unreadable;
    const char *redbook;       /* "pass" when NULL */
} sf_run;

/* Write DIR/summary.json and DIR/<test>.csv (DIR is created). */
void sf_write(const char *dir, const sf_run *r);

#endif
