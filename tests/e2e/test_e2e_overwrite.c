/* compare and grade, like every test command, never write over an earlier
 * run's results in their output directory unless given --force. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

static void test_compare_needs_force(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("overwrite");
    char a[4200], b[4200], out[4200];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(out, sizeof out, "%s/cmp", dir);
    const char *ra[] = { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:2", "--zones", "5",
                         "--no-plot", "--no-store", "-o", a, NULL };
    const char *rb[] = { "transfer", "-d", "sim:samsung-sc152", "--disc", "synthetic:2", "--zones", "5",
                         "--no-plot", "--no-store", "-o", b, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, ra), 0);
    assert_int_equal(tu_run_discbench(NULL, NULL, rb), 0);
    const char *cmp[] = { "compare", a, b, "--no-plot", "-o", out, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, cmp), 0);
    char csv[4300];
    snprintf(csv, sizeof csv, "%s/compare.csv", out);
    char *before = tu_read_file(csv, NULL);
    assert_non_null(before);
    char *err = NULL;
    assert_int_equal(tu_run_discbench(NULL, &err, cmp), 5);
    assert_non_null(strstr(err, "already holds the results of an earlier run"));
    assert_non_null(strstr(err, "--force"));
    free(err);
    char *still = tu_read_file(csv, NULL);
    assert_string_equal(before, still); /* nothing written over */
    const char *forced[] = { "compare", a, b, "--no-plot", "--force", "-o", out, NULL };
    assert_int_equal(tu_run_discbench(NULL, NULL, forced), 0);
    free(before);
    free(still);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_needs_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
