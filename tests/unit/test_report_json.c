/* The summary.json writer: layout, RFC 8259 escaping, nulls for what has
 * no value, nesting limit, and misuse that must not yield broken JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/json.h"

/* A writer on an in-memory stream. */
typedef struct mem {
    char *buf;
    size_t len;
    FILE *f;
    db_json j;
} mem;

static void mem_open(mem *m)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    assert_non_null(m->f);
    db_json_init(&m->j, m->f);
}

/* Finish, close, and return db_json_finish's result; m->buf holds the text. */
static int mem_finish(mem *m)
{
    int rc = db_json_finish(&m->j);
    fclose(m->f);
    return rc;
}

static void test_document_layout(void **state)
{
    (void)state;
    mem m;
    mem_open(&m);
    db_json *j = &m.j;
    db_json_begin_object(j, NULL);
    db_json_str(j, "tool", "discbench");
    db_json_bool(j, "simulated", true);
    db_json_int(j, "sectors", 359849);
    db_json_int(j, "min", INT64_MIN);
    db_json_num(j, "avg_x", 35.2049, 2);
    db_json_num(j, "zero", -0.0001, 1);
    db_json_num(j, "whole", 7.6, 0);
    db_json_begin_object(j, "empty");
    db_json_end_object(j);
    db_json_begin_array(j, "zones");
    db_json_int(j, NULL, 1);
    db_json_begin_object(j, NULL);
    db_json_bool(j, "ok", false);
    db_json_end_object(j);
    db_json_begin_array(j, NULL);
    db_json_end_array(j);
    db_json_end_array(j);
    db_json_end_object(j);
    assert_int_equal(mem_finish(&m), 0);
    assert_string_equal(m.buf,
                        "{\n"
                        "  \"tool\": \"discbench\",\n"
                        "  \"simulated\": true,\n"
                        "  \"sectors\": 359849,\n"
                        "  \"min\": -9223372036854775808,\n"
                        "  \"avg_x\": 35.20,\n"
                        "  \"zero\": 0.0,\n"
                        "  \"whole\": 8,\n"
                        "  \"empty\": {},\n"
                        "  \"zones\": [\n"
                        "    1,\n"
                        "    {\n"
                        "      \"ok\": false\n"
                        "    },\n"
                        "    []\n"
                        "  ]\n"
                        "}\n");
    free(m.buf);
}

static void test_string_escaping(void **state)
{
    (void)state;
    mem m;
    mem_open(&m);
    db_json_begin_object(&m.j, NULL);
    db_json_str(&m.j, "q\"k", "say \"hi\" C:\\dir\n\ttab\x01\x1f end");
    db_json_str(&m.j, "utf8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbf");
    /* Invalid UTF-8: a stray continuation byte, an overlong '/', a UTF-16
     * surrogate, a truncated sequence at the end. */
    db_json_str(&m.j, "bad", "a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82");
    db_json_str(&m.j, "del", "x\x7fy/");
    db_json_end_object(&m.j);
    assert_int_equal(mem_finish(&m), 0);
    assert_string_equal(m.buf,
                        "{\n"
                        "  \"q\\\"k\": \"say \\\"hi\\\" C:\\\\dir\\u000a\\u0009tab\\u0001\\u001f end\",\n"
                        "  \"utf8\": \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbf\",\n"
                        "  \"bad\": \"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd\\ufffdd\\ufffd\\ufffd\",\n"
                        "  \"del\": \"x\x7fy/\"\n"
                        "}\n");
    free(m.buf);
}

static void test_nulls(void **state)
{
    (void)state;
    mem m;
    mem_open(&m);
    db_json_begin_array(&m.j, NULL);
    db_json_num(&m.j, NULL, NAN, 2);
    db_json_num(&m.j, NULL, INFINITY, 2);
    db_json_num(&m.j, NULL, -INFINITY, 2);
    db_json_str(&m.j, NULL, NULL);
    db_json_null(&m.j, NULL);
    db_json_end_array(&m.j);
    assert_int_equal(mem_finish(&m), 0);
    assert_string_equal(m.buf, "[\n  null,\n  null,\n  null,\n  null,\n  null\n]\n");
    free(m.buf);
}

static void test_nesting_limit(void **state)
{
    (void)state;
    /* Exactly the limit is fine. */
    mem m;
    mem_open(&m);
    for (int i = 0; i < DB_JSON_MAX_DEPTH; i++)
        db_json_begin_array(&m.j, NULL);
    assert_false(m.j.error);
    for (int i = 0; i < DB_JSON_MAX_DEPTH; i++)
        db_json_end_array(&m.j);
    assert_int_equal(mem_finish(&m), 0);
    free(m.buf);

    /* One more is an error, and nothing more is written after it. */
    mem_open(&m);
    for (int i = 0; i < DB_JSON_MAX_DEPTH; i++)
        db_json_begin_array(&m.j, NULL);
    db_json_begin_object(&m.j, NULL);
    assert_true(m.j.error);
    assert_int_equal(m.j.depth, DB_JSON_MAX_DEPTH);
    for (int i = 0; i < DB_JSON_MAX_DEPTH; i++)
        db_json_end_array(&m.j);
    assert_int_equal(mem_finish(&m), -1);
    assert_null(strchr(m.buf, '{'));
    free(m.buf);
}

/* Each misuse must be caught: the result would not be JSON. */
static void test_misuse(void **state)
{
    (void)state;
    mem m;

    mem_open(&m); /* unclosed */
    db_json_begin_object(&m.j, NULL);
    db_json_int(&m.j, "a", 1);
    assert_int_equal(mem_finish(&m), -1);
    free(m.buf);

    mem_open(&m); /* key missing inside an object */
    db_json_begin_object(&m.j, NULL);
    db_json_int(&m.j, NULL, 1);
    assert_true(m.j.error);
    db_json_end_object(&m.j);
    assert_int_equal(mem_finish(&m), -1);
    free(m.buf);

    mem_open(&m); /* key inside an array */
    db_json_begin_array(&m.j, NULL);
    db_json_int(&m.j, "k", 1);
    assert_true(m.j.error);
    mem_finish(&m);
    free(m.buf);

    mem_open(&m); /* key at top level */
    db_json_begin_object(&m.j, "k");
    assert_true(m.j.error);
    assert_int_equal(mem_finish(&m), -1);
    free(m.buf);

    mem_open(&m); /* mismatched end */
    db_json_begin_object(&m.j, NULL);
    db_json_end_array(&m.j);
    assert_true(m.j.error);
    assert_int_equal(mem_finish(&m), -1);
    free(m.buf);

    mem_open(&m); /* end without begin */
    db_json_end_object(&m.j);
    assert_int_equal(mem_finish(&m), -1);
    free(m.buf);

    mem_open(&m); /* two top-level values */
    db_json_int(&m.j, NULL, 1);
    db_json_int(&m.j, NULL, 2);
    assert_int_equal(mem_finish(&m), -1);
    free(m.buf);

    mem_open(&m); /* nothing at all */
    assert_int_equal(mem_finish(&m), -1);
    free(m.buf);

    mem_open(&m); /* a bare top-level scalar is valid JSON */
    db_json_str(&m.j, NULL, "x");
    assert_int_equal(mem_finish(&m), 0);
    assert_string_equal(m.buf, "\"x\"\n");
    free(m.buf);
}

/* A write error (disk full) surfaces in db_json_finish. */
static void test_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f) {
        skip();
        return;
    }
    db_json j;
    db_json_init(&j, f);
    db_json_begin_object(&j, NULL);
    db_json_str(&j, "a", "b");
    db_json_end_object(&j);
    assert_int_equal(db_json_finish(&j), -1);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_layout),
        cmocka_unit_test(test_string_escaping),
        cmocka_unit_test(test_nulls),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
