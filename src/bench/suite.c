/* suite.c - the tests that apply to one drive and disc, one after the
 * other (suite.h).  Files: suite_out.c (suite.csv, summary.json),
 * suite_report.c (report.md). */
#include "suite.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../report/resultdir.h"
#include "../report/summary_read.h"
#include "c2scan.h"
#include "dae.h"
#include "quality.h"
#include "scan.h"
#include "seek.h"
#include "transfer.h"

static const char *const names[SUITE_TESTS] = { "transfer", "dae", "seek", "quality", "c2scan", "scan" };

const char *suite_test_name(suite_test t)
{
    return t < SUITE_TESTS ? names[t] : "?";
}

int suite_parse_tests(const char *list, unsigned *mask, db_error *err)
{
    *mask = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        int found = -1;
        for (int t = 0; t < SUITE_TESTS; t++)
            if (strlen(names[t]) == n && !strncmp(p, names[t], n))
                found = t;
        if (found < 0)
            return db_error_set(err, DB_EXIT_USAGE,
                                "--tests: unknown test '%.*s' (transfer, dae, seek, quality, c2scan, scan)", (int)n, p);
        *mask |= 1u << found;
        p += n;
        if (*p == ',')
            p++;
    }
    if (!*mask)
        return db_error_set(err, DB_EXIT_USAGE, "--tests: name at least one test");
    return 0;
}

static const db_info_test *assessed(const db_info *info, const char *name)
{
    for (int i = 0; i < DB_INFO_TESTS; i++)
        if (info->tests[i].name && !strcmp(info->tests[i].name, name))
            return &info->tests[i];
    return NULL;
}

static void strategy_text(char *out, size_t len, double start, double end, double avg, const char *strategy)
{
    snprintf(out, len, "start %.2fx, end %.2fx, average %.2fx (%s)", start, end, avg, strategy);
}

/* ---- one test each: run it, then a one-line headline of its figures ---- */

static int run_transfer(const db_bench_ctx *c, const suite_opts *o, suite_test_result *t, db_error *err)
{
    transfer_opts opts = { .speed_x = 0, .zones = o->zones > 0 ? o->zones : 100, .block_sectors = 32 };
    transfer_result *r = calloc(1, sizeof *r);
    if (!r)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    int rc = transfer_run(c, &opts, r, err);
    if (r->zones_done > 0) {
        strategy_text(t->headline, sizeof t->headline, r->start_x, r->end_x, r->avg_x, db_strategy_name(r->strategy));
        size_t u = strlen(t->headline);
        if (!isnan(r->spinup_ms))
            snprintf(t->headline + u, sizeof t->headline - u, ", spin-up %.0f ms", r->spinup_ms);
        u = strlen(t->headline);
        if (r->read_errors)
            snprintf(t->headline + u, sizeof t->headline - u, ", %llu unreadable sectors",
                     (unsigned long long)r->read_errors);
    }
    free(r);
    return rc;
}

static int run_dae(const db_bench_ctx *c, const suite_opts *o, suite_test_result *t, db_error *err)
{
    dae_opts opts = { .zones = o->zones > 0 ? o->zones : 100, .block_sectors = DAE_DEFAULT_BLOCK,
                      .jitter_window = DAE_DEFAULT_JITTER_WINDOW };
    dae_result *r = calloc(1, sizeof *r);
    if (!r)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    int rc = dae_run(c, &opts, r, err);
    if (r->rate.zones_done > 0) {
        snprintf(t->headline, sizeof t->headline, "audio: ");
        size_t u = strlen(t->headline);
        strategy_text(t->headline + u, sizeof t->headline - u, r->rate.start_x, r->rate.end_x, r->rate.avg_x,
                      db_strategy_name(r->rate.strategy));
        u = strlen(t->headline);
        if (r->data_run && r->data.zones_done > 0)
            snprintf(t->headline + u, sizeof t->headline - u, "; data tracks average %.2fx", r->data.avg_x);
        u = strlen(t->headline);
        if (r->rate.read_errors)
            snprintf(t->headline + u, sizeof t->headline - u, ", %llu unreadable sectors",
                     (unsigned long long)r->rate.read_errors);
    }
    free(r);
    return rc;
}

static int run_seek(const db_bench_ctx *c, const suite_opts *o, suite_test_result *t, db_error *err)
{
    seek_opts opts = { .samples = o->samples >= 0 ? o->samples : SEEK_DEFAULT_SAMPLES, .seed = 1,
                       .cpu_mib = o->no_cpu ? 0 : SEEK_DEFAULT_CPU_MIB };
    seek_result *r = calloc(1, sizeof *r);
    if (!r)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    int rc = seek_run(c, &opts, r, err);
    char *h = t->headline;
    size_t len = sizeof t->headline;
    static const char *const kind_words[SEEK_KINDS] = { "random", "1/3 stroke", "full stroke" };
    for (int k = 0; k < SEEK_KINDS; k++) {
        size_t u = strlen(h);
        if (r->kind[k].done)
            snprintf(h + u, len - u, "%s%s %.1f ms", u ? ", " : "", kind_words[k], r->kind[k].avg_ms);
    }
    size_t u = strlen(h);
    if (!isnan(r->burst_mb_s) && r->burst_mb_s > 0)
        snprintf(h + u, len - u, "%sburst %.1f MB/s", u ? "; " : "", r->burst_mb_s);
    free(r);
    return rc;
}

static void c2scan_headline(const c2scan_result *r, char *h, size_t len)
{
    if (r->form)
        snprintf(h, len, "C2 %llu bytes in %u sectors, %u unreadable sectors", (unsigned long long)r->total.c2_bytes,
                 r->total.c2_sectors, r->total.unreadable);
    else
        snprintf(h, len, "C2 reporting does not work on this drive: %.300s", r->probe_note);
}

static int run_quality(const db_bench_ctx *c, const suite_opts *o, suite_test_result *t, db_error *err)
{
    (void)o;
    quality_opts opts = { .protocol = DB_QP_AUTO };
    quality_result *r = calloc(1, sizeof *r);
    if (!r)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    int rc = quality_run(c, &opts, r, err);
    if (r->fell_back) {
        size_t u = (size_t)snprintf(t->headline, sizeof t->headline, "no vendor protocol answered, c2scan: ");
        c2scan_headline(&r->c2, t->headline + u, sizeof t->headline - u);
    } else if (r->stats.seconds_counted) {
        const db_qstats *q = &r->stats;
        char cu[24], score[8];
        snprintf(cu, sizeof cu, "%llu", (unsigned long long)q->cu_total);
        snprintf(score, sizeof score, "%d", r->score);
        snprintf(t->headline, sizeof t->headline, "C1 average %.2f/s, max %u/s; C2 %llu; CU %s; Red Book %s; score %s",
                 db_qstats_c1_avg(q), q->c1_max, (unsigned long long)q->c2_total, q->cu_reported ? cu : "not reported",
                 db_verdict_name(r->verdict), r->score >= 0 ? score : "none");
    }
    free(r);
    return rc;
}

static int run_c2scan(const db_bench_ctx *c, const suite_opts *o, suite_test_result *t, db_error *err)
{
    c2scan_opts opts = { .zones = o->zones > 0 ? o->zones : 100, .block_sectors = 16 };
    c2scan_result *r = calloc(1, sizeof *r);
    if (!r)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    int rc = c2scan_run(c, &opts, r, err);
    if (r->id.have_toc)
        c2scan_headline(r, t->headline, sizeof t->headline);
    free(r);
    return rc;
}

static int run_scan(const db_bench_ctx *c, const suite_opts *o, suite_test_result *t, db_error *err)
{
    scan_opts opts = { .zones = o->zones > 0 ? o->zones : SCAN_DEFAULT_ZONES, .block_sectors = 16, .retries = 1,
                       .slow_factor = 3 };
    scan_result *r = calloc(1, sizeof *r);
    if (!r)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    int rc = scan_run(c, &opts, r, err);
    if (r->zones_done > 0)
        snprintf(t->headline, sizeof t->headline, "good %llu, slow %llu, unreadable %llu sectors; average %.2fx",
                 (unsigned long long)r->good, (unsigned long long)r->slow, (unsigned long long)r->unreadable,
                 r->avg_x);
    free(r);
    return rc;
}

typedef int (*runner)(const db_bench_ctx *, const suite_opts *, suite_test_result *, db_error *);
static const runner runners[SUITE_TESTS] = { run_transfer, run_dae, run_seek, run_quality, run_c2scan, run_scan };

/* Which tests run: what info says applies, what the user kept; quality
 * scans C1/C2/CU, so c2scan runs only where quality cannot. */
static void choose(const suite_opts *o, suite_result *res)
{
    for (int t = 0; t < SUITE_TESTS; t++) {
        suite_test_result *tr = &res->tests[t];
        const db_info_test *a = assessed(&res->info, names[t]);
        tr->applies = a && a->can;
        tr->selected = (o->tests & (1u << t)) != 0;
        if (!a)
            snprintf(tr->why, sizeof tr->why, "not assessed");
        else if (!a->can)
            snprintf(tr->why, sizeof tr->why, "%s", a->why);
        else if (!tr->selected)
            snprintf(tr->why, sizeof tr->why, "left out (--tests)");
    }
    suite_test_result *q = &res->tests[SUITE_QUALITY], *c2 = &res->tests[SUITE_C2SCAN];
    if (q->applies && q->selected && c2->applies && c2->selected) {
        c2->selected = false;
        snprintf(c2->why, sizeof c2->why, "the quality scan reads C1, C2 and CU on this drive");
    }
}

/* What the test left: status and picture, read back from its files. */
static void read_back(const char *suite_dir, const char *name, suite_test_result *tr)
{
    char dir[4200], png[4400];
    snprintf(dir, sizeof dir, "%s/%s", suite_dir, name);
    db_summary sm;
    db_error e = { 0 };
    if (db_summary_load(dir, &sm, NULL, &e) == 0) {
        snprintf(tr->status, sizeof tr->status, "%s", sm.status);
        snprintf(tr->ran_as, sizeof tr->ran_as, "%.15s", sm.test);
    } else {
        snprintf(tr->status, sizeof tr->status, "failed");
        snprintf(tr->ran_as, sizeof tr->ran_as, "%s", name);
    }
    snprintf(png, sizeof png, "%s/%s.png", dir, tr->ran_as);
    if (access(png, R_OK) == 0)
        snprintf(tr->picture, sizeof tr->picture, "%s/%s.png", name, tr->ran_as);
    snprintf(png, sizeof png, "%s/data-vs-audio.png", dir);
    if (!strcmp(name, "dae") && access(png, R_OK) == 0)
        snprintf(tr->picture2, sizeof tr->picture2, "%s/data-vs-audio.png", name);
}

int suite_run(const db_bench_ctx *ctx, const suite_opts *opts, suite_result *res, db_error *err)
{
    db_drive *d = ctx->drive;
    snprintf(res->device, sizeof res->device, "%s", d->device);
    snprintf(res->disc, sizeof res->disc, "%s", d->disc_label);
    res->simulated = d->simulated;
    res->write_speed_x = ctx->write_speed_x;
    db_info_gather(d, ctx->label, &res->info);
    const mmc_inquiry *inq = &res->info.inquiry;
    snprintf(res->drive_name, sizeof res->drive_name, "%s %s %s", inq->vendor, inq->product, inq->revision);
    db_identity id;
    memset(&id, 0, sizeof id);
    db_error e = { 0 };
    if (db_identity_read(d, &id, &e)) {
        id.inquiry = *inq;
        snprintf(res->error, sizeof res->error, "%s", e.msg);
        res->rc = e.code ? e.code : DB_EXIT_DEVICE;
    }
    choose(opts, res);
    int done = 0;
    for (int t = 0; t < SUITE_TESTS && !res->rc; t++) {
        suite_test_result *tr = &res->tests[t];
        if (!tr->applies || !tr->selected)
            continue;
        if (db_bench_stopped(ctx)) {
            snprintf(tr->why, sizeof tr->why, "not run: the suite was interrupted");
            continue;
        }
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/%s", ctx->out_dir, names[t]);
        db_bench_ctx sub = *ctx;
        sub.out_dir = dir;
        db_error te = { 0 };
        tr->ran = true;
        done++;
        if (db_resultdir_prepare(dir, &te))
            tr->rc = te.code;
        else
            tr->rc = runners[t](&sub, opts, tr, &te);
        if (tr->rc)
            snprintf(tr->error, sizeof tr->error, "%s", te.msg);
        read_back(ctx->out_dir, names[t], tr);
        if (opts->after_test)
            opts->after_test(opts->after_arg, (suite_test)t, dir, tr->rc);
    }
    bool failed_any = false;
    for (int t = 0; t < SUITE_TESTS; t++)
        if (res->tests[t].ran && (res->tests[t].rc || strncmp(res->tests[t].status, "complete", 8)))
            failed_any = true;
    if (db_bench_stopped(ctx)) {
        res->rc = DB_EXIT_INTERRUPTED;
        snprintf(res->status, sizeof res->status, "interrupted");
    } else if (res->rc || !done) {
        if (!res->rc && !res->error[0])
            snprintf(res->error, sizeof res->error, "no test applies to this drive and disc (see report.md)");
        snprintf(res->status, sizeof res->status, "failed");
    } else {
        for (int t = 0; t < SUITE_TESTS && !res->rc; t++)
            if (res->tests[t].ran && res->tests[t].rc && res->tests[t].rc != DB_EXIT_INTERRUPTED)
                res->rc = res->tests[t].rc;
        snprintf(res->status, sizeof res->status, "%s", failed_any ? "partial" : "complete");
    }
    if (suite_write_files(ctx, &id, res, err))
        return res->rc ? res->rc : err->code;
    if (res->rc && res->error[0])
        db_error_set(err, res->rc, "%s", res->error);
    else if (res->rc) {
        for (int t = 0; t < SUITE_TESTS; t++)
            if (res->tests[t].rc) {
                db_error_set(err, res->rc, "%s: %s", names[t], res->tests[t].error);
                break;
            }
        if (res->rc == DB_EXIT_INTERRUPTED && !err->code)
            db_error_set(err, res->rc, "interrupted: the tests run so far are kept");
    }
    return res->rc;
}
