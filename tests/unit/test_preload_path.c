/* Unit test of the preload library's path normalisation (src/preload/path.c,
 * the only part of the library linked into a test: the rest interposes
 * libc). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "preload/vdev.h"

static const char *norm(const char *cwd, const char *path)
{
    static char out[64];
    return vdev_path_normalize(cwd, path, out, sizeof out) == 0 ? out : "<error>";
}

static void test_absolute_paths(void **state)
{
    (void)state;
    assert_string_equal(norm(NULL, "/tmp/vcd0"), "/tmp/vcd0");
    assert_string_equal(norm(NULL, "//tmp///vcd0"), "/tmp/vcd0");
    assert_string_equal(norm(NULL, "/tmp/./vcd0"), "/tmp/vcd0");
    assert_string_equal(norm(NULL, "/tmp/x/../vcd0"), "/tmp/vcd0");
    assert_string_equal(norm(NULL, "/tmp/vcd0/"), "/tmp/vcd0");
    assert_string_equal(norm(NULL, "/../../tmp/vcd0"), "/tmp/vcd0"); /* ".." of the root is the root */
    assert_string_equal(norm(NULL, "/"), "/");
    assert_string_equal(norm(NULL, "/tmp/.."), "/");
}

static void test_relative_paths(void **state)
{
    (void)state;
    assert_string_equal(norm("/tmp", "vcd0"), "/tmp/vcd0");
    assert_string_equal(norm("/tmp/a/b", "../../vcd0"), "/tmp/vcd0");
    assert_string_equal(norm("/", "./tmp/vcd0"), "/tmp/vcd0");
    assert_string_equal(norm("/tmp", "."), "/tmp");
}

static void test_refusals(void **state)
{
    (void)state;
    char out[16];
    assert_int_equal(vdev_path_normalize(NULL, "vcd0", out, sizeof out), -1);      /* relative, no cwd */
    assert_int_equal(vdev_path_normalize("tmp", "vcd0", out, sizeof out), -1);     /* cwd not absolute */
    assert_int_equal(vdev_path_normalize(NULL, "", out, sizeof out), -1);
    assert_int_equal(vdev_path_normalize(NULL, NULL, out, sizeof out), -1);
    assert_int_equal(vdev_path_normalize(NULL, "/a/very/long/path/here", out, sizeof out), -1);
    assert_int_equal(vdev_path_normalize(NULL, "/tmp/vcd0", out, 1), -1);
    assert_int_equal(vdev_path_normalize(NULL, "/tmp/vcd0", out, 10), 0); /* exactly fits */
    assert_string_equal(out, "/tmp/vcd0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_absolute_paths),
        cmocka_unit_test(test_relative_paths),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
