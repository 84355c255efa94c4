/* suite_report.c - report.md of a suite: per drive what was tested, the
 * figures in a table and every picture embedded by a relative link, so
 * the report reads on any Markdown viewer in the results directory
 * (suite.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../report/atomic.h"
#include "../report/json_file.h"
#include "suite.h"

#ifndef DB_VERSION
#define DB_VERSION "0.0.0"
#endif

/* Text for a Markdown table cell or line: no '|', no line ends. */
static void md(FILE *f, const char *s)
{
    for (; *s; s++)
        if (*s == '|')
            fputs("\\|", f);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', f);
        else
            fputc(*s, f);
}

static void link_path(char *out, size_t len, const char *prefix, const char *path)
{
    snprintf(out, len, "%s%s%s", prefix, prefix[0] ? "/" : "", path);
}

static void disc_lines(FILE *f, const suite_result *r)
{
    const db_info *in = &r->info;
    fprintf(f, "- disc: %s", db_disc_kind_name(in->kind));
    if (in->leadout_lba)
        fprintf(f, ", %u sectors (%.2f min)", in->leadout_lba, in->leadout_lba / 4500.0);
    fprintf(f, ", %d track%s (%d data, %d audio)", in->track_count, in->track_count == 1 ? "" : "s",
            in->data_tracks, in->audio_tracks);
    if (r->disc[0]) {
        fputs("; ", f);
        md(f, r->disc);
    }
    fputs("\n", f);
    if (in->atip_ok) {
        fprintf(f, "- ATIP lead-in %02u:%02u:%02u: ", in->atip.lead_in_m, in->atip.lead_in_s, in->atip.lead_in_f);
        if (in->maker_known)
            md(f, in->maker.name);
        else
            fputs("manufacturer not in the table", f);
        fputs(" (the manufacturer as the disc itself says, whatever its label)\n", f);
    }
    if (in->label[0]) {
        fputs("- label: ", f);
        md(f, in->label);
        if (in->label_checked && in->label_verdict[0]) {
            fputs(" - ", f);
            md(f, in->label_verdict);
        }
        fputs("\n", f);
    }
    if (r->write_speed_x > 0)
        fprintf(f, "- burned at: %gx\n", r->write_speed_x);
}

static void drive_section(FILE *f, const suite_result *r, const char *prefix, int index, int n)
{
    if (n > 1)
        fprintf(f, "## Drive %d: ", index + 1);
    else
        fputs("## ", f);
    md(f, r->drive_name);
    fputs(" (`", f);
    md(f, r->device);
    fprintf(f, "`)%s\n\n", r->simulated ? " - SIMULATED" : "");
    disc_lines(f, r);
    fprintf(f, "- suite: %s", r->status);
    if (r->error[0]) {
        fputs(" - ", f);
        md(f, r->error);
    }
    fprintf(f, "; results in `%s%s`\n\n", prefix[0] ? prefix : ".", "/");

    fputs("| test | result | figures |\n|---|---|---|\n", f);
    for (int t = 0; t < SUITE_TESTS; t++) {
        const suite_test_result *tr = &r->tests[t];
        fprintf(f, "| %s | ", suite_test_name((suite_test)t));
        if (!tr->ran) {
            fputs("not run | ", f);
            md(f, tr->why);
        } else {
            md(f, tr->status);
            if (strcmp(tr->ran_as, suite_test_name((suite_test)t)))
                fprintf(f, " (ran as %s)", tr->ran_as);
            fputs(" | ", f);
            md(f, tr->headline[0] ? tr->headline : "-");
            if (tr->rc && tr->error[0]) {
                fputs(" - ", f);
                md(f, tr->error);
            }
        }
        fputs(" |\n", f);
    }
    fputs("\n", f);
    for (int t = 0; t < SUITE_TESTS; t++) {
        const suite_test_result *tr = &r->tests[t];
        if (!tr->ran || (!tr->picture[0] && !tr->picture2[0]))
            continue;
        char p[256];
        fprintf(f, "### %s\n\n", suite_test_name((suite_test)t));
        if (tr->picture[0]) {
            link_path(p, sizeof p, prefix, tr->picture);
            fprintf(f, "![%s: ", suite_test_name((suite_test)t));
            md(f, r->drive_name);
            fprintf(f, "](%s)\n\n", p);
        }
        if (tr->picture2[0]) {
            link_path(p, sizeof p, prefix, tr->picture2);
            fprintf(f, "![data versus audio: ");
            md(f, r->drive_name);
            fprintf(f, "](%s)\n\n", p);
        }
    }
}

int suite_report(const char *dir, const char *command, const suite_result *const *res, const char *const *prefix,
                 int n, const char *const *compare, int ncompare, db_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/report.md", dir);
    db_atomic a;
    if (db_atomic_open(&a, path, err))
        return -1;
    FILE *f = a.f;
    int sims = 0;
    for (int i = 0; i < n; i++)
        sims += res[i]->simulated;
    fprintf(f, "# discbench suite report%s\n\n", sims == n ? " [SIMULATED]" : sims ? " [some drives SIMULATED]" : "");
    time_t now = time(NULL);
    struct tm tm;
    char stamp[40];
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M UTC", &tm);
    fprintf(f, "discbench %s, %s, %d drive%s.  Command: `", DB_VERSION, stamp, n, n == 1 ? "" : "s");
    md(f, command ? command : "");
    fputs("`\n\n", f);
    if (sims)
        fprintf(f, "> **%s from the virtual drive (`sim:` devices): simulated, not measured.**\n\n",
                sims == n ? "Every figure in this report comes" : "The figures of the drives marked SIMULATED come");
    for (int i = 0; i < n; i++)
        drive_section(f, res[i], prefix[i], i, n);
    if (ncompare > 0) {
        fputs("## Drives compared\n\n", f);
        fputs("The same tests on every drive, in one picture each (`discbench compare`; each directory also "
              "holds compare.csv, the figures side by side).\n\n", f);
        for (int c = 0; c < ncompare; c++) {
            fprintf(f, "### %s\n\n", compare[c]);
            const char *pics[] = { "compare", "compare-c1", "compare-c2", "compare-access" };
            for (size_t p = 0; p < sizeof pics / sizeof pics[0]; p++) {
                char png[4400];
                snprintf(png, sizeof png, "%s/%s/%s.png", dir, compare[c], pics[p]);
                FILE *probe = fopen(png, "rb");
                if (!probe)
                    continue;
                fclose(probe);
                fprintf(f, "![%s](%s/%s.png)\n\n", compare[c], compare[c], pics[p]);
            }
        }
    }
    fputs("## Files\n\nEach test's directory holds its CSV (one row per zone, sample or second), the gnuplot "
          "script that draws it (`gnuplot NAME.gp` in that directory), the pictures and its summary.json; "
          "suite.csv lists the tests and summary.json the suite.\n", f);
    return db_atomic_commit(&a, err);
}

typedef struct top_arg {
    const char *command;
    const suite_result *const *res;
    const char *const *prefix;
    int n;
    const char *const *compare;
    int ncompare, rc;
} top_arg;

static void fill_top(db_json *j, const void *argp)
{
    const top_arg *a = argp;
    int sims = 0;
    for (int i = 0; i < a->n; i++)
        sims += a->res[i]->simulated;
    const char *status = "complete";
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->res[i]->status, "complete"))
            status = !strcmp(a->res[i]->status, "interrupted") ? "interrupted" : "partial";
    db_json_begin_object(j, NULL);
    db_json_str(j, "tool", "discbench");
    db_json_str(j, "version", DB_VERSION);
    db_json_str(j, "test", "suite");
    db_json_bool(j, "simulated", sims == a->n);
    db_json_bool(j, "some_simulated", sims > 0);
    db_json_str(j, "status", status);
    db_json_int(j, "exit_code", a->rc);
    db_json_str(j, "command", a->command);
    db_json_begin_array(j, "drives");
    for (int i = 0; i < a->n; i++) {
        const suite_result *r = a->res[i];
        db_json_begin_object(j, NULL);
        db_json_str(j, "device", r->device);
        db_json_str(j, "drive", r->drive_name);
        db_json_str(j, "dir", a->prefix[i]);
        db_json_bool(j, "simulated", r->simulated);
        db_json_str(j, "status", r->status);
        db_json_int(j, "exit_code", r->rc);
        db_json_str(j, "error", r->error[0] ? r->error : NULL);
        db_json_end_object(j);
    }
    db_json_end_array(j);
    db_json_begin_array(j, "comparisons");
    for (int c = 0; c < a->ncompare; c++)
        db_json_str(j, NULL, a->compare[c]);
    db_json_end_array(j);
    db_json_str(j, "report", "report.md");
    db_json_end_object(j);
}

int suite_top_summary(const char *dir, const char *command, const suite_result *const *res,
                      const char *const *prefix, int n, const char *const *compare, int ncompare, int rc,
                      db_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    top_arg a = { command, res, prefix, n, compare, ncompare, rc };
    return db_json_write_file(path, fill_top, &a, err);
}
