/* The DAE module (src/bench/dae*.c) run in-process on the virtual drive:
 * per-track CRCs and WAV files against the disc's own audio, the accuracy
 * pass against the drive's ground truth (injected mismatches, C2, jitter),
 * paranoia reading through the drive's transport, unreadable sectors,
 * interruption, and the data run of a mixed disc. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "bench/dae.h"
#include "testutil.h"
#include "vdrive/disc.h"
#include "vdrive/vdrive.h"

typedef struct rig {
    vdrive *vd;       /* a second drive with the same profile, disc and seed: ground truth */
    db_drive d;
    char *dir;
    db_bench_ctx ctx;
    volatile sig_atomic_t stop;
} rig;

static void rig_open(rig *r, const char *profile, const char *disc_file, uint64_t seed)
{
    memset(r, 0, sizeof *r);
    char *prof = tu_data("vdrive", profile), *disc = tu_data("vdrive", disc_file);
    vdrive_config cfg = { .drive_profile = prof, .disc = disc, .seed = seed };
    db_error err = { 0 };
    vdrive *vd;
    if (vdrive_open(&cfg, &vd, &err) || vdrive_open(&cfg, &r->vd, &err))
        fail_msg("%s: %s", profile, err.msg);
    vdrive_attach(vd, "sim:test", &r->d);
    free(prof);
    free(disc);
    r->dir = tu_tmpdir("dae");
    r->ctx = (db_bench_ctx){ .drive = &r->d, .out_dir = r->dir, .stop = &r->stop, .no_plot = true };
}

static void rig_close(rig *r)
{
    db_drive_close(&r->d);
    vdrive_free(r->vd);
    tu_rmrf(r->dir);
    free(r->dir);
}

/* CRC of the generated audio of [a, b), unreadable sectors as silence. */
static uint32_t pattern_crc(uint32_t a, uint32_t b, uint32_t bad_from, uint32_t bad_to)
{
    uint32_t crc = 0;
    uint8_t s[2352];
    for (uint32_t lba = a; lba < b; lba++) {
        if (lba >= bad_from && lba < bad_to)
            memset(s, 0, sizeof s);
        else
            vd_pattern_audio(lba, s);
        crc = tu_crc32(crc, s, sizeof s);
    }
    return crc;
}

static void test_rate_pass_tracks_and_wav(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "dae_nocache.profile", "dae_audio10.profile", 1);
    char wav_dir[4200];
    snprintf(wav_dir, sizeof wav_dir, "%s/wav", r.dir);
    dae_opts o = { .zones = 10, .save_wav_dir = wav_dir };
    dae_result *res = calloc(1, sizeof *res);
    db_error err = { 0 };
    int rc = dae_run(&r.ctx, &o, res, &err);
    if (rc)
        fail_msg("dae_run: %d %s", rc, err.msg);
    assert_int_equal(res->ntracks, 2);
    assert_int_equal(res->rate.zones_done, 10);
    assert_int_equal(res->rate.strategy, DB_STRAT_CLV);
    assert_true(fabs(res->rate.avg_x - 24.0) < 0.05);
    for (int i = 0; i < 2; i++) {
        const dae_track *t = &res->tracks[i];
        assert_true(t->plain.complete);
        assert_int_equal(t->plain.crc32, pattern_crc(t->lba_start, t->lba_end, 0, 0));
        /* the WAV holds exactly the audio read, behind a 44-byte header */
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", wav_dir, t->wav);
        size_t len = 0;
        uint8_t *w = (uint8_t *)tu_read_file(path, &len);
        assert_non_null(w);
        size_t bytes = (size_t)(t->lba_end - t->lba_start) * 2352;
        assert_int_equal(len, 44 + bytes);
        assert_memory_equal(w, "RIFF", 4);
        assert_memory_equal(w + 8, "WAVEfmt ", 8);
        assert_int_equal(w[22], 2);                            /* channels */
        assert_int_equal(w[24] | w[25] << 8 | w[26] << 16, 44100);
        assert_int_equal(w[34], 16);                           /* bits */
        assert_int_equal((uint32_t)(w[40] | w[41] << 8 | w[42] << 16 | (uint32_t)w[43] << 24), bytes);
        assert_int_equal(tu_crc32(0, w + 44, bytes), t->plain.crc32);
        free(w);
    }
    /* dae.csv: one row per zone, KiB/s = x * 75 * 2352 / 1024 */
    char csvp[4200];
    snprintf(csvp, sizeof csvp, "%s/dae.csv", r.dir);
    tu_csv csv;
    assert_int_equal(tu_csv_load(csvp, &csv), 0);
    assert_int_equal(csv.nrows, 11);
    for (size_t z = 0; z < 10; z++) {
        double x = tu_csv_num(&csv, z, "speed_x");
        assert_true(fabs(tu_csv_num(&csv, z, "speed_kib_s") - x * 172.265625) < 0.1);
        assert_int_equal((int)tu_csv_num(&csv, z, "track"), z < 5 ? 1 : 2);
    }
    tu_csv_free(&csv);
    free(res);
    rig_close(&r);
}

static void test_unreadable_sectors_no_crc(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "dae_nocache.profile", "dae_audio10_bad.profile", 1);
    dae_opts o = { .zones = 5 };
    dae_result *res = calloc(1, sizeof *res);
    db_error err = { 0 };
    assert_int_equal(dae_run(&r.ctx, &o, res, &err), DB_EXIT_INCOMPLETE);
    assert_int_equal(res->rate.read_errors, 3);
    assert_int_equal(res->tracks[0].read_errors, 3);
    assert_int_equal(res->tracks[1].read_errors, 0);
    /* the bytes kept are the disc's, the unreadable sectors silent */
    assert_int_equal(res->tracks[0].plain.crc32, pattern_crc(0, 22500, 5000, 5003));
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", r.dir);
    char *json = tu_read_file(path, NULL);
    assert_non_null(strstr(json, "\"crc32\": null"));
    assert_non_null(strstr(json, "\"status\": \"complete-with-errors\""));
    free(json);
    free(res);
    rig_close(&r);
}

/* Mismatches found = mismatches injected; C2 bits = those of the bursts,
 * once per read. */
static void check_accuracy_truth(const char *profile, bool c2_expected)
{
    rig r;
    rig_open(&r, profile, "dae_audio10.profile", 5);
    dae_opts o = { .zones = 12, .accuracy = true };
    dae_result *res = calloc(1, sizeof *res);
    db_error err = { 0 };
    int rc = dae_run(&r.ctx, &o, res, &err);
    if (rc)
        fail_msg("dae_run: %d %s", rc, err.msg);
    uint32_t injected = vdrive_truth_dae_unstable_count(r.vd, 0, 45000);
    assert_true(injected > 5);
    assert_int_equal(res->acc.mismatched_sectors, injected);
    assert_int_equal(res->acc.compared_sectors, 45000);
    assert_int_equal(res->acc.windows_with_jitter, 0);
    assert_int_equal(res->acc.zones_done, 12);
    if (c2_expected) {
        assert_true(res->acc.c2_used);
        assert_int_equal(res->acc.c2_bits, 2 * vdrive_truth_dae_c2_bits(r.vd, 0, 45000));
        assert_int_equal(res->acc.c2_sectors, 2 * injected);
    } else {
        assert_false(res->acc.c2_used);
        assert_int_equal(res->acc.c2_bits, 0);
        assert_non_null(strstr(res->acc.c2_note, "C2 not counted"));
    }
    /* per zone, too */
    char path[4200];
    snprintf(path, sizeof path, "%s/dae_accuracy.csv", r.dir);
    tu_csv csv;
    assert_int_equal(tu_csv_load(path, &csv), 0);
    assert_int_equal(csv.nrows, 13);
    for (size_t z = 0; z < 12; z++) {
        uint32_t a = (uint32_t)tu_csv_num(&csv, z, "lba_start"), b = (uint32_t)tu_csv_num(&csv, z, "lba_end");
        assert_int_equal((uint32_t)tu_csv_num(&csv, z, "mismatched_sectors"),
                         vdrive_truth_dae_unstable_count(r.vd, a, b));
        assert_int_equal((int)tu_csv_num(&csv, z, "jitter_samples"), 0);
    }
    tu_csv_free(&csv);
    free(res);
    rig_close(&r);
}

static void test_accuracy_finds_injected_mismatches(void **state)
{
    (void)state;
    check_accuracy_truth("dae_unstable.profile", true);
}

static void test_accuracy_without_c2(void **state)
{
    (void)state;
    /* page 2A says no C2 */
    check_accuracy_truth("dae_noc2.profile", false);
}

static void test_accuracy_c2_refused_falls_back(void **state)
{
    (void)state;
    /* page 2A claims C2 pointers but READ CD with them is refused: the
     * pass goes on without C2 and says why */
    check_accuracy_truth("dae_brokenc2.profile", false);
}

static void test_accuracy_detects_jitter(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "dae_jitter.profile", "dae_audio10.profile", 9);
    dae_opts o = { .zones = 10, .accuracy = true };
    dae_result *res = calloc(1, sizeof *res);
    db_error err = { 0 };
    int rc = dae_run(&r.ctx, &o, res, &err);
    if (rc)
        fail_msg("dae_run: %d %s", rc, err.msg);
    /* every second read lands anew; two shifts of at most 200 differ by at most 400 */
    assert_true(res->acc.windows_with_jitter >= 8);
    assert_int_equal(res->acc.windows_unaligned, 0);
    assert_true(res->acc.min_offset >= -400 && res->acc.max_offset <= 400);
    assert_true(res->acc.n_offsets >= 3);
    assert_int_equal(res->acc.mismatched_sectors, 0);
    free(res);
    rig_close(&r);
}

static void test_paranoia_through_transport(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "dae_nocache.profile", "dae_audio1.profile", 1);
    dae_opts o = { .zones = 4, .paranoia = true };
    dae_result *res = calloc(1, sizeof *res);
    db_error err = { 0 };
    int rc = dae_run(&r.ctx, &o, res, &err);
    if (rc)
        fail_msg("dae_run: %d %s", rc, err.msg);
    assert_true(res->par.run);
    assert_int_equal(res->par.zones_done, 4);
    assert_int_equal(res->par.zones_ok, 4);
    assert_int_equal(res->par.sectors_out, 4500);
    assert_true(res->par.sectors_read >= 4500);        /* paranoia reads overlapping */
    assert_true(res->par.counts[DAE_PAR_VERIFY] > 0);   /* and verifies */
    assert_int_equal(res->par.counts[DAE_PAR_SKIP], 0);
    assert_true(res->par.matches_rate_pass);
    assert_int_equal(res->ntracks, 1);
    for (int i = 0; i < 1; i++)
        assert_int_equal(res->tracks[i].paranoia.crc32,
                         pattern_crc(res->tracks[i].lba_start, res->tracks[i].lba_end, 0, 0));
    free(res);
    rig_close(&r);

    /* a drive without accurate stream: paranoia sees the jitter and fixes
     * it, and the saved WAV is paranoia's rip */
    rig_open(&r, "dae_jitter.profile", "dae_audio1.profile", 2);
    res = calloc(1, sizeof *res);
    char wav_dir[4200];
    snprintf(wav_dir, sizeof wav_dir, "%s/wav", r.dir);
    o.save_wav_dir = wav_dir;
    rc = dae_run(&r.ctx, &o, res, &err);
    if (rc)
        fail_msg("dae_run: %d %s", rc, err.msg);
    assert_int_equal(res->par.zones_done, 4);
    assert_true(res->par.zones_corrected > 0);
    assert_int_equal(res->par.zones_skipped, 0);
    assert_true(res->par.counts[DAE_PAR_FIXUP_EDGE] + res->par.counts[DAE_PAR_FIXUP_ATOM] > 0);
    /* Paranoia aligns every read to its first one, whose own jitter it
     * cannot see (real drives without accurate stream do the same): its
     * rip is the disc's audio at one constant offset, within the profile's
     * 250 samples, up to the last samples of the range, which lie beyond
     * what it may read.  The rate pass, jittering at every new stream, is
     * not.  The saved WAV is paranoia's rip. */
    const dae_track *t = &res->tracks[0];
    assert_true(t->paranoia.complete);
    assert_true(t->plain.crc32 != t->paranoia.crc32);
    assert_false(res->par.matches_rate_pass);
    char wav[4400];
    snprintf(wav, sizeof wav, "%s/%s", wav_dir, t->wav);
    size_t wav_len = 0;
    uint8_t *w = (uint8_t *)tu_read_file(wav, &wav_len);
    assert_non_null(w);
    assert_int_equal(wav_len, 44 + (size_t)(t->lba_end - t->lba_start) * 2352);
    assert_int_equal(tu_crc32(0, w + 44, wav_len - 44), t->paranoia.crc32);
    uint32_t samples = (uint32_t)((wav_len - 44) / 4), off_track = 0;
    uint32_t f0 = tu_le32(w + 44);  /* generated audio: each sample holds its frame number */
    int shift = (int)(f0 - 588 * t->lba_start);
    assert_true(shift >= -250 && shift <= 250);
    for (uint32_t i = 0; i < samples; i++)
        if (tu_le32(w + 44 + 4 * (size_t)i) != f0 + i) {
            assert_true(i >= samples - 2 * 250);
            off_track++;
        }
    assert_true(off_track <= 2 * 250);
    free(w);
    char path[4200];
    snprintf(path, sizeof path, "%s/dae_paranoia.csv", r.dir);
    tu_csv csv;
    assert_int_equal(tu_csv_load(path, &csv), 0);
    assert_int_equal(csv.nrows, 5);
    assert_string_equal(csv.rows[1][tu_csv_col(&csv, "verdict")], "corrected");
    tu_csv_free(&csv);
    free(res);
    rig_close(&r);
}

static void stop_progress(void *arg, double fraction, const char *status)
{
    (void)fraction;
    rig *r = arg;
    if (strstr(status, "zone 3/"))
        r->stop = 1;
}

static void test_interrupt_keeps_zones(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "dae_nocache.profile", "dae_audio10.profile", 1);
    r.ctx.progress = stop_progress;
    r.ctx.progress_arg = &r;
    dae_opts o = { .zones = 10, .accuracy = true };
    dae_result *res = calloc(1, sizeof *res);
    db_error err = { 0 };
    assert_int_equal(dae_run(&r.ctx, &o, res, &err), DB_EXIT_INTERRUPTED);
    assert_true(res->interrupted);
    assert_int_equal(res->rate.zones_done, 3);
    assert_false(res->acc.run);
    char path[4200];
    snprintf(path, sizeof path, "%s/dae.csv", r.dir);
    tu_csv csv;
    assert_int_equal(tu_csv_load(path, &csv), 0);
    assert_int_equal(csv.nrows, 4);
    tu_csv_free(&csv);
    snprintf(path, sizeof path, "%s/summary.json", r.dir);
    char *json = tu_read_file(path, NULL);
    assert_non_null(strstr(json, "\"status\": \"interrupted\""));
    assert_non_null(strstr(json, "\"zones_done\": 3"));
    free(json);
    free(res);
    rig_close(&r);
}

static void test_mixed_disc_data_run(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "dae_nocache.profile", "mixed.profile", 1);
    dae_opts o = { .zones = 8 };
    dae_result *res = calloc(1, sizeof *res);
    db_error err = { 0 };
    int rc = dae_run(&r.ctx, &o, res, &err);
    if (rc)
        fail_msg("dae_run: %d %s", rc, err.msg);
    /* audio only: the range starts after the data track */
    assert_int_equal(res->lba_start, 45000);
    assert_int_equal(res->lba_end, 90000);
    assert_true(res->data_run);
    assert_int_equal(res->data_rc, 0);
    assert_string_equal(res->transfer_csv, "data/transfer.csv");
    assert_true(fabs(res->rate.avg_x - 24.0) < 0.05); /* CLV 24x DAE */
    assert_int_equal(res->data.strategy, DB_STRAT_CAV); /* CAV 48x data over the inner 10 minutes */
    assert_true(res->data.avg_x > 20.7 && res->data.avg_x < 30); /* above the DAE 24x only part way */
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/data/transfer.csv", r.dir);
    assert_int_equal(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/data-vs-audio.gp", r.dir);
    char *gp = tu_read_file(path, NULL);
    assert_non_null(gp);
    assert_non_null(strstr(gp, "array csvs[n_curves]   = [\"data/transfer.csv\", \"dae.csv\"]"));
    assert_non_null(strstr(gp, "n_curves      = 2"));
    free(gp);
    free(res);
    rig_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_pass_tracks_and_wav),
        cmocka_unit_test(test_unreadable_sectors_no_crc),
        cmocka_unit_test(test_accuracy_finds_injected_mismatches),
        cmocka_unit_test(test_accuracy_without_c2),
        cmocka_unit_test(test_accuracy_c2_refused_falls_back),
        cmocka_unit_test(test_accuracy_detects_jitter),
        cmocka_unit_test(test_paranoia_through_transport),
        cmocka_unit_test(test_interrupt_keeps_zones),
        cmocka_unit_test(test_mixed_disc_data_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
