/* errscan_e2e.h - helpers the error-scan end-to-end tests share (quality,
 * c2scan, scan): test profiles, the ground truth of the same seeded disc,
 * running the binary, its files and pictures (summary.json fields are
 * read with tu_json_field).  Static functions: each test includes this
 * once; the inline ones are those not every test uses. */
#ifndef DB_TEST_ERRSCAN_E2E_H
#define DB_TEST_ERRSCAN_E2E_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vdrive/vdrive.h"

/* tests/data/errscan/NAME.profile (malloc'd). */
static char *es_data(const char *name)
{
    char file[256];
    snprintf(file, sizeof file, "%s.profile", name);
    return tu_data("errscan", file);
}

/* A run on a test drive and disc of tests/data/errscan: their paths, for
 * the ground truth, and the -d argument that loads that drive. */
typedef struct es_sim {
    char *drive_path, *disc_path;
    char dev[4200];
} es_sim;

static void es_sim_open(es_sim *s, const char *drive, const char *disc)
{
    s->drive_path = es_data(drive);
    s->disc_path = es_data(disc);
    snprintf(s->dev, sizeof s->dev, "sim:%s", s->drive_path);
}

static void es_sim_close(es_sim *s)
{
    free(s->drive_path);
    free(s->disc_path);
}

/* One run of discbench on a test drive and disc: the drive and disc, the
 * results directory the run writes, what it printed (es_job_run).  The
 * checks read them; es_job_close frees them and removes the directory. */
typedef struct es_job {
    es_sim sim;
    char *dir;
    char *out, *err;
} es_job;

static inline void es_job_open(es_job *j, const char *tag, const char *drive, const char *disc)
{
    es_sim_open(&j->sim, drive, disc);
    j->dir = tu_tmpdir(tag);
    j->out = j->err = NULL;
}

static inline void es_job_close(es_job *j)
{
    free(j->out);
    free(j->err);
    es_sim_close(&j->sim);
    tu_rmrf(j->dir);
    free(j->dir);
}

/* The virtual drive a run used, for its ground truth: drive and disc are
 * paths; seed as given with --seed. */
static vdrive *es_truth(const char *drive_path, const char *disc, uint64_t seed)
{
    vdrive_config cfg = { .drive_profile = drive_path, .disc = disc, .seed = seed };
    vdrive *vd = NULL;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("vdrive_open: %s", err.msg);
    return vd;
}

/* Run discbench; returns its exit code; out/err kept in *out / *err
 * (may be NULL). */
static int es_run(char **out, char **err, const char *const *args)
{
    return tu_run_discbench(out, err, args);
}

/* Run discbench with args (naming j's drive, disc and directory): its
 * exit code; stdout and stderr kept in j. */
static inline int es_job_run(es_job *j, const char *const *args)
{
    return es_run(&j->out, &j->err, args);
}

/* The picture a run drew: its gnuplot script holds `needle`, and where
 * gnuplot is installed the image was rendered too. */
static void es_check_picture(const char *dir, const char *script, const char *needle, const char *image)
{
    char *gp = tu_read_in(dir, script);
    if (!gp || !strstr(gp, needle))
        fail_msg("%s/%s: no \"%s\"", dir, script, needle);
    free(gp);
    const char *probe[] = { "gnuplot", "--version", NULL };
    if (tu_run(NULL, NULL, probe) == 0) {
        char *drawn = tu_read_in(dir, image);
        if (!drawn)
            fail_msg("%s/%s: not drawn", dir, image);
        free(drawn);
    }
}

#endif
