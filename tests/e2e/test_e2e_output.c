/* Results go to a fresh directory and nowhere else: an earlier run's
 * results are not overwritten without --force, and no symbolic link in the
 * results directory (or a --trace / --save-wav path) sends anything
 * discbench writes into another place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"

static const char victim_text[] = "precious: must never be overwritten\n";

/* A file outside the results directory that links will point to. */
static void make_victim(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(victim_text, f);
    fclose(f);
}

static void victim_untouched(const char *path)
{
    char *t = tu_read_file(path, NULL);
    assert_non_null(t);
    assert_string_equal(t, victim_text);
    free(t);
}

static int transfer(const char *out, const char *zones, const char *more, char **err)
{
    const char *args[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:2", "--zones", zones,
                           "--no-store", "-o", out, more, NULL };
    return tu_run_discbench(NULL, err, args);
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

static void test_fresh_directory_or_force(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("out-force");
    char out[4200], csv[4300];
    snprintf(out, sizeof out, "%s/run", dir);
    snprintf(csv, sizeof csv, "%s/transfer.csv", out);
    char *err = NULL;
    assert_int_equal(transfer(out, "10", "--no-plot", &err), 0);
    free(err);
    char *first = tu_read_file(csv, NULL);
    assert_non_null(first);

    /* again into the same directory: refused, one line naming --force, nothing touched */
    err = NULL;
    assert_int_equal(transfer(out, "20", "--no-plot", &err), 5);
    assert_int_equal(lines(err), 1);
    assert_non_null(strstr(err, "discbench: transfer: "));
    assert_non_null(strstr(err, "earlier run"));
    assert_non_null(strstr(err, "--force"));
    free(err);
    char *still = tu_read_file(csv, NULL);
    assert_string_equal(still, first);
    free(still);
    /* another test's results in it count too (its summary.json) */
    const char *scan[] = { "scan", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:2", "--no-store", "--no-plot",
                           "-o", out, NULL };
    err = NULL;
    assert_int_equal(tu_run_discbench(NULL, &err, scan), 5);
    assert_non_null(strstr(err, "summary.json"));
    free(err);

    /* --force: overwritten */
    err = NULL;
    assert_int_equal(transfer(out, "20", "--force", &err), 0);
    free(err);
    tu_csv c;
    assert_int_equal(tu_csv_load(csv, &c), 0);
    assert_int_equal(c.nrows, 21);
    tu_csv_free(&c);
    /* an empty existing directory is fresh */
    char empty[4300];
    snprintf(empty, sizeof empty, "%s/empty", dir);
    assert_int_equal(mkdir(empty, 0755), 0);
    assert_int_equal(transfer(empty, "10", "--no-plot", NULL), 0);
    /* without -o: results/transfer-DATE-TIME, a fresh one for every run,
     * also within the same second */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    const char *noo[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:1", "--zones", "2",
                          "--no-store", "--no-plot", NULL };
    for (int i = 0; i < 3; i++)
        assert_int_equal(tu_run_discbench(NULL, NULL, noo), 0);
    const char *ls[] = { "sh", "-c", "ls results | wc -l", NULL };
    char *count = NULL;
    assert_int_equal(tu_run(&count, NULL, ls), 0);
    assert_int_equal(atoi(count), 3);
    free(count);
    assert_int_equal(chdir(cwd), 0);
    free(first);
    tu_rmrf(dir);
    free(dir);
}

static void test_no_link_is_followed(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("out-links");
    char victim[4200], out[4200], p[4400];
    snprintf(victim, sizeof victim, "%s/victim.txt", dir);
    snprintf(out, sizeof out, "%s/run", dir);
    make_victim(victim);
    assert_int_equal(mkdir(out, 0755), 0);

    /* the CSV's name is a link: refused (O_NOFOLLOW), the target untouched */
    snprintf(p, sizeof p, "%s/transfer.csv", out);
    assert_int_equal(symlink(victim, p), 0);
    char *err = NULL;
    assert_int_equal(transfer(out, "10", "--force", &err), 5);
    assert_int_equal(lines(err), 1);
    assert_non_null(strstr(err, "symbolic link"));
    free(err);
    victim_untouched(victim);
    unlink(p);

    /* links under the names of the summary, its temporary file, the
     * script, the pictures and gnuplot's log: each replaced or removed, the
     * files land in the directory, the target untouched */
    static const char *const names[] = { "summary.json", ".summary.json.tmp", "transfer.gp", ".transfer.gp.tmp",
                                         "transfer.png", "transfer.svg", "gnuplot.log" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", out, names[i]);
        assert_int_equal(symlink(victim, p), 0);
    }
    err = NULL;
    int rc = transfer(out, "10", "--force", &err);
    victim_untouched(victim);
    /* gnuplot.log was a link: the log cannot be written, the pictures are
     * not drawn (a note, never a failed test) */
    if (rc)
        fail_msg("exit %d: %s", rc, err);
    free(err);
    static const char *const real[] = { "summary.json", "transfer.gp", "transfer.csv" };
    for (size_t i = 0; i < sizeof real / sizeof real[0]; i++) {
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", out, real[i]);
        assert_int_equal(lstat(p, &st), 0);
        assert_true(S_ISREG(st.st_mode));
    }
    /* without the log link, the pictures are drawn into the directory */
    snprintf(p, sizeof p, "%s/gnuplot.log", out);
    unlink(p);
    snprintf(p, sizeof p, "%s/transfer.png", out);
    struct stat st;
    if (lstat(p, &st) != 0)
        assert_int_equal(symlink(victim, p), 0);
    assert_int_equal(transfer(out, "10", "--force", NULL), 0);
    victim_untouched(victim);
    assert_int_equal(lstat(p, &st), 0);
    assert_false(S_ISLNK(st.st_mode));

    /* the results directory itself a link: refused */
    char link_dir[4300];
    snprintf(link_dir, sizeof link_dir, "%s/linked", dir);
    assert_int_equal(symlink(out, link_dir), 0);
    err = NULL;
    assert_int_equal(transfer(link_dir, "10", "--force", &err), 5);
    assert_non_null(strstr(err, "symbolic link"));
    free(err);

    /* --trace FILE that is a link */
    char trace[4300], fresh[4300];
    snprintf(trace, sizeof trace, "%s/t.trace.gz", dir);
    snprintf(fresh, sizeof fresh, "%s/fresh", dir);
    assert_int_equal(symlink(victim, trace), 0);
    err = NULL;
    const char *tr[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:1", "--zones", "4",
                         "--no-store", "--no-plot", "-o", fresh, "--trace", trace, NULL };
    assert_int_equal(tu_run_discbench(NULL, &err, tr), 5);
    assert_non_null(strstr(err, "symbolic link"));
    free(err);
    victim_untouched(victim);

    /* --save-wav DIR/track01.wav that is a link */
    const char *src = getenv("DB_SRC");
    char disc[4300], wavdir[4300], dae_out[4300];
    snprintf(disc, sizeof disc, "%s/tests/data/vdrive/dae_audio1.profile", src ? src : ".");
    snprintf(wavdir, sizeof wavdir, "%s/wav", dir);
    snprintf(dae_out, sizeof dae_out, "%s/dae", dir);
    assert_int_equal(mkdir(wavdir, 0755), 0);
    snprintf(p, sizeof p, "%s/track01.wav", wavdir);
    assert_int_equal(symlink(victim, p), 0);
    const char *dae[] = { "dae", "-d", "sim:liteon-ltr40125s", "--disc", disc, "--zones", "4", "--no-store",
                          "--no-plot", "--save-wav", wavdir, "-o", dae_out, NULL };
    err = NULL;
    assert_int_equal(tu_run_discbench(NULL, &err, dae), 5);
    assert_int_equal(lines(err), 1);
    assert_non_null(strstr(err, "symbolic link"));
    free(err);
    victim_untouched(victim);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fresh_directory_or_force),
        cmocka_unit_test(test_no_link_is_followed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
