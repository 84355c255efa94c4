/* End to end: the discbench binary's transfer test on the virtual drive,
 * checked against the virtual drive's ground truth for every shipped drive
 * profile. */
#include <math.h>
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
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"
#include "drive/mmc.h"
#include "vdrive/vdrive.h"

#define BLOCK 32

static vdrive *open_truth(const char *profile, const char *disc)
{
    char *path = tu_profile("drives", profile);
    vdrive_config cfg = { .drive_profile = path, .disc = disc, .seed = 1 };
    vdrive *vd = NULL;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("vdrive_open %s: %s", profile, err.msg);
    free(path);
    return vd;
}

/* Run transfer on sim:profile and compare every zone with the model. */
static void check_profile(const char *profile, const char *speed, uint16_t request_kbs)
{
    char *dir = tu_tmpdir("transfer");
    char dev[128];
    snprintf(dev, sizeof dev, "sim:%s", profile);
    const char *args[] = { "transfer", "-d", dev, "--zones", "60", "-o", dir,
                           speed ? "--speed" : NULL, speed, NULL };
    char *out = NULL, *err = NULL;
    int rc = tu_run_discbench(&out, &err, args);
    if (rc != 0)
        fail_msg("%s: exit %d: %s", profile, rc, err);
    assert_non_null(strstr(out, "SIMULATED"));

    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", dir);
    tu_csv csv;
    assert_int_equal(tu_csv_load(path, &csv), 0);
    assert_int_equal(csv.nrows, 61);
    vdrive *vd = open_truth(profile, NULL);
    vdrive_truth truth;
    vdrive_get_truth(vd, &truth);
    for (size_t z = 0; z + 1 < csv.nrows; z++) {
        uint32_t a = (uint32_t)tu_csv_num(&csv, z, "lba_start");
        uint32_t b = (uint32_t)tu_csv_num(&csv, z, "lba_end");
        if (z == 0)
            a += BLOCK; /* the initial access block is excluded from zone 0 */
        double want = vdrive_truth_zone_speed_x(vd, a, b, request_kbs);
        double got = tu_csv_num(&csv, z, "speed_x");
        if (fabs(got - want) / want > 0.005)
            fail_msg("%s zone %zu: measured %.3fx, model %.3fx", profile, z, got, want);
        assert_string_equal(csv.rows[z + 1][tu_csv_col(&csv, "source")], "simulated");
        assert_true(fabs(tu_csv_num(&csv, z, "speed_kib_s") - got * 150.0) < 0.2);
    }
    assert_int_equal((uint32_t)tu_csv_num(&csv, csv.nrows - 2, "lba_end"), truth.disc_sectors);

    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *json = tu_read_file(path, NULL);
    assert_non_null(json);
    char v[128];
    tu_json_field(json, "simulated", v, sizeof v);
    assert_string_equal(v, "true");
    tu_json_field(json, "status", v, sizeof v);
    assert_string_equal(v, "complete");
    tu_json_field(json, "spin_strategy", v, sizeof v);
    if (!speed)
        assert_string_equal(v, vdrive_strategy_name(truth.data_strategy));
    tu_json_field(json, "spinup_ms", v, sizeof v);
    assert_true(fabs(atof(v) - truth.spinup_ms) <= 0.1 + truth.spinup_ms * 0.01);
    tu_json_field(json, "start_speed_x", v, sizeof v);
    double start = atof(v);
    tu_json_field(json, "end_speed_x", v, sizeof v);
    double end = atof(v);
    assert_true(fabs(start - tu_csv_num(&csv, 0, "speed_x")) < 0.01);
    assert_true(fabs(end - tu_csv_num(&csv, csv.nrows - 2, "speed_x")) < 0.01);
    /* the end speed reaches the model's speed at the last sector */
    double model_end = vdrive_truth_speed_x(vd, truth.disc_sectors - 1, request_kbs);
    assert_true(fabs(end - model_end) / model_end < 0.02);
    free(json);
    vdrive_free(vd);
    tu_csv_free(&csv);
    free(out);
    free(err);
    tu_rmrf(dir);
    free(dir);
}

static void check_profile_max(const char *name, void *arg)
{
    (void)arg;
    check_profile(name, NULL, 0xFFFF);
}

static void test_every_profile_matches_model(void **state)
{
    (void)state;
    assert_true(tu_for_each_drive_profile(check_profile_max, NULL) >= 4);
}

static void test_liteon_cav_starts_near_21x(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("liteon");
    const char *args[] = { "transfer", "-d", "sim:liteon-ltr40125s", "-o", dir, NULL };
    char *out = NULL;
    assert_int_equal(tu_run_discbench(&out, NULL, args), 0);
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", dir);
    tu_csv csv;
    assert_int_equal(tu_csv_load(path, &csv), 0);
    double start = tu_csv_num(&csv, 0, "speed_x");
    double end = tu_csv_num(&csv, csv.nrows - 2, "speed_x");
    /* 48x CAV: 48 * 25/58 = 20.7x at the hub, 48x at the rim (80-min disc) */
    assert_true(start > 20.0 && start < 22.0);
    assert_true(end > 46.5 && end <= 48.01);
    assert_non_null(strstr(out, "CAV"));
    tu_csv_free(&csv);
    free(out);
    tu_rmrf(dir);
    free(dir);
}

static void test_speed_16_caps_curve(void **state)
{
    (void)state;
    check_profile("liteon-ltr40125s", "16", 2823);
    char *dir = tu_tmpdir("cap");
    const char *args[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--speed", "16", "--zones", "20",
                           "-o", dir, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, args), 0);
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", dir);
    tu_csv csv;
    assert_int_equal(tu_csv_load(path, &csv), 0);
    for (size_t z = 0; z + 1 < csv.nrows; z++) {
        double s = tu_csv_num(&csv, z, "speed_x");
        assert_true(s <= 16.0 * 1.005 && s >= 16.0 * 0.99);
    }
    tu_csv_free(&csv);
    tu_rmrf(dir);
    free(dir);
}

static void test_realtime_short_disc(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("realtime");
    const char *args[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:1",
                           "--realtime", "--zones", "3", "-o", dir, NULL };
    char *err = NULL;
    int rc = tu_run_discbench(NULL, &err, args);
    if (rc)
        fail_msg("exit %d: %s", rc, err);
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", dir);
    tu_csv csv;
    assert_int_equal(tu_csv_load(path, &csv), 0);
    vdrive *vd = open_truth("liteon-ltr40125s", "synthetic:1");
    for (size_t z = 0; z + 1 < csv.nrows; z++) {
        uint32_t a = (uint32_t)tu_csv_num(&csv, z, "lba_start") + (z == 0 ? BLOCK : 0);
        uint32_t b = (uint32_t)tu_csv_num(&csv, z, "lba_end");
        double want = vdrive_truth_zone_speed_x(vd, a, b, 0xFFFF);
        double got = tu_csv_num(&csv, z, "speed_x");
        if (fabs(got - want) / want > 0.03)
            fail_msg("realtime zone %zu: measured %.3fx, model %.3fx", z, got, want);
    }
    vdrive_free(vd);
    tu_csv_free(&csv);
    free(err);
    tu_rmrf(dir);
    free(dir);
}

static void test_pictures_render(void **state)
{
    (void)state;
    if (!tu_have_tool("gnuplot"))
        skip();
    char *dir = tu_tmpdir("plot");
    const char *args[] = { "transfer", "-d", "sim:samsung-sc152", "--zones", "40", "-o", dir, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, args), 0);
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.png", dir);
    size_t len = 0;
    char *png = tu_read_file(path, &len);
    assert_non_null(png);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 4000);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    free(png);
    snprintf(path, sizeof path, "%s/transfer.svg", dir);
    const char *xmllint[] = { "xmllint", "--noout", path, NULL };
    assert_int_equal(tu_run(NULL, NULL, xmllint), 0);
    char *svg = tu_read_file(path, NULL);
    assert_non_null(strstr(svg, "SIMULATED"));
    free(svg);
    snprintf(path, sizeof path, "%s/transfer.gp", dir);
    char *gp = tu_read_file(path, NULL);
    assert_non_null(strstr(gp, "transfer.csv"));
    assert_non_null(strstr(gp, "SIMULATED"));
    free(gp);
    tu_rmrf(dir);
    free(dir);
}

/* A CUE/BIN made from an ISO that genisoimage builds: read through libcdio. */
static void test_cue_bin_image(void **state)
{
    (void)state;
    if (!tu_have_tool("genisoimage"))
        skip();
    char *dir = tu_tmpdir("image");
    char content[4096], iso[4096], bin[4096], cue[4096];
    snprintf(content, sizeof content, "%s/content", dir);
    mkdir(content, 0755);
    char f[4200];
    snprintf(f, sizeof f, "%s/big.dat", content);
    FILE *fp = fopen(f, "wb");
    for (int i = 0; i < 3 * 1024 * 1024; i++)
        fputc((i * 7 + i / 4096) & 0xff, fp);
    fclose(fp);
    snprintf(iso, sizeof iso, "%s/disc.iso", dir);
    const char *mk[] = { "genisoimage", "-quiet", "-R", "-o", iso, content, NULL };
    assert_int_equal(tu_run(NULL, NULL, mk), 0);
    /* the raw MODE1/2352 BIN a burning tool would write (libcdio's CUE
     * driver mis-sizes MODE1/2048 tracks: tu_mode1_raw_sector) */
    snprintf(bin, sizeof bin, "%s/disc.bin", dir);
    size_t iso_len = 0;
    char *iso_data = tu_read_file(iso, &iso_len);
    assert_non_null(iso_data);
    assert_true(iso_len > 0 && iso_len % 2048 == 0);
    fp = fopen(bin, "wb");
    for (size_t lba = 0; lba < iso_len / 2048; lba++) {
        uint8_t raw[2352];
        tu_mode1_raw_sector((uint32_t)lba, iso_data + lba * 2048, raw);
        fwrite(raw, 1, sizeof raw, fp);
    }
    fclose(fp);
    snprintf(cue, sizeof cue, "%s/disc.cue", dir);
    fp = fopen(cue, "w");
    fprintf(fp, "FILE \"disc.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n");
    fclose(fp);
    struct stat st;
    stat(iso, &st);
    long sectors = st.st_size / 2048;

    char out_dir[4200];
    snprintf(out_dir, sizeof out_dir, "%s/out", dir);
    const char *args[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", cue, "--zones", "4",
                           "--block", "16", "-o", out_dir, NULL };
    char *err = NULL;
    int rc = tu_run_discbench(NULL, &err, args);
    if (rc)
        fail_msg("exit %d: %s", rc, err);
    char path[4300];
    snprintf(path, sizeof path, "%s/summary.json", out_dir);
    char *json = tu_read_file(path, NULL);
    char v[64];
    tu_json_field(json, "sectors", v, sizeof v);
    assert_int_equal(atol(v), sectors);
    tu_json_field(json, "data_tracks", v, sizeof v);
    assert_string_equal(v, "1");
    tu_json_field(json, "lba_done", v, sizeof v);
    assert_int_equal(atol(v), sectors);
    free(json);

    /* the same image through the virtual drive's MMC interface: TOC and content */
    vdrive *vd = open_truth("liteon-ltr40125s", cue);
    db_drive drv;
    vdrive_attach(vd, "sim:liteon-ltr40125s", &drv);
    mmc_toc toc;
    db_error derr = { 0 };
    assert_int_equal(db_mmc_read_toc(&drv, &toc, &derr), 0);
    assert_int_equal(toc.count, 1);
    assert_true(db_mmc_track_is_data(&toc.tracks[0]));
    assert_int_equal(toc.tracks[0].lba, 0);
    assert_int_equal(toc.leadout_lba, (uint32_t)sectors);
    uint8_t buf[16 * 2048];
    for (uint32_t lba = 0; lba + 16 <= (uint32_t)sectors; lba += 16 * 7) {
        db_cmd_result res;
        assert_int_equal(db_mmc_read10(&drv, lba, 16, buf, sizeof buf, &res), 0);
        assert_memory_equal(buf, iso_data + (size_t)lba * 2048, sizeof buf);
    }
    db_drive_close(&drv);
    free(iso_data);
    free(err);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_profile_matches_model),
        cmocka_unit_test(test_liteon_cav_starts_near_21x),
        cmocka_unit_test(test_speed_16_caps_curve),
        cmocka_unit_test(test_realtime_short_disc),
        cmocka_unit_test(test_pictures_render),
        cmocka_unit_test(test_cue_bin_image),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
