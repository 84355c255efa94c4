/* Hostile disc images for --disc: corrupt CUE sheets, a CUE whose BIN is
 * missing, short or empty, TOC files of nonsense, garbage NRG, an ISO of 0
 * bytes, of less than a sector, of an odd size, and 2 GiB and 100 MiB
 * sparse files.  Each gives one clear line naming the file (exit 4) or is
 * read correctly (exit 0) - never a crash, never a hang (each run is
 * watched: 60 s at most). */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "faults_e2e.h"
#include "testutil.h"

static void write_file(const char *dir, const char *name, const void *data, size_t len)
{
    char p[4400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void write_text(const char *dir, const char *name, const char *text)
{
    write_file(dir, name, text, strlen(text));
}

/* A file of len zero bytes (written, not sparse) or a sparse one. */
static void write_zeros(const char *dir, const char *name, size_t len, int sparse)
{
    char p[4400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    if (sparse) {
        assert_int_equal(ftruncate(fd, (off_t)len), 0);
    } else {
        static const char zero[65536];
        for (size_t done = 0; done < len;) {
            size_t n = len - done < sizeof zero ? len - done : sizeof zero;
            assert_int_equal(write(fd, zero, n), (ssize_t)n);
            done += n;
        }
    }
    close(fd);
}

static void write_random(const char *dir, const char *name, size_t len, uint64_t seed)
{
    uint8_t *b = malloc(len);
    for (size_t i = 0; i < len; i++)
        b[i] = (uint8_t)fe_rand(&seed);
    write_file(dir, name, b, len);
    free(b);
}

typedef struct image_case {
    const char *file;
    int want;               /* exit code */
    const char *says;       /* in the one stderr line (exit 4) */
} image_case;

/* Run `cmd --disc DIR/file` under a watchdog; check the outcome. */
static void try_image(const char *dir, const char *cmd, const image_case *c)
{
    char disc[4400], out[4400], logs[4400];
    snprintf(disc, sizeof disc, "%s/%s", dir, c->file);
    snprintf(out, sizeof out, "%s/out-%s-%s", dir, cmd, c->file);
    snprintf(logs, sizeof logs, "%s/log-%s-%s", dir, cmd, c->file);
    assert_int_equal(mkdir(logs, 0755), 0);
    const char *args[16];
    int n = 0;
    args[n++] = cmd;
    args[n++] = "-d";
    args[n++] = "sim:liteon-ltr40125s";
    args[n++] = "--disc";
    args[n++] = disc;
    if (strcmp(cmd, "info")) {
        const char *more[] = { "--zones", "1", "--block", "8", "--no-plot", "--no-store", "-o", out, NULL };
        for (int i = 0; more[i]; i++)
            args[n++] = more[i];
    }
    args[n] = NULL;
    pid_t pid = fe_spawn(args, logs);
    int rc = fe_wait(pid, 60);
    char ep[4500];
    snprintf(ep, sizeof ep, "%s/stderr", logs);
    char *err = tu_read_file(ep, NULL);
    if (rc != c->want)
        fail_msg("%s --disc %s: exit %d, want %d (stderr: %s)", cmd, c->file, rc, c->want, err ? err : "");
    if (c->want) {
        if (fe_count_lines(err) != 1 || !strstr(err, c->file) || (c->says && !strstr(err, c->says)))
            fail_msg("%s --disc %s: want one line naming the file%s%s: %s", cmd, c->file, c->says ? " and " : "",
                     c->says ? c->says : "", err ? err : "");
    } else if (strcmp(cmd, "info")) {
        char csv[4500];
        snprintf(csv, sizeof csv, "%s/transfer.csv", out);
        assert_int_equal(fe_check_whole_rows(csv, c->file), 1);
    }
    free(err);
}

static void test_hostile_images(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("images");
    const char *track1 = "FILE \"x.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n";
    /* a CUE without its BIN (libcdio reads the BIN named like the sheet) */
    write_text(dir, "nobin.cue", track1);
    /* garbage sheets, with a BIN beside them */
    write_random(dir, "garbage.cue", 5000, 1);
    write_random(dir, "garbage.bin", 5000, 2);
    write_text(dir, "tracks.cue", "FILE \"x.bin\" BINARY\n  TRACK 00 MODE1/2352\n    INDEX 01 00:00:00\n"
                                  "  TRACK 100 AUDIO\n    INDEX 01 99:99:99\n");
    write_zeros(dir, "tracks.bin", 2352 * 100, 0);
    write_text(dir, "noindex.cue", "FILE \"x.bin\" BINARY\n  TRACK 01 MODE1/2352\n  TRACK 02 AUDIO\n");
    write_zeros(dir, "noindex.bin", 2352 * 100, 0);
    char *longline = malloc(200100);
    snprintf(longline, 200100, "%sREM ", track1);
    size_t l = strlen(longline);
    memset(longline + l, 'A', 200000);
    longline[l + 200000] = '\0';
    write_text(dir, "longline.cue", longline);
    free(longline);
    write_zeros(dir, "longline.bin", 2352 * 100, 0);
    /* BINs shorter than the sheet says, empty, of an odd size */
    write_text(dir, "shortbin.cue", track1);
    write_zeros(dir, "shortbin.bin", 1000, 0);
    write_text(dir, "emptybin.cue", track1);
    write_zeros(dir, "emptybin.bin", 0, 0);
    write_text(dir, "twotracks.cue", "FILE \"x.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
                                     "  TRACK 02 AUDIO\n    INDEX 01 00:30:00\n");
    write_zeros(dir, "twotracks.bin", 2352 * 750, 0); /* 10 s: track 2 would start at 30 s */
    write_text(dir, "oddbin.cue", track1);
    write_zeros(dir, "oddbin.bin", 2352 * 100 + 17, 0);
    /* TOC files of nonsense, garbage NRG */
    write_text(dir, "words.toc", "CD_ROM\nTRACK nonsense\nDATAFILE \"nothere.bin\" 99:99:99\n");
    write_text(dir, "negative.toc", "CD_DA\nTRACK AUDIO\nFILE \"tocdata.bin\" 0 -5\n");
    write_zeros(dir, "tocdata.bin", 23520, 0);
    write_random(dir, "garbage.toc", 3000, 3);
    write_random(dir, "garbage.nrg", 3000, 4);
    /* ISOs */
    write_zeros(dir, "empty.iso", 0, 0);
    write_zeros(dir, "tiny.iso", 1000, 0);
    write_zeros(dir, "odd.iso", 2048 * 40 + 100, 0);
    write_zeros(dir, "sparse2g.iso", (size_t)2 << 30, 1);
    write_zeros(dir, "sparse100m.iso", (size_t)100 << 20, 1);

    static const image_case cases[] = {
        { "nobin.cue", 4, "is missing" },
        { "garbage.cue", 4, "not an image" },
        { "tracks.cue", 4, NULL },
        { "noindex.cue", 4, NULL },
        { "longline.cue", 4, NULL },
        { "shortbin.cue", 4, "lead-out" },
        { "emptybin.cue", 4, "lead-out" },
        { "twotracks.cue", 4, "track 2" },
        { "oddbin.cue", 0, NULL },          /* 100 whole sectors; the 17 bytes after are not a sector */
        { "words.toc", 4, NULL },
        { "negative.toc", 4, NULL },
        { "garbage.toc", 4, NULL },
        { "garbage.nrg", 4, NULL },
        { "empty.iso", 4, "smaller than one 2048-byte sector" },
        { "tiny.iso", 4, "smaller than one 2048-byte sector" },
        { "odd.iso", 0, NULL },             /* 40 sectors; the tail is not one */
        { "sparse2g.iso", 4, "more than a CD holds" },
        { "sparse100m.iso", 0, NULL },      /* 51,200 sectors of zeros: read, every one */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        try_image(dir, "transfer", &cases[i]);
        image_case info = cases[i];
        info.want = cases[i].want ? 4 : 0;
        try_image(dir, "info", &info);
    }
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_images),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
