/* ATIP meaning (drive/atip.h): the shipped manufacturer table decodes the
 * codes public tools and logs show (more than 20 of them), the table
 * parser refuses bad rows with file:line, and dye / sub-type / speed
 * decoding follows the layouts cdrkit and the Linux pktcdvd driver use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drive/atip.h"

static db_atip_table table;

static int load(void **state)
{
    (void)state;
    const char *src = getenv("DB_SRC");
    char path[4096];
    snprintf(path, sizeof path, "%s/profiles/atip-manufacturers.tsv", src ? src : ".");
    db_error err = { 0 };
    if (db_atip_table_load(path, &table, &err))
        fail_msg("%s", err.msg);
    return 0;
}

static int unload(void **state)
{
    (void)state;
    db_atip_table_free(&table);
    return 0;
}

static void expect(unsigned m, unsigned s, unsigned f, const char *short_name)
{
    const db_atip_maker *r = db_atip_lookup(&table, (uint8_t)m, (uint8_t)s, (uint8_t)f);
    if (!r)
        fail_msg("%02u:%02u:%02u: no manufacturer, want %s", m, s, f, short_name);
    if (strcmp(r->short_name, short_name))
        fail_msg("%02u:%02u:%02u: got %s, want %s", m, s, f, r->short_name, short_name);
}

/* Codes from public wodim -atip logs and from cdrkit / libburn, one per
 * manufacturer the users name, the frame digit varied across each range. */
static void test_lookup_known_codes(void **state)
{
    (void)state;
    expect(97, 24, 1, "Taiyo Yuden");     /* Taiyo Yuden 97:24:01 (OSTA disc-ID example) */
    expect(97, 46, 0, "Taiyo Yuden");
    expect(97, 26, 66, "CMC Magnetics");  /* the users' "ATT" blanks */
    expect(97, 46, 69, "CMC Magnetics");
    expect(97, 31, 1, "Ritek");
    expect(97, 15, 17, "Ritek");          /* wodim log: Ritek Co., 97:15/17 */
    expect(97, 47, 55, "Ritek");
    expect(97, 34, 23, "Mitsubishi Chemical (Verbatim)"); /* Verbatim DataLifePlus */
    expect(97, 50, 24, "Mitsubishi Chemical (Verbatim)");
    expect(97, 27, 66, "Ricoh");
    expect(97, 48, 3, "Ricoh");
    expect(97, 24, 16, "Sony");           /* wodim log: SONY Corporation, 97:24/16 */
    expect(97, 32, 19, "Prodisc");
    expect(97, 25, 35, "Infodisc");
    expect(97, 22, 67, "Daxon");          /* wodim log: 97:22/67 (Acer Media = Daxon) */
    expect(97, 26, 54, "Lead Data");      /* wodim log: Lead Data Inc., 97:26/54 */
    expect(97, 26, 45, "Fuji");
    expect(97, 27, 45, "Kodak");
    expect(97, 48, 10, "Kodak");
    expect(97, 32, 0, "TDK");
    expect(97, 15, 5, "TDK");             /* wodim log: TDK Corporation, 97:15/05 */
    expect(97, 25, 29, "Maxell");
    expect(97, 17, 6, "Moser Baer");
    expect(97, 27, 58, "Mitsui");
    expect(97, 28, 12, "Gigastorage");
    expect(97, 27, 28, "Princo");
    expect(97, 26, 7, "Fornet");
    expect(97, 15, 37, "Nan-Ya");
    expect(96, 43, 37, "Ritek");
    const db_atip_maker *r = db_atip_lookup(&table, 97, 26, 66);
    assert_string_equal(r->name, "CMC Magnetics Corporation");
    assert_non_null(strstr(r->also_sold_as, "Memorex"));
    assert_non_null(strstr(r->source, "cdrkit"));
}

static void test_lookup_unknown(void **state)
{
    (void)state;
    /* the range is a tens digit of the frame: 97:26:70 is not CMC's */
    assert_null(db_atip_lookup(&table, 97, 26, 70));
    assert_null(db_atip_lookup(&table, 97, 40, 0));
    assert_null(db_atip_lookup(&table, 0, 2, 0));
    assert_null(db_atip_lookup(&table, 97, 26, 74));
    assert_null(db_atip_lookup(NULL, 97, 26, 66));
    /* the shipped table has no overlaps and is not tiny */
    assert_true(table.count >= 100);
}

static void parse_fails(const char *text, const char *want)
{
    db_atip_table t;
    db_error err = { 0 };
    assert_int_equal(db_atip_table_parse("t.tsv", text, strlen(text), &t, &err), -1);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    if (!strstr(err.msg, want))
        fail_msg("got \"%s\", want \"%s\"", err.msg, want);
    assert_null(t.rows);
}

static void test_table_parser(void **state)
{
    (void)state;
    const char *ok = "# comment\n\n97:26:60-69\tCMC Magnetics Corporation\tCMC\tMemorex\tcdrkit\r\n"
                     "97:24:00-09\tTaiyo Yuden\tTY\t\tcdrkit\n";
    db_atip_table t;
    db_error err = { 0 };
    assert_int_equal(db_atip_table_parse("t.tsv", ok, strlen(ok), &t, &err), 0);
    assert_int_equal(t.count, 2);
    assert_string_equal(t.rows[0].source, "cdrkit");
    assert_string_equal(t.rows[1].also_sold_as, "");
    assert_int_equal(t.rows[1].line, 4);
    assert_string_equal(db_atip_lookup(&t, 97, 24, 9)->short_name, "TY");
    db_atip_table_free(&t);

    parse_fails("97:26:60-69\tCMC\tCMC\tx\n", "t.tsv:1: expected 5 tab-separated fields");
    parse_fails("97:26:60-69\tCMC\tCMC\tx\ty\tz\n", "t.tsv:1: more than 5");
    parse_fails("# x\n97:26:65-74\tA\tA\t\ts\n", "t.tsv:2: code must be MM:SS:FF-FF");
    parse_fails("97:60:00-09\tA\tA\t\ts\n", "t.tsv:1: code must be");
    parse_fails("97:26:69-60\tA\tA\t\ts\n", "t.tsv:1: code must be");
    parse_fails("97:26:6x-69\tA\tA\t\ts\n", "t.tsv:1: code must be");
    parse_fails("97:26:60-69\t\tA\t\ts\n", "t.tsv:1: manufacturer, short name and source");
    parse_fails("97:26:60-69\tA\tA\t\ts\n97:26:65-69\tB\tB\t\ts\n", "t.tsv:2: code range overlaps the one on line 1");
    parse_fails("# only comments\n", "no manufacturer codes");
    char longname[300];
    memset(longname, 'x', sizeof longname);
    longname[sizeof longname - 1] = '\0';
    char text[512];
    snprintf(text, sizeof text, "97:26:60-69\t%s\tA\t\ts\n", longname);
    parse_fails(text, "t.tsv:1: a field is too long");
    parse_fails("97:26:60-69\tA\0B\tA\t\ts\n", "t.tsv:1:");

    /* a file that does not exist names itself */
    assert_int_equal(db_atip_table_load("/nonexistent/atip.tsv", &t, &err), -1);
    assert_non_null(strstr(err.msg, "/nonexistent/atip.tsv"));
}

static void test_decode(void **state)
{
    (void)state;
    mmc_atip a = { .lead_in_m = 97, .lead_in_s = 26, .lead_in_f = 66 };
    assert_string_equal(db_atip_dye(&a), "short strategy (phthalocyanine or similar)");
    a.lead_in_f = 54;
    assert_string_equal(db_atip_dye(&a), "long strategy (cyanine, azo or similar)");
    a.erasable = true;
    assert_string_equal(db_atip_dye(&a), "phase change (CD-RW)");
    assert_true(db_atip_plausible(&a));
    a.lead_in_m = 0;
    assert_false(db_atip_plausible(&a));

    mmc_atip r = { .sub_type = 3 };
    assert_string_equal(db_atip_subtype_text(&r), "type A, high beta (A+)");
    r.sub_type = 4;
    assert_string_equal(db_atip_subtype_text(&r), "type B, low beta (B-)");
    r.erasable = true;
    r.sub_type = 1;
    assert_string_equal(db_atip_subtype_text(&r), "high speed");

    /* A1: low 2x (code 1), high 4x (code 2) on a standard CD-RW */
    mmc_atip w = { .erasable = true, .a1_valid = true, .a1 = { 0x12 } };
    int lo, hi;
    db_atip_speed_range(&w, &lo, &hi);
    assert_int_equal(lo, 2);
    assert_int_equal(hi, 4);
    /* high speed CD-RW: code 4 = 10x */
    w.sub_type = 1;
    w.a1[0] = 0x14;
    db_atip_speed_range(&w, &lo, &hi);
    assert_int_equal(hi, 10);
    /* ultra speed (sub-type 2 with A2): code 8 = 24x */
    w.sub_type = 2;
    w.a2_valid = true;
    w.a1[0] = 0x38;
    db_atip_speed_range(&w, &lo, &hi);
    assert_int_equal(lo, 8);
    assert_int_equal(hi, 24);
    /* reserved code: 0, and nothing without A1 */
    w.a1[0] = 0x0F;
    db_atip_speed_range(&w, &lo, &hi);
    assert_int_equal(hi, 0);
    w.a1_valid = false;
    db_atip_speed_range(&w, &lo, &hi);
    assert_int_equal(lo + hi, 0);
    assert_int_equal(db_atip_speed_x(&w, 99), 0);
    mmc_atip ref = { .ref_speed_code = 2 };
    assert_int_equal(db_atip_ref_speed_x(&ref), 4);
    ref.ref_speed_code = 0;
    assert_int_equal(db_atip_ref_speed_x(&ref), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_known_codes, load, unload),
        cmocka_unit_test_setup_teardown(test_lookup_unknown, load, unload),
        cmocka_unit_test(test_table_parser),
        cmocka_unit_test(test_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
