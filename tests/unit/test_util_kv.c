/* The profile parser: syntax, typed getters, and file:line errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/kv.h"

static int parse(const char *text, kv_file *kv, db_error *err)
{
    return kv_parse("t.profile", text, strlen(text), kv, err);
}

static void test_sections_keys_comments(void **state)
{
    (void)state;
    kv_file kv;
    db_error err = { 0 };
    assert_int_equal(parse("# top\n[drive]\nvendor = \"LITE-ON\"  # why\nmodel=LTR # x\n"
                           "[data]\nzone = 0 24\nzone = 20 32\n", &kv, &err), 0);
    const char *s;
    assert_int_equal(kv_get_str(&kv, "drive", "vendor", true, NULL, &s, &err), 0);
    assert_string_equal(s, "LITE-ON");
    assert_int_equal(kv_get_str(&kv, "drive", "model", true, NULL, &s, &err), 0);
    assert_string_equal(s, "LTR");
    const kv_entry *e = kv_next(&kv, NULL, "data", "zone");
    assert_non_null(e);
    assert_string_equal(e->value, "0 24");
    assert_int_equal(e->line, 6);
    e = kv_next(&kv, e, "data", "zone");
    assert_string_equal(e->value, "20 32");
    assert_null(kv_next(&kv, e, "data", "zone"));
    assert_int_equal(kv_check_unused(&kv, &err), 0);
    kv_free(&kv);
}

static void test_errors_name_file_and_line(void **state)
{
    (void)state;
    struct { const char *text; const char *msg; } cases[] = {
        { "[drive\nx = 1\n", "t.profile:1: section header needs a closing ']'" },
        { "[drive]\njust words\n", "t.profile:2: expected 'key = value' or '[section]'" },
        { "[d]\n = 3\n", "t.profile:2: missing key before '='" },
        { "[d]\nx = \"unbalanced\n", "t.profile:2: unbalanced quote in value" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kv_file kv;
        db_error err = { 0 };
        assert_int_equal(parse(cases[i].text, &kv, &err), -1);
        assert_string_equal(err.msg, cases[i].msg);
        assert_int_equal(err.code, DB_EXIT_INPUT);
    }
}

static void test_typed_getters(void **state)
{
    (void)state;
    kv_file kv;
    db_error err = { 0 };
    assert_int_equal(parse("[m]\nspeed = 48\nbad = 4x8\nbig = 1000\nflag = yes\nkind = CAV\n"
                           "twice = 1\ntwice = 2\ntypo = 1\n", &kv, &err), 0);
    double d;
    assert_int_equal(kv_get_double(&kv, "m", "speed", true, 0, 1, 72, &d, &err), 0);
    assert_true(d == 48.0);
    assert_int_equal(kv_get_double(&kv, "m", "missing", false, 7, 1, 72, &d, &err), 0);
    assert_true(d == 7.0);
    assert_int_equal(kv_get_double(&kv, "m", "missing2", true, 7, 1, 72, &d, &err), -1);
    assert_string_equal(err.msg, "t.profile: missing required key 'missing2' in [m]");
    assert_int_equal(kv_get_double(&kv, "m", "bad", true, 0, 1, 72, &d, &err), -1);
    assert_string_equal(err.msg, "t.profile:3: 'bad' must be a number, not '4x8'");
    assert_int_equal(kv_get_double(&kv, "m", "big", true, 0, 1, 72, &d, &err), -1);
    assert_string_equal(err.msg, "t.profile:4: 'big' = 1000 is out of range [1, 72]");
    bool b;
    assert_int_equal(kv_get_bool(&kv, "m", "flag", true, false, &b, &err), 0);
    assert_true(b);
    static const char *const kinds[] = { "CLV", "ZCLV", "PCAV", "CAV", NULL };
    int k;
    assert_int_equal(kv_get_enum(&kv, "m", "kind", true, 0, kinds, &k, &err), 0);
    assert_int_equal(k, 3);
    const char *s;
    assert_int_equal(kv_get_str(&kv, "m", "twice", true, NULL, &s, &err), -1);
    assert_string_equal(err.msg, "t.profile:8: 'twice' given twice in [m] (first at line 7)");
    assert_int_equal(kv_check_unused(&kv, &err), -1);
    assert_string_equal(err.msg, "t.profile:9: unknown key 'typo' in [m]");
    kv_free(&kv);
}

static void test_numbers_strict(void **state)
{
    (void)state;
    double d;
    long l;
    assert_int_equal(db_parse_double("1.5", &d), 0);
    assert_int_equal(db_parse_double("abc", &d), -1);
    assert_int_equal(db_parse_double("", &d), -1);
    assert_int_equal(db_parse_double(" 1", &d), -1);
    assert_int_equal(db_parse_double("nan", &d), -1);
    assert_int_equal(db_parse_double("inf", &d), -1);
    assert_int_equal(db_parse_long("10000000", &l), 0);
    assert_int_equal(db_parse_long("12x", &l), -1);
    assert_int_equal(db_parse_long("99999999999999999999999", &l), -1);
}

static void test_binary_and_missing_file(void **state)
{
    (void)state;
    kv_file kv;
    db_error err = { 0 };
    assert_int_equal(kv_parse("b", "a\0b", 3, &kv, &err), -1);
    assert_int_equal(kv_load("/nonexistent/x.profile", &kv, &err), -1);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    assert_non_null(strstr(err.msg, "/nonexistent/x.profile: cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sections_keys_comments),
        cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_typed_getters),
        cmocka_unit_test(test_numbers_strict),
        cmocka_unit_test(test_binary_and_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
