/* gnuplot.h - gnuplot scripts from templates kept as files (plots/*.gpm),
 * and running gnuplot when it is installed.
 *
 * A template holds @NAME@ placeholders; the writer substitutes them and
 * writes a self-contained script that reads the CSV beside it, so
 * `cd RESULTS && gnuplot transfer.gp` works by hand. */
#ifndef DB_REPORT_GNUPLOT_H
#define DB_REPORT_GNUPLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/error.h"

typedef struct db_tvar {
    const char *name;   /* without the @ signs */
    const char *value;
} db_tvar;

/* Substitute vars into template text.  Unknown placeholders are an error
 * (so a template typo never yields a broken script).  Caller frees *out. */
int db_template_fill(const char *tmpl, const db_tvar *vars, size_t nvars, char **out, db_error *err);

/* Read template_path, fill, write out_path. */
int db_gnuplot_write(const char *template_path, const char *out_path,
                     const db_tvar *vars, size_t nvars, db_error *err);

/* Escape text for a double-quoted gnuplot string (titles come from user labels). */
void db_gnuplot_escape(const char *in, char *out, size_t out_len);

/* True if `gnuplot` is on PATH. */
bool db_gnuplot_available(void);

/* Run `gnuplot script_name` with dir as working directory.  Returns 0 on
 * success, 1 when gnuplot is not installed, -1 when it failed (err set). */
int db_gnuplot_run(const char *dir, const char *script_name, db_error *err);

#endif
