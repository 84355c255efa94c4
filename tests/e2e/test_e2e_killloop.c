/* kill -9 at random moments (seeded), 50 times, across the test modules:
 * whatever the moment, every CSV a run left holds whole rows only (each
 * row is one write(2): src/report/csv.c), summary.json is absent or whole
 * (written to a temporary file and renamed: src/report/atomic.c), and the
 * results store shared by all the runs opens cleanly and holds each killed
 * run as 'running', incomplete, without a partial set of rows
 * (src/report/store.h).
 *
 * The runs use tests/data/reliability/slow-liteon.profile (4x CLV) in
 * --realtime, so each is alive for half a minute; the kill comes 0-300 ms
 * after its results directory appears. */
#include <dirent.h>
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
#include "report/store.h"
#include "testutil.h"

#define KILLS 50

typedef struct module {
    const char *cmd;
    const char *disc;
    const char *extra[4];
} module;

static const module modules[] = {
    { "transfer", "synthetic:2", { "--zones", "200", "--block", "4" } },
    { "scan", "synthetic:2", { "--zones", "200", "--block", "4" } },
    { "c2scan", "synthetic:2", { "--zones", "200", "--block", "4" } },
    { "dae", "tests/data/reliability/audio-2.profile", { "--zones", "200", "--block", "4" } },
    { "quality", "synthetic:2", { 0 } },
    { "seek", "synthetic:2", { "--samples", "50" } },
};
#define NMOD (sizeof modules / sizeof modules[0])

static char *src_path(const char *rel)
{
    const char *src = getenv("DB_SRC");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/%s", src ? src : ".", rel);
    return p;
}

/* Every CSV in dir: whole rows only.  summary.json: absent or valid. */
static size_t check_dir(const char *dir, const char *what)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0; /* killed before it was made */
    size_t rows = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        char path[4700];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ".csv"))
            rows += fe_check_whole_rows(path, what);
        if (!strcmp(e->d_name, "summary.json")) {
            char *t = tu_read_file(path, NULL);
            assert_non_null(t);
            char *test = fe_json(t, "$.test"); /* fails the test unless valid JSON */
            free(test);
            free(t);
        }
    }
    closedir(d);
    return rows;
}

static void test_kill_9_fifty_times(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("kill9");
    char store[4200];
    snprintf(store, sizeof store, "%s/store.db", dir);
    char *drive = src_path("tests/data/reliability/slow-liteon.profile");
    char dev[4200];
    snprintf(dev, sizeof dev, "sim:%s", drive);
    uint64_t seed = 99;
    size_t rows_seen = 0, with_rows = 0;
    for (int k = 0; k < KILLS; k++) {
        const module *m = &modules[k % NMOD];
        char out[4300], logs[4300], what[200];
        snprintf(out, sizeof out, "%s/run%02d", dir, k);
        snprintf(logs, sizeof logs, "%s/log%02d", dir, k);
        assert_int_equal(mkdir(logs, 0755), 0);
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
        const char *common[] = { "-o", out, "--no-plot", "--realtime", "--db", store, NULL };
        for (int i = 0; common[i]; i++)
            args[n++] = common[i];
        args[n] = NULL;
        double delay = (double)(fe_rand(&seed) % 300);
        snprintf(what, sizeof what, "kill %d: %s, SIGKILL %.0f ms in", k + 1, m->cmd, delay);
        pid_t pid = fe_spawn(args, logs);
        fe_wait_for(out, pid);
        fe_sleep_ms(delay);
        kill(pid, SIGKILL);
        int rc = fe_wait(pid, 10);
        if (rc != 128 + SIGKILL)
            fail_msg("%s: ended by itself (%d) before the kill", what, rc);
        size_t rows = check_dir(out, what);
        rows_seen += rows;
        with_rows += rows > 0;
        free(disc);
    }
    /* the kills landed mid-measurement, not only before the first zone */
    assert_true(with_rows >= KILLS / 3);
    assert_true(rows_seen > 0);

    /* the store opens cleanly: SQLite's own check, then discbench's */
    char *ok = fe_sql(store, "PRAGMA integrity_check");
    assert_non_null(ok);
    assert_string_equal(ok, "ok");
    free(ok);
    db_store *s;
    db_error err = { 0 };
    if (db_store_open_existing(store, &s, &err))
        fail_msg("%s", err.msg);
    db_store_close(s);
    /* every killed run: 'running', incomplete, no rows stored */
    char *runs = fe_sql(store, "SELECT count(*) FROM runs");
    assert_non_null(runs);
    assert_true(atoi(runs) >= KILLS / 2);
    printf("kill loop: %d kills; %zu runs left CSV rows (%zu whole rows in all, none torn); the store opens "
           "cleanly and holds %s runs, all 'running' and incomplete, no rows\n", KILLS, with_rows, rows_seen, runs);
    free(runs);
    char *bad = fe_sql(store, "SELECT count(*) FROM runs WHERE status != 'running' OR complete != 0");
    assert_string_equal(bad, "0");
    free(bad);
    char *zones = fe_sql(store, "SELECT count(*) FROM zones");
    assert_string_equal(zones, "0");
    free(zones);

    free(drive);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_9_fifty_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
