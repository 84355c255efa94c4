/* gnuplot.h - gnuplot scripts from templates kept as files (plots/NAME.gpm),
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

/* Substitute vars into template text.  A placeholder is @NAME@ with NAME
 * in [A-Z0-9_]+; an '@' that does not start one is kept as it is.  Unknown
 * placeholders are an error (so a template typo never yields a broken
 * script): DB_EXIT_INPUT, "line N: unknown placeholder @NAME@".  Values are
 * inserted verbatim, in one pass.  Caller frees *out. */
int db_template_fill(const char *tmpl, const db_tvar *vars, size_t nvars, char **out, db_error *err);

/* Read template_path (at most 256 KiB), fill, write out_path atomically
 * (see atomic.h).  Template errors are prefixed with template_path. */
int db_gnuplot_write(const char *template_path, const char *out_path,
                     const db_tvar *vars, size_t nvars, db_error *err);

/* Escape text for a double-quoted gnuplot string (titles come from user
 * labels and drive identity strings): backslash and double quote are
 * escaped, a backquote becomes \140 (gnuplot would run `...` as a shell
 * command even inside double quotes), control characters are dropped.
 * The result is truncated to out_len - 1 bytes, never inside an escape or
 * a UTF-8 character.  Templates should use `noenhanced` text, or ^ _ { } @
 * would still be read as markup. */
void db_gnuplot_escape(const char *in, char *out, size_t out_len);

/* True if an executable `gnuplot` is on PATH (searched without a shell). */
bool db_gnuplot_available(void);

/* Run `gnuplot script_name` with dir as working directory (script_name is
 * relative to dir), stdin from /dev/null, stdout and stderr to
 * DIR/gnuplot.log (removed again when gnuplot printed nothing and
 * succeeded).  No shell is involved.  Returns 0 on success, 1 when gnuplot
 * is not installed (err untouched), -1 when it failed (err set,
 * DB_EXIT_OUTPUT: "gnuplot failed on DIR/SCRIPT (see gnuplot.log)"). */
int db_gnuplot_run(const char *dir, const char *script_name, db_error *err);

#endif
