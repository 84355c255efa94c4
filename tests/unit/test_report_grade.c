/* Unit tests: grading (report/grade.c, grade_out.c) on stores filled by
 * hand: the letter thresholds, groups per ATIP manufacturer and write
 * speed, the rank following the figures, a suite counted as one disc,
 * incomplete and pressed-disc scans left out, C2-pointer-only groups,
 * grouping by label, the best write speed, the files written, and an
 * empty store. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "report/csv_read.h"
#include "report/grade.h"
#include "report/store.h"
#include "testutil.h"

static void test_letters(void **state)
{
    (void)state;
    /* mean C1: A <= 2 < B <= 5 < C <= 10 < D */
    assert_string_equal(db_grade_letter(2.0, 0, 0, -1, 0, 0, true), "A");
    assert_string_equal(db_grade_letter(2.01, 0, 0, -1, 0, 0, true), "B");
    assert_string_equal(db_grade_letter(5.0, 0, 0, -1, 0, 0, true), "B");
    assert_string_equal(db_grade_letter(10.0, 0, 0, -1, 0, 0, true), "C");
    assert_string_equal(db_grade_letter(10.5, 0, 0, -1, 0, 0, true), "D");
    /* any C2: D however low C1 is */
    assert_string_equal(db_grade_letter(0.5, 1, 0, -1, 0, 0, true), "D");
    assert_string_equal(db_grade_letter(0.5, 0, 0, 3, 0, 0, true), "D");
    /* CU, unreadable sectors, Red Book failure: F */
    assert_string_equal(db_grade_letter(0.5, 0, 1, -1, 0, 0, true), "F");
    assert_string_equal(db_grade_letter(0.5, 0, 0, -1, 2, 0, true), "F");
    assert_string_equal(db_grade_letter(0.5, 0, 0, -1, 0, 1, true), "F");
    /* unknown CU (-1) is not a CU */
    assert_string_equal(db_grade_letter(1.0, 0, -1, -1, 0, 0, true), "A");
    /* no C1 figures: at best C */
    assert_string_equal(db_grade_letter(NAN, 0, -1, 0, 0, 0, false), "C");
    assert_string_equal(db_grade_letter(NAN, 0, -1, 5, 0, 0, false), "D");
}

static long long add(sqlite3 *db, const char *test, const char *maker, const char *media, double ws, const char *label,
                     long long parent, int complete, const char *summary)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "INSERT INTO runs (test, started, status, complete, simulated, "
                                        "atip_manufacturer, media_type, write_speed_x, label, parent_id, summary) "
                                        "VALUES (?1, '2024-01-01', ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, test, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, complete ? "complete" : "interrupted", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, complete);
    if (maker)
        sqlite3_bind_text(st, 4, maker, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, media, -1, SQLITE_STATIC);
    if (ws > 0)
        sqlite3_bind_double(st, 6, ws);
    if (label)
        sqlite3_bind_text(st, 7, label, -1, SQLITE_STATIC);
    if (parent)
        sqlite3_bind_int64(st, 8, parent);
    if (summary)
        sqlite3_bind_text(st, 9, summary, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    return sqlite3_last_insert_rowid(db);
}

static long long quality(sqlite3 *db, const char *maker, double ws, const char *label, long long parent, double c1,
                         int c1max, int c2, int cu, int score, const char *redbook)
{
    char js[512];
    snprintf(js, sizeof js,
             "{\"result\": {\"c1\": {\"average_per_second\": %g, \"max_per_second\": %d}, \"c2\": {\"total\": %d},"
             " \"cu\": {\"total\": %d}}, \"protocol\": {\"reports_cu\": true}, \"score\": %d,"
             " \"redbook\": {\"verdict\": \"%s\"}, \"plausibility\": {\"believed\": true},"
             " \"unreadable\": {\"count\": 0}}",
             c1, c1max, c2, cu, score, redbook);
    return add(db, "quality", maker, "CD-R", ws, label, parent, 1, js);
}

static const db_grade_row *row_of(const db_grade *g, const char *group, double ws)
{
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->rows[i].group, group) && g->rows[i].write_speed_x == ws)
            return &g->rows[i];
    fail_msg("no row %s %g", group, ws);
    return NULL;
}

static void test_grade_store(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("grade");
    char path[600];
    snprintf(path, sizeof path, "%s/r.db", dir);
    db_store *s;
    db_error err = { 0 };
    assert_int_equal(db_store_open(path, &s, &err), 0);
    sqlite3 *db = db_store_sqlite(s);
    const char *cmc = "CMC Magnetics Corporation", *ty = "Taiyo Yuden", *ritek = "Ritek Co.";
    /* CMC at 48x: two discs, each a suite (quality + scan = one disc); one
     * scan found an unreadable sector */
    long long s1 = add(db, "suite", cmc, "CD-R", 48, "ATT", 0, 1, "{}");
    quality(db, cmc, 48, "ATT", s1, 120, 300, 200, 10, 7, "fail");
    add(db, "scan", cmc, "CD-R", 48, "ATT", s1, 1, "{\"result\": {\"unreadable_sectors\": 4}}");
    long long s2 = add(db, "suite", cmc, "CD-R", 48, "ATT", 0, 1, "{}");
    quality(db, cmc, 48, "ATT", s2, 130, 320, 210, 12, 6, "fail");
    /* CMC at 24x: two standalone quality runs = two discs */
    quality(db, cmc, 24, "ATT", 0, 9, 30, 0, 0, 74, "pass");
    quality(db, cmc, 24, "ATT", 0, 8, 28, 0, 0, 75, "pass");
    /* Taiyo Yuden at 48x and at 16x: both clean; 16x a touch better */
    quality(db, ty, 48, "Fuji", 0, 3, 12, 0, 0, 85, "pass");
    quality(db, ty, 16, "Fuji", 0, 1.5, 8, 0, 0, 90, "pass");
    /* Ritek: C2-pointer scans only (a drive with no C1 protocol) */
    add(db, "c2scan", ritek, "CD-R", 32, NULL, 0, 1, "{\"result\": {\"c2_bytes\": 0, \"unreadable_sectors\": 0}}");
    /* left out: an interrupted scan, a pressed disc */
    add(db, "quality", ty, "CD-R", 48, NULL, 0, 0, "{\"result\": {\"c1\": {\"average_per_second\": 500}}}");
    add(db, "quality", NULL, "pressed", 0, "game", 0, 1,
        "{\"result\": {\"c1\": {\"average_per_second\": 0.1}}, \"score\": 99}");

    db_grade g;
    assert_int_equal(db_grade_compute(s, DB_GRADE_BY_MANUFACTURER, &g, &err), 0);
    assert_int_equal(g.n, 5);
    assert_int_equal(g.runs_ignored, 1);
    assert_int_equal(g.runs_pressed, 1);
    assert_true(g.all_simulated);
    const db_grade_row *c48 = row_of(&g, cmc, 48), *c24 = row_of(&g, cmc, 24), *t48 = row_of(&g, ty, 48),
                       *t16 = row_of(&g, ty, 16), *r32 = row_of(&g, ritek, 32);
    assert_int_equal(c48->discs, 2);           /* a suite is one disc */
    assert_int_equal(c48->quality_discs, 2);
    assert_true(fabs(c48->c1_mean - 125) < 1e-9);
    assert_true(c48->c1_max == 320);
    assert_int_equal(c48->c2_total, 410);
    assert_int_equal(c48->cu_total, 22);
    assert_int_equal(c48->read_errors, 4);
    assert_int_equal(c48->redbook_fails, 2);
    assert_string_equal(c48->grade, "F");
    assert_int_equal(c24->discs, 2);
    assert_true(fabs(c24->c1_mean - 8.5) < 1e-9);
    assert_true(fabs(c24->score - 74.5) < 1e-9);
    assert_string_equal(c24->grade, "C");
    assert_string_equal(t48->grade, "B");
    assert_string_equal(t16->grade, "A");
    assert_string_equal(r32->grade, "C");
    assert_string_equal(r32->basis, "C2 pointers only");
    assert_int_equal(r32->c2_pointer_bytes, 0);
    assert_true(isnan(r32->c1_mean));
    /* the rank follows the figures: A, B, C (score 74.5), C (no score), F */
    assert_ptr_equal(&g.rows[0], t16);
    assert_ptr_equal(&g.rows[1], t48);
    assert_ptr_equal(&g.rows[2], c24);
    assert_ptr_equal(&g.rows[3], r32);
    assert_ptr_equal(&g.rows[4], c48);
    for (size_t i = 0; i < g.n; i++)
        assert_int_equal(g.rows[i].rank, (int)i + 1);
    /* best write speed per manufacturer */
    assert_true(c48->best_write_speed_x == 24);
    assert_true(c24->best_write_speed_x == 24);
    assert_true(t48->best_write_speed_x == 16);

    /* the files */
    char out[700];
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(mkdir(out, 0755), 0);
    char note[300];
    assert_int_equal(db_grade_write(&g, out, true, note, sizeof note, &err), 0);
    assert_non_null(strstr(note, "--no-plot"));
    char csvp[800], mdp[800], gpp[800];
    snprintf(csvp, sizeof csvp, "%s/grade.csv", out);
    snprintf(mdp, sizeof mdp, "%s/grade.md", out);
    snprintf(gpp, sizeof gpp, "%s/grade.gp", out);
    db_csv_table t;
    assert_int_equal(db_csv_read(csvp, NULL, &t, &err), 0);
    assert_int_equal(t.nrows, 5);
    assert_string_equal(db_csv_cell(&t, 4, (size_t)db_csv_table_col(&t, "grade")), "F");
    assert_string_equal(db_csv_cell(&t, 0, (size_t)db_csv_table_col(&t, "group")), ty);
    db_csv_table_free(&t);
    char *md = tu_read_file(mdp, NULL);
    assert_non_null(strstr(md, "| 1 | Taiyo Yuden | 16x | 1 |"));
    assert_non_null(strstr(md, "**F**"));
    assert_non_null(strstr(md, "CMC Magnetics Corporation: 24x"));
    assert_non_null(strstr(md, "SIMULATED"));
    assert_non_null(strstr(md, "1 scans of pressed discs left out"));
    free(md);
    assert_int_equal(access(gpp, R_OK), 0);
    db_grade_free(&g);

    /* by label: the pressed disc counts, the label groups the rest */
    assert_int_equal(db_grade_compute(s, DB_GRADE_BY_LABEL, &g, &err), 0);
    assert_int_equal(g.runs_pressed, 0);
    bool have_game = false, have_att48 = false;
    for (size_t i = 0; i < g.n; i++) {
        have_game |= !strcmp(g.rows[i].group, "game");
        if (!strcmp(g.rows[i].group, "ATT") && g.rows[i].write_speed_x == 48)
            have_att48 = !strcmp(g.rows[i].grade, "F");
    }
    assert_true(have_game);
    assert_true(have_att48);
    db_grade_free(&g);
    db_store_close(s);

    /* an empty store: nothing to grade */
    snprintf(path, sizeof path, "%s/empty.db", dir);
    assert_int_equal(db_store_open(path, &s, &err), 0);
    assert_int_equal(db_grade_compute(s, DB_GRADE_BY_MANUFACTURER, &g, &err), 0);
    assert_int_equal(g.n, 0);
    db_grade_free(&g);
    db_store_close(s);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_letters),
        cmocka_unit_test(test_grade_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
