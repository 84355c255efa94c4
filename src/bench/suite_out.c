/* suite_out.c - a suite's own files: suite.csv (one row per test) and
 * summary.json (suite.h). */
#include <stdio.h>
#include <string.h>

#include "../report/csv.h"
#include "../report/json.h"
#include "output.h"
#include "suite.h"

static const char *const cols[] = {
    "test", "applies", "ran", "exit_code", "status", "ran_as", "dir", "headline", "why", "picture", "source",
};
#define NCOLS (sizeof cols / sizeof cols[0])

static int write_csv(const db_bench_ctx *ctx, const suite_result *res, db_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/suite.csv", ctx->out_dir);
    db_csv *csv = db_csv_create(path, cols, NCOLS, err);
    if (!csv)
        return -1;
    for (int t = 0; t < SUITE_TESTS; t++) {
        const suite_test_result *r = &res->tests[t];
        char rc[16] = "";
        if (r->ran)
            snprintf(rc, sizeof rc, "%d", r->rc);
        const char *v[NCOLS] = {
            suite_test_name((suite_test)t), r->applies ? "1" : "0", r->ran ? "1" : "0", rc, r->ran ? r->status : "",
            r->ran ? r->ran_as : "", r->ran ? suite_test_name((suite_test)t) : "", r->headline,
            r->ran ? r->error : r->why, r->picture, db_source_word(ctx->drive),
        };
        if (db_csv_row_n(csv, v, NCOLS, err)) {
            db_csv_close(csv);
            return -1;
        }
    }
    db_csv_close(csv);
    return 0;
}

/* DIR/info.json: what `discbench info --json` prints for this drive and
 * disc, as asked at the start of the suite. */
static void fill_info(db_json *j, const void *res)
{
    db_info_write_json(j, NULL, &((const suite_result *)res)->info);
}

static int write_info(const db_bench_ctx *ctx, const suite_result *res, db_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/info.json", ctx->out_dir);
    return db_json_write_file(path, fill_info, res, err);
}

typedef struct summary_arg {
    const db_bench_ctx *ctx;
    const db_identity *id;
    const suite_result *res;
} summary_arg;

static void fill_summary(db_json *j, const void *argp)
{
    const summary_arg *a = argp;
    const db_bench_ctx *ctx = a->ctx;
    const db_identity *id = a->id;
    const suite_result *res = a->res;
    db_json_begin_object(j, NULL);
    db_summary_common(j, ctx, "suite", id, res->status);
    db_json_int(j, "exit_code", res->rc);
    db_json_str(j, "error", res->error[0] ? res->error : NULL);
    db_json_begin_array(j, "tests");
    for (int t = 0; t < SUITE_TESTS; t++) {
        const suite_test_result *r = &res->tests[t];
        db_json_begin_object(j, NULL);
        db_json_str(j, "test", suite_test_name((suite_test)t));
        db_json_bool(j, "applies", r->applies);
        db_json_bool(j, "ran", r->ran);
        db_json_str(j, "why_not", r->ran ? NULL : r->why);
        if (r->ran) {
            db_json_str(j, "dir", suite_test_name((suite_test)t));
            db_json_str(j, "ran_as", r->ran_as);
            db_json_int(j, "exit_code", r->rc);
            db_json_str(j, "status", r->status);
            db_json_str(j, "headline", r->headline[0] ? r->headline : NULL);
            db_json_str(j, "error", r->error[0] ? r->error : NULL);
            db_json_str(j, "picture", r->picture[0] ? r->picture : NULL);
        }
        db_json_end_object(j);
    }
    db_json_end_array(j);
    db_json_str(j, "report", "report.md");
    db_json_str(j, "tests_csv", "suite.csv");
    db_json_str(j, "info_json", "info.json");
    db_json_end_object(j);
}

int suite_write_files(const db_bench_ctx *ctx, const db_identity *id, const suite_result *res, db_error *err)
{
    if (write_csv(ctx, res, err) || write_info(ctx, res, err))
        return -1;
    summary_arg a = { ctx, id, res };
    return db_write_summary(ctx, fill_summary, &a, err);
}
