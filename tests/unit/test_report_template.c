/* @NAME@ substitution for gnuplot templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "report/gnuplot.h"

static const db_tvar VARS[] = {
    { "CSV", "transfer.csv" },
    { "TITLE", "Drive \\\"X\\\"" },
    { "AVG_X", "35.200" },
    { "A_2", "two" },
    { "LOOP", "@CSV@" },
    { "EMPTY", NULL },
};
#define NVARS (sizeof VARS / sizeof VARS[0])

static char *fill_ok(const char *tmpl)
{
    char *out = NULL;
    db_error err = { 0 };
    assert_int_equal(db_template_fill(tmpl, VARS, NVARS, &out, &err), 0);
    assert_int_equal(err.code, 0);
    assert_non_null(out);
    return out;
}

static void test_substitution(void **state)
{
    (void)state;
    char *out = fill_ok("f = \"@CSV@\"\nset title \"@TITLE@\"\navg = @AVG_X@ # @A_2@@A_2@\n");
    assert_string_equal(out, "f = \"transfer.csv\"\nset title \"Drive \\\"X\\\"\"\navg = 35.200 # twotwo\n");
    free(out);
    /* One pass: a value that looks like a placeholder stays as it is. */
    out = fill_ok("@LOOP@");
    assert_string_equal(out, "@CSV@");
    free(out);
    /* A NULL value is empty; an empty template is an empty string. */
    out = fill_ok("[@EMPTY@]");
    assert_string_equal(out, "[]");
    free(out);
    out = fill_ok("");
    assert_string_equal(out, "");
    free(out);
}

/* '@' that does not form @[A-Z0-9_]+@ is copied literally. */
static void test_lone_at_signs_kept(void **state)
{
    (void)state;
    const char *t = "mail user@host.org; @macro; @lower@ @ @@ @Mixed@ end@\n@@CSV@@ @CSV";
    char *out = fill_ok(t);
    assert_string_equal(out, "mail user@host.org; @macro; @lower@ @ @@ @Mixed@ end@\n@transfer.csv@ @CSV");
    free(out);
}

static void test_unknown_placeholder(void **state)
{
    (void)state;
    char *out = (char *)1;
    db_error err = { 0 };
    assert_int_equal(db_template_fill("# ok @CSV@\nline two\nplot @NOPE_1@ x\n", VARS, NVARS, &out, &err), -1);
    assert_null(out);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    assert_string_equal(err.msg, "line 3: unknown placeholder @NOPE_1@");

    /* Placeholder names are exact: no prefix matching. */
    db_error_clear(&err);
    assert_int_equal(db_template_fill("@CSVX@", VARS, NVARS, &out, &err), -1);
    assert_string_equal(err.msg, "line 1: unknown placeholder @CSVX@");

    /* No variables at all. */
    db_error_clear(&err);
    assert_int_equal(db_template_fill("a\n\n\n@X@", NULL, 0, &out, &err), -1);
    assert_string_equal(err.msg, "line 4: unknown placeholder @X@");
}

/* Large output grows the buffer correctly. */
static void test_large(void **state)
{
    (void)state;
    size_t n = 10000;
    char *t = malloc(n * 5 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(t + i * 5, "@A_2@", 5);
    t[n * 5] = '\0';
    char *out = fill_ok(t);
    assert_int_equal(strlen(out), n * 3);
    assert_int_equal(strncmp(out, "twotwo", 6), 0);
    free(out);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_substitution),
        cmocka_unit_test(test_lone_at_signs_kept),
        cmocka_unit_test(test_unknown_placeholder),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
