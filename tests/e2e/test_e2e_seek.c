/* End to end: `discbench seek` on the virtual drive, checked against the
 * virtual drive's ground truth for every shipped drive profile: every
 * access sample and average, spin-down/up, burst rate, the speed of each
 * CPU step; --seed reproducibility; the low-burst warning (PIO 4 and USB
 * 1.1 get it, UDMA does not); bad input (--samples 0, a disc too short for
 * a 1/3 stroke, bad option values); --realtime; SIGINT keeps samples. */
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"
#include "bench/seek_plan.h"
#include "drive/mmc.h"
#include "vdrive/vdrive.h"

#define MAX_KBS 0xFFFF

static const char *src_dir(void)
{
    const char *s = getenv("DB_SRC");
    return s ? s : ".";
}

static double json_num(const char *p, const char *key)
{
    char v[128];
    tu_json_field(p, key, v, sizeof v);
    if (!v[0] || !strcmp(v, "null"))
        return NAN;
    return atof(v);
}

static vdrive *open_truth(const char *profile_path, const char *disc)
{
    vdrive_config cfg = { .drive_profile = profile_path, .disc = disc, .seed = 1 };
    vdrive *vd = NULL;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("vdrive_open %s: %s", profile_path, err.msg);
    return vd;
}

static char *load_summary(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *json = tu_read_file(path, NULL);
    assert_non_null(json);
    return json;
}

static void load_csv(const char *dir, tu_csv *c)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/seek.csv", dir);
    assert_int_equal(tu_csv_load(path, c), 0);
    assert_int_equal(tu_csv_col(c, "kind"), 0);
    assert_true(tu_csv_col(c, "from_lba") > 0 && tu_csv_col(c, "to_lba") > 0);
    assert_true(tu_csv_col(c, "radial_distance_mm") > 0 && tu_csv_col(c, "access_ms") > 0);
    assert_true(tu_csv_col(c, "source") > 0);
}

static const char *row_kind(const tu_csv *c, size_t r)
{
    return c->rows[r + 1][0];
}

static bool within(double got, double want, double rel)
{
    return fabs(got - want) <= rel * fabs(want);
}

/* Every sample and every average against the model; the CSV must hold
 * rows[k] samples of kind k (random, one_third, full). */
static void check_access(const char *name, vdrive *vd, const tu_csv *c, const char *json, const int rows[3])
{
    static const char *const kinds[] = { "random", "one_third", "full" };
    const char *access = tu_json_section(json, "access");
    assert_non_null(access);
    for (int k = 0; k < 3; k++) {
        double sum = 0, sum_truth = 0, lo = INFINITY, hi = 0;
        int n = 0;
        for (size_t r = 0; r + 1 < c->nrows; r++) {
            if (strcmp(row_kind(c, r), kinds[k]))
                continue;
            uint32_t from = (uint32_t)tu_csv_num(c, r, "from_lba");
            uint32_t to = (uint32_t)tu_csv_num(c, r, "to_lba");
            double got = tu_csv_num(c, r, "access_ms");
            double want = vdrive_truth_read_access_ms(vd, from, to, MAX_KBS);
            if (!within(got, want, 0.01))
                fail_msg("%s %s sample %zu (%u -> %u): measured %.3f ms, model %.3f ms", name, kinds[k],
                         r, from, to, got, want);
            /* the distance column is the nominal-geometry estimate */
            assert_true(fabs(tu_csv_num(c, r, "radial_distance_mm") - seek_radial_distance_mm(from, to)) < 0.002);
            assert_string_equal(c->rows[r + 1][tu_csv_col(c, "source")], "simulated");
            sum += got;
            sum_truth += want;
            lo = fmin(lo, got);
            hi = fmax(hi, got);
            n++;
        }
        assert_int_equal(n, rows[k]);
        const char *sec = tu_json_section(access, kinds[k]);
        assert_non_null(sec);
        assert_int_equal((int)json_num(sec, "samples"), n);
        if (n == 0)
            continue;
        double avg = json_num(sec, "average_ms");
        if (!within(avg, sum_truth / n, 0.01))
            fail_msg("%s %s: average %.3f ms, model %.3f ms", name, kinds[k], avg, sum_truth / n);
        assert_true(fabs(avg - sum / n) < 0.002);
        assert_true(fabs(json_num(sec, "min_ms") - lo) < 0.002);
        assert_true(fabs(json_num(sec, "max_ms") - hi) < 0.002);
    }
}

/* The pairs follow the documented definitions. */
static void check_pairs(const tu_csv *c, uint32_t sectors, int samples)
{
    double span = seek_nominal_radius_mm(sectors - 1) - seek_nominal_radius_mm(0);
    int full = 0, third = 0;
    for (size_t r = 0; r + 1 < c->nrows; r++) {
        uint32_t from = (uint32_t)tu_csv_num(c, r, "from_lba");
        uint32_t to = (uint32_t)tu_csv_num(c, r, "to_lba");
        int i = (int)tu_csv_num(c, r, "sample");
        assert_true(from < sectors && to < sectors && from != to);
        if (!strcmp(row_kind(c, r), "full")) {
            uint32_t inner = (uint32_t)(samples - 1 - i), outer = sectors - 1 - (uint32_t)i;
            assert_int_equal(from, i % 2 ? outer : inner);
            assert_int_equal(to, i % 2 ? inner : outer);
            full++;
        } else if (!strcmp(row_kind(c, r), "one_third")) {
            double d = tu_csv_num(c, r, "radial_distance_mm");
            assert_true(fabs(d - span / 3.0) < 0.01);
            assert_true(i % 2 ? to < from : to > from); /* outwards, then inwards */
            third++;
        }
    }
    assert_int_equal(full, samples);
    assert_int_equal(third, samples);
}

static void run_profile(const char *name, const char *profile_path, int samples)
{
    char *dir = tu_tmpdir("seek");
    char dev[4200], ns[16];
    snprintf(dev, sizeof dev, "sim:%s", profile_path ? profile_path : name);
    snprintf(ns, sizeof ns, "%d", samples);
    const char *args[] = { "seek", "-d", dev, "--samples", ns, "--cpu-mib", "2", "--no-plot", "-o", dir, NULL };
    char *out = NULL, *err = NULL;
    int rc = tu_run_discbench(&out, &err, args);
    if (rc != 0)
        fail_msg("%s: exit %d: %s", name, rc, err);
    assert_non_null(strstr(out, "SIMULATED"));

    char *path = profile_path ? strdup(profile_path) : tu_profile("drives", name);
    vdrive *vd = open_truth(path, NULL);
    free(path);
    vdrive_truth truth;
    vdrive_get_truth(vd, &truth);
    tu_csv c;
    load_csv(dir, &c);
    char *json = load_summary(dir);
    char v[256];
    tu_json_field(json, "status", v, sizeof v);
    assert_string_equal(v, "complete");
    tu_json_field(json, "simulated", v, sizeof v);
    assert_string_equal(v, "true");
    check_access(name, vd, &c, json, (const int[3]){ samples, samples, samples });
    check_pairs(&c, truth.disc_sectors, samples);

    const char *spin = tu_json_section(json, "spin");
    if (!within(json_num(spin, "spinup_ms"), truth.spinup_ms, 0.01))
        fail_msg("%s: spin-up %.1f ms, model %.1f", name, json_num(spin, "spinup_ms"), truth.spinup_ms);
    assert_true(within(json_num(spin, "spindown_ms"), vdrive_truth_spindown_ms(vd), 0.01));

    const char *burst = tu_json_section(json, "burst");
    double mb_s = json_num(burst, "mb_s");
    double want_mb_s = vdrive_truth_burst_mb_s(vd, (size_t)json_num(burst, "block_bytes"));
    if (!within(mb_s, want_mb_s, 0.01))
        fail_msg("%s: burst %.2f MB/s, model %.2f", name, mb_s, want_mb_s);
    tu_json_field(burst, "warning", v, sizeof v);
    assert_true(want_mb_s < 20.0 ? strcmp(v, "null") != 0 : strcmp(v, "null") == 0);

    /* CPU steps: the speed each read ran at is the model's, and the figure is labelled */
    const char *cpu = tu_json_section(json, "cpu");
    tu_json_field(cpu, "basis", v, sizeof v);
    assert_string_equal(v, "virtual time");
    tu_json_field(cpu, "label", v, sizeof v);
    assert_non_null(strstr(v, "SIMULATED"));
    assert_non_null(strstr(out, "VIRTUAL drive time"));
    static const double req_x[3] = { 8, 16, 0 };
    const char *step = strstr(cpu, "\"steps\"");
    for (int i = 0; i < 3; i++) {
        step = strstr(step + 1, "\"requested_speed_x\"");
        assert_non_null(step);
        uint32_t sectors = (uint32_t)json_num(step, "sectors");
        assert_int_equal(sectors, 1024 - 32); /* 2 MiB, the first block positions */
        uint16_t kbs = req_x[i] > 0 ? db_mmc_x_to_kbs(req_x[i]) : MAX_KBS;
        double want = vdrive_truth_zone_speed_x(vd, 32, 32 + sectors, kbs);
        double got = json_num(step, "speed_x");
        if (!within(got, want, 0.01))
            fail_msg("%s: CPU step %d ran at %.3fx, model %.3fx", name, i, got, want);
        assert_true(json_num(step, "cpu_percent") >= 0);
    }
    free(json);
    tu_csv_free(&c);
    vdrive_free(vd);
    free(out);
    free(err);
    tu_rmrf(dir);
    free(dir);
}

static void run_profile_40(const char *name, void *arg)
{
    (void)arg;
    run_profile(name, NULL, 40);
}

static void test_every_profile_matches_model(void **state)
{
    (void)state;
    assert_true(tu_for_each_drive_profile(run_profile_40, NULL) >= 6);
}

/* Runs seek and returns the CSV text. */
static char *csv_of_run(const char *seed, const char *samples)
{
    char *dir = tu_tmpdir("seed");
    const char *args[] = { "seek", "-d", "sim:generic-zclv-32x", "--seed", seed, "--samples", samples,
                           "--cpu-mib", "0", "--no-plot", "-o", dir, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, args), 0);
    char path[4096];
    snprintf(path, sizeof path, "%s/seek.csv", dir);
    char *text = tu_read_file(path, NULL);
    assert_non_null(text);
    tu_rmrf(dir);
    free(dir);
    return text;
}

/* The random rows of a CSV text, one "from,to" per line. */
static void random_rows(const char *csv, char *out, size_t len)
{
    out[0] = '\0';
    size_t used = 0;
    for (const char *p = strstr(csv, "\nrandom,"); p; p = strstr(p + 1, "\nrandom,")) {
        const char *e = strchr(p + 1, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (used + n + 1 >= len)
            break;
        memcpy(out + used, p, n);
        used += n;
        out[used] = '\0';
    }
}

static void test_seed_reproducible(void **state)
{
    (void)state;
    char *a = csv_of_run("7", "30"), *b = csv_of_run("7", "30"), *c = csv_of_run("8", "30");
    assert_string_equal(a, b); /* same seed: same pairs and the same times */
    static char ra[65536], rc[65536];
    random_rows(a, ra, sizeof ra);
    random_rows(c, rc, sizeof rc);
    assert_true(strlen(ra) > 100);
    assert_true(strcmp(ra, rc) != 0); /* another seed: other random pairs */
    assert_non_null(strstr(c, "\nfull,0,29,")); /* full stroke does not depend on the seed */
    free(a);
    free(b);
    free(c);
}

/* Run seek on a device with few samples; returns the exit code, fills out/json. */
static int quick_run(const char *dev, const char *disc, const char *samples, char **out, char **err,
                     char **json, tu_csv *csv)
{
    char *dir = tu_tmpdir("quick");
    const char *args[] = { "seek", "-d", dev, "--samples", samples, "--cpu-mib", "0.5", "--no-plot",
                           "-o", dir, disc ? "--disc" : NULL, disc, NULL };
    int rc = tu_run_discbench(out, err, args);
    *json = load_summary(dir);
    if (csv)
        load_csv(dir, csv);
    tu_rmrf(dir);
    free(dir);
    return rc;
}

static void test_burst_warning_pio_not_udma(void **state)
{
    (void)state;
    char *out, *err, *json;
    char v[256];
    /* PX-W8432Ti: interface = pio4 */
    assert_int_equal(quick_run("sim:plextor-px-w8432ti", NULL, "3", &out, &err, &json, NULL), 0);
    tu_json_field(tu_json_section(json, "burst"), "warning", v, sizeof v);
    assert_non_null(strstr(v, "PIO"));
    assert_non_null(strstr(out, "WARNING"));
    assert_non_null(strstr(out, "DMA off?"));
    assert_true(json_num(tu_json_section(json, "burst"), "mb_s") < 20.0);
    free(out);
    free(err);
    free(json);
    /* LTR-40125S: udma2 */
    assert_int_equal(quick_run("sim:liteon-ltr40125s", NULL, "3", &out, &err, &json, NULL), 0);
    tu_json_field(tu_json_section(json, "burst"), "warning", v, sizeof v);
    assert_string_equal(v, "null");
    assert_null(strstr(out, "WARNING"));
    assert_true(json_num(tu_json_section(json, "burst"), "mb_s") > 30.0);
    free(out);
    free(err);
    free(json);
    /* a USB 1.1 test drive */
    char dev[4200];
    snprintf(dev, sizeof dev, "sim:%s/tests/data/vdrive/clv_usb1.profile", src_dir());
    assert_int_equal(quick_run(dev, NULL, "3", &out, &err, &json, NULL), 0);
    tu_json_field(tu_json_section(json, "burst"), "warning", v, sizeof v);
    assert_non_null(strstr(v, "USB 1.1"));
    free(out);
    free(err);
    free(json);
}

static void test_samples_zero_rest_runs(void **state)
{
    (void)state;
    char *out, *err, *json;
    tu_csv c;
    assert_int_equal(quick_run("sim:samsung-sc152", NULL, "0", &out, &err, &json, &c), 0);
    assert_non_null(strstr(err, "--samples 0"));
    assert_int_equal(c.nrows, 1); /* the header only */
    const char *sec = tu_json_section(tu_json_section(json, "access"), "random");
    char v[256];
    tu_json_field(sec, "note", v, sizeof v);
    assert_non_null(strstr(v, "--samples 0"));
    tu_json_field(json, "status", v, sizeof v);
    assert_string_equal(v, "complete");
    assert_true(json_num(tu_json_section(json, "spin"), "spinup_ms") > 0);
    assert_true(json_num(tu_json_section(json, "burst"), "mb_s") > 0);
    assert_non_null(strstr(tu_json_section(json, "cpu"), "\"cpu_percent\""));
    tu_json_field(json, "plot_note", v, sizeof v);
    assert_non_null(strstr(v, "no access sample"));
    tu_csv_free(&c);
    free(out);
    free(err);
    free(json);
}

static void test_short_disc_no_third_stroke(void **state)
{
    (void)state;
    char *out, *err, *json;
    tu_csv c;
    assert_int_equal(quick_run("sim:liteon-ltr40125s", "synthetic:1", "10", &out, &err, &json, &c), 0);
    assert_non_null(strstr(out, "too short for a 1/3 stroke"));
    const char *access = tu_json_section(json, "access");
    char v[512];
    tu_json_field(tu_json_section(access, "one_third"), "note", v, sizeof v);
    assert_non_null(strstr(v, "too short for a 1/3 stroke"));
    assert_int_equal((int)json_num(tu_json_section(access, "one_third"), "samples"), 0);
    /* the rest still runs */
    assert_int_equal((int)json_num(tu_json_section(access, "random"), "samples"), 10);
    assert_int_equal((int)json_num(tu_json_section(access, "full"), "samples"), 10);
    assert_true(json_num(tu_json_section(json, "burst"), "mb_s") > 0);
    tu_json_field(json, "status", v, sizeof v);
    assert_string_equal(v, "partial");
    vdrive *vd;
    char *path = tu_profile("drives", "liteon-ltr40125s");
    vd = open_truth(path, "synthetic:1");
    free(path);
    check_access("liteon synthetic:1", vd, &c, json, (const int[3]){ 10, 0, 10 });
    vdrive_free(vd);
    tu_csv_free(&c);
    free(out);
    free(err);
    free(json);
}

/* A disc whose real geometry is not the nominal one (74 minutes at 1.6 um):
 * the pairs still follow the nominal definitions and every sample still
 * matches the model. */
static void test_pressed74_samples_match_model(void **state)
{
    (void)state;
    char *out, *err, *json;
    tu_csv c;
    assert_int_equal(quick_run("sim:samsung-sc152", "pressed-74", "25", &out, &err, &json, &c), 0);
    char *path = tu_profile("drives", "samsung-sc152");
    char *media = tu_profile("media", "pressed-74");
    vdrive *vd = open_truth(path, media);
    vdrive_truth truth;
    vdrive_get_truth(vd, &truth);
    assert_int_equal(truth.disc_sectors, 333000);
    check_access("samsung pressed-74", vd, &c, json, (const int[3]){ 25, 25, 25 });
    check_pairs(&c, truth.disc_sectors, 25);
    free(path);
    free(media);
    vdrive_free(vd);
    tu_csv_free(&c);
    free(out);
    free(err);
    free(json);
}

static void expect_usage(const char *opt, const char *val, const char *says)
{
    const char *args[] = { "seek", "-d", "sim:liteon-ltr40125s", opt, val, "-o", "/tmp/never-made", NULL };
    char *out = NULL, *err = NULL;
    assert_int_equal(tu_run_discbench(&out, &err, args), 2);
    assert_non_null(strstr(err, says));
    assert_non_null(strchr(err, '\n'));
    assert_true(strchr(err, '\n') == err + strlen(err) - 1); /* one line */
    free(out);
    free(err);
}

static void test_bad_options(void **state)
{
    (void)state;
    expect_usage("--samples", "-1", "--samples: expected an integer 0..1000");
    expect_usage("--samples", "1001", "--samples");
    expect_usage("--samples", "many", "--samples");
    expect_usage("--cpu-mib", "1000", "--cpu-mib");
    expect_usage("--seed", "x", "--seed");
    assert_int_equal(access("/tmp/never-made", F_OK), -1);
}

static void test_realtime(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("seekrt");
    const char *args[] = { "seek", "-d", "sim:plextor-px-12ts", "--realtime", "--samples", "2",
                           "--cpu-mib", "0.25", "--no-plot", "-o", dir, NULL };
    char *out = NULL, *err = NULL;
    assert_int_equal(tu_run_discbench(&out, &err, args), 0);
    char *json = load_summary(dir);
    const char *cpu = tu_json_section(json, "cpu");
    char v[256];
    tu_json_field(cpu, "basis", v, sizeof v);
    assert_string_equal(v, "real time");
    tu_json_field(cpu, "label", v, sizeof v);
    assert_non_null(strstr(v, "SIMULATED drive in real time"));
    /* real time adds the host's own latency: a looser check than virtual time */
    char *path = tu_profile("drives", "plextor-px-12ts");
    vdrive *vd = open_truth(path, NULL);
    free(path);
    tu_csv c;
    load_csv(dir, &c);
    assert_int_equal(c.nrows, 7);
    for (size_t r = 0; r + 1 < c.nrows; r++) {
        double want = vdrive_truth_read_access_ms(vd, (uint32_t)tu_csv_num(&c, r, "from_lba"),
                                                  (uint32_t)tu_csv_num(&c, r, "to_lba"), MAX_KBS);
        double got = tu_csv_num(&c, r, "access_ms");
        if (!(got > want * 0.99 && got < want * 1.1 + 5.0))
            fail_msg("realtime sample %zu: %.2f ms, model %.2f", r, got, want);
    }
    tu_csv_free(&c);
    vdrive_free(vd);
    free(json);
    free(out);
    free(err);
    tu_rmrf(dir);
    free(dir);
}

static void test_sigint_keeps_samples(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("seeksig");
    char csv[4200];
    snprintf(csv, sizeof csv, "%s/seek.csv", dir);
    const char *args[] = { "seek", "-d", "sim:plextor-px-12ts", "--realtime", "--samples", "50", "--no-plot",
                           "-o", dir, NULL };
    assert_int_equal(tu_signal_after_rows(args, csv, 4, 15000, SIGINT), 130);
    tu_csv c;
    assert_int_equal(tu_csv_load(csv, &c), 0);
    assert_true(c.nrows >= 4 && c.nrows < 151);
    char *json = load_summary(dir);
    assert_non_null(strstr(json, "\"status\": \"interrupted\""));
    assert_non_null(strstr(json, "\"interrupted\": true"));
    int kept = 0;
    const char *access = tu_json_section(json, "access");
    kept += (int)json_num(tu_json_section(access, "random"), "samples");
    kept += (int)json_num(tu_json_section(access, "one_third"), "samples");
    kept += (int)json_num(tu_json_section(access, "full"), "samples");
    assert_int_equal((size_t)kept, c.nrows - 1);
    tu_csv_free(&c);
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_plot_and_help(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("seekplot");
    const char *args[] = { "seek", "-d", "sim:liteon-ltr40125s", "--samples", "5", "--cpu-mib", "0",
                           "-o", dir, NULL };
    char *out = NULL;
    assert_int_equal(tu_run_discbench(&out, NULL, args), 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/seek.gp", dir);
    char *gp = tu_read_file(path, NULL);
    assert_non_null(gp);
    assert_non_null(strstr(gp, "[SIMULATED]"));
    assert_non_null(strstr(gp, "avg_random    = "));
    assert_null(strstr(gp, "@AVG")); /* every placeholder filled */
    free(gp);
    const char *gnuplot[] = { "sh", "-c", "command -v gnuplot", NULL };
    if (tu_run(NULL, NULL, gnuplot) == 0) {
        snprintf(path, sizeof path, "%s/seek.png", dir);
        assert_int_equal(access(path, F_OK), 0);
        snprintf(path, sizeof path, "%s/seek.svg", dir);
        char *svg = tu_read_file(path, NULL);
        assert_non_null(svg);
        assert_non_null(strstr(svg, "SIMULATED"));
        free(svg);
    }
    free(out);
    tu_rmrf(dir);
    free(dir);
    const char *h[] = { "seek", "--help", NULL };
    assert_int_equal(tu_run_discbench(&out, NULL, h), 0);
    assert_non_null(strstr(out, "--samples"));
    free(out);
    const char *top[] = { "--help", NULL };
    assert_int_equal(tu_run_discbench(&out, NULL, top), 0);
    assert_non_null(strstr(out, "seek"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_profile_matches_model),
        cmocka_unit_test(test_seed_reproducible),
        cmocka_unit_test(test_burst_warning_pio_not_udma),
        cmocka_unit_test(test_samples_zero_rest_runs),
        cmocka_unit_test(test_short_disc_no_third_stroke),
        cmocka_unit_test(test_pressed74_samples_match_model),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_realtime),
        cmocka_unit_test(test_sigint_keeps_samples),
        cmocka_unit_test(test_plot_and_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
