/* discbench refuses to run setuid or setgid: the check itself
 * (src/cli/privs.c), and - when the test runs as root on a file system
 * that honours the setuid bit - a real setuid-root copy of the binary run
 * as user nobody: one line, exit 2, nothing done. */
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

#include "cli/privs.h"
#include "testutil.h"

static void test_the_check(void **state)
{
    (void)state;
    char msg[512];
    assert_int_equal(db_privs_check(1000, 1000, 100, 100, msg, sizeof msg), 0);
    assert_int_equal(db_privs_check(0, 0, 0, 0, msg, sizeof msg), 0); /* root itself: allowed */
    assert_int_equal(db_privs_check(1000, 0, 100, 100, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "refusing to run setuid"));
    assert_non_null(strstr(msg, "chmod u-s"));
    assert_null(strchr(msg, '\n'));
    assert_int_equal(db_privs_check(1000, 1000, 100, 24, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "refusing to run setgid"));
    assert_int_equal(db_privs_check(0, 1000, 0, 0, msg, sizeof msg), -1); /* dropped to a user: still refused */
}

/* A real setuid binary: copy discbench, owned by root, mode 4755, and run
 * it as nobody with setpriv (util-linux). */
static void test_a_setuid_binary(void **state)
{
    (void)state;
    const char *bin = getenv("DISCBENCH_BIN");
    assert_non_null(bin);
    if (geteuid() != 0 || access("/usr/bin/setpriv", X_OK) != 0) {
        printf("setuid run skipped: needs root and setpriv (the check itself is tested above)\n");
        return;
    }
    char *dir = tu_tmpdir("privs");
    assert_int_equal(chmod(dir, 0755), 0);
    char copy[4200];
    snprintf(copy, sizeof copy, "%s/discbench", dir);
    const char *cp[] = { "cp", bin, copy, NULL };
    assert_int_equal(tu_run(NULL, NULL, cp), 0);
    assert_int_equal(chown(copy, 0, 0), 0);
    assert_int_equal(chmod(copy, 04755), 0);
    char out[4300];
    snprintf(out, sizeof out, "%s/out", dir);
    const char *run[] = { "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", copy,
                          "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:1", "--no-store", "-o",
                          out, NULL };
    char *err = NULL;
    int rc = tu_run(NULL, &err, run);
    /* a file system mounted nosuid ignores the bit: the binary then runs
     * as nobody, which is not what this test is about */
    if (rc != 2 && err && strstr(err, "cannot write results")) {
        printf("setuid run skipped: the setuid bit is not honoured here\n");
    } else {
        if (rc != 2 || !err || strncmp(err, "discbench: refusing to run setuid", 33) || strchr(err, '\n') != err + strlen(err) - 1)
            fail_msg("setuid discbench: exit %d, stderr: %s", rc, err ? err : "");
        assert_int_equal(access(out, F_OK), -1); /* nothing done */
    }
    free(err);
    /* the same binary without the bit runs (as nobody it cannot write in
     * the root-owned directory: that is the user's own right, and says so) */
    assert_int_equal(chmod(copy, 0755), 0);
    err = NULL;
    rc = tu_run(NULL, &err, run);
    assert_int_equal(rc, 5);
    assert_non_null(strstr(err, "cannot write results"));
    free(err);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_check),
        cmocka_unit_test(test_a_setuid_binary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
