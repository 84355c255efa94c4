/* errscan_e2e.h - helpers the error-scan end-to-end tests share (quality,
 * c2scan, scan): test profiles, the ground truth of the same seeded disc,
 * running the binary, reading summary.json fields.  Static functions: each
 * test includes this once. */
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
    const char *src = getenv("DB_SRC");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/tests/data/errscan/%s.profile", src ? src : ".", name);
    return p;
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

/* Value of "key": in JSON text (first match), quotes dropped, or "". */
static void es_json(const char *json, const char *key, char *out, size_t len)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = json ? strstr(json, pat) : NULL;
    out[0] = '\0';
    if (!p)
        return;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    if (*p == '"')
        p++;
    size_t n = 0;
    while (*p && *p != '"' && *p != ',' && *p != '}' && *p != '\n' && n + 1 < len)
        out[n++] = *p++;
    out[n] = '\0';
}

/* The same inside the object that follows "section": {. */
static void es_json_in(const char *json, const char *section, const char *key, char *out, size_t len)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\": {", section);
    const char *p = json ? strstr(json, pat) : NULL;
    es_json(p, key, out, len);
}

static char *es_file(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return tu_read_file(path, NULL);
}

static void es_csv(const char *dir, const char *name, tu_csv *c)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (tu_csv_load(path, c))
        fail_msg("cannot load %s", path);
}

/* Run discbench; returns its exit code; out/err kept in *out / *err
 * (may be NULL). */
static int es_run(char **out, char **err, const char *const *args)
{
    return tu_run_discbench(out, err, args);
}

#endif
