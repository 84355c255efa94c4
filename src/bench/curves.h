/* curves.h - several speed curves in one picture: the data and audio
 * curves of one drive (dae), and later the curves of several runs
 * (compare).  Every curve is a CSV with the columns position_min and
 * speed_x (transfer.csv and dae.csv both have them), drawn in x, the unit
 * both share: 1x = 75 sectors per second, whatever the sector size. */
#ifndef DB_BENCH_CURVES_H
#define DB_BENCH_CURVES_H

#include <stddef.h>

#include "bench.h"

#define DB_CURVES_MAX 16

typedef struct db_curve {
    const char *csv;   /* path relative to the results directory (written into the script) */
    const char *title; /* legend text (escaped here) */
} db_curve;

/* Render plots/<template_name>.gpm (data-vs-audio.gpm draws any number of
 * curves) into DIR/<out_name>.gp and run gnuplot on it.  *note says why
 * there is no picture when there is none (never a failure).  -1 only when
 * the script cannot be written (or n is 0 or above DB_CURVES_MAX). */
int db_plot_curves(const db_bench_ctx *ctx, const char *template_name, const char *out_name,
                   const char *title, const char *subtitle, const db_curve *curves, size_t n,
                   char *note, size_t note_len, db_error *err);

/* The y axis of a curves picture: the CSV column drawn, its label and tic
 * format (db_plot_curves: speed_x, "read speed (x, ...)", "%gx"). */
typedef struct db_curve_axis {
    const char *column;
    const char *label;
    const char *format;
} db_curve_axis;

/* db_plot_curves with another column than speed_x (compare: C1, C2 per
 * second of error scans). */
int db_plot_curves_axis(const db_bench_ctx *ctx, const char *template_name, const char *out_name,
                        const char *title, const char *subtitle, const db_curve_axis *y,
                        const db_curve *curves, size_t n, char *note, size_t note_len, db_error *err);

#endif
