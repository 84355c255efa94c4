/* Every bench module against every fault class of the virtual drive's
 * fault plan (src/vdrive/faults.h), through the binary: the table of
 * docs/reliability.md.
 *
 * For each module a clean run is recorded with --trace first; the fault is
 * then aimed at the first command that reads the disc at or after the
 * middle of that run (cmd=N; seek: a third in, among its access samples),
 * so it lands mid-test whatever the module sends.  Each run is checked for: its exit code; stderr (nothing on
 * success, exactly one "discbench: CMD: ..." line otherwise); its CSV (no
 * torn or ragged row; after a stop, the rows kept are exactly the clean
 * run's first rows - every zone measured before the fault is kept as it
 * was; otherwise as many rows as the clean run); summary.json (its status,
 * the fault in "command_faults", a stop_reason when it stopped).
 *
 * DB_RELIABILITY_TABLE=FILE writes the observed table (markdown) to FILE:
 * how docs/reliability.md is kept current. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "faults_e2e.h"
#include "testutil.h"

typedef struct module {
    const char *label;      /* row of the table */
    const char *cmd;
    const char *drive;
    const char *disc;       /* relative to DB_SRC when it ends in .profile */
    const char *extra[6];
    const char *csv;        /* NULL: no results directory (info) */
    double at;              /* where the fault lands: the first read after this fraction of the
                             * clean run's commands (0: the middle) */
} module;

static const module modules[] = {
    { "transfer", "transfer", "sim:liteon-ltr40125s", "synthetic:10", { "--zones", "20" }, "transfer.csv", 0 },
    { "dae", "dae", "sim:liteon-ltr40125s", "tests/data/vdrive/dae_audio10.profile", { "--zones", "20" },
      "dae.csv", 0 },
    { "seek", "seek", "sim:liteon-ltr40125s", "synthetic:10", { "--samples", "10", "--cpu-mib", "1" },
      "seek.csv", 0.3 /* among the access samples, not the burst and CPU reads after them */ },
    { "info", "info", "sim:liteon-ltr40125s", "synthetic:10", { "--json" }, NULL, 0 },
    { "quality (Lite-On)", "quality", "sim:liteon-ltr40125s", "tests/data/errscan/cdr-errs-10.profile", { 0 },
      "quality.csv", 0 },
    { "quality (Plextor)", "quality", "sim:plextor-px-w124tsi", "tests/data/errscan/cdr-errs-10.profile",
      { 0 }, "quality.csv", 0 },
    { "c2scan", "c2scan", "sim:liteon-ltr40125s", "synthetic:10", { "--zones", "20" }, "c2scan.csv", 0 },
    { "scan", "scan", "sim:liteon-ltr40125s", "synthetic:10", { "--zones", "20" }, "scan.csv", 0 },
};
#define NMOD (sizeof modules / sizeof modules[0])

typedef struct fault {
    const char *name;
    const char *fmt;        /* '@': the command number */
    const char *klass;      /* command_faults.by_class key that must count it; NULL: none */
} fault;

static const fault faults[] = {
    { "medium", "medium:cmd=@:count=2", "medium_error" },
    { "hardware", "hardware:cmd=@", "hardware_error" },
    { "not-ready", "not-ready:cmd=@", "becoming_ready" },
    { "attention", "attention:cmd=@", "unit_attention" },
    { "removed", "removed:cmd=@", "no_medium" },
    { "timeout", "timeout:cmd=@", "no_answer" },
    { "short", "short:cmd=@", "short_data" },
    { "bad-length", "bad-length:op=toc", NULL },
    { "dead", "dead:cmd=@", "no_answer" },
};
#define NFAULT (sizeof faults / sizeof faults[0])

/* What each module does: "EXIT STATUS[ r]" - the exit code, the summary's
 * status, r = a command was sent again and then succeeded
 * (command_faults.recovered >= 1).  info writes no summary: "EXIT - same"
 * when its report is the clean run's, word for word, "- differs" when it
 * reports a field it could not learn. */
static const char *const expect[NMOD][NFAULT] = {
    /*            medium                          hardware     not-ready      attention      removed
                  timeout         short           bad-length   dead */
    /* transfer */ { "1 complete-with-errors", "6 aborted", "0 complete r", "0 complete r", "6 aborted",
                     "0 complete r", "0 complete r", "0 complete", "6 aborted" },
    /* dae */      { "1 complete-with-errors", "6 aborted", "0 complete r", "0 complete r", "6 aborted",
                     "0 complete r", "0 complete r", "0 complete", "6 aborted" },
    /* seek */     { "1 complete-with-errors", "6 aborted", "0 partial r", "0 partial r", "6 aborted", "0 partial r",
                     "0 partial r", "0 complete", "6 aborted" },
    /* info */     { "0 - differs", "0 - differs", "0 - same", "0 - same", "0 - differs", "0 - same", "0 - same",
                     "0 - same", "6 - differs" },
    /* quality lo */ { "1 incomplete", "1 incomplete", "0 complete r", "0 complete r", "6 aborted",
                       "1 incomplete", "0 complete", "0 complete", "6 aborted" },
    /* quality px */ { "0 complete", "0 complete", "0 complete r", "0 complete r", "6 aborted",
                       "0 complete r", "0 complete r", "0 complete", "6 aborted" },
    /* c2scan */   { "1 complete", "1 incomplete", "0 complete r", "0 complete r", "6 aborted",
                     "0 complete r", "0 complete r", "0 complete", "6 aborted" },
    /* scan */     { "0 complete", "0 complete", "0 complete r", "0 complete r", "6 aborted", "0 complete r",
                     "0 complete r", "0 complete", "6 aborted" },
};

static char *src_path(const char *rel)
{
    const char *src = getenv("DB_SRC");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/%s", src ? src : ".", rel);
    return p;
}

/* Run module m (with a fault spec, or a trace file for the clean run)
 * into dir; stdout/stderr kept. */
static int run(const module *m, const char *dir, const char *fault_spec, const char *trace, char **out,
               char **err)
{
    char *disc = strstr(m->disc, ".profile") ? src_path(m->disc) : strdup(m->disc);
    const char *args[32];
    int n = 0;
    args[n++] = m->cmd;
    args[n++] = "-d";
    args[n++] = m->drive;
    args[n++] = "--disc";
    args[n++] = disc;
    for (int i = 0; i < 6 && m->extra[i]; i++)
        args[n++] = m->extra[i];
    if (m->csv) {
        args[n++] = "-o";
        args[n++] = dir;
        args[n++] = "--no-plot";
        args[n++] = "--no-store";
    }
    if (fault_spec) {
        args[n++] = "--fault";
        args[n++] = fault_spec;
    }
    if (trace) {
        args[n++] = "--trace";
        args[n++] = trace;
        if (m->csv) /* info has no --trace-no-data (it reads no more than a sector or two) */
            args[n++] = "--trace-no-data";
    }
    args[n] = NULL;
    int rc = tu_run_discbench(out, err, args);
    free(disc);
    return rc;
}

/* The observed cell, for the table and for messages. */
typedef struct cell {
    int rc;
    char status[40];
    bool recovered;
    char stop[240];
} cell;

/* What the CSV's rows say about faults and read errors: the sum of the
 * columns that count them, and the rows whose fault column is not empty. */
static double recorded_in_rows(const tu_csv *csv)
{
    static const char *const counts[] = { "faults", "read_errors", "unreadable_sectors", "slow_sectors",
                                          "read_unreadable" };
    double n = 0;
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        int c = tu_csv_col(csv, counts[k]);
        for (size_t r = 1; c >= 0 && r < csv->nrows; r++)
            n += atof(csv->rows[r][c]);
    }
    int f = tu_csv_col(csv, "fault");
    for (size_t r = 1; f >= 0 && r < csv->nrows; r++)
        n += csv->rows[r][f][0] != '\0';
    return n;
}

static void check_csv(const module *m, const fault *f, const char *clean_dir, const char *dir, int rc,
                      const char *label, const char *fname)
{
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/%s", clean_dir, m->csv);
    snprintf(b, sizeof b, "%s/%s", dir, m->csv);
    tu_csv csv;
    int lr = tu_csv_load(b, &csv);
    if (lr != 0)
        fail_msg("%s / %s: %s does not load (%d): torn or ragged", label, fname, m->csv, lr);
    int src = tu_csv_col(&csv, "source");
    assert_true(src >= 0);
    for (size_t r = 1; r < csv.nrows; r++)
        assert_string_equal(csv.rows[r][src], "simulated");
    /* a fault the run went on after is in its rows (a stopped run's fault
     * is in summary.json: the zone it hit has no row) */
    if (f->klass && rc != 6 && recorded_in_rows(&csv) < 1)
        fail_msg("%s / %s: the CSV rows do not record the fault", label, fname);
    tu_csv_free(&csv);
    size_t na, nb;
    bool torn;
    char **la = fe_lines(a, &na, NULL), **lb = fe_lines(b, &nb, &torn);
    if (torn)
        fail_msg("%s / %s: %s does not end with a whole row", label, fname, m->csv);
    assert_true(nb >= 1);
    assert_string_equal(la[0], lb[0]); /* the same header */
    if (rc == 6) {
        /* stopped: every row kept is the clean run's, byte for byte; the
         * last ones may be rows of the seconds that failed (quality: the
         * same second, its fault column says why) */
        if (nb > na)
            fail_msg("%s / %s: more rows than the clean run", label, fname);
        if (nb < 2)
            fail_msg("%s / %s: no zone kept from before the fault", label, fname);
        size_t same = 0;
        while (same < nb && !strcmp(la[same], lb[same]))
            same++;
        for (size_t i = same; i < nb; i++) {
            size_t key = strcspn(la[i], ",") + 1; /* the second / zone number */
            key += strcspn(la[i] + key, ",");
            bool fault_row = !strcmp(m->cmd, "quality") && strstr(lb[i], "failed") && !strncmp(la[i], lb[i], key);
            if (!fault_row)
                fail_msg("%s / %s: row %zu differs from the clean run:\n  %s\n  %s", label, fname, i, la[i],
                         lb[i]);
        }
        if (same < 2)
            fail_msg("%s / %s: no zone kept from before the fault", label, fname);
    } else if (nb != na) {
        fail_msg("%s / %s: %zu rows, the clean run %zu", label, fname, nb - 1, na - 1);
    }
    fe_lines_free(la, na);
    fe_lines_free(lb, nb);
}

static void run_cell(const module *m, const fault *f, unsigned at, const char *clean_dir, const char *clean_out,
                     const char *exp, cell *c, FILE *table_row)
{
    char spec[128];
    const char *at_sign = strchr(f->fmt, '@');
    if (at_sign)
        snprintf(spec, sizeof spec, "%.*s%u%s", (int)(at_sign - f->fmt), f->fmt, at, at_sign + 1);
    else
        snprintf(spec, sizeof spec, "%s", f->fmt);
    char *dir = tu_tmpdir("fault");
    char *out = NULL, *err = NULL;
    c->rc = run(m, dir, spec, NULL, &out, &err);
    char label[160];
    snprintf(label, sizeof label, "%s --fault %s", m->label, spec);

    /* stderr: nothing on success, one line naming the command otherwise */
    size_t lines = fe_count_lines(err);
    if (c->rc == 0 && lines)
        fail_msg("%s: exit 0 with stderr: %s", label, err);
    if (c->rc != 0) {
        char pre[64];
        snprintf(pre, sizeof pre, "discbench: %s: ", m->cmd);
        if (lines != 1 || strncmp(err, pre, strlen(pre)))
            fail_msg("%s: exit %d wants one line '%s...' on stderr, got: %s", label, c->rc, pre, err ? err : "");
    }

    snprintf(c->status, sizeof c->status, "-");
    c->stop[0] = '\0';
    c->recovered = false;
    if (m->csv) {
        char *sum = fe_summary(dir);
        if (!sum)
            fail_msg("%s: no summary.json", label);
        char *st = fe_json(sum, "$.status");
        snprintf(c->status, sizeof c->status, "%s", st ? st : "?");
        free(st);
        c->recovered = fe_json_int(sum, "$.command_faults.recovered") > 0;
        if (f->klass) {
            char path[128];
            snprintf(path, sizeof path, "$.command_faults.by_class.%s", f->klass);
            if (fe_json_int(sum, path) < 1)
                fail_msg("%s: summary.json command_faults does not count it as %s", label, f->klass);
        }
        char *stop = fe_json(sum, "$.stop_reason");
        if (!strcmp(c->status, "aborted") && !stop)
            fail_msg("%s: aborted without a stop_reason", label);
        snprintf(c->stop, sizeof c->stop, "%s", stop ? stop : "");
        free(stop);
        free(sum);
        check_csv(m, f, clean_dir, dir, c->rc, m->label, f->name);
    } else {
        /* info: the report is still whole JSON on stdout */
        char *v = fe_json(out ? out : "", "$.device");
        assert_non_null(v);
        free(v);
        snprintf(c->status, sizeof c->status, "- %s", out && !strcmp(out, clean_out) ? "same" : "differs");
    }

    char got[96];
    snprintf(got, sizeof got, "%d %s%s", c->rc, c->status, c->recovered ? " r" : "");
    if (getenv("DB_FAULTS_PRINT"))
        fprintf(stderr, "%-18s %-10s %-26s %s | %s\n", m->label, f->name, got, exp, err ? err : "\n");
    else if (strcmp(got, exp))
        fail_msg("%s: got '%s', want '%s' (stderr: %s)", label, got, exp, err ? err : "");
    if (table_row) {
        const char *what = c->rc == 6 ? "stops" : c->recovered ? "resent, goes on" : "goes on";
        if (!m->csv)
            fprintf(table_row, " %s: report %s (%d) |", what,
                    strstr(c->status, "same") ? "as without the fault" : "names what failed", c->rc);
        else
            fprintf(table_row, " %s: %s (%d) |", what, c->status, c->rc);
    }
    free(out);
    free(err);
    tu_rmrf(dir);
    free(dir);
}

static void test_every_module_every_fault(void **state)
{
    (void)state;
    const char *table_path = getenv("DB_RELIABILITY_TABLE");
    FILE *table = table_path ? fopen(table_path, "w") : NULL;
    if (table) {
        fprintf(table, "| module |");
        for (size_t k = 0; k < NFAULT; k++)
            fprintf(table, " %s |", faults[k].name);
        fprintf(table, "\n|---|");
        for (size_t k = 0; k < NFAULT; k++)
            fprintf(table, "---|");
        fprintf(table, "\n");
    }
    for (size_t i = 0; i < NMOD; i++) {
        const module *m = &modules[i];
        char *clean = tu_tmpdir("clean");
        char trace[4200];
        snprintf(trace, sizeof trace, "%s/clean.trace.gz", clean);
        char *out = NULL, *err = NULL;
        int rc = run(m, clean, NULL, trace, &out, &err);
        if (rc)
            fail_msg("%s: the clean run failed (%d): %s", m->label, rc, err ? err : "");
        free(err);
        if (!m->csv) { /* info's report names its transport: the recorder's with --trace */
            free(out);
            out = NULL;
            assert_int_equal(run(m, clean, NULL, NULL, &out, NULL), 0);
        }
        unsigned total;
        unsigned at = fe_trace_read_at(trace, m->at > 0 ? m->at : 0.5, &total);
        assert_true(total >= 8);
        if (table)
            fprintf(table, "| %s (cmd=%u of %u) |", m->label, at, total);
        for (size_t k = 0; k < NFAULT; k++) {
            cell c;
            run_cell(m, &faults[k], at, clean, out ? out : "", expect[i][k], &c, table);
        }
        free(out);
        if (table)
            fprintf(table, "\n");
        tu_rmrf(clean);
        free(clean);
    }
    if (table)
        fclose(table);
}

/* Regression (found by the table above): a C2 probe that meets an
 * unreadable sector or a missing disc says nothing about C2 - info reported
 * the drive "refuses" C2 pointers, or delivers the 296-byte form, when the
 * 294-byte probe had only met a MEDIUM ERROR. */
static void test_info_c2_probe_not_fooled(void **state)
{
    (void)state;
    static const struct {
        const char *fault, *says;
    } t[] = { { "medium:cmd=9:count=2", "MEDIUM ERROR" }, { "removed:cmd=9", "medium not present" } };
    for (size_t i = 0; i < 2; i++) {
        const char *args[] = { "info", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:10", "--json", "--fault",
                               t[i].fault, NULL };
        char *out = NULL;
        assert_int_equal(tu_run_discbench(&out, NULL, args), 0);
        char *probe = fe_json(out, "$.error_scan.c2_probe"), *why = fe_json(out, "$.error_scan.c2_probe_error");
        assert_string_equal(probe, "not tried");
        assert_non_null(why);
        assert_non_null(strstr(why, t[i].says));
        free(probe);
        free(why);
        free(out);
    }
    const char *clean[] = { "info", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:10", "--json", NULL };
    char *out = NULL;
    assert_int_equal(tu_run_discbench(&out, NULL, clean), 0);
    assert_int_equal(fe_json_int(out, "$.error_scan.c2_probe_bytes"), 294);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_info_c2_probe_not_fooled),
        cmocka_unit_test(test_every_module_every_fault),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
