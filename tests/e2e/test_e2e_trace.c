/* End to end: --trace records the conversation, replay:FILE answers from it
 * with identical results, a changed conversation stops at the first
 * differing CDB, a killed recording stays readable, anonymize scrubs
 * serial numbers, and every reference trace in tests/traces/ replays. */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "drive/trace.h"
#include "testutil.h"

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Every column but `source` of two CSVs is equal. */
static void assert_same_csv(const char *a, const char *b)
{
    tu_csv x, y;
    assert_int_equal(tu_csv_load(a, &x), 0);
    assert_int_equal(tu_csv_load(b, &y), 0);
    assert_int_equal(x.nrows, y.nrows);
    assert_int_equal(x.ncols, y.ncols);
    for (size_t r = 0; r < x.nrows; r++)
        for (size_t c = 0; c < x.ncols; c++)
            assert_string_equal(x.rows[r][c], y.rows[r][c]);
    tu_csv_free(&x);
    tu_csv_free(&y);
}

static void test_record_and_replay_identical(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("trace");
    char *trace = path_in(dir, "run.trace.gz"), *o1 = path_in(dir, "one"), *o2 = path_in(dir, "two");
    const char *rec[] = { "transfer", "-d", "sim:samsung-sc152", "--disc", "synthetic:3", "--zones", "12",
                          "--no-plot", "--trace", trace, "-o", o1, NULL };
    char *err = NULL;
    int rc = tu_run_discbench(NULL, &err, rec);
    if (rc)
        fail_msg("record: exit %d: %s", rc, err);
    free(err);
    char *rep = malloc(strlen(trace) + 8);
    sprintf(rep, "replay:%s", trace);
    const char *play[] = { "transfer", "-d", rep, "--zones", "12", "--no-plot", "-o", o2, NULL };
    rc = tu_run_discbench(NULL, &err, play);
    if (rc)
        fail_msg("replay: exit %d: %s", rc, err);
    free(err);
    char *c1 = path_in(o1, "transfer.csv"), *c2 = path_in(o2, "transfer.csv");
    assert_same_csv(c1, c2);

    /* a run that asks differently (other zones) stops at the first differing CDB, naming both */
    const char *other[] = { "transfer", "-d", rep, "--zones", "13", "--no-plot", "-o", o2, "--force", NULL };
    rc = tu_run_discbench(NULL, &err, other);
    assert_int_equal(rc, 6);
    assert_non_null(strstr(err, "differs from the recording: recorded READ(10)"));
    assert_non_null(strstr(err, "this run sent READ(10)"));
    free(err);

    /* show decodes it */
    char *out = NULL;
    const char *show[] = { "trace", "show", trace, "--grep", "SET CD SPEED", NULL };
    assert_int_equal(tu_run_discbench(&out, NULL, show), 0);
    assert_non_null(strstr(out, "SET CD SPEED read=max"));
    assert_non_null(strstr(out, "# drive      SAMSUNG|"));
    assert_null(strstr(out, "READ(10)"));
    free(out);
    free(c1);
    free(c2);
    free(rep);
    free(trace);
    free(o1);
    free(o2);
    tu_rmrf(dir);
    free(dir);
}

/* Record a run of MODULE, replay it, compare its CSV: the same figures. */
static void roundtrip(const char *module, const char *csv_name, const char *const *extra, bool no_data)
{
    char *dir = tu_tmpdir("trace-mod");
    char *trace = path_in(dir, "m.trace.gz"), *o1 = path_in(dir, "one"), *o2 = path_in(dir, "two");
    const char *rec[40], *play[40];
    int nr = 0, np = 0;
    rec[nr++] = play[np++] = module;
    for (int i = 0; extra[i]; i++) {
        rec[nr++] = extra[i];
        /* the device and disc come from the recording on replay */
        if (!strcmp(extra[i], "-d") || !strcmp(extra[i], "--disc")) {
            rec[nr++] = extra[++i];
            continue;
        }
        play[np++] = extra[i];
    }
    char rep[4200];
    snprintf(rep, sizeof rep, "replay:%s", trace);
    rec[nr++] = "--trace";
    rec[nr++] = trace;
    if (no_data)
        rec[nr++] = "--trace-no-data";
    rec[nr++] = "--no-plot";
    rec[nr++] = "--no-store";
    rec[nr++] = "-o";
    rec[nr++] = o1;
    rec[nr] = NULL;
    play[np++] = "-d";
    play[np++] = rep;
    play[np++] = "--no-plot";
    play[np++] = "--no-store";
    play[np++] = "-o";
    play[np++] = o2;
    play[np] = NULL;
    char *err = NULL;
    /* exit 1 = the disc has unreadable sectors: a result, and the replay must say the same */
    int rc = tu_run_discbench(NULL, &err, rec);
    if (rc != 0 && rc != 1)
        fail_msg("%s record: exit %d: %s", module, rc, err);
    free(err);
    int rc2 = tu_run_discbench(NULL, &err, play);
    if (rc2 != rc)
        fail_msg("%s replay: exit %d, recorded run %d: %s", module, rc2, rc, err);
    free(err);
    char *c1 = path_in(o1, csv_name), *c2 = path_in(o2, csv_name);
    assert_same_csv(c1, c2);
    free(c1);
    free(c2);
    free(trace);
    free(o1);
    free(o2);
    tu_rmrf(dir);
    free(dir);
}

static char *data_profile(const char *rel)
{
    const char *src = getenv("DB_SRC");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/tests/data/%s", src ? src : ".", rel);
    return p;
}

static void test_every_module_replays(void **state)
{
    (void)state;
    const char *seek[] = { "-d", "sim:samsung-sc152", "--disc", "synthetic:10", "--samples", "5",
                           "--cpu-mib", "0", NULL };
    roundtrip("seek", "seek.csv", seek, true);
    char *audio = data_profile("vdrive/dae_audio1.profile");
    const char *dae[] = { "-d", "sim:liteon-ltr40125s", "--disc", audio, "--zones", "4", NULL };
    roundtrip("dae", "dae.csv", dae, false);
    free(audio);
    char *cdr = data_profile("errscan/cdr-errs-10.profile");
    const char *q[] = { "-d", "sim:liteon-ltr40125s", "--disc", cdr, NULL };
    roundtrip("quality", "quality.csv", q, true);
    /* C2 pointers travel in READ CD data: a c2scan replays only from a full-data trace */
    char *mixed = data_profile("errscan/mixed-errs-4.profile");
    const char *c2[] = { "-d", "sim:liteon-ltr40125s", "--disc", mixed, "--zones", "8", NULL };
    roundtrip("c2scan", "c2scan.csv", c2, false);
    free(mixed);
    const char *sc[] = { "-d", "sim:liteon-ltr40125s", "--disc", cdr, "--zones", "10", NULL };
    roundtrip("scan", "scan.csv", sc, true);
    free(cdr);
}

static void test_killed_recording_is_readable(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("trace-kill");
    char *trace = path_in(dir, "k.trace.gz"), *o = path_in(dir, "o");
    const char *bin = getenv("DISCBENCH_BIN");
    pid_t pid = fork();
    if (pid == 0) {
        int nul = open("/dev/null", O_WRONLY);
        dup2(nul, 1);
        dup2(nul, 2);
        execl(bin, bin, "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:3", "--realtime",
              "--zones", "10", "--no-plot", "--trace", trace, "-o", o, (char *)NULL);
        _exit(127);
    }
    /* wait until reads are being recorded (after the realtime spin-up), then kill */
    for (int i = 0; i < 300; i++) {
        struct timespec ts = { 0, 50 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        struct stat st;
        if (stat(trace, &st) == 0 && st.st_size > 4 * 1024 * 1024)
            break;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    db_error e = { 0 };
    db_trace_reader *r = db_trace_reader_open(trace, &e);
    assert_non_null(r);
    db_trace_rec rec;
    uint64_t n = 0, last = 0;
    int got;
    while ((got = db_trace_reader_next(r, &rec, &e)) == 1) {
        assert_int_equal(rec.seq, last + 1);
        last = rec.seq;
        n++;
    }
    assert_int_equal(got, 0);
    assert_true(n > 10);
    assert_true(db_trace_reader_truncated(r));
    db_trace_reader_close(r);
    char *out = NULL;
    const char *show[] = { "trace", "show", trace, NULL };
    assert_int_equal(tu_run_discbench(&out, NULL, show), 0);
    assert_non_null(strstr(out, "the trace ends early"));
    free(out);
    free(trace);
    free(o);
    tu_rmrf(dir);
    free(dir);
}

static void test_anonymize_scrubs_serials(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("trace-anon");
    char *in = path_in(dir, "in.trace.gz"), *out = path_in(dir, "out.trace.gz");
    db_error e = { 0 };
    db_trace_writer *w = db_trace_writer_open(in, &e);
    assert_non_null(w);
    db_trace_writer_header(w, "device", "/dev/sr0");
    uint8_t vpd[] = { 0x05, 0x80, 0x00, 0x08, 'S', 'N', '1', '2', '3', '4', '5', '6' };
    db_trace_rec r = { .seq = 1, .cdb = { 0x12, 0x01, 0x80, 0x00, 0xFF, 0x00 }, .cdb_len = 6,
                       .dir = DB_DIR_READ, .buf_len = 255, .status = DB_CMD_GOOD,
                       .data_len = sizeof vpd, .data = vpd };
    assert_int_equal(db_trace_writer_rec(w, &r), 0);
    uint8_t conf[] = { 0, 0, 0, 16, 0, 0, 0, 8, 0x01, 0x08, 0x03, 4, 'A', 'B', 'C', 'D' };
    db_trace_rec g = { .seq = 2, .cdb = { 0x46, 0x02, 0x01, 0x08, 0, 0, 0, 0, 64, 0 }, .cdb_len = 10,
                       .dir = DB_DIR_READ, .buf_len = 64, .status = DB_CMD_GOOD,
                       .data_len = sizeof conf, .data = conf };
    assert_int_equal(db_trace_writer_rec(w, &g), 0);
    assert_int_equal(db_trace_writer_close(w), 0);
    const char *anon[] = { "trace", "anonymize", in, out, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, anon), 0);
    db_trace_reader *rd = db_trace_reader_open(out, &e);
    db_trace_rec got;
    assert_int_equal(db_trace_reader_next(rd, &got, &e), 1);
    assert_memory_equal(got.data + 4, "XXXXXXXX", 8);
    assert_int_equal(db_trace_reader_next(rd, &got, &e), 1);
    assert_memory_equal(got.data + 12, "XXXX", 4);
    assert_string_equal(db_trace_reader_header(rd, "anonymized"), "yes");
    db_trace_reader_close(rd);
    free(in);
    free(out);
    tu_rmrf(dir);
    free(dir);
}

static void test_malformed_traces(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("trace-bad");
    char *p = path_in(dir, "plain.txt");
    FILE *f = fopen(p, "w");
    fputs("not a trace\n", f);
    fclose(f);
    char *err = NULL;
    const char *show[] = { "trace", "show", p, NULL };
    assert_int_equal(tu_run_discbench(NULL, &err, show), 4);
    assert_non_null(strstr(err, "not a discbench trace"));
    free(err);
    f = fopen(p, "w");
    fputs("discbench-trace 1\nC 1 0 0 zz in 10 good - 0 -\n", f);
    fclose(f);
    assert_int_equal(tu_run_discbench(NULL, &err, show), 4);
    assert_non_null(strstr(err, ":2: bad CDB"));
    free(err);
    f = fopen(p, "w");
    fputs("discbench-trace 1\nC 1 0 0 28000000000000000100 in 10 good - 99 -\n", f);
    fclose(f);
    assert_int_equal(tu_run_discbench(NULL, &err, show), 4);
    assert_non_null(strstr(err, "data length larger than the buffer"));
    free(err);
    free(p);
    tu_rmrf(dir);
    free(dir);
}

/* Run the recorded command live on the virtual drive, recording it again,
 * and compare the two conversations command by command: any change to what
 * discbench sends (even after the measurement, which a replay may tolerate)
 * shows up here. */
static void same_conversation_live(const char *ref, const char *cmd, const char *out_dir, int n)
{
    char *copy = strdup(cmd), *save = NULL;
    const char *args[72];
    int na = 0;
    char tr[4500], o[4500];
    snprintf(tr, sizeof tr, "%s/live-%d.trace.gz", out_dir, n);
    snprintf(o, sizeof o, "%s/live-%d", out_dir, n);
    for (char *t = strtok_r(copy, " ", &save); t && na < 60; t = strtok_r(NULL, " ", &save)) {
        if (!strcmp(t, "--trace") || !strcmp(t, "-o")) {
            strtok_r(NULL, " ", &save);
            continue;
        }
        args[na++] = t;
    }
    args[na++] = "--trace";
    args[na++] = tr;
    args[na++] = "--no-store";
    args[na++] = "-o";
    args[na++] = o;
    args[na] = NULL;
    char *err = NULL;
    int rc = tu_run_discbench(NULL, &err, args);
    if (rc)
        fail_msg("%s: live run exit %d: %s", ref, rc, err);
    free(err);
    db_error e = { 0 };
    db_trace_reader *a = db_trace_reader_open(ref, &e), *b = db_trace_reader_open(tr, &e);
    assert_non_null(a);
    assert_non_null(b);
    for (uint64_t i = 1;; i++) {
        db_trace_rec x, y;
        int ga = db_trace_reader_next(a, &x, &e), gb = db_trace_reader_next(b, &y, &e);
        assert_true(ga >= 0 && gb >= 0);
        if (!ga && !gb)
            break;
        if (ga != gb || x.cdb_len != y.cdb_len || memcmp(x.cdb, y.cdb, x.cdb_len) || x.dir != y.dir ||
            x.buf_len != y.buf_len)
            fail_msg("%s: command %llu of the conversation changed (%s); re-record with "
                     "scripts/record-traces.sh if that is intended", ref, (unsigned long long)i,
                     !ga ? "the run sends more commands" : !gb ? "the run sends fewer commands"
                                                         : "a different CDB");
    }
    db_trace_reader_close(a);
    db_trace_reader_close(b);
    free(copy);
}

/* The reference traces: each replays with the command it was recorded with. */
static void test_reference_traces_replay(void **state)
{
    (void)state;
    const char *src = getenv("DB_SRC");
    char tdir[4096];
    snprintf(tdir, sizeof tdir, "%s/tests/traces", src ? src : ".");
    DIR *d = opendir(tdir);
    assert_non_null(d);
    struct dirent *de;
    int n = 0;
    char *out_dir = tu_tmpdir("trace-ref");
    while ((de = readdir(d))) {
        if (!strstr(de->d_name, ".trace.gz"))
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", tdir, de->d_name);
        db_error e = { 0 };
        db_trace_reader *r = db_trace_reader_open(path, &e);
        assert_non_null(r);
        db_trace_rec rec;
        assert_int_equal(db_trace_reader_next(r, &rec, &e), 1);
        const char *cmd = db_trace_reader_header(r, "command");
        assert_non_null(cmd);
        /* rebuild the arguments: the same test, device = the recording */
        char *copy = strdup(cmd), *save = NULL;
        const char *args[64];
        int na = 0;
        char rep[4500], o[4500];
        snprintf(rep, sizeof rep, "replay:%s", path);
        snprintf(o, sizeof o, "%s/%d", out_dir, n);
        for (char *t = strtok_r(copy, " ", &save); t && na < 56; t = strtok_r(NULL, " ", &save)) {
            if (!strcmp(t, "-d") || !strcmp(t, "--disc") || !strcmp(t, "--trace") || !strcmp(t, "-o")) {
                strtok_r(NULL, " ", &save);
                continue;
            }
            if (!strcmp(t, "--trace-no-data"))
                continue;
            args[na++] = t;
        }
        args[na++] = "-d";
        args[na++] = rep;
        args[na++] = "-o";
        args[na++] = o;
        args[na] = NULL;
        char *err = NULL;
        int rc = tu_run_discbench(NULL, &err, args);
        if (rc)
            fail_msg("%s: replay exit %d: %s (re-record with scripts/record-traces.sh if the change "
                     "to the conversation is intended)", de->d_name, rc, err);
        free(err);
        free(copy);
        const char *dev = db_trace_reader_header(r, "device");
        if (dev && !strncmp(dev, "sim:", 4))
            same_conversation_live(path, cmd, out_dir, n);
        db_trace_reader_close(r);
        n++;
    }
    closedir(d);
    assert_true(n >= 4);
    tu_rmrf(out_dir);
    free(out_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_and_replay_identical),
        cmocka_unit_test(test_every_module_replays),
        cmocka_unit_test(test_killed_recording_is_readable),
        cmocka_unit_test(test_anonymize_scrubs_serials),
        cmocka_unit_test(test_malformed_traces),
        cmocka_unit_test(test_reference_traces_replay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
