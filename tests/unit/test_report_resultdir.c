/* Preparing the results directory: created when missing, refused with a
 * clear message when it cannot hold results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/resultdir.h"
#include "testutil.h"

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void test_creates_nested(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("rdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/a/b//c/", dir);
    db_error err = { 0 };
    assert_int_equal(db_resultdir_prepare(path, &err), 0);
    struct stat st;
    snprintf(path, sizeof path, "%s/a/b/c", dir);
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    /* Again on the existing directory; no probe file is left behind. */
    assert_int_equal(db_resultdir_prepare(path, &err), 0);
    assert_int_equal(entries(path), 0);
    tu_rmrf(dir);
    free(dir);
}

static void test_relative(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("rdirrel");
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    db_error err = { 0 };
    assert_int_equal(db_resultdir_prepare("results/run1", &err), 0);
    assert_int_equal(db_resultdir_prepare(".", &err), 0);
    assert_int_equal(entries("results/run1"), 0);
    assert_int_equal(chdir(cwd), 0);
    tu_rmrf(dir);
    free(dir);
}

static void test_errors(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("rdirerr");
    char file[4096], path[8192], want[16384];
    snprintf(file, sizeof file, "%s/plainfile", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    db_error err = { 0 };

    /* Under a regular file: fails even for root. */
    snprintf(path, sizeof path, "%s/sub/deeper", file);
    assert_int_equal(db_resultdir_prepare(path, &err), -1);
    assert_int_equal(err.code, DB_EXIT_OUTPUT);
    snprintf(want, sizeof want, "cannot write results to %s: Not a directory", path);
    assert_string_equal(err.msg, want);

    /* The path is itself a regular file. */
    db_error_clear(&err);
    assert_int_equal(db_resultdir_prepare(file, &err), -1);
    snprintf(want, sizeof want, "cannot write results to %s: Not a directory", file);
    assert_string_equal(err.msg, want);

    db_error_clear(&err);
    assert_int_equal(db_resultdir_prepare("", &err), -1);
    assert_int_equal(err.code, DB_EXIT_OUTPUT);

    /* A read-only directory stops everyone but root (root writes anyway,
     * so there the check only runs when it can mean something). */
    if (geteuid() != 0) {
        snprintf(path, sizeof path, "%s/ro", dir);
        assert_int_equal(mkdir(path, 0555), 0);
        db_error_clear(&err);
        assert_int_equal(db_resultdir_prepare(path, &err), -1);
        snprintf(want, sizeof want, "cannot write results to %s: Permission denied", path);
        assert_string_equal(err.msg, want);
        chmod(path, 0755);
    }
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_creates_nested),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
