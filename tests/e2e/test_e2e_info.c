/* End to end: `discbench info` on the virtual drive, checked against its
 * ground truth and the media profiles: the ATIP manufacturer of more than
 * 20 lead-in codes, the label-versus-ATIP warning, a mixed-mode CUE/BIN
 * image built in the test (genisoimage data track + PCM audio tracks) and
 * its track layout, a reader that cannot read the ATIP, a device node the
 * user may not open (the fix is printed), --json, and the "info" object
 * every test's summary.json carries. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <math.h>
#include <setjmp.h>
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
#include "vdrive/vdrive.h"

static char *run_info(int want_rc, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = tu_run_discbench(&out, &err, args);
    if (rc != want_rc)
        fail_msg("discbench info: exit %d (want %d): %s%s", rc, want_rc, err, out);
    free(err);
    return out;
}

static void test_label_warning(void **state)
{
    (void)state;
    const char *args[] = { "info", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80", "--label",
                           "ATT 48x", NULL };
    char *out = run_info(0, args);
    assert_non_null(strstr(out, "SIMULATED"));
    assert_non_null(strstr(out, "WARNING         sold as ATT, made by CMC Magnetics"));
    assert_non_null(strstr(out, "lead-in         97:26:66 (LBA -11634)"));
    assert_non_null(strstr(out, "manufacturer    CMC Magnetics Corporation"));
    assert_non_null(strstr(out, "lead-out        79:59:71 (LBA 359846"));
    assert_non_null(strstr(out, "type            CD-R (ATIP disc type bit)"));
    assert_non_null(strstr(out, "vendor C1/C2    liteon (old): vendor LITE-ON, LTR CD-RW generation"));
    assert_true(strstr(out, "quality   yes  liteon protocol") ||
                strstr(out, "the liteon protocol applies") /* a version without it */);
    free(out);

    /* a label that names the maker: no warning */
    const char *args2[] = { "info", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80-leaddata",
                            "--label", "Lead Data 52x", NULL };
    out = run_info(0, args2);
    assert_null(strstr(out, "WARNING"));
    assert_non_null(strstr(out, "label and ATIP agree: Lead made by Lead Data"));
    free(out);
}

/* The JSON form against the virtual drive's ground truth. */
static void test_json_matches_truth(void **state)
{
    (void)state;
    const char *args[] = { "info", "-d", "sim:plextor-px-w124tsi", "--disc", "cdrw-74-ricoh", "--json", NULL };
    char *out = run_info(0, args);
    char *prof = tu_profile("drives", "plextor-px-w124tsi");
    char *media = tu_profile("media", "cdrw-74-ricoh");
    vdrive_config cfg = { .drive_profile = prof, .disc = media };
    vdrive *vd;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("%s", err.msg);
    vdrive_truth t;
    vdrive_get_truth(vd, &t);
    char v[256];
    tu_json_field(out, "vendor", v, sizeof v);
    assert_string_equal(v, t.vendor);
    tu_json_field(out, "model", v, sizeof v);
    assert_string_equal(v, t.model);
    tu_json_field(out, "firmware", v, sizeof v);
    assert_string_equal(v, t.firmware);
    tu_json_field(out, "medium_sectors", v, sizeof v);
    assert_int_equal(atol(v), t.disc_sectors);
    tu_json_field(out, "drive_buffer_kib", v, sizeof v);
    assert_int_equal(atol(v), (long)t.cache_kib);
    tu_json_field(out, "max_read_speed_x", v, sizeof v);
    assert_true(fabs(atof(v) - t.data_max_speed_x) < 0.1);
    tu_json_field(out, "medium_type", v, sizeof v);
    assert_string_equal(v, "CD-RW");
    tu_json_field(out, "maker_short", v, sizeof v);
    assert_string_equal(v, "Ricoh");
    tu_json_field(out, "dye", v, sizeof v);
    assert_string_equal(v, "phase change (CD-RW)");
    tu_json_field(out, "record_speed_low_x", v, sizeof v);
    assert_string_equal(v, "4");
    tu_json_field(out, "record_speed_high_x", v, sizeof v);
    assert_string_equal(v, "10");
    tu_json_field(out, "sub_type", v, sizeof v);
    assert_string_equal(v, "1");
    tu_json_field(out, "vendor_protocol", v, sizeof v);
    assert_string_equal(v, "plextor");
    tu_json_field(out, "simulated", v, sizeof v);
    assert_string_equal(v, "true");
    tu_json_field(out, "drive_key", v, sizeof v);
    assert_string_equal(v, "PLEXTOR|CD-R   PX-W124TS|1.06");
    assert_int_equal(out[strlen(out) - 1], '\n');
    assert_int_equal(out[0], '{');
    vdrive_free(vd);
    free(prof);
    free(media);
    free(out);
}

/* One media profile per lead-in code: the manufacturer info names. */
static void test_atip_codes(void **state)
{
    (void)state;
    static const struct {
        const char *code, *maker;
    } codes[] = {
        { "97:24:01", "Taiyo Yuden" },  { "97:46:03", "Taiyo Yuden" }, { "97:26:66", "CMC Magnetics" },
        { "97:46:60", "CMC Magnetics" }, { "97:31:01", "Ritek" },      { "97:15:17", "Ritek" },
        { "97:34:23", "Mitsubishi Chemical (Verbatim)" }, { "97:50:22", "Mitsubishi Chemical (Verbatim)" },
        { "97:27:66", "Ricoh" },        { "97:24:16", "Sony" },         { "97:32:19", "Prodisc" },
        { "97:25:35", "Infodisc" },     { "97:22:67", "Daxon" },        { "97:26:54", "Lead Data" },
        { "97:26:45", "Fuji" },         { "97:27:45", "Kodak" },        { "97:32:05", "TDK" },
        { "97:25:29", "Maxell" },       { "97:17:06", "Moser Baer" },   { "97:27:58", "Mitsui" },
        { "97:28:12", "Gigastorage" },  { "97:27:28", "Princo" },       { "97:15:37", "Nan-Ya" },
        { "97:26:07", "Fornet" },
    };
    char *dir = tu_tmpdir("atipcodes");
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/m%zu.profile", dir, i);
        FILE *f = fopen(path, "w");
        fprintf(f, "[disc]\ntype = CD-R\ncontent = data\ncapacity_sectors = 4500\n"
                   "scanning_velocity_mps = 1.2\ntrack_pitch_um = 1.5\ninner_radius_mm = 25\n"
                   "[atip]\nlead_in = %s\nlead_out = 79:59:74\n", codes[i].code);
        fclose(f);
        const char *args[] = { "info", "-d", "sim:liteon-ltr40125s", "--disc", path, "--json", NULL };
        char *out = run_info(0, args);
        char v[256];
        tu_json_field(out, "maker_short", v, sizeof v);
        if (strcmp(v, codes[i].maker))
            fail_msg("%s: info says \"%s\", want \"%s\"", codes[i].code, v, codes[i].maker);
        tu_json_field(out, "lead_in_msf", v, sizeof v);
        assert_string_equal(v, codes[i].code);
        free(out);
    }
    /* an unknown code prints its raw MSF */
    char path[4200];
    snprintf(path, sizeof path, "%s/unknown.profile", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "[disc]\ntype = CD-R\ncontent = data\ncapacity_sectors = 4500\n"
               "scanning_velocity_mps = 1.2\ntrack_pitch_um = 1.5\ninner_radius_mm = 25\n"
               "[atip]\nlead_in = 97:40:05\n");
    fclose(f);
    const char *args[] = { "info", "-d", "sim:liteon-ltr40125s", "--disc", path, "--label", "ATT", NULL };
    char *out = run_info(0, args);
    assert_non_null(strstr(out, "manufacturer    unknown: code 97:40:05"));
    assert_non_null(strstr(out, "cannot check: the ATIP code is not in the table"));
    free(out);
    tu_rmrf(dir);
    free(dir);
}

/* A CD-ROM reader: no ATIP, and it cannot tell a CD-R from a pressed disc. */
static void test_reader(void **state)
{
    (void)state;
    const char *args[] = { "info", "-d", "sim:samsung-sc152", "--disc", "cdr-80", "--label", "ATT", NULL };
    char *out = run_info(0, args);
    assert_non_null(strstr(out, "no ATIP: a pressed disc, or a drive that cannot read it"));
    assert_non_null(strstr(out, "cannot tell apart"));
    assert_non_null(strstr(out, "profiles        CD-ROM (current: CD-ROM)"));
    assert_non_null(strstr(out, "cannot check: no ATIP"));
    assert_non_null(strstr(out, "quality   no   no vendor C1/C2 scan protocol is known for SAMSUNG"));
    free(out);
}

/* Mixed mode: an ISO from genisoimage as a MODE1/2352 data track, then two
 * audio tracks of 16-bit stereo PCM (a 440 Hz and an 880 Hz tone) written
 * here, all in one BIN (libcdio's CUE driver takes one BIN per sheet). */
static void test_mixed_mode_image(void **state)
{
    (void)state;
    if (!tu_have_tool("genisoimage"))
        skip();
    char *dir = tu_tmpdir("infomixed");
    char content[4200], iso[4200], bin[4200], cue[4200];
    snprintf(content, sizeof content, "%s/content", dir);
    mkdir(content, 0755);
    char f[4300];
    snprintf(f, sizeof f, "%s/readme.txt", content);
    FILE *fp = fopen(f, "w");
    for (int i = 0; i < 20000; i++)
        fprintf(fp, "line %d of the data track\n", i);
    fclose(fp);
    snprintf(iso, sizeof iso, "%s/data.iso", dir);
    const char *mk[] = { "genisoimage", "-quiet", "-R", "-o", iso, content, NULL };
    assert_int_equal(tu_run(NULL, NULL, mk), 0);
    char *iso_data = tu_read_file(iso, NULL);
    assert_non_null(iso_data);
    struct stat ist;
    assert_int_equal(stat(iso, &ist), 0);
    size_t iso_len = (size_t)ist.st_size;
    unsigned data_sectors = (unsigned)(iso_len / 2048);
    const unsigned audio_sectors[2] = { 12 * 75, 9 * 75 + 20 };

    snprintf(bin, sizeof bin, "%s/disc.bin", dir);
    fp = fopen(bin, "wb");
    for (unsigned lba = 0; lba < data_sectors; lba++) {
        uint8_t raw[2352];
        tu_mode1_raw_sector(lba, iso_data + (size_t)lba * 2048, raw);
        fwrite(raw, 1, sizeof raw, fp);
    }
    unsigned long frame = 0;
    for (int t = 0; t < 2; t++)
        for (unsigned s = 0; s < audio_sectors[t]; s++) {
            short pcm[588 * 2];
            for (int j = 0; j < 588; j++, frame++) {
                double v = 9000.0 * sin(2 * M_PI * (t ? 880.0 : 440.0) * (double)frame / 44100.0);
                pcm[2 * j] = pcm[2 * j + 1] = (short)v;
            }
            fwrite(pcm, 1, sizeof pcm, fp);
        }
    fclose(fp);
    free(iso_data);
    unsigned start2 = data_sectors, start3 = data_sectors + audio_sectors[0];
    unsigned end = start3 + audio_sectors[1];
    snprintf(cue, sizeof cue, "%s/disc.cue", dir);
    fp = fopen(cue, "w");
    fprintf(fp, "FILE \"disc.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n");
    fprintf(fp, "  TRACK 02 AUDIO\n    INDEX 01 %02u:%02u:%02u\n", start2 / 4500, start2 / 75 % 60, start2 % 75);
    fprintf(fp, "  TRACK 03 AUDIO\n    INDEX 01 %02u:%02u:%02u\n", start3 / 4500, start3 / 75 % 60, start3 % 75);
    fclose(fp);

    const char *args[] = { "info", "-d", "sim:liteon-ltr40125s", "--disc", cue, NULL };
    char *out = run_info(0, args);
    char want[256];
    assert_non_null(strstr(out, "tracks          3: 1 data, 2 audio"));
    snprintf(want, sizeof want, "      1        1  data      1          0  00:02:00  %9u", data_sectors);
    if (!strstr(out, want))
        fail_msg("no row \"%s\" in:\n%s", want, out);
    snprintf(want, sizeof want, "      2        1  audio     -  %9u", start2);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "      3        1  audio     -  %9u", start3);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "length          %u sectors", end);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "type            pressed"));
    assert_non_null(strstr(out, "transfer  yes  1 data track"));
    assert_non_null(strstr(out, "dae       yes  2 audio tracks"));
    free(out);

    /* the JSON form: kinds, modes, starts, lengths */
    const char *jargs[] = { "info", "-d", "sim:liteon-ltr40125s", "--disc", cue, "--json", NULL };
    out = run_info(0, jargs);
    char v[64];
    const char *t2 = strstr(out, "\"track\": 2");
    assert_non_null(t2);
    tu_json_field(t2, "track_kind", v, sizeof v);
    assert_string_equal(v, "audio");
    tu_json_field(t2, "track_start_lba", v, sizeof v);
    assert_int_equal(atol(v), start2);
    tu_json_field(t2, "track_sectors", v, sizeof v);
    assert_int_equal(atol(v), audio_sectors[0]);
    tu_json_field(out, "track_mode", v, sizeof v);
    assert_string_equal(v, "1");
    tu_json_field(out, "full_toc_problem", v, sizeof v);
    assert_string_equal(v, "null"); /* a consistent full TOC */
    tu_json_field(out, "session_count", v, sizeof v);
    assert_string_equal(v, "1");
    free(out);
    tu_rmrf(dir);
    free(dir);
}

/* A device node the user may not open: info says why, prints the fix,
 * and every test says it cannot run; exit 3. */
static void test_permission(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("infoperm");
    chmod(dir, 0755);
    char path[512];
    snprintf(path, sizeof path, "%s/sr0", dir);
    FILE *f = fopen(path, "w");
    fclose(f);
    uid_t as = getuid();
    const char *want_fix;
    char gname[64] = "";
    if (geteuid() == 0) {
        struct group *g = getgrnam("cdrom");
        if (!g)
            g = getgrnam("disk");
        if (!g || g->gr_gid == 0) {
            tu_rmrf(dir);
            free(dir);
            skip();
        }
        snprintf(gname, sizeof gname, "%s", g->gr_name);
        assert_int_equal(chown(path, 0, g->gr_gid), 0);
        assert_int_equal(chmod(path, 0660), 0);
        as = 65534;
        want_fix = "add yourself to group";
    } else {
        assert_int_equal(chmod(path, 0), 0);
        want_fix = "ask an administrator";
    }
    char outpath[600];
    snprintf(outpath, sizeof outpath, "%s/out.txt", dir);
    int ofd = open(outpath, O_CREAT | O_RDWR | O_TRUNC, 0644);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(ofd, 1);
        dup2(ofd, 2);
        if (geteuid() == 0 && (setgroups(0, NULL) || setgid(as) || setuid(as)))
            _exit(77);
        const char *bin = getenv("DISCBENCH_BIN");
        execl(bin, bin, "info", "-d", path, (char *)NULL);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    close(ofd);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
        tu_rmrf(dir);
        free(dir);
        skip();
    }
    char *out = tu_read_file(outpath, NULL);
    assert_true(WIFEXITED(st));
    if (WEXITSTATUS(st) != 3)
        fail_msg("exit %d: %s", WEXITSTATUS(st), out);
    char want[256];
    snprintf(want, sizeof want, "  fix             %s", want_fix);
    if (!strstr(out, want))
        fail_msg("no \"%s\" in:\n%s", want, out);
    if (gname[0]) {
        snprintf(want, sizeof want, "group '%s'", gname);
        assert_non_null(strstr(out, want));
    }
    assert_non_null(strstr(out, "transfer  no   cannot open"));
    assert_non_null(strstr(out, "quality   no   cannot open"));
    assert_null(strstr(out, " yes "));
    free(out);
    tu_rmrf(dir);
    free(dir);
}

/* Every test's summary.json carries the info (here: transfer's). */
static void test_summary_embeds_info(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("infosum");
    const char *args[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80-leaddata", "--zones", "2",
                           "--label", "Sony 48x", "--no-plot", "-o", dir, NULL };
    char *err = NULL;
    int rc = tu_run_discbench(NULL, &err, args);
    if (rc)
        fail_msg("exit %d: %s", rc, err);
    free(err);
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *json = tu_read_file(path, NULL);
    assert_non_null(json);
    const char *info = strstr(json, "\"info\": {");
    assert_non_null(info);
    char v[256];
    tu_json_field(info, "maker", v, sizeof v);
    assert_string_equal(v, "Lead Data Inc.");
    tu_json_field(info, "label_verdict", v, sizeof v);
    assert_string_equal(v, "sold as Sony, made by Lead Data (Sony is among the brands libburn lists for this code)");
    tu_json_field(info, "media_key", v, sizeof v);
    assert_string_equal(v, "CD-R|97:26:54|359849");
    /* the summary's own fields are still found first */
    tu_json_field(json, "status", v, sizeof v);
    assert_string_equal(v, "complete");
    free(json);
    tu_rmrf(dir);
    free(dir);
}

static void test_usage(void **state)
{
    (void)state;
    const char *bad[] = { "info", "--bogus", NULL };
    char *err = NULL;
    assert_int_equal(tu_run_discbench(NULL, &err, bad), 2);
    assert_non_null(strstr(err, "unknown option"));
    free(err);
    const char *disc[] = { "info", "-d", "/dev/null", "--disc", "cdr-80", NULL };
    assert_int_equal(tu_run_discbench(NULL, &err, disc), 2);
    free(err);
    const char *help[] = { "info", "--help", NULL };
    char *out = NULL;
    assert_int_equal(tu_run_discbench(&out, NULL, help), 0);
    assert_non_null(strstr(out, "--label"));
    free(out);
    /* a missing node: exit 3, still a report */
    const char *missing[] = { "info", "-d", "/nonexistent/sr7", NULL };
    assert_int_equal(tu_run_discbench(&out, &err, missing), 3);
    assert_non_null(strstr(out, "what discbench can test"));
    assert_non_null(strstr(err, "/nonexistent/sr7"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_warning),
        cmocka_unit_test(test_json_matches_truth),
        cmocka_unit_test(test_atip_codes),
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_mixed_mode_image),
        cmocka_unit_test(test_permission),
        cmocka_unit_test(test_summary_embeds_info),
        cmocka_unit_test(test_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
