/* output.h - the files a test leaves in its results directory: the CSV as
 * zones complete, the gnuplot script + pictures and summary.json at the end.
 * Common summary fields (tool, version, simulated, drive, disc) are written
 * by db_summary_common so every test's summary.json starts the same way. */
#ifndef DB_BENCH_OUTPUT_H
#define DB_BENCH_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "../report/csv.h"
#include "../report/json.h"
#include "../report/json_file.h"
#include "bench.h"

/* "simulated" or "measured": the CSV source column and summary field. */
const char *db_source_word(const db_drive *d);

/* Writes "tool", "version", "test", "simulated", "status", "device",
 * "drive" {vendor, model, firmware}, "disc" {...}, "label", "command", and
 * "info": the drive and disc identification of `discbench info`, asked of
 * the drive when called (info.h; a few read-only commands). */
void db_summary_common(db_json *j, const db_bench_ctx *ctx, const char *test,
                       const db_identity *id, const char *status);

/* A test's "status" in summary.json and the store: "interrupted",
 * "aborted" (the drive failed), else "complete" (with errors:
 * "complete-with-errors", some sectors unreadable) or "incomplete". */
const char *db_status_word(bool interrupted, bool aborted, bool complete, bool errors);

/* The fields every summary.json ends with, and the closing brace of its
 * top-level object: "interrupted", "stop_reason" (why the test stopped
 * early: stop_reason when aborted, else null), "plot_note" (why there are
 * no pictures; null when there are). */
void db_summary_end(db_json *j, bool interrupted, bool aborted, const char *stop_reason, const char *plot_note);

/* Write DIR/summary.json whole, fill writing its top-level object.  0, or
 * -1 with err set. */
int db_write_summary(const db_bench_ctx *ctx, db_json_fill_fn fill, const void *arg, db_error *err);

/* Plot title for a test: "discbench transfer: DRIVE, DISC [SIMULATED]". */
void db_plot_title(const db_bench_ctx *ctx, const char *test, const db_identity *id,
                   char *out, size_t out_len);

/* Render DIR/<name>.gp from plots/<name>.gpm and run gnuplot.  Sets
 * *note to a sentence when the pictures could not be made (gnuplot
 * missing or failing): that is never a failed test.  Returns -1 only when
 * the script itself cannot be written. */
struct db_tvar;
int db_plot_render(const db_bench_ctx *ctx, const char *name, const struct db_tvar *vars,
                   size_t nvars, char *note, size_t note_len, db_error *err);
/* The same from plots/<template>.gpm into DIR/<out_name>.gp: one template
 * drawing several pictures (data-vs-audio, compare). */
int db_plot_render_as(const db_bench_ctx *ctx, const char *template_name, const char *out_name,
                      const struct db_tvar *vars, size_t nvars, char *note, size_t note_len,
                      db_error *err);

struct transfer_opts;
struct transfer_result;

typedef struct db_transfer_out {
    db_csv *csv;
    const char *source;      /* db_source_word() of the drive */
    char speed_note[600];    /* SET CD SPEED refused, etc. */
    char plot_note[256];
} db_transfer_out;

int db_transfer_out_open(db_transfer_out *o, const db_bench_ctx *ctx, const db_identity *id,
                         db_error *err);
int db_transfer_out_zone(db_transfer_out *o, int zone, uint32_t lba_start, uint32_t lba_end,
                         uint32_t data_start, double speed_x, double zone_ms, uint64_t errors,
                         uint32_t faults, db_error *err);
/* Close the CSV, write transfer.gp (+png/svg) and summary.json. */
int db_transfer_out_finish(db_transfer_out *o, const db_bench_ctx *ctx,
                           const struct transfer_opts *opts, struct transfer_result *res,
                           db_error *err);

#endif
