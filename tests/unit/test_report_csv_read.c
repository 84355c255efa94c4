/* Unit tests: the RFC 4180 reader with limits (report/csv_read.c) and the
 * test a CSV comes from (report/csv_kind.c): quoting, line ends, and every
 * kind of bad input compare must refuse with one clear line - a CSV cut
 * short, one from another tool, a binary file, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/csv.h"
#include "report/csv_kind.h"
#include "report/csv_read.h"
#include "testutil.h"

static int parse(const char *text, db_csv_table *t, db_error *err)
{
    return db_csv_parse(text, strlen(text), "t.csv", NULL, t, err);
}

static void expect_fail(const char *text, const char *needle)
{
    db_csv_table t;
    db_error err = { 0 };
    if (parse(text, &t, &err) == 0)
        fail_msg("accepted: %s", text);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    if (!strstr(err.msg, needle))
        fail_msg("'%s' not in '%s'", needle, err.msg);
    assert_null(strchr(err.msg, '\n'));
    assert_int_equal(t.nrows, 0);
    assert_null(t.cells);
}

static void test_plain_and_quoted(void **state)
{
    (void)state;
    db_csv_table t;
    db_error err = { 0 };
    const char *text = "a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n,\"two\nlines\",3\n";
    assert_int_equal(parse(text, &t, &err), 0);
    assert_int_equal(t.ncols, 3);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(t.header[2], "c");
    assert_string_equal(db_csv_cell(&t, 0, 1), "x, y");
    assert_string_equal(db_csv_cell(&t, 0, 2), "say \"hi\"");
    assert_string_equal(db_csv_cell(&t, 1, 0), "");
    assert_string_equal(db_csv_cell(&t, 1, 1), "two\nlines");
    assert_int_equal(db_csv_table_col(&t, "b"), 1);
    assert_int_equal(db_csv_table_col(&t, "z"), -1);
    double v;
    assert_int_equal(db_csv_cell_num(&t, 1, 2, &v), 0);
    assert_true(v == 3.0);
    assert_int_equal(db_csv_cell_num(&t, 1, 0, &v), -1); /* empty */
    assert_int_equal(db_csv_cell_num(&t, 0, 1, &v), -1); /* text */
    db_csv_table_free(&t);

    /* header only: no rows, still a table */
    assert_int_equal(parse("x,y\n", &t, &err), 0);
    assert_int_equal(t.nrows, 0);
    assert_int_equal(t.ncols, 2);
    db_csv_table_free(&t);
}

/* What our own writer writes, the reader reads back field for field. */
static void test_round_trip_with_writer(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("csvrt");
    char path[512];
    snprintf(path, sizeof path, "%s/x.csv", dir);
    const char *cols[] = { "name", "value", "source" };
    db_error err = { 0 };
    db_csv *w = db_csv_create(path, cols, 3, &err);
    assert_non_null(w);
    const char *r1[] = { "comma, quote \" and\nnewline", "1.5", "simulated" };
    const char *r2[] = { "", "-2", "measured" };
    assert_int_equal(db_csv_row(w, r1, &err), 0);
    assert_int_equal(db_csv_row(w, r2, &err), 0);
    db_csv_close(w);
    db_csv_table t;
    assert_int_equal(db_csv_read(path, NULL, &t, &err), 0);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(db_csv_cell(&t, 0, 0), r1[0]);
    assert_string_equal(db_csv_cell(&t, 1, 1), "-2");
    db_csv_table_free(&t);
    tu_rmrf(dir);
    free(dir);
}

static void test_cut_and_broken(void **state)
{
    (void)state;
    expect_fail("", "empty file");
    expect_fail("a,b\n1,2", "no line end");                 /* last row cut */
    expect_fail("a,b\n1,2\n3", "no line end");
    expect_fail("a,b\n1,\"open\n", "never ends");           /* cut inside a quoted field */
    expect_fail("a,b\n1,2\n3\n", "1 field, the header has 2");
    expect_fail("a,b\n1,2,3\n", "3 fields, the header has 2");
    expect_fail("a,b\n1,x\"y\n", "quote inside an unquoted field");
    expect_fail("a,b\n1,\"x\"y\n", "text after a closing quote");
    expect_fail("a,,c\n1,2,3\n", "empty column name");
    expect_fail("a,b,a\n1,2,3\n", "appears twice");
    expect_fail("a,b\n1,2\r3,4\n", "carriage return");
    static const char bin[] = "a,b\n1,\0002\n";
    db_csv_table t;
    db_error err = { 0 };
    assert_int_equal(db_csv_parse(bin, sizeof bin - 1, "bin", NULL, &t, &err), -1);
    assert_non_null(strstr(err.msg, "NUL byte"));
}

static void test_limits(void **state)
{
    (void)state;
    db_csv_limits lim = { .max_bytes = 64, .max_rows = 2, .max_cols = 3, .max_field = 5 };
    db_csv_table t;
    db_error err = { 0 };
    const char *ok = "a,b\n1,2\n3,4\n";
    assert_int_equal(db_csv_parse(ok, strlen(ok), "l", &lim, &t, &err), 0);
    db_csv_table_free(&t);
    const char *rows = "a,b\n1,2\n3,4\n5,6\n";
    assert_int_equal(db_csv_parse(rows, strlen(rows), "l", &lim, &t, &err), -1);
    assert_non_null(strstr(err.msg, "more than 2 rows"));
    const char *cols = "a,b,c,d\n1,2,3,4\n";
    assert_int_equal(db_csv_parse(cols, strlen(cols), "l", &lim, &t, &err), -1);
    assert_non_null(strstr(err.msg, "more than 3 columns"));
    const char *field = "a,b\n123456,2\n";
    assert_int_equal(db_csv_parse(field, strlen(field), "l", &lim, &t, &err), -1);
    assert_non_null(strstr(err.msg, "longer than 5 bytes"));
    char big[100];
    memset(big, 'x', sizeof big);
    assert_int_equal(db_csv_parse(big, sizeof big, "l", &lim, &t, &err), -1);
    assert_non_null(strstr(err.msg, "larger than"));
    /* a missing file is one line too */
    assert_int_equal(db_csv_read("/nonexistent/x.csv", NULL, &t, &err), -1);
    assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
}

static void kind_of(const char *text, const char *want)
{
    db_csv_table t;
    db_error err = { 0 };
    assert_int_equal(parse(text, &t, &err), 0);
    const char *k = db_csv_kind_of(&t);
    if (want)
        assert_string_equal(k, want);
    else
        assert_null(k);
    db_csv_table_free(&t);
}

static void test_kinds(void **state)
{
    (void)state;
    kind_of("zone,lba_start,lba_end,position_min,position_mib,speed_x,speed_kib_s,zone_ms,read_errors,source\n",
            "transfer");
    kind_of("zone,lba_start,lba_end,position_min,position_mib,track,speed_x,speed_kib_s,zone_ms,read_errors,source\n",
            "dae");
    kind_of("kind,sample,from_lba,to_lba,radial_distance_mm,access_ms,source\n", "seek");
    kind_of("second,lba_start,lba_end,position_min,c1,c2,cu,speed_x,interval_ms,counted,fault,source\n", "quality");
    kind_of("zone,lba_start,lba_end,position_min,c2_bytes,c2_sectors,unreadable_sectors,speed_x,source\n", "c2scan");
    kind_of("zone,lba_start,lba_end,position_min,good_sectors,slow_sectors,unreadable_sectors,speed_x,zone_ms,"
            "status,source\n", "scan");
    /* another tool's speed log: close, but no source column */
    kind_of("zone,lba_start,lba_end,position_min,speed_x,zone_ms\n", NULL);
    kind_of("time,speed\n", NULL);

    /* the source column must say simulated or measured on every row */
    db_csv_table t;
    db_error err = { 0 };
    const char *k;
    assert_int_equal(parse("kind,sample,access_ms,source\nfull,0,100,simulated\nfull,1,101,nero\n", &t, &err), 0);
    assert_int_equal(db_csv_kind_check(&t, "x.csv", NULL, &k, &err), -1);
    assert_non_null(strstr(err.msg, "data row 2"));
    assert_non_null(strstr(err.msg, "not a discbench CSV"));
    db_csv_table_free(&t);
    assert_int_equal(parse("kind,sample,access_ms,source\nfull,0,100,measured\n", &t, &err), 0);
    assert_int_equal(db_csv_kind_check(&t, "x.csv", NULL, &k, &err), 0);
    assert_string_equal(k, "seek");
    assert_false(db_csv_any_simulated(&t));
    /* asked for another test: named */
    assert_int_equal(db_csv_kind_check(&t, "x.csv", "transfer", &k, &err), -1);
    assert_non_null(strstr(err.msg, "not a discbench transfer CSV"));
    db_csv_table_free(&t);
    assert_int_equal(parse("a,b,c\n1,2,3\n", &t, &err), 0);
    assert_int_equal(db_csv_kind_check(&t, "other.csv", NULL, &k, &err), -1);
    assert_non_null(strstr(err.msg, "header 'a,b,c' matches no discbench test"));
    db_csv_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_quoted), cmocka_unit_test(test_round_trip_with_writer),
        cmocka_unit_test(test_cut_and_broken),   cmocka_unit_test(test_limits),
        cmocka_unit_test(test_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
