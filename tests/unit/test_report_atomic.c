/* Whole-file replacement for summary.json and scripts: readers see the old
 * file or the new one, never a mix, and failures leave no temporary file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/atomic.h"
#include "testutil.h"

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void test_commit_replaces(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("atomic");
    char path[4096], tmp[4096];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    snprintf(tmp, sizeof tmp, "%s/.summary.json.tmp", dir);
    write_text(path, "old\n");

    db_atomic a;
    db_error err = { 0 };
    assert_int_equal(db_atomic_open(&a, path, &err), 0);
    assert_non_null(a.f);
    assert_string_equal(a.tmp_path, tmp);
    fputs("new content\n", a.f);
    fflush(a.f);
    /* Until commit the old file is untouched and the new text is aside. */
    char *text = tu_read_file(path, NULL);
    assert_string_equal(text, "old\n");
    free(text);
    assert_true(exists(tmp));

    assert_int_equal(db_atomic_commit(&a, &err), 0);
    assert_null(a.f);
    text = tu_read_file(path, NULL);
    assert_string_equal(text, "new content\n");
    free(text);
    assert_false(exists(tmp));
    /* A second commit is refused, abort after commit is harmless. */
    assert_int_equal(db_atomic_commit(&a, &err), -1);
    db_atomic_abort(&a);
    tu_rmrf(dir);
    free(dir);
}

static void test_abort_keeps_old(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("atomicab");
    char path[4096];
    snprintf(path, sizeof path, "%s/x.gp", dir);
    write_text(path, "old\n");
    db_atomic a;
    db_error err = { 0 };
    assert_int_equal(db_atomic_open(&a, path, &err), 0);
    fputs("half", a.f);
    db_atomic_abort(&a);
    char *text = tu_read_file(path, NULL);
    assert_string_equal(text, "old\n");
    free(text);
    assert_false(exists(a.tmp_path));
    tu_rmrf(dir);
    free(dir);
}

/* A bare file name works relative to the current directory. */
static void test_relative_name(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("atomicrel");
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    db_atomic a;
    db_error err = { 0 };
    assert_int_equal(db_atomic_open(&a, "r.json", &err), 0);
    assert_string_equal(a.tmp_path, ".r.json.tmp");
    fputs("{}\n", a.f);
    assert_int_equal(db_atomic_commit(&a, &err), 0);
    char *text = tu_read_file("r.json", NULL);
    assert_string_equal(text, "{}\n");
    free(text);
    assert_int_equal(chdir(cwd), 0);
    tu_rmrf(dir);
    free(dir);
}

static void test_errors(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("atomicerr");
    char file[4096], path[8192];
    snprintf(file, sizeof file, "%s/plainfile", dir);
    write_text(file, "x");
    snprintf(path, sizeof path, "%s/summary.json", file);

    db_atomic a;
    db_error err = { 0 };
    assert_int_equal(db_atomic_open(&a, path, &err), -1);
    assert_int_equal(err.code, DB_EXIT_OUTPUT);
    char want[16384];
    snprintf(want, sizeof want, "cannot write results to %s: Not a directory", path);
    assert_string_equal(err.msg, want);

    /* The final name is taken by a non-empty directory: rename fails at
     * commit, and the temporary file is cleaned up. */
    snprintf(path, sizeof path, "%s/taken", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    char inner[16384];
    snprintf(inner, sizeof inner, "%s/keep", path);
    write_text(inner, "x");
    db_error_clear(&err);
    assert_int_equal(db_atomic_open(&a, path, &err), 0);
    fputs("data", a.f);
    assert_int_equal(db_atomic_commit(&a, &err), -1);
    assert_int_equal(err.code, DB_EXIT_OUTPUT);
    assert_non_null(strstr(err.msg, "cannot write results to"));
    assert_false(exists(a.tmp_path));

    /* A path ending in '/' names no file. */
    db_error_clear(&err);
    snprintf(path, sizeof path, "%s/", dir);
    assert_int_equal(db_atomic_open(&a, path, &err), -1);
    assert_int_equal(err.code, DB_EXIT_OUTPUT);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces),
        cmocka_unit_test(test_abort_keeps_old),
        cmocka_unit_test(test_relative_name),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
