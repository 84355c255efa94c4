/* End to end: `discbench dae` on the virtual drive, checked against the
 * virtual drive's ground truth: DAE zone speeds of every shipped drive
 * profile, jitter on the drive without accurate stream and none on an
 * accurate one, mismatches found = mismatches injected, a CUE/BIN of real
 * PCM (a sine made here) read back byte-identical, paranoia's verdicts, the
 * data-vs-audio picture, bad input and SIGINT. */
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"
#include "vdrive/vdrive.h"

#define BLOCK 27 /* dae's default READ CD size: zone 0 excludes this first block */

static char *read_summary(const char *dir)
{
    char *json = tu_read_in(dir, "summary.json");
    assert_non_null(json);
    return json;
}

/* The "crc32" of track number n in summary.json. */
static void track_crc(const char *json, int n, char *out, size_t len)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"number\": %d,", n);
    const char *t = strstr(strstr(json, "\"tracks\""), pat);
    assert_non_null(t);
    tu_json_field(t, "crc32", out, len);
}

static vdrive *open_truth(const char *profile_path, const char *disc, uint64_t seed)
{
    vdrive_config cfg = { .drive_profile = profile_path, .disc = disc, .seed = seed };
    vdrive *vd = NULL;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("vdrive_open %s: %s", profile_path, err.msg);
    return vd;
}

/* ---- speeds: every shipped drive ---- */

static void check_profile(const char *profile)
{
    char *dir = tu_tmpdir("dae");
    char dev[300];
    snprintf(dev, sizeof dev, "sim:%s", profile);
    const char *args[] = { "dae", "-d", dev, "--disc", "pressed-audio-74", "--zones", "60", "--no-plot",
                           "-o", dir, NULL };
    char *out = NULL;
    tu_run_discbench_ok(&out, args);
    assert_non_null(strstr(out, "SIMULATED"));
    char path[4200];
    snprintf(path, sizeof path, "%s/dae.csv", dir);
    tu_csv csv;
    assert_int_equal(tu_csv_load(path, &csv), 0);
    assert_int_equal(csv.nrows, 61);
    char *prof = tu_profile("drives", profile), *disc = tu_profile("media", "pressed-audio-74");
    vdrive *vd = open_truth(prof, disc, 1);
    vdrive_truth truth;
    vdrive_get_truth(vd, &truth);
    for (size_t z = 0; z + 1 < csv.nrows; z++) {
        uint32_t a = (uint32_t)tu_csv_num(&csv, z, "lba_start");
        uint32_t b = (uint32_t)tu_csv_num(&csv, z, "lba_end");
        if (z == 0)
            a += BLOCK; /* the initial access block is excluded from zone 0 */
        double want = vdrive_truth_zone_speed_x(vd, a, b, 0xFFFF);
        double got = tu_csv_num(&csv, z, "speed_x");
        if (fabs(got - want) / want > 0.005)
            fail_msg("%s zone %zu: measured %.3fx, model %.3fx", profile, z, got, want);
        /* the audio unit: 75 sectors of 2352 bytes per second at 1x */
        assert_true(fabs(tu_csv_num(&csv, z, "speed_kib_s") - got * 172.265625) < 0.2);
        assert_string_equal(csv.rows[z + 1][tu_csv_col(&csv, "source")], "simulated");
    }
    assert_int_equal((uint32_t)tu_csv_num(&csv, csv.nrows - 2, "lba_end"), truth.disc_sectors);
    char *json = read_summary(dir);
    char v[128];
    tu_json_field(json, "simulated", v, sizeof v);
    assert_string_equal(v, "true");
    tu_json_field(json, "status", v, sizeof v);
    assert_string_equal(v, "complete");
    tu_json_field(json, "spin_strategy", v, sizeof v);
    if (strcmp(v, vdrive_strategy_name(truth.dae_strategy)))
        fail_msg("%s: strategy %s, model %s", profile, v, vdrive_strategy_name(truth.dae_strategy));
    /* the DAE model, not the data one: the gap users see */
    tu_json_field(json, "end_speed_x", v, sizeof v);
    double end = atof(v), model_end = vdrive_truth_speed_x(vd, truth.disc_sectors - 1, 0xFFFF);
    assert_true(fabs(end - model_end) / model_end < 0.02);
    assert_true(end <= truth.dae_max_speed_x * 1.001);
    free(json);
    vdrive_free(vd);
    free(prof);
    free(disc);
    tu_csv_free(&csv);
    free(out);
    tu_rmrf(dir);
    free(dir);
}

static void check_profile_each(const char *name, void *arg)
{
    (void)arg;
    check_profile(name);
}

static void test_every_profile_matches_dae_model(void **state)
{
    (void)state;
    assert_true(tu_for_each_drive_profile(check_profile_each, NULL) >= 6);
}

/* --accuracy asks whether the drive caches audio: the answer, from timing
 * alone, is the profile's (ground truth) on every shipped drive */
static void check_cache_verdict(const char *profile, void *arg)
{
    int *cached = arg;
    char *dir = tu_tmpdir("daecache");
    char dev[300];
    snprintf(dev, sizeof dev, "sim:%s", profile);
    char *disc = tu_data("vdrive", "dae_audio1.profile");
    const char *args[] = { "dae", "-d", dev, "--disc", disc, "--zones", "2", "--accuracy", "--no-plot",
                           "-o", dir, NULL };
    char *out = NULL;
    tu_run_discbench_ok(&out, args);
    char *prof = tu_profile("drives", profile);
    vdrive *vd = open_truth(prof, disc, 1);
    vdrive_truth truth;
    vdrive_get_truth(vd, &truth);
    char *json = read_summary(dir);
    char v[64];
    tu_json_field_in(json, "caches_audio", "verdict", v, sizeof v);
    if (strcmp(v, truth.dae_caches_audio ? "yes" : "no"))
        fail_msg("%s: caches audio detected '%s', profile says %s", profile, v,
                 truth.dae_caches_audio ? "yes" : "no");
    tu_json_field_in(json, "caches_audio", "probes", v, sizeof v);
    assert_string_equal(v, "3");
    /* the times behind it: a new block takes the model's media time (the
     * median probe is the middle one: speed only grows outwards), a block
     * from the cache the model's interface transfer */
    uint32_t audio = truth.disc_sectors, at = audio / 2, blk = BLOCK;
    tu_json_field_in(json, "caches_audio", "new_block_ms", v, sizeof v);
    double new_ms = atof(v), want_new = vdrive_truth_zone_time_s(vd, at + blk, at + 2 * blk, 0xFFFF) * 1e3;
    if (fabs(new_ms - want_new) > 0.01 * want_new + 0.002)
        fail_msg("%s: new block %.3f ms, model %.3f ms", profile, new_ms, want_new);
    tu_json_field_in(json, "caches_audio", "same_block_again_ms", v, sizeof v);
    double again_ms = atof(v);
    if (truth.dae_caches_audio) {
        double want_again = blk * 2352.0 / (vdrive_truth_burst_mb_s(vd, blk * 2352) * 1e6) * 1e3;
        if (fabs(again_ms - want_again) > 0.01 * want_again + 0.002)
            fail_msg("%s: block again from the cache %.3f ms, model %.3f ms", profile, again_ms, want_again);
    } else {
        assert_true(again_ms > new_ms); /* back to the disc: a seek on top of the reading */
    }
    assert_non_null(strstr(out, truth.dae_caches_audio ? "  cache      caches audio: yes (" : "  cache      caches audio: no ("));
    *cached += truth.dae_caches_audio;
    free(json);
    vdrive_free(vd);
    free(prof);
    free(disc);
    free(out);
    tu_rmrf(dir);
    free(dir);
}

static void test_cache_detected_on_every_profile(void **state)
{
    (void)state;
    int cached = 0;
    int n = tu_for_each_drive_profile(check_cache_verdict, &cached);
    assert_true(n >= 6);
    assert_true(cached > 0 && cached < n); /* both answers are exercised */
}

static void test_liteon_rips_near_data_speed_samsung_slower(void **state)
{
    (void)state;
    /* the shipped profiles model the gap: Lite-On rips at ~40x at the rim
     * (48x data), the Samsung at 24x (52x data) */
    const char *names[] = { "liteon-ltr40125s", "samsung-sc152" };
    const int rated_x[] = { 48, 52 };
    double avg[2];
    for (int i = 0; i < 2; i++) {
        char *dir = tu_tmpdir("gap");
        char dev[64];
        snprintf(dev, sizeof dev, "sim:%s", names[i]);
        const char *args[] = { "dae", "-d", dev, "--disc", "pressed-audio-74", "--zones", "20", "--no-plot",
                               "-o", dir, NULL };
        char *out = NULL;
        tu_run_discbench_ok(&out, args);
        char *json = read_summary(dir);
        char v[64];
        tu_json_field(json, "average_speed_x", v, sizeof v);
        avg[i] = atof(v);
        /* the terminal answers "rated Nx, why does it rip slower?" */
        char line[128];
        snprintf(line, sizeof line, "rated      %dx max read (page 2A): audio reaches ", rated_x[i]);
        const char *l = strstr(out, line);
        assert_non_null(l);
        int at_max = -1, on_avg = -1;
        assert_int_equal(sscanf(l + strlen(line), "%d%% of it, %d%% on average", &at_max, &on_avg), 2);
        assert_int_equal(on_avg, (int)lround(100.0 * avg[i] / rated_x[i]));
        assert_true(at_max > on_avg && at_max <= 100);
        free(out);
        free(json);
        tu_rmrf(dir);
        free(dir);
    }
    assert_true(avg[0] > 27 && avg[0] < 30);  /* CAV 17.2x-40x over 74 minutes */
    assert_true(avg[1] > 16 && avg[1] < 19);  /* CAV 10.3x-24x: the forum's 18x */
}

/* ---- accuracy ---- */

static void test_jitter_only_without_accurate_stream(void **state)
{
    (void)state;
    char *disc = tu_data("vdrive", "dae_audio10.profile");
    const char *profiles[] = { "generic-zclv-32x", "liteon-ltr40125s" };
    for (int i = 0; i < 2; i++) {
        char *dir = tu_tmpdir("jitter");
        char dev[64];
        snprintf(dev, sizeof dev, "sim:%s", profiles[i]);
        const char *args[] = { "dae", "-d", dev, "--disc", disc, "--zones", "10", "--accuracy", "--no-plot",
                               "-o", dir, NULL };
        char *out = NULL;
        tu_run_discbench_ok(&out, args);
        char *json = read_summary(dir);
        char v[64];
        const char *acc = strstr(json, "\"accuracy\": {");
        assert_non_null(acc);
        tu_json_field(acc, "jitter_detected", v, sizeof v);
        assert_string_equal(v, i == 0 ? "true" : "false");
        tu_json_field(acc, "mismatched_sectors", v, sizeof v);
        assert_string_equal(v, "0");
        tu_json_field(acc, "windows_unaligned", v, sizeof v);
        assert_string_equal(v, "0");
        tu_json_field(acc, "verdict", v, sizeof v);
        assert_string_equal(v, i == 0 ? "jitter" : "accurate");
        if (i == 0) {
            /* generic-zclv-32x lands up to 250 samples off: two reads differ by <= 500 */
            tu_json_field(acc, "min_offset_samples", v, sizeof v);
            assert_true(atoi(v) >= -500 && atoi(v) != 0);
            tu_json_field(acc, "max_offset_samples", v, sizeof v);
            assert_true(atoi(v) <= 500);
            tu_json_field(acc, "zones_with_jitter", v, sizeof v);
            assert_true(atoi(v) >= 8);
            assert_non_null(strstr(out, "jitter in"));
            /* the drive also says so on page 2A */
            tu_json_field(json, "accurate_stream", v, sizeof v);
            assert_string_equal(v, "false");
        }
        char path[4200];
        snprintf(path, sizeof path, "%s/dae_accuracy.csv", dir);
        tu_csv csv;
        assert_int_equal(tu_csv_load(path, &csv), 0);
        assert_int_equal(csv.nrows, 11);
        int shifted = 0;
        for (size_t z = 0; z < 10; z++)
            shifted += tu_csv_num(&csv, z, "jitter_samples") != 0;
        assert_true(i == 0 ? shifted >= 8 : shifted == 0);
        tu_csv_free(&csv);
        free(json);
        free(out);
        tu_rmrf(dir);
        free(dir);
    }
    free(disc);
}

static void test_mismatches_equal_injected(void **state)
{
    (void)state;
    char *prof = tu_data("vdrive", "dae_unstable.profile"), *disc = tu_data("vdrive", "dae_audio10.profile");
    char *dir = tu_tmpdir("mism");
    char dev[4200];
    snprintf(dev, sizeof dev, "sim:%s", prof);
    const char *args[] = { "dae", "-d", dev, "--disc", disc, "--zones", "6", "--accuracy", "--seed", "11",
                           "--no-plot", "-o", dir, NULL };
    tu_run_discbench_ok(NULL, args);
    vdrive *vd = open_truth(prof, disc, 11);
    uint32_t injected = vdrive_truth_dae_unstable_count(vd, 0, 45000);
    assert_true(injected > 5);
    char *json = read_summary(dir);
    const char *acc = strstr(json, "\"accuracy\": {");
    char v[64];
    tu_json_field(acc, "mismatched_sectors", v, sizeof v);
    assert_int_equal(atol(v), injected);
    tu_json_field(acc, "c2_sectors", v, sizeof v);
    assert_int_equal(atol(v), 2 * injected); /* both reads flag them */
    tu_json_field(acc, "c2_bits", v, sizeof v);
    assert_int_equal(atoll(v), 2 * vdrive_truth_dae_c2_bits(vd, 0, 45000));
    tu_json_field(acc, "verdict", v, sizeof v);
    assert_string_equal(v, "mismatches");
    /* the seed decides where: another seed injects elsewhere */
    vdrive *vd2 = open_truth(prof, disc, 12);
    uint32_t first[2] = { 0, 0 };
    for (uint32_t lba = 0; lba < 45000 && (!first[0] || !first[1]); lba++) {
        if (!first[0] && vdrive_truth_dae_unstable(vd, lba))
            first[0] = lba;
        if (!first[1] && vdrive_truth_dae_unstable(vd2, lba))
            first[1] = lba;
    }
    assert_true(first[0] != first[1]);
    vdrive_free(vd2);
    vdrive_free(vd);
    free(json);
    tu_rmrf(dir);
    free(dir);
    free(prof);
    free(disc);
}

/* ---- a CUE/BIN image of real PCM ---- */

/* wav_dir/trackNN.wav holds exactly these n bytes of PCM behind its
 * 44-byte header. */
static void check_wav(const char *wav_dir, int track, const uint8_t *pcm, size_t n)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/track%02d.wav", wav_dir, track);
    size_t len = 0;
    uint8_t *w = (uint8_t *)tu_read_file(path, &len);
    assert_non_null(w);
    assert_int_equal(len, 44 + n);
    assert_memory_equal(w + 44, pcm, n);
    free(w);
}

static void test_cue_bin_sine_byte_identical(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("sine");
    /* three tracks of stereo 16-bit 44.1 kHz sines: 5 s, 7 s, 4 s */
    const uint32_t track_sectors[3] = { 375, 525, 300 };
    const double freq[3][2] = { { 440, 660 }, { 523.25, 329.63 }, { 1000, 997 } };
    uint32_t total = 375 + 525 + 300;
    size_t bytes = (size_t)total * 2352;
    uint8_t *pcm = malloc(bytes);
    size_t k = 0;
    for (int t = 0; t < 3; t++)
        for (uint32_t s = 0; s < track_sectors[t] * 588; s++)
            for (int ch = 0; ch < 2; ch++) {
                int16_t v = (int16_t)lrint(16000.0 * sin(2 * M_PI * freq[t][ch] * s / 44100.0));
                pcm[k++] = (uint8_t)v;
                pcm[k++] = (uint8_t)((uint16_t)v >> 8);
            }
    assert_int_equal(k, bytes);
    char bin[4200], cue[4200];
    snprintf(bin, sizeof bin, "%s/sine.bin", dir);
    snprintf(cue, sizeof cue, "%s/sine.cue", dir);
    FILE *f = fopen(bin, "wb");
    fwrite(pcm, 1, bytes, f);
    fclose(f);
    f = fopen(cue, "w");
    fprintf(f, "FILE \"sine.bin\" BINARY\n"
               "  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
               "  TRACK 02 AUDIO\n    INDEX 01 00:05:00\n"
               "  TRACK 03 AUDIO\n    INDEX 01 00:12:00\n");
    fclose(f);

    char out_dir[4300], wav_dir[4300];
    snprintf(out_dir, sizeof out_dir, "%s/out", dir);
    snprintf(wav_dir, sizeof wav_dir, "%s/wav", dir);
    const char *args[] = { "dae", "-d", "sim:liteon-ltr40125s", "--disc", cue, "--zones", "4",
                           "--save-wav", wav_dir, "--no-plot", "-o", out_dir, NULL };
    char *out = NULL;
    tu_run_discbench_ok(&out, args);
    char *json = read_summary(out_dir);
    char v[64];
    tu_json_field(json, "audio_tracks", v, sizeof v);
    assert_string_equal(v, "3");
    size_t off = 0;
    for (int t = 0; t < 3; t++) {
        size_t n = (size_t)track_sectors[t] * 2352;
        char want[16];
        snprintf(want, sizeof want, "%08x", tu_crc32(0, pcm + off, n));
        track_crc(json, t + 1, v, sizeof v);
        assert_string_equal(v, want);
        /* and the WAV holds the very bytes */
        check_wav(wav_dir, t + 1, pcm + off, n);
        off += n;
    }
    tu_json_field(json, "save_wav_rip", v, sizeof v);
    assert_string_equal(v, "rate pass");
    free(json);
    free(out);

    /* with --paranoia the WAVs are paranoia's rip: the same bytes again
     * (an accurate-stream drive), and its CRC beside the plain one */
    const char *par_args[] = { "dae", "-d", "sim:liteon-ltr40125s", "--disc", cue, "--zones", "4", "--paranoia",
                               "--save-wav", wav_dir, "--no-plot", "--force", "-o", out_dir, NULL };
    tu_run_discbench_ok(&out, par_args);
    json = read_summary(out_dir);
    tu_json_field(json, "save_wav_rip", v, sizeof v);
    assert_string_equal(v, "paranoia");
    off = 0;
    for (int t = 0; t < 3; t++) {
        size_t n = (size_t)track_sectors[t] * 2352;
        char want[16], line[64];
        snprintf(want, sizeof want, "%08x", tu_crc32(0, pcm + off, n));
        snprintf(line, sizeof line, "CRC32 %s  paranoia %s", want, want);
        assert_non_null(strstr(out, line));
        check_wav(wav_dir, t + 1, pcm + off, n);
        off += n;
    }
    free(json);
    free(out);
    free(pcm);
    tu_rmrf(dir);
    free(dir);
}

/* ---- paranoia ---- */

static void test_paranoia_verdicts(void **state)
{
    (void)state;
    char *disc = tu_data("vdrive", "dae_audio1.profile");
    const char *profiles[] = { "liteon-ltr40125s", "generic-zclv-32x" };
    for (int i = 0; i < 2; i++) {
        char *dir = tu_tmpdir("paranoia");
        char dev[64];
        snprintf(dev, sizeof dev, "sim:%s", profiles[i]);
        const char *args[] = { "dae", "-d", dev, "--disc", disc, "--zones", "4", "--paranoia", "--no-plot",
                               "-o", dir, NULL };
        char *out = NULL;
        tu_run_discbench_ok(&out, args);
        /* the verdict on the terminal says why the two rips differ */
        assert_non_null(strstr(out, i == 0 ? "same CRCs as the plain rip\n"
                                           : "differs from the plain rip (expected: no accurate stream"));
        free(out);
        char *json = read_summary(dir);
        const char *p = strstr(json, "\"paranoia\": {");
        assert_non_null(p);
        char v[64];
        tu_json_field(p, "status", v, sizeof v);
        assert_string_equal(v, "complete");
        tu_json_field(p, "zones_ok", v, sizeof v);
        assert_int_equal(atoi(v), i == 0 ? 4 : 0);
        tu_json_field(p, "zones_corrected", v, sizeof v);
        assert_int_equal(atoi(v), i == 0 ? 0 : 4);
        tu_json_field(p, "zones_skipped", v, sizeof v);
        assert_string_equal(v, "0");
        tu_json_field(p, "sectors_delivered", v, sizeof v);
        assert_string_equal(v, "4500");
        if (i == 0) {
            tu_json_field(p, "matches_plain_rip", v, sizeof v);
            assert_string_equal(v, "true");
        }
        char path[4200];
        snprintf(path, sizeof path, "%s/dae_paranoia.csv", dir);
        tu_csv csv;
        assert_int_equal(tu_csv_load(path, &csv), 0);
        assert_int_equal(csv.nrows, 5);
        for (size_t z = 0; z < 4; z++)
            assert_string_equal(csv.rows[z + 1][tu_csv_col(&csv, "verdict")], i == 0 ? "ok" : "corrected");
        tu_csv_free(&csv);
        free(json);
        tu_rmrf(dir);
        free(dir);
    }
    free(disc);
}

/* ---- data and audio in one picture ---- */

static void check_picture(const char *dir, const char *name)
{
    if (!tu_have_tool("gnuplot"))
        return;
    char path[4300];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 4000);
    snprintf(path, sizeof path, "%s/%s.svg", dir, name);
    if (tu_have_tool("xmllint")) {
        const char *xmllint[] = { "xmllint", "--noout", path, NULL };
        assert_int_equal(tu_run(NULL, NULL, xmllint), 0);
    }
    char *svg = tu_read_file(path, NULL);
    assert_non_null(svg);
    assert_non_null(strstr(svg, "SIMULATED"));
    free(svg);
}

static void test_mixed_disc_draws_data_and_audio(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("mixed");
    const char *args[] = { "dae", "-d", "sim:samsung-sc152", "--disc", "pressed-mixed-60", "--zones", "30",
                           "-o", dir, NULL };
    char *out = NULL;
    tu_run_discbench_ok(&out, args);
    char path[4300];
    snprintf(path, sizeof path, "%s/data/transfer.csv", dir);
    tu_csv data;
    assert_int_equal(tu_csv_load(path, &data), 0);
    snprintf(path, sizeof path, "%s/dae.csv", dir);
    tu_csv audio;
    assert_int_equal(tu_csv_load(path, &audio), 0);
    /* the audio starts where the data track ends, and is read far slower */
    assert_true(tu_csv_num(&audio, 0, "position_min") >= tu_csv_num(&data, data.nrows - 2, "position_min"));
    assert_true(tu_csv_num(&audio, 0, "speed_x") < 0.6 * tu_csv_num(&data, data.nrows - 2, "speed_x"));
    char *json = read_summary(dir);
    char v[64];
    const char *d = strstr(json, "\"data_run\": {");
    assert_non_null(d);
    tu_json_field(d, "exit_code", v, sizeof v);
    assert_string_equal(v, "0");
    tu_json_field(json, "transfer_csv", v, sizeof v);
    assert_string_equal(v, "data/transfer.csv");
    snprintf(path, sizeof path, "%s/data-vs-audio.gp", dir);
    char *gp = tu_read_file(path, NULL);
    assert_non_null(gp);
    assert_non_null(strstr(gp, "\"data/transfer.csv\", \"dae.csv\""));
    free(gp);
    check_picture(dir, "data-vs-audio");
    check_picture(dir, "dae");
    tu_csv_free(&data);
    tu_csv_free(&audio);
    free(json);
    free(out);
    tu_rmrf(dir);
    free(dir);
}

static void test_with_transfer_csv(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("withtr");
    char tdir[4300], ddir[4300], csv[4400];
    snprintf(tdir, sizeof tdir, "%s/transfer", dir);
    snprintf(ddir, sizeof ddir, "%s/dae", dir);
    const char *t[] = { "transfer", "-d", "sim:samsung-sc152", "--disc", "synthetic:20", "--zones", "20",
                        "--no-plot", "-o", tdir, NULL };
    tu_run_discbench_ok(NULL, t);
    snprintf(csv, sizeof csv, "%s/transfer.csv", tdir);
    char *disc = tu_data("vdrive", "dae_audio10.profile");
    const char *a[] = { "dae", "-d", "sim:samsung-sc152", "--disc", disc, "--zones", "10",
                        "--with-transfer", csv, "-o", ddir, NULL };
    tu_run_discbench_ok(NULL, a);
    char path[4500];
    snprintf(path, sizeof path, "%s/transfer.csv", ddir);
    char *copy = tu_read_file(path, NULL), *orig = tu_read_file(csv, NULL);
    assert_non_null(copy);
    assert_string_equal(copy, orig); /* copied beside the script: self-contained */
    snprintf(path, sizeof path, "%s/data-vs-audio.gp", ddir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    check_picture(ddir, "data-vs-audio");
    /* not a transfer.csv: bad input */
    char *err = NULL;
    const char *bad[] = { "dae", "-d", "sim:samsung-sc152", "--disc", disc, "--with-transfer", disc, "-o", ddir,
                          "--force", NULL };
    assert_int_equal(tu_run_discbench(NULL, &err, bad), 4);
    assert_non_null(strstr(err, "not a transfer.csv"));
    free(err);
    free(copy);
    free(orig);
    free(disc);
    tu_rmrf(dir);
    free(dir);
}

/* ---- errors ---- */

static void expect_exit(const char *const *args, int code, const char *text)
{
    char *err = NULL;
    int rc = tu_run_discbench(NULL, &err, args);
    if (rc != code || !strstr(err, text))
        fail_msg("%s: exit %d (want %d): %s", args[1], rc, code, err);
    /* one line */
    assert_non_null(strchr(err, '\n'));
    assert_null(strchr(strchr(err, '\n') + 1, '\n'));
    free(err);
}

static void test_bad_input(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("bad");
    const char *a1[] = { "dae", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:5", "-o", dir, NULL };
    expect_exit(a1, 4, "no audio track");
    const char *a2[] = { "dae", "--jitter-window", "100", "-o", dir, NULL };
    expect_exit(a2, 2, "--jitter-window applies to --accuracy");
    const char *a3[] = { "dae", "--with-transfer", "x.csv", "--no-data", "-o", dir, NULL };
    expect_exit(a3, 2, "exclude each other");
    const char *a4[] = { "dae", "--accuracy", "--jitter-window", "9999", "-o", dir, NULL };
    expect_exit(a4, 2, "--jitter-window");
    const char *a5[] = { "dae", "-d", "sim:liteon-ltr40125s", "--disc", "pressed-audio-74", "--zones", "9000",
                         "-o", dir, NULL };
    expect_exit(a5, 2, "too many");
    const char *a6[] = { "dae", "--block", "0", "-o", dir, NULL };
    expect_exit(a6, 2, "--block");
    tu_rmrf(dir);
    free(dir);
}

static void test_sigint_keeps_zones(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("sigint");
    char *disc = tu_data("vdrive", "dae_audio1.profile");
    char csv[4200];
    snprintf(csv, sizeof csv, "%s/dae.csv", dir);
    /* the spin-up alone takes 2.5 s of real time: wait up to 15 s */
    const char *args[] = { "dae", "-d", "sim:liteon-ltr40125s", "--disc", disc, "--realtime", "--zones", "20",
                           "--no-plot", "-o", dir, NULL };
    assert_int_equal(tu_signal_after_rows(args, csv, 3, 15000, SIGINT), 130);
    tu_csv c;
    assert_int_equal(tu_csv_load(csv, &c), 0);
    if (c.nrows < 3 || c.nrows >= 21)
        fail_msg("%zu rows kept", c.nrows);
    size_t zones = c.nrows - 1;
    tu_csv_free(&c);
    char *json = read_summary(dir);
    assert_non_null(strstr(json, "\"status\": \"interrupted\""));
    char want[64];
    snprintf(want, sizeof want, "\"zones_done\": %zu", zones);
    assert_non_null(strstr(json, want));
    free(json);
    free(disc);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_profile_matches_dae_model),
        cmocka_unit_test(test_cache_detected_on_every_profile),
        cmocka_unit_test(test_liteon_rips_near_data_speed_samsung_slower),
        cmocka_unit_test(test_jitter_only_without_accurate_stream),
        cmocka_unit_test(test_mismatches_equal_injected),
        cmocka_unit_test(test_cue_bin_sine_byte_identical),
        cmocka_unit_test(test_paranoia_verdicts),
        cmocka_unit_test(test_mixed_disc_draws_data_and_audio),
        cmocka_unit_test(test_with_transfer_csv),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_sigint_keeps_zones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
