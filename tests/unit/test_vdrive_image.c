/* Virtual drive disc images: a plain .iso made with genisoimage, the same
 * image as raw Mode 1 BIN/CUE, a BIN/CUE with an audio track after the
 * data track, and images that cannot be opened. */
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

#include "drive/drive.h"
#include "drive/mmc.h"
#include "testutil.h"
#include "vdrive/vdrive.h"

typedef struct fixture {
    char *dir;
    char iso[512], cue[512], mixed_cue[512];
    uint8_t *iso_data;
    size_t iso_len;
    uint8_t *audio;       /* the mixed image's audio track */
    size_t audio_sectors;
} fixture;

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    fx->dir = tu_tmpdir("vdrive-image");
    char src[600], path[700];
    snprintf(src, sizeof src, "%s/content", fx->dir);
    mkdir(src, 0755);
    snprintf(path, sizeof path, "%s/hello.txt", src);
    write_file(path, "hello, disc\n", 12);
    uint8_t *blob = malloc(200000);
    for (size_t i = 0; i < 200000; i++)
        blob[i] = (uint8_t)(i * 2654435761u >> 13);
    snprintf(path, sizeof path, "%s/blob.bin", src);
    write_file(path, blob, 200000);
    free(blob);

    snprintf(fx->iso, sizeof fx->iso, "%s/x.iso", fx->dir);
    const char *argv[] = { "genisoimage", "-quiet", "-V", "VDTEST", "-o", fx->iso, src, NULL };
    char *err = NULL;
    int rc = tu_run(NULL, &err, argv);
    if (rc) {
        fprintf(stderr, "genisoimage failed (%d): %s\n", rc, err ? err : "");
        free(err);
        return -1;
    }
    free(err);
    fx->iso_data = (uint8_t *)tu_read_file(fx->iso, &fx->iso_len);
    assert_non_null(fx->iso_data);
    assert_true(fx->iso_len > 0 && fx->iso_len % 2048 == 0);

    /* the same image as raw Mode 1 sectors */
    size_t n = fx->iso_len / 2048;
    uint8_t *bin = malloc(n * 2352);
    for (size_t i = 0; i < n; i++)
        tu_mode1_raw_sector((uint32_t)i, fx->iso_data + i * 2048, bin + i * 2352);
    snprintf(path, sizeof path, "%s/x.bin", fx->dir);
    write_file(path, bin, n * 2352);
    snprintf(fx->cue, sizeof fx->cue, "%s/x.cue", fx->dir);
    const char *sheet = "FILE \"x.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n";
    write_file(fx->cue, sheet, strlen(sheet));

    /* mixed: that data track, then 3 seconds of audio */
    fx->audio_sectors = 225;
    fx->audio = malloc(fx->audio_sectors * 2352);
    for (size_t i = 0; i < fx->audio_sectors * 2352; i++)
        fx->audio[i] = (uint8_t)(i * 7 + i / 2352);
    uint8_t *mixed = malloc(n * 2352 + fx->audio_sectors * 2352);
    memcpy(mixed, bin, n * 2352);
    memcpy(mixed + n * 2352, fx->audio, fx->audio_sectors * 2352);
    snprintf(path, sizeof path, "%s/m.bin", fx->dir);
    write_file(path, mixed, n * 2352 + fx->audio_sectors * 2352);
    snprintf(fx->mixed_cue, sizeof fx->mixed_cue, "%s/m.cue", fx->dir);
    char msheet[256];
    snprintf(msheet, sizeof msheet,
             "FILE \"m.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n"
             "  TRACK 02 AUDIO\n    INDEX 01 %02zu:%02zu:%02zu\n", n / 4500, n / 75 % 60, n % 75);
    write_file(fx->mixed_cue, msheet, strlen(msheet));
    free(mixed);
    free(bin);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    tu_rmrf(fx->dir);
    free(fx->dir);
    free(fx->iso_data);
    free(fx->audio);
    free(fx);
    return 0;
}

static void open_image(db_drive *d, const char *image)
{
    char *dp = tu_data("vdrive", "cav48.profile");
    vdrive_config cfg = { .drive_profile = dp, .disc = image };
    vdrive *vd;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("%s", err.msg);
    vdrive_attach(vd, "sim:image", d);
    free(dp);
}

static void check_data_image(fixture *fx, const char *image)
{
    db_drive d;
    open_image(&d, image);
    assert_string_equal(d.disc_label, image);
    db_error err = { 0 };
    mmc_toc toc;
    if (db_mmc_read_toc(&d, &toc, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(toc.first_track, 1);
    assert_int_equal(toc.count, 1);
    assert_true(db_mmc_track_is_data(&toc.tracks[0]));
    assert_int_equal(toc.tracks[0].lba, 0);
    assert_int_equal(toc.leadout_lba, fx->iso_len / 2048);
    mmc_capacity cap;
    assert_int_equal(db_mmc_read_capacity(&d, &cap, &err), 0);
    assert_int_equal(cap.last_lba, fx->iso_len / 2048 - 1);

    /* every sector, in 16-sector reads */
    uint32_t n = (uint32_t)(fx->iso_len / 2048);
    uint8_t *buf = malloc(16 * 2048);
    for (uint32_t lba = 0; lba < n; lba += 16) {
        uint16_t k = (uint16_t)(n - lba < 16 ? n - lba : 16);
        db_cmd_result res;
        assert_int_equal(db_mmc_read10(&d, lba, k, buf, (size_t)k * 2048, &res), 0);
        assert_int_equal(res.data_len, (size_t)k * 2048);
        assert_memory_equal(buf, fx->iso_data + (size_t)lba * 2048, (size_t)k * 2048);
    }
    assert_memory_equal(buf, fx->iso_data + (size_t)(n - 1) / 16 * 16 * 2048, 2048);
    /* the primary volume descriptor */
    db_cmd_result res;
    assert_int_equal(db_mmc_read10(&d, 16, 1, buf, 2048, &res), 0);
    assert_memory_equal(buf + 1, "CD001", 5);
    /* beyond the end */
    assert_int_equal(db_mmc_read10(&d, n, 1, buf, 2048, &res), -1);
    assert_int_equal(res.sense.key, 5);
    assert_int_equal(res.sense.asc, 0x21);
    /* raw READ CD of a data sector: sync + header + the image's bytes */
    uint8_t raw[2352], want[2352];
    assert_int_equal(db_mmc_read_cd(&d, MMC_SECTOR_MODE1, 16, 1, 0xF8, 0, raw, sizeof raw, &res), 0);
    tu_mode1_raw_sector(16, fx->iso_data + 16 * 2048, want);
    assert_memory_equal(raw, want, 2352);
    db_drive_close(&d);
    free(buf);
}

static void test_iso(void **state)
{
    fixture *fx = *state;
    check_data_image(fx, fx->iso);
}

static void test_bin_cue(void **state)
{
    fixture *fx = *state;
    check_data_image(fx, fx->cue);
}

static void test_mixed_bin_cue(void **state)
{
    fixture *fx = *state;
    db_drive d;
    open_image(&d, fx->mixed_cue);
    db_error err = { 0 };
    mmc_toc toc;
    if (db_mmc_read_toc(&d, &toc, &err))
        fail_msg("%s", err.msg);
    uint32_t n = (uint32_t)(fx->iso_len / 2048);
    assert_int_equal(toc.count, 2);
    assert_true(db_mmc_track_is_data(&toc.tracks[0]));
    assert_false(db_mmc_track_is_data(&toc.tracks[1]));
    assert_int_equal(toc.tracks[1].number, 2);
    assert_int_equal(toc.tracks[1].lba, n);
    assert_int_equal(toc.leadout_lba, n + fx->audio_sectors);
    /* CD-DA through READ CD: the BIN's bytes */
    uint8_t *buf = malloc(10 * 2352);
    db_cmd_result res;
    assert_int_equal(db_mmc_read_cd(&d, MMC_SECTOR_CDDA, n + 100, 10, 0x10, 0, buf, 10 * 2352, &res), 0);
    assert_int_equal(res.data_len, 10 * 2352);
    assert_memory_equal(buf, fx->audio + 100 * 2352, 10 * 2352);
    /* the data track still reads; audio through READ(10) does not */
    assert_int_equal(db_mmc_read10(&d, 16, 1, buf, 2048, &res), 0);
    assert_memory_equal(buf + 1, "CD001", 5);
    assert_int_equal(db_mmc_read10(&d, n, 1, buf, 2048, &res), -1);
    assert_int_equal(res.sense.key, 5);
    assert_int_equal(res.sense.asc, 0x64);
    db_drive_close(&d);
    free(buf);
}

static void test_unopenable(void **state)
{
    fixture *fx = *state;
    char *dp = tu_data("vdrive", "cav48.profile");
    char path[700];
    snprintf(path, sizeof path, "%s/notes.img", fx->dir);
    write_file(path, "not a disc image\n", 17);
    const char *cases[][2] = {
        { path, "cannot open disc image " },
        { fx->dir, "not a regular file" },
        { "/nonexistent/disc.nrg", "No such file or directory" },
    };
    for (size_t i = 0; i < 3; i++) {
        vdrive_config cfg = { .drive_profile = dp, .disc = cases[i][0] };
        vdrive *vd;
        db_error err = { 0 };
        assert_int_equal(vdrive_open(&cfg, &vd, &err), -1);
        assert_int_equal(err.code, DB_EXIT_INPUT);
        char prefix[800];
        snprintf(prefix, sizeof prefix, "cannot open disc image %s: ", cases[i][0]);
        if (strncmp(err.msg, prefix, strlen(prefix)) || !strstr(err.msg, cases[i][1]))
            fail_msg("unexpected message: %s", err.msg);
    }
    /* an .iso smaller than one sector */
    snprintf(path, sizeof path, "%s/tiny.iso", fx->dir);
    write_file(path, "x", 1);
    vdrive_config cfg = { .drive_profile = dp, .disc = path };
    vdrive *vd;
    db_error err = { 0 };
    assert_int_equal(vdrive_open(&cfg, &vd, &err), -1);
    assert_non_null(strstr(err.msg, "smaller than one"));
    free(dp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_bin_cue),
        cmocka_unit_test(test_mixed_bin_cue),
        cmocka_unit_test(test_unopenable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
