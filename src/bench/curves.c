/* curves.c - several speed curves in one picture (curves.h). */
#include "curves.h"

#include <stdio.h>
#include <string.h>

#include "../report/gnuplot.h"
#include "output.h"

/* Append `"escaped text"` (with a comma before all but the first) to a
 * gnuplot array initialiser. */
static int append_item(char *list, size_t list_len, const char *text, int first)
{
    char q[1024];
    db_gnuplot_escape(text, q, sizeof q);
    size_t used = strlen(list);
    int n = snprintf(list + used, list_len - used, "%s\"%s\"", first ? "" : ", ", q);
    return n < 0 || (size_t)n >= list_len - used ? -1 : 0;
}

int db_plot_curves(const db_bench_ctx *ctx, const char *template_name, const char *out_name,
                   const char *title, const char *subtitle, const db_curve *curves, size_t n,
                   char *note, size_t note_len, db_error *err)
{
    static const db_curve_axis speed = { "speed_x", "read speed (x, 1x = 75 sectors/s)", "%gx" };
    return db_plot_curves_axis(ctx, template_name, out_name, title, subtitle, &speed, curves, n, note, note_len,
                               err);
}

int db_plot_curves_axis(const db_bench_ctx *ctx, const char *template_name, const char *out_name,
                        const char *title, const char *subtitle, const db_curve_axis *y,
                        const db_curve *curves, size_t n, char *note, size_t note_len, db_error *err)
{
    if (n == 0 || n > DB_CURVES_MAX)
        return db_error_set(err, DB_EXIT_USAGE, "a picture takes 1 to %d curves, not %zu", DB_CURVES_MAX, n);
    char csvs[DB_CURVES_MAX * 1100] = "", titles[DB_CURVES_MAX * 1100] = "";
    for (size_t i = 0; i < n; i++)
        if (append_item(csvs, sizeof csvs, curves[i].csv, i == 0) ||
            append_item(titles, sizeof titles, curves[i].title, i == 0))
            return db_error_set(err, DB_EXIT_USAGE, "curve names too long for one picture");
    char count[16], title_q[1024], sub_q[1024];
    snprintf(count, sizeof count, "%zu", n);
    db_gnuplot_escape(title, title_q, sizeof title_q);
    db_gnuplot_escape(subtitle ? subtitle : "", sub_q, sizeof sub_q);
    char ycol_q[128], ylabel_q[256], yfmt_q[64];
    db_gnuplot_escape(y->column, ycol_q, sizeof ycol_q);
    db_gnuplot_escape(y->label, ylabel_q, sizeof ylabel_q);
    db_gnuplot_escape(y->format, yfmt_q, sizeof yfmt_q);
    db_tvar vars[] = {
        { "N", count }, { "CSVS", csvs }, { "TITLES", titles },
        { "TITLE", title_q }, { "SUBTITLE", sub_q }, { "OUT", out_name },
        { "YCOL", ycol_q }, { "YLABEL", ylabel_q }, { "YFORMAT", yfmt_q },
    };
    return db_plot_render_as(ctx, template_name, out_name, vars, sizeof vars / sizeof vars[0], note, note_len,
                             err);
}
