/* errscan_out.h - output pieces the three error tests (quality, c2scan,
 * scan) share: the unreadable-sector list (<test>_unreadable.csv) and
 * plain CSV row formatting (summary.json: db_write_summary, output.h). */
#ifndef DB_BENCH_ERRSCAN_OUT_H
#define DB_BENCH_ERRSCAN_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "../report/csv.h"
#include "../report/json.h"
#include "bench.h"

/* DIR/<name>.csv with the given columns (NULL + err on failure). */
db_csv *db_errscan_csv(const db_bench_ctx *ctx, const char *name, const char *const *cols,
                       size_t ncols, db_error *err);

/* The unreadable-sector list: one row per sector as it is found:
 * lba,position_min,sense_key,asc,ascq,sense,source. */
typedef struct db_badlist {
    db_csv *csv;
    const char *source;
    uint64_t count;
    uint32_t first[100];       /* the first ones, for summary.json */
    int first_count;
    int write_failed;          /* a row could not be written (err kept) */
    db_error err;
} db_badlist;
int db_badlist_open(db_badlist *b, const db_bench_ctx *ctx, const char *test, db_error *err);
void db_badlist_add(db_badlist *b, uint32_t lba, const db_cmd_result *res);
void db_badlist_close(db_badlist *b);
/* "unreadable": {"count": N, "first_lbas": [...], "list": "<test>_unreadable.csv"} */
void db_badlist_json(db_json *j, const db_badlist *b, const char *test);

/* Formatting helpers for CSV fields. */
void db_fmt_u64(char *buf, size_t len, uint64_t v);
/* Speed of n sectors read in ns nanoseconds, in x (NaN when ns is 0). */
double db_speed_x_of(uint64_t sectors, uint64_t ns);

/* One line for a command that a vendor protocol or read could not do on a
 * real drive through the kernel: mentions the permission fix when the
 * transport itself failed (Linux filters vendor opcodes for users without
 * CAP_SYS_RAWIO). */
void db_errscan_describe(const db_drive *d, const db_cmd_result *res, char *out, size_t len);

#endif
