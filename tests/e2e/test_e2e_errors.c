/* End to end: bad input gets one clear line on stderr and a documented
 * exit code; an interrupted run keeps what it measured. */
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

#include "testutil.h"

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Run, expect exit code `want` and a single stderr line containing `needle`. */
static void expect_error(const char *const *args, int want, const char *needle)
{
    char *out = NULL, *err = NULL;
    int rc = tu_run_discbench(&out, &err, args);
    if (rc != want || !strstr(err, needle) || count_lines(err) != 1)
        fail_msg("%s %s: exit %d (want %d), stderr: %s", args[0], args[1] ? args[1] : "", rc, want, err);
    free(out);
    free(err);
}

static void test_usage_errors(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("errs");
    char o[4200];
    snprintf(o, sizeof o, "%s/out", dir);
    const char *a1[] = { "transfer", "--zones", "0", "-d", "sim:liteon-ltr40125s", "-o", o, NULL };
    expect_error(a1, 2, "--zones: expected an integer 1..10000, got '0'");
    const char *a2[] = { "transfer", "--zones", "10000000", "-o", o, NULL };
    expect_error(a2, 2, "--zones: expected an integer 1..10000");
    const char *a3[] = { "transfer", "--speed", "abc", "-o", o, NULL };
    expect_error(a3, 2, "--speed: expected a number");
    const char *a4[] = { "transfer", "--bogus", NULL };
    expect_error(a4, 2, "unknown option '--bogus'");
    const char *a5[] = { "frobnicate", NULL };
    expect_error(a5, 2, "unknown command 'frobnicate'");
    const char *a6[] = { "transfer", "--block", "65", "-o", o, NULL };
    expect_error(a6, 2, "--block: expected an integer 1..64");
    /* a short disc cannot hold 10000 zones of 2 blocks */
    const char *a7[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:1",
                         "--zones", "10000", "-o", o, NULL };
    expect_error(a7, 2, "--zones 10000 is too many for this disc");
    tu_rmrf(dir);
    free(dir);
}

static void test_device_and_input_errors(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("errs2");
    char o[4200], bad[4200], img[4200];
    snprintf(o, sizeof o, "%s/out", dir);
    const char *a1[] = { "transfer", "-d", "/dev/nonexistent-sr9", "-o", o, NULL };
    expect_error(a1, 3, "/dev/nonexistent-sr9");
    const char *a2[] = { "transfer", "-d", "sim:no-such-drive", "-o", o, NULL };
    expect_error(a2, 4, "no drive profile 'no-such-drive'");

    snprintf(bad, sizeof bad, "%s/broken.profile", dir);
    FILE *f = fopen(bad, "w");
    fprintf(f, "[drive]\nvendor = X\nmodel = Y\nfirmware = 1\ninterface = udma2\ncache_kib = 512\n"
               "[data]\nstrategy = WARP\nmax_speed_x = 48\n");
    fclose(f);
    char dev[4300];
    snprintf(dev, sizeof dev, "sim:%s", bad);
    const char *a3[] = { "transfer", "-d", dev, "-o", o, NULL };
    char needle[4300];
    snprintf(needle, sizeof needle, "%s:8:", bad);
    expect_error(a3, 4, needle);

    snprintf(img, sizeof img, "%s/garbage.cue", dir);
    f = fopen(img, "w");
    fprintf(f, "this is not a cue sheet\n\x01\x02\n");
    fclose(f);
    const char *a4[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", img, "-o", o, NULL };
    expect_error(a4, 4, "garbage.cue");
    const char *a5[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "no-such-disc", "-o", o, NULL };
    expect_error(a5, 4, "no-such-disc");
    const char *a6[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:abc", "-o", o, NULL };
    expect_error(a6, 4, "synthetic:abc");

    /* output under a regular file: not writable, even for root */
    char file_as_dir[4300];
    snprintf(file_as_dir, sizeof file_as_dir, "%s/broken.profile/out", dir);
    const char *a7[] = { "transfer", "-d", "sim:liteon-ltr40125s", "-o", file_as_dir, NULL };
    expect_error(a7, 5, "cannot write results");
    tu_rmrf(dir);
    free(dir);
}

static void test_sigint_keeps_zones(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("sigint");
    /* wait until a few zones are on disk, then interrupt */
    char csv[4200];
    snprintf(csv, sizeof csv, "%s/transfer.csv", dir);
    const char *args[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:4", "--realtime",
                           "--zones", "40", "-o", dir, NULL };
    assert_int_equal(tu_signal_after_rows(args, csv, 4, 10000, SIGINT), 130);
    tu_csv c;
    assert_int_equal(tu_csv_load(csv, &c), 0); /* no torn row */
    assert_true(c.nrows >= 4 && c.nrows < 41);
    size_t zones = c.nrows - 1;
    tu_csv_free(&c);
    char sum[4200];
    snprintf(sum, sizeof sum, "%s/summary.json", dir);
    char *json = tu_read_file(sum, NULL);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"interrupted\": true"));
    assert_non_null(strstr(json, "\"status\": \"interrupted\""));
    char want[64];
    snprintf(want, sizeof want, "\"zones_done\": %zu", zones);
    assert_non_null(strstr(json, want));
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_help_version_devices(void **state)
{
    (void)state;
    char *out = NULL;
    const char *h[] = { "--help", NULL };
    assert_int_equal(tu_run_discbench(&out, NULL, h), 0);
    assert_non_null(strstr(out, "transfer"));
    assert_non_null(strstr(out, "exit codes"));
    free(out);
    const char *v[] = { "--version", NULL };
    assert_int_equal(tu_run_discbench(&out, NULL, v), 0);
    assert_non_null(strstr(out, "discbench "));
    free(out);
    const char *d[] = { "devices", NULL };
    assert_int_equal(tu_run_discbench(&out, NULL, d), 0);
    assert_non_null(strstr(out, "sim:liteon-ltr40125s"));
    assert_non_null(strstr(out, "cdr-80"));
    free(out);
    const char *th[] = { "transfer", "--help", NULL };
    assert_int_equal(tu_run_discbench(&out, NULL, th), 0);
    assert_non_null(strstr(out, "--realtime"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_device_and_input_errors),
        cmocka_unit_test(test_sigint_keeps_zones),
        cmocka_unit_test(test_help_version_devices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
