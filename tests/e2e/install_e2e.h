/* install_e2e.h - what the install and package tests check on an installed
 * tree (PREFIX/bin/discbench, PREFIX/share/..., wherever PREFIX is), run
 * with an environment that knows nothing of the build: no DISCBENCH_DATA,
 * no DB_SRC, another working directory.  Static functions: each test
 * includes this once. */
#ifndef DB_TEST_INSTALL_E2E_H
#define DB_TEST_INSTALL_E2E_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* sh -c CMD (printf format); stdout into *out (may be NULL).  Prints the
 * command, its stdout and stderr when it fails, for the test log. */
static int ie_sh(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int ie_sh(char **out, const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    const char *argv[] = { "sh", "-c", cmd, NULL };
    char *o = NULL, *e = NULL;
    int rc = tu_run(&o, &e, argv);
    if (rc != 0)
        print_message("$ %s\n-> exit %d\nstdout: %.3000s\nstderr: %.3000s\n", cmd, rc, o, e);
    free(e);
    if (out)
        *out = o;
    else
        free(o);
    return rc;
}

/* snprintf that fails the test instead of truncating a path. */
static void ie_fmt(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void ie_fmt(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < len);
}

/* The environment every installed-tree command runs in: nothing that
 * points back at the build (env -i), a scratch HOME and store, working
 * directory `cwd`. */
#define IE_ENV "cd '%s' && env -i PATH=/usr/local/bin:/usr/bin:/bin HOME='%s' XDG_DATA_HOME='%s/xdg' LANG=C "

/* Every option token of a help text: "--long" anywhere, "-x" where an
 * option line starts ("  -d, --device").  Returns how many (at most max). */
static size_t ie_help_options(const char *help, char opts[][64], size_t max)
{
    size_t n = 0;
    for (const char *p = help; *p && n < max; p++) {
        bool start = p == help || strchr(" [(|,\n", p[-1]);
        if (!start || p[0] != '-')
            continue;
        size_t len = 0;
        if (p[1] == '-') {
            len = 2 + strspn(p + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");
            if (len < 4)
                continue;
        } else if (((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')) &&
                   (p[2] == ',' || p[2] == ' ') && (p == help || p[-1] == ' ')) {
            len = 2;
        } else {
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < n; i++)
            dup = dup || (strlen(opts[i]) == len && !strncmp(opts[i], p, len));
        if (!dup && len < 64) {
            memcpy(opts[n], p, len);
            opts[n][len] = '\0';
            n++;
        }
    }
    return n;
}

/* The commands `discbench --help` lists (names copied into cmds). */
static size_t ie_commands(const char *help, char cmds[][32], size_t max)
{
    const char *p = strstr(help, "\ncommands:\n");
    size_t n = 0;
    if (!p)
        return 0;
    p += strlen("\ncommands:\n");
    while (n < max && p[0] == ' ' && p[1] == ' ' && p[2] != ' ') {
        size_t w = strcspn(p + 2, " \n");
        snprintf(cmds[n++], 32, "%.*s", (int)w, p + 2);
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    return n;
}

/* `man -l PAGE` as plain text, wide enough that no option is broken. */
static char *ie_man(const char *tmp, const char *page)
{
    /* on the heap: with a local's address gcc 12 warns -Wdangling-pointer
     * (wrongly) once this is inlined */
    char **out = calloc(1, sizeof *out);
    int rc = ie_sh(out, IE_ENV "MANWIDTH=200 MAN_KEEP_FORMATTING= man -P cat -l '%s'", tmp, tmp,
                   tmp, page);
    char *text = *out;
    free(out);
    assert_int_equal(rc, 0);
    return text;
}

/* The checks on an installed tree at prefix (prefix/bin/discbench). */
static void ie_check_installed(const char *prefix, const char *tmp)
{
    char *out = NULL;
    char data[4200];
    ie_fmt(data, sizeof data, "%s/share/discbench", prefix);

    /* the data comes from the tree's own prefix, and --help says so */
    assert_int_equal(ie_sh(&out, IE_ENV "'%s/bin/discbench' devices", tmp, tmp, tmp, prefix), 0);
    char want[4400];
    ie_fmt(want, sizeof want, "from %s/profiles/drives:", data);
    if (!strstr(out, want))
        print_message("devices said:\n%s\nwanted: %s\n", out, want);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "sim:liteon-ltr40125s"));
    assert_non_null(strstr(out, "cdr-80"));
    free(out);
    char *help = NULL;
    assert_int_equal(ie_sh(&help, IE_ENV "'%s/bin/discbench' --help", tmp, tmp, tmp, prefix), 0);
    ie_fmt(want, sizeof want, "this binary: %s (the install prefix of the binary)", data);
    assert_non_null(strstr(help, want));

    /* a test runs from there, its plot script from the installed template */
    assert_int_equal(ie_sh(NULL, IE_ENV "'%s/bin/discbench' transfer -d sim:liteon-ltr40125s "
                                        "--disc synthetic:2 --zones 5 --no-plot -o '%s/run'",
                           tmp, tmp, tmp, prefix, tmp), 0);
    char path[4400];
    ie_fmt(path, sizeof path, "%s/run/transfer.csv", tmp);
    tu_csv csv;
    assert_int_equal(tu_csv_load(path, &csv), 0);
    assert_int_equal(csv.nrows, 6); /* header + 5 zones */
    assert_true(tu_csv_num(&csv, 4, "speed_x") > 10.0);
    tu_csv_free(&csv);
    ie_fmt(path, sizeof path, "%s/run/transfer.gp", tmp);
    assert_int_equal(access(path, R_OK), 0);
    ie_fmt(path, sizeof path, "%s/run/summary.json", tmp);
    char *json = tu_read_file(path, NULL);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"simulated\": true"));
    free(json);

    /* --version: ours, libcdio's and paranoia's as linked, gnuplot */
    assert_int_equal(ie_sh(&out, IE_ENV "'%s/bin/discbench' --version", tmp, tmp, tmp, prefix), 0);
    assert_non_null(strstr(out, "discbench 0."));
    char *cdio = NULL;
    if (ie_sh(&cdio, "pkg-config --modversion libcdio") == 0) {
        cdio[strcspn(cdio, "\n")] = '\0';
        ie_fmt(want, sizeof want, "libcdio %s", cdio); /* then the host triplet */
        assert_non_null(strstr(out, want));
    }
    free(cdio);
    assert_non_null(strstr(out, "libcdio-paranoia "));
    bool gnuplot = ie_sh(NULL, "command -v gnuplot >/dev/null") == 0;
    assert_non_null(strstr(out, gnuplot ? "gnuplot found" : "gnuplot not found"));
    free(out);

    /* man pages: discbench(1) lists every command, its exit codes and
     * environment; discbench-CMD(1) has every option CMD --help has */
    char cmds[64][32];
    size_t ncmd = ie_commands(help, cmds, 64);
    assert_true(ncmd >= 8);
    ie_fmt(path, sizeof path, "%s/share/man/man1/discbench.1.gz", prefix);
    char *man = ie_man(tmp, path);
    assert_non_null(strstr(man, "EXIT STATUS"));
    assert_non_null(strstr(man, "130 interrupted"));
    assert_non_null(strstr(man, "DISCBENCH_DATA"));
    assert_non_null(strstr(man, "DISCBENCH_DEBUG"));
    assert_non_null(strstr(man, "SAFETY")); /* a README section (man/pages.map) */
    for (size_t i = 0; i < ncmd; i++) {
        ie_fmt(want, sizeof want, "discbench-%s(1)", cmds[i]);
        if (!strstr(man, want))
            print_message("discbench(1) does not name %s\n", want);
        assert_non_null(strstr(man, want));
    }
    free(man);
    for (size_t i = 0; i < ncmd; i++) {
        char *ch = NULL;
        assert_int_equal(ie_sh(&ch, IE_ENV "'%s/bin/discbench' %s --help", tmp, tmp, tmp, prefix,
                               cmds[i]), 0);
        ie_fmt(path, sizeof path, "%s/share/man/man1/discbench-%s.1.gz", prefix, cmds[i]);
        man = ie_man(tmp, path);
        ie_fmt(want, sizeof want, "discbench-%s - ", cmds[i]);
        assert_non_null(strstr(man, want));
        char opts[128][64];
        size_t nopt = ie_help_options(ch, opts, 128);
        for (size_t k = 0; k < nopt; k++) {
            if (!strstr(man, opts[k]))
                print_message("discbench-%s(1) lacks %s of its --help\n", cmds[i], opts[k]);
            assert_non_null(strstr(man, opts[k]));
        }
        /* the files it writes: "Writes ..." after the options */
        const char *opts_end = strstr(ch, " --help ");
        if (opts_end && strstr(opts_end, "\nWrites "))
            assert_non_null(strstr(man, "\nFILES\n"));
        free(man);
        free(ch);
    }
    /* found by name on MANPATH, "man discbench transfer" as a sub-page */
    assert_int_equal(ie_sh(&out, IE_ENV "MANPATH='%s/share/man' MANWIDTH=200 man -P cat discbench "
                                        "transfer", tmp, tmp, tmp, prefix), 0);
    assert_non_null(strstr(out, "discbench-transfer - "));
    free(out);
    /* README examples came along */
    ie_fmt(path, sizeof path, "%s/share/man/man1/discbench-transfer.1.gz", prefix);
    man = ie_man(tmp, path);
    assert_non_null(strstr(man, "EXAMPLES"));
    assert_non_null(strstr(man, "discbench transfer -d sim:"));
    free(man);
    free(help);
}

#endif
