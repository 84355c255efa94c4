/* SIGINT and SIGTERM at a moment drawn at random (seeded), in every test
 * module, through the binary: the run ends with exit 130 and one line on
 * stderr, the CSV holds whole rows only, summary.json says "interrupted"
 * and where, the results store holds the run as interrupted with the rows
 * done, and the recorded trace shows that the last SET CD SPEED set the
 * drive back to its maximum.
 *
 * The drive is tests/data/reliability/slow-liteon.profile (4x CLV) in
 * --realtime, so each run would last half a minute: the signal always
 * lands mid-test. */
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
    const char *cmd;
    const char *drive;      /* tests/data/reliability/NAME.profile */
    const char *disc;       /* relative to DB_SRC when it ends in .profile */
    const char *extra[4];
    const char *csv;
    const char *where;      /* summary path saying where it stopped */
} module;

static const module modules[] = {
    { "transfer", "slow-liteon", "synthetic:2", { "--zones", "50" }, "transfer.csv", "$.coverage.lba_done" },
    { "dae", "slow-liteon", "tests/data/reliability/audio-2.profile", { "--zones", "50" }, "dae.csv",
      "$.coverage.lba_done" },
    { "seek", "slow-liteon", "synthetic:2", { "--samples", "30", "--cpu-mib", "1" }, "seek.csv", "$.stopped_in" },
    { "quality", "slow-liteon", "synthetic:2", { 0 }, "quality.csv", "$.coverage.seconds_counted" },
    { "quality", "slow-plextor", "synthetic:2", { 0 }, "quality.csv", "$.coverage.seconds_counted" },
    { "c2scan", "slow-liteon", "synthetic:2", { "--zones", "50" }, "c2scan.csv", "$.coverage.lba_done" },
    { "scan", "slow-liteon", "synthetic:2", { "--zones", "50" }, "scan.csv", "$.coverage.lba_done" },
};

/* DB_SRC/rel, or DB_SRC/tests/data/reliability/NAME.profile (malloc'd). */
static char *src_path(const char *rel)
{
    const char *src = getenv("DB_SRC");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/%s", src ? src : ".", rel);
    return p;
}

static char *test_profile(const char *name)
{
    const char *src = getenv("DB_SRC");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/tests/data/reliability/%s.profile", src ? src : ".", name);
    return p;
}

/* The last SET CD SPEED of the trace asked for the maximum (0xFFFF), as
 * `trace show --grep "SET CD SPEED"` shows it. */
static void check_full_speed_at_end(const char *trace, const char *what)
{
    const char *args[] = { "trace", "show", trace, "--grep", "SET CD SPEED", NULL };
    char *out = NULL;
    assert_int_equal(tu_run_discbench(&out, NULL, args), 0);
    const char *last = NULL;
    for (const char *p = out; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && p[0] != '#' && memmem(p, len, "SET CD SPEED", 12))
            last = p;
        p = e ? e + 1 : p + len;
    }
    if (!last)
        fail_msg("%s: no SET CD SPEED in the trace", what);
    const char *eol = strchr(last, '\n');
    if (!memmem(last, eol ? (size_t)(eol - last) : strlen(last), "read=max", 8))
        fail_msg("%s: the last SET CD SPEED is not the maximum: %.*s", what, (int)(eol ? eol - last : 80), last);
    free(out);
    /* the same from the records: nothing but identification after it */
    db_trace_reader *r = fe_trace(trace);
    db_trace_rec rec;
    db_error err = { 0 };
    int last_speed = -1;
    while (db_trace_reader_next(r, &rec, &err) == 1)
        if (rec.cdb[0] == 0xBB)
            last_speed = rec.cdb[2] << 8 | rec.cdb[3];
    db_trace_reader_close(r);
    assert_int_equal(last_speed, 0xFFFF);
}

static void interrupt_one(const module *m, int sig, double delay_ms)
{
    char *dir = tu_tmpdir("intr");
    char out_dir[4200], trace[4200], store[4200];
    snprintf(out_dir, sizeof out_dir, "%s/out", dir);
    snprintf(trace, sizeof trace, "%s/run.trace.gz", dir);
    snprintf(store, sizeof store, "%s/store.db", dir);
    char *drive = test_profile(m->drive);
    char dev[4200];
    snprintf(dev, sizeof dev, "sim:%s", drive);
    char *disc = strstr(m->disc, ".profile") ? src_path(m->disc) : strdup(m->disc);
    const char *args[32];
    int n = 0;
    args[n++] = m->cmd;
    args[n++] = "-d";
    args[n++] = dev;
    args[n++] = "--disc";
    args[n++] = disc;
    for (int i = 0; i < 4 && m->extra[i]; i++)
        args[n++] = m->extra[i];
    const char *common[] = { "-o", out_dir, "--no-plot", "--realtime", "--trace", trace, "--trace-no-data", "--db",
                             store, NULL };
    for (int i = 0; common[i]; i++)
        args[n++] = common[i];
    args[n] = NULL;
    char what[160];
    snprintf(what, sizeof what, "%s on %s, %s after %.0f ms", m->cmd, m->drive, sig == SIGINT ? "SIGINT" : "SIGTERM",
             delay_ms);

    pid_t pid = fe_spawn(args, dir);
    fe_wait_for(out_dir, pid);
    fe_sleep_ms(delay_ms);
    kill(pid, sig);
    int rc = fe_wait(pid, 30);
    char errp[4300];
    snprintf(errp, sizeof errp, "%s/stderr", dir);
    char *err = tu_read_file(errp, NULL);
    if (rc != 130)
        fail_msg("%s: exit %d, want 130 (stderr: %s)", what, rc, err ? err : "");
    char pre[80];
    snprintf(pre, sizeof pre, "discbench: %s: interrupted", m->cmd);
    if (fe_count_lines(err) != 1 || strncmp(err, pre, strlen(pre)))
        fail_msg("%s: stderr should be one line '%s...': %s", what, pre, err ? err : "");
    free(err);

    char csv[4300];
    snprintf(csv, sizeof csv, "%s/%s", out_dir, m->csv);
    size_t rows = fe_check_whole_rows(csv, what);

    char *sum = fe_summary(out_dir);
    if (!sum)
        fail_msg("%s: no summary.json", what);
    char *st = fe_json(sum, "$.status");
    if (!st || strcmp(st, "interrupted"))
        fail_msg("%s: status %s", what, st ? st : "(none)");
    free(st);
    assert_int_equal(fe_json_int(sum, "$.interrupted"), 1);
    char *where = fe_json(sum, m->where);
    if (!where)
        fail_msg("%s: summary.json does not say where it stopped (%s)", what, m->where);
    free(where);
    long long zones_done = fe_json_int(sum, "$.coverage.zones_done");
    if (zones_done >= 0 && (size_t)zones_done != rows)
        fail_msg("%s: %zu CSV rows, summary says %lld zones done", what, rows, zones_done);
    free(sum);

    check_full_speed_at_end(trace, what);

    /* the store: the run, interrupted, with the rows done */
    char sql[5000];
    snprintf(sql, sizeof sql, "SELECT status || ' ' || complete || ' ' || "
             "(SELECT count(*) FROM zones WHERE run_id = runs.id) FROM runs WHERE results_dir LIKE '%%%s'", out_dir);
    char *row = fe_sql(store, sql);
    char want[64];
    snprintf(want, sizeof want, "interrupted 0 %zu", rows);
    if (!row || strcmp(row, want))
        fail_msg("%s: store has '%s', want '%s'", what, row ? row : "(no run)", want);
    free(row);

    free(drive);
    free(disc);
    tu_rmrf(dir);
    free(dir);
}

static void test_signal_at_a_random_moment(void **state)
{
    (void)state;
    uint64_t seed = 20261126;
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
        interrupt_one(&modules[i], SIGINT, 20 + (double)(fe_rand(&seed) % 1200));
        interrupt_one(&modules[i], SIGTERM, 20 + (double)(fe_rand(&seed) % 1200));
    }
}

/* At once: the signal lands while the run is still identifying the disc
 * and spinning it up - nothing measured yet, still a clean ending. */
static void test_signal_before_the_first_zone(void **state)
{
    (void)state;
    interrupt_one(&modules[0], SIGINT, 0);
    interrupt_one(&modules[5], SIGTERM, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signal_before_the_first_zone),
        cmocka_unit_test(test_signal_at_a_random_moment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
