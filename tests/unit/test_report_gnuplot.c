/* gnuplot scripts: escaping of titles, running gnuplot without a shell,
 * writing scripts from templates, and the shipped transfer template drawn
 * for real (PNG and SVG) when gnuplot is installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/csv.h"
#include "report/gnuplot.h"
#include "testutil.h"

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void write_text(const char *path, const char *text, int mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    chmod(path, (mode_t)mode);
}

static void test_escape(void **state)
{
    (void)state;
    char out[128];
    db_gnuplot_escape("plain title", out, sizeof out);
    assert_string_equal(out, "plain title");
    db_gnuplot_escape("say \"hi\" C:\\dir", out, sizeof out);
    assert_string_equal(out, "say \\\"hi\\\" C:\\\\dir");
    /* Control characters would end the command or garble the title. */
    db_gnuplot_escape("a\nb\tc\rd\x7f" "e", out, sizeof out);
    assert_string_equal(out, "abcde");
    /* A backquote would make gnuplot run a shell command. */
    db_gnuplot_escape("x`rm -rf /`y", out, sizeof out);
    assert_string_equal(out, "x\\140rm -rf /\\140y");
    /* UTF-8 passes through. */
    db_gnuplot_escape("caf\xc3\xa9", out, sizeof out);
    assert_string_equal(out, "caf\xc3\xa9");

    /* Truncation never splits an escape or a character. */
    char small[4];
    db_gnuplot_escape("ab\"", small, sizeof small);
    assert_string_equal(small, "ab");
    db_gnuplot_escape("a`", small, sizeof small);
    assert_string_equal(small, "a");
    db_gnuplot_escape("ab\xc3\xa9", small, sizeof small);
    assert_string_equal(small, "ab");
    db_gnuplot_escape("abcdef", small, sizeof small);
    assert_string_equal(small, "abc");
    db_gnuplot_escape("abc", small, 1);
    assert_string_equal(small, "");
}

/* PATH is pointed at a directory holding fake `gnuplot` scripts, so the
 * fork/exec/redirect logic is tested whether or not gnuplot is installed. */
typedef struct fake {
    char *bin;      /* the PATH directory */
    char *work;     /* the results directory */
    char *old_path; /* to restore */
} fake;

static void fake_setup(fake *fk, const char *script)
{
    fk->bin = tu_tmpdir("gpbin");
    fk->work = tu_tmpdir("gpwork");
    const char *p = getenv("PATH");
    fk->old_path = strdup(p ? p : "/usr/bin:/bin");
    if (script) {
        char exe[4096];
        snprintf(exe, sizeof exe, "%s/gnuplot", fk->bin);
        write_text(exe, script, 0755);
    }
    setenv("PATH", fk->bin, 1);
}

static void fake_teardown(fake *fk)
{
    setenv("PATH", fk->old_path, 1);
    tu_rmrf(fk->bin);
    tu_rmrf(fk->work);
    free(fk->bin);
    free(fk->work);
    free(fk->old_path);
}

static void test_not_installed(void **state)
{
    (void)state;
    fake fk;
    fake_setup(&fk, NULL);
    assert_false(db_gnuplot_available());
    db_error err = { 0 };
    assert_int_equal(db_gnuplot_run(fk.work, "x.gp", &err), 1);
    assert_int_equal(err.code, 0);
    fake_teardown(&fk);

    /* A file named gnuplot that is not executable does not count. */
    fake_setup(&fk, "#!/bin/sh\nexit 0\n");
    char exe[4096];
    snprintf(exe, sizeof exe, "%s/gnuplot", fk.bin);
    chmod(exe, 0644);
    if (geteuid() != 0 || access(exe, X_OK) != 0)
        assert_false(db_gnuplot_available());
    fake_teardown(&fk);
}

static void test_run_cwd_args_and_log(void **state)
{
    (void)state;
    fake fk;
    /* Prints where it runs, what it got and what stdin holds (it must be
     * /dev/null: a gnuplot waiting on the terminal would hang the run).
     * Only shell builtins: PATH holds nothing but the fake. */
    fake_setup(&fk, "#!/bin/sh\necho \"cwd=$(pwd -P)\"\necho \"args=$*\"\n"
                    "if read x; then echo \"stdin=$x\"; else echo stdin-eof; fi\necho err >&2\n");
    assert_true(db_gnuplot_available());
    db_error err = { 0 };
    assert_int_equal(db_gnuplot_run(fk.work, "my plot.gp", &err), 0);
    char log[4096], real[PATH_MAX], want[8192];
    snprintf(log, sizeof log, "%s/gnuplot.log", fk.work);
    char *text = tu_read_file(log, NULL);
    assert_non_null(text);
    assert_non_null(realpath(fk.work, real));
    snprintf(want, sizeof want, "cwd=%s\nargs=my plot.gp\nstdin-eof\nerr\n", real);
    assert_string_equal(text, want);
    free(text);
    fake_teardown(&fk);

    /* Silent success: the empty log is not left behind. */
    fake_setup(&fk, "#!/bin/sh\nexit 0\n");
    assert_int_equal(db_gnuplot_run(fk.work, "x.gp", &err), 0);
    snprintf(log, sizeof log, "%s/gnuplot.log", fk.work);
    assert_false(exists(log));
    fake_teardown(&fk);
}

static void test_run_failure(void **state)
{
    (void)state;
    fake fk;
    fake_setup(&fk, "#!/bin/sh\necho 'line 3: undefined variable' >&2\nexit 1\n");
    db_error err = { 0 };
    assert_int_equal(db_gnuplot_run(fk.work, "transfer.gp", &err), -1);
    assert_int_equal(err.code, DB_EXIT_OUTPUT);
    char want[8192];
    snprintf(want, sizeof want, "gnuplot failed on %s/transfer.gp (see gnuplot.log)", fk.work);
    assert_string_equal(err.msg, want);
    char log[4096];
    snprintf(log, sizeof log, "%s/gnuplot.log", fk.work);
    char *text = tu_read_file(log, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "undefined variable"));
    free(text);

    /* Killed by a signal counts as a failure too. */
    char exe[4096];
    snprintf(exe, sizeof exe, "%s/gnuplot", fk.bin);
    write_text(exe, "#!/bin/sh\nkill -9 $$\n", 0755);
    db_error_clear(&err);
    assert_int_equal(db_gnuplot_run(fk.work, "transfer.gp", &err), -1);
    assert_string_equal(err.msg, want);

    /* A results directory that does not exist: the log cannot be opened. */
    db_error_clear(&err);
    assert_int_equal(db_gnuplot_run("/nonexistent/dir", "transfer.gp", &err), -1);
    assert_int_equal(err.code, DB_EXIT_OUTPUT);
    assert_non_null(strstr(err.msg, "cannot write results to /nonexistent/dir/gnuplot.log"));
    fake_teardown(&fk);
}

static void test_write_script(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("gpwrite");
    char tmpl[4096], out[4096], tmp[4096];
    snprintf(tmpl, sizeof tmpl, "%s/t.gpm", dir);
    snprintf(out, sizeof out, "%s/t.gp", dir);
    snprintf(tmp, sizeof tmp, "%s/.t.gp.tmp", dir);
    const db_tvar vars[] = { { "CSV", "a.csv" }, { "TITLE", "T" } };
    db_error err = { 0 };

    write_text(tmpl, "f = \"@CSV@\"\nset title \"@TITLE@\" # mail@host\n", 0644);
    assert_int_equal(db_gnuplot_write(tmpl, out, vars, 2, &err), 0);
    char *text = tu_read_file(out, NULL);
    assert_string_equal(text, "f = \"a.csv\"\nset title \"T\" # mail@host\n");
    free(text);
    assert_false(exists(tmp));

    /* An unknown placeholder names the template and the line, and leaves
     * the old script alone. */
    write_text(tmpl, "f = \"@CSV@\"\nplot @TYPO@\n", 0644);
    assert_int_equal(db_gnuplot_write(tmpl, out, vars, 2, &err), -1);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    char want[8192];
    snprintf(want, sizeof want, "%s: line 2: unknown placeholder @TYPO@", tmpl);
    assert_string_equal(err.msg, want);
    text = tu_read_file(out, NULL);
    assert_string_equal(text, "f = \"a.csv\"\nset title \"T\" # mail@host\n");
    free(text);

    /* Missing, oversized and binary templates. */
    db_error_clear(&err);
    assert_int_equal(db_gnuplot_write("/nonexistent.gpm", out, vars, 2, &err), -1);
    assert_int_equal(err.code, DB_EXIT_INPUT);
    assert_non_null(strstr(err.msg, "cannot read plot template /nonexistent.gpm"));

    FILE *f = fopen(tmpl, "w");
    for (int i = 0; i < 257 * 1024 / 8; i++)
        fputs("# 45678\n", f); /* 8 bytes a line: 257 KiB in all */
    fclose(f);
    db_error_clear(&err);
    assert_int_equal(db_gnuplot_write(tmpl, out, vars, 2, &err), -1);
    assert_non_null(strstr(err.msg, "larger than 256 KiB"));

    f = fopen(tmpl, "w");
    fwrite("a\0b", 1, 3, f);
    fclose(f);
    db_error_clear(&err);
    assert_int_equal(db_gnuplot_write(tmpl, out, vars, 2, &err), -1);
    assert_non_null(strstr(err.msg, "NUL byte"));

    /* The output directory is a regular file. */
    write_text(tmpl, "x\n", 0644);
    char bad[8192];
    snprintf(bad, sizeof bad, "%s/t.gp", tmpl);
    db_error_clear(&err);
    assert_int_equal(db_gnuplot_write(tmpl, bad, vars, 2, &err), -1);
    assert_int_equal(err.code, DB_EXIT_OUTPUT);
    tu_rmrf(dir);
    free(dir);
}

/* ---- the shipped transfer template, drawn by the real gnuplot ---------- */

static const char *const TRANSFER_COLS[] = {
    "zone", "lba_start", "lba_end", "position_min", "position_mib", "speed_x",
    "speed_kib_s", "zone_ms", "seek_ms", "read_errors", "source",
};
#define TRANSFER_NCOLS (sizeof TRANSFER_COLS / sizeof TRANSFER_COLS[0])

/* A CAV-like curve over an 80-minute disc, as the transfer test writes it. */
static void write_transfer_csv(const char *path, int zones)
{
    const double sectors = 359849;
    db_error err = { 0 };
    db_csv *csv = db_csv_create(path, TRANSFER_COLS, TRANSFER_NCOLS, &err);
    assert_non_null(csv);
    for (int z = 0; z < zones; z++) {
        double a = floor(z * sectors / zones), b = floor((z + 1) * sectors / zones) - 1;
        double r = sqrt(25.0 * 25.0 + (58.0 * 58.0 - 25.0 * 25.0) * (a + b) / 2 / sectors);
        double speed = 48.0 * r / 58.0;
        char f[TRANSFER_NCOLS][32];
        snprintf(f[0], 32, "%d", z);
        snprintf(f[1], 32, "%.0f", a);
        snprintf(f[2], 32, "%.0f", b);
        db_csv_fmt_double(f[3], 32, a / 75 / 60, 3);
        db_csv_fmt_double(f[4], 32, a * 2048 / 1048576, 2);
        /* One unreadable zone has no speed: an empty field. */
        db_csv_fmt_double(f[5], 32, z == zones / 2 + 3 ? NAN : speed, 3);
        db_csv_fmt_double(f[6], 32, speed * 150, 1);
        db_csv_fmt_double(f[7], 32, (b - a + 1) / 75 / speed * 1000, 3);
        db_csv_fmt_double(f[8], 32, 0.4, 3);
        snprintf(f[9], 32, "%d", z == zones / 2 ? 5 : 0);
        snprintf(f[10], 32, "simulated");
        const char *row[TRANSFER_NCOLS];
        for (size_t i = 0; i < TRANSFER_NCOLS; i++)
            row[i] = f[i];
        assert_int_equal(db_csv_row(csv, row, &err), 0);
    }
    db_csv_close(csv);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void check_png(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len = 0;
    unsigned char *png = (unsigned char *)tu_read_file(path, &len);
    assert_non_null(png);
    assert_true(len > 2048);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(png + 12, "IHDR", 4);
    assert_int_equal(be32(png + 16), 1000);
    assert_int_equal(be32(png + 20), 600);
    free(png);
}

static void check_svg(const char *dir, const char *name, const char *must_contain)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *out = NULL, *err = NULL;
    const char *argv[] = { "xmllint", "--noout", path, NULL };
    int rc = tu_run(&out, &err, argv);
    if (rc == 127)
        fail_msg("xmllint not found (install libxml2-utils, see scripts/deps.sh)");
    if (rc != 0)
        fail_msg("%s is not well-formed XML: %s", path, err);
    free(out);
    free(err);
    char *svg = tu_read_file(path, NULL);
    assert_non_null(svg);
    assert_non_null(strstr(svg, "<svg"));
    if (!strstr(svg, must_contain))
        fail_msg("%s does not contain \"%s\"", path, must_contain);
    free(svg);
}

static void render(const char *dir, const char *title, const char *subtitle, const char *avg,
                   db_error *err)
{
    const char *src = getenv("DB_SRC");
    char tmpl[4096], script[4096], title_q[512], sub_q[512];
    snprintf(tmpl, sizeof tmpl, "%s/plots/transfer.gpm", src && *src ? src : ".");
    snprintf(script, sizeof script, "%s/transfer.gp", dir);
    db_gnuplot_escape(title, title_q, sizeof title_q);
    db_gnuplot_escape(subtitle, sub_q, sizeof sub_q);
    const db_tvar vars[] = {
        { "CSV", "transfer.csv" }, { "TITLE", title_q }, { "SUBTITLE", sub_q },
        { "OUT", "transfer" },      { "AVG_X", avg },
    };
    assert_int_equal(db_gnuplot_write(tmpl, script, vars, sizeof vars / sizeof vars[0], err), 0);
}

static void test_transfer_template_renders(void **state)
{
    (void)state;
    if (!db_gnuplot_available()) {
        skip();
        return;
    }
    char *dir = tu_tmpdir("gptransfer");
    char path[4096];
    snprintf(path, sizeof path, "%s/transfer.csv", dir);
    write_transfer_csv(path, 80);

    /* The title carries characters that are special to gnuplot, to XML and
     * to the shell; the backquoted command must not run. */
    db_error err = { 0 };
    render(dir, "SIMULATED: LITE-ON LTR-52327S \"QS5A\" <sim> & co `touch pwned` under_score^2",
           "start 20.7x  end 48.0x  avg 35.2x  CAV", "35.200", &err);
    int rc = db_gnuplot_run(dir, "transfer.gp", &err);
    if (rc != 0) {
        snprintf(path, sizeof path, "%s/gnuplot.log", dir);
        char *log = tu_read_file(path, NULL);
        fail_msg("gnuplot run: %d %s\n%s", rc, err.msg, log ? log : "(no log)");
    }
    check_png(dir, "transfer.png");
    check_svg(dir, "transfer.svg", "SIMULATED: LITE-ON LTR-52327S \"QS5A\" &lt;sim");
    check_svg(dir, "transfer.svg", "`touch pwned` under_score^2");
    check_svg(dir, "transfer.svg", "start 20.7x  end 48.0x  avg 35.2x  CAV");
    check_svg(dir, "transfer.svg", "average 35.2x");
    snprintf(path, sizeof path, "%s/pwned", dir);
    assert_false(exists(path));
    /* A clean run leaves no log. */
    snprintf(path, sizeof path, "%s/gnuplot.log", dir);
    assert_false(exists(path));
    tu_rmrf(dir);
    free(dir);
}

/* Degenerate runs still give a picture, not a gnuplot error: one zone with
 * no average and no subtitle, no zone at all (header only), and zones that
 * all lack a speed. */
static void test_transfer_template_degenerate(void **state)
{
    (void)state;
    if (!db_gnuplot_available()) {
        skip();
        return;
    }
    static const char *const cases[] = { "one zone", "header only", "no speed" };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *dir = tu_tmpdir("gpdegen");
        char path[4096], title[64];
        snprintf(path, sizeof path, "%s/transfer.csv", dir);
        if (k == 0) {
            write_transfer_csv(path, 1);
        } else {
            db_error cerr = { 0 };
            db_csv *csv = db_csv_create(path, TRANSFER_COLS, TRANSFER_NCOLS, &cerr);
            assert_non_null(csv);
            const char *row[] = { "0", "0", "4499", "0.000", "0.00", "", "", "", "", "3", "simulated" };
            const char *row2[] = { "1", "4500", "8999", "1.000", "8.79", "", "", "", "", "1", "simulated" };
            if (k == 2) {
                assert_int_equal(db_csv_row(csv, row, &cerr), 0);
                assert_int_equal(db_csv_row(csv, row2, &cerr), 0);
            }
            db_csv_close(csv);
        }
        snprintf(title, sizeof title, "SIMULATED %s", cases[k]);
        db_error err = { 0 };
        render(dir, title, "", "NaN", &err);
        int rc = db_gnuplot_run(dir, "transfer.gp", &err);
        if (rc != 0) {
            snprintf(path, sizeof path, "%s/gnuplot.log", dir);
            char *log = tu_read_file(path, NULL);
            fail_msg("%s: gnuplot run: %d %s\n%s", cases[k], rc, err.msg, log ? log : "(no log)");
        }
        check_png(dir, "transfer.png");
        check_svg(dir, "transfer.svg", title);
        tu_rmrf(dir);
        free(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_not_installed),
        cmocka_unit_test(test_run_cwd_args_and_log),
        cmocka_unit_test(test_run_failure),
        cmocka_unit_test(test_write_script),
        cmocka_unit_test(test_transfer_template_renders),
        cmocka_unit_test(test_transfer_template_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
