/* End to end: `cmake --install` of this build tree into a scratch prefix,
 * the tree then copied elsewhere and the original removed, and everything
 * run from the copy with an environment that knows nothing of the build:
 * devices, a transfer test, --version, the man pages (every option of every
 * command's --help is in its page) and the bash completion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "install_e2e.h"

typedef struct fixture {
    char *tmp;
    char moved[4096]; /* the install tree, after the move */
} fixture;

static int setup(void **state)
{
    const char *build = getenv("DB_BUILD_DIR");
    const char *cmake = getenv("DB_CMAKE");
    if (!build || !cmake) {
        print_message("DB_BUILD_DIR / DB_CMAKE not set (run through ctest)\n");
        return -1;
    }
    fixture *f = calloc(1, sizeof *f);
    f->tmp = tu_tmpdir("install");
    /* install, copy elsewhere, remove the original: nothing may point at it */
    if (ie_sh(NULL, "'%s' --install '%s' --prefix '%s/prefix' >/dev/null", cmake, build,
              f->tmp) ||
        ie_sh(NULL, "mkdir -p '%s/elsewhere' '%s/cwd' && cp -a '%s/prefix' '%s/elsewhere/moved' "
                    "&& rm -rf '%s/prefix'",
              f->tmp, f->tmp, f->tmp, f->tmp, f->tmp)) {
        tu_rmrf(f->tmp);
        free(f->tmp);
        free(f);
        return -1;
    }
    snprintf(f->moved, sizeof f->moved, "%s/elsewhere/moved", f->tmp);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tu_rmrf(f->tmp);
    free(f->tmp);
    free(f);
    return 0;
}

/* The installed layout the README documents. */
static void test_layout(void **state)
{
    fixture *f = *state;
    static const char *const files[] = {
        "bin/discbench",
        "share/discbench/profiles/drives/liteon-ltr40125s.profile",
        "share/discbench/profiles/media/cdr-80.profile",
        "share/discbench/profiles/atip-manufacturers.tsv",
        "share/discbench/plots/transfer.gpm",
        "share/man/man1/discbench.1.gz",
        "share/man/man1/discbench-transfer.1.gz",
        "share/bash-completion/completions/discbench",
        "share/doc/discbench/copyright",
    };
    char path[4400];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", f->moved, files[i]);
        if (access(path, R_OK))
            print_message("not installed: %s\n", files[i]);
        assert_int_equal(access(path, R_OK), 0);
    }
    snprintf(path, sizeof path, "%s/bin/discbench", f->moved);
    assert_int_equal(access(path, X_OK), 0);
    /* the preload library: lib/discbench/ (lib64/ on some systems) */
    assert_int_equal(ie_sh(NULL, "ls '%s'/lib*/discbench/libdiscbench-vdev.so", f->moved), 0);
}

static void test_runs_from_moved_tree(void **state)
{
    fixture *f = *state;
    char cwd[4200];
    snprintf(cwd, sizeof cwd, "%s/cwd", f->tmp);
    ie_check_installed(f->moved, cwd);
}

/* The installed preload library finds the media profiles from its own
 * place (lib/discbench/ -> share/discbench) and serves the node to the
 * installed discbench.  Normal build only: an ASan library needs the ASan
 * runtime preloaded before it. */
static void test_preload_from_moved_tree(void **state)
{
    fixture *f = *state;
    const char *san = getenv("DB_SANITIZE");
    if (san && !strcmp(san, "1")) {
        print_message("skipped: sanitizer build\n");
        skip();
    }
    char *out = NULL;
    int rc = ie_sh(&out, "cd '%s' && env -i PATH=/usr/bin:/bin HOME='%s' XDG_DATA_HOME='%s/xdg' "
                         "DISCBENCH_VDEV='%s/vcd0' DISCBENCH_VDEV_DISC=cdr-80-cmc "
                         "LD_PRELOAD=\"$(ls '%s'/lib*/discbench/libdiscbench-vdev.so)\" "
                         "'%s/bin/discbench' info -d '%s/vcd0' 2>&1",
                   f->tmp, f->tmp, f->tmp, f->tmp, f->moved, f->moved, f->tmp);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "SIMULATED"));
    assert_non_null(strstr(out, "CMC Magnetics")); /* the cdr-80-cmc profile's ATIP */
    free(out);
}

/* With no profiles anywhere, devices, --help and a test say where they
 * looked: $DISCBENCH_DATA, the tree's own share/discbench, the compiled-in
 * prefix. */
static void test_says_where_it_looked(void **state)
{
    fixture *f = *state;
    if (access(DB_INSTALL_DATADIR "/profiles", F_OK) == 0) {
        print_message("skipped: " DB_INSTALL_DATADIR " is installed, profiles are found there\n");
        skip();
    }
    assert_int_equal(ie_sh(NULL, "mv '%s/share/discbench' '%s/share/discbench.away'", f->moved,
                           f->moved), 0);
    char env[8400], want[4400], nowhere[4400];
    snprintf(env, sizeof env, "cd '%s' && env -i PATH=/usr/bin:/bin HOME='%s' "
                              "XDG_DATA_HOME='%s/xdg' DISCBENCH_DATA='%s/nowhere' '%s/bin/discbench'",
             f->tmp, f->tmp, f->tmp, f->tmp, f->moved);
    snprintf(want, sizeof want, "%s/share/discbench", f->moved);
    snprintf(nowhere, sizeof nowhere, "$DISCBENCH_DATA=%s/nowhere", f->tmp);
    const char *places[] = { nowhere, want, DB_INSTALL_DATADIR };

    char *out = NULL;
    assert_int_equal(ie_sh(&out, "%s devices", env), 0);
    assert_non_null(strstr(out, "No profiles found (looked in "));
    for (size_t i = 0; i < 3; i++)
        assert_non_null(strstr(out, places[i]));
    free(out);
    assert_int_equal(ie_sh(&out, "%s --help", env), 0);
    assert_non_null(strstr(out, "this binary: no profiles found (looked in "));
    for (size_t i = 0; i < 3; i++)
        assert_non_null(strstr(out, places[i]));
    free(out);
    char *err = NULL, cmd[9000];
    snprintf(cmd, sizeof cmd, "%s transfer -d sim:liteon-ltr40125s -o '%s/r'", env, f->tmp);
    const char *argv[] = { "sh", "-c", cmd, NULL };
    assert_int_equal(tu_run(NULL, &err, argv), 4); /* bad input */
    assert_non_null(strstr(err, "no profiles directory found (looked in "));
    assert_non_null(strstr(err, want));
    free(err);
    assert_int_equal(ie_sh(NULL, "mv '%s/share/discbench.away' '%s/share/discbench'", f->moved,
                           f->moved), 0);
}

/* The installed completion script, driven the way bash drives it. */
static void test_completion(void **state)
{
    fixture *f = *state;
    char *out = NULL;
    int rc = ie_sh(&out,
        "cd '%s' && env -i PATH='%s/bin':/usr/bin:/bin HOME='%s' bash --norc --noprofile -c '\n"
        "source \"%s/share/bash-completion/completions/discbench\" || exit 9\n"
        "complete -p discbench\n"
        "t() { COMP_LINE=\"$1\"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=($1); COMPREPLY=();\n"
        "      _discbench; echo \"[$1] ${COMPREPLY[*]}\"; }\n"
        "t \"discbench \"\n"
        "t \"discbench tr\"\n"
        "t \"discbench transfer --no\"\n"
        "t \"discbench transfer -d sim:lite\"\n"
        "t \"discbench seek --disc cdr-80-c\"\n"
        "t \"discbench trace \"\n"
        "t \"discbench scan --zo\"\n'",
        f->tmp, f->moved, f->tmp, f->moved);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "complete -F _discbench discbench"));
    /* every command of --help */
    char *help = NULL;
    assert_int_equal(ie_sh(&help, "'%s/bin/discbench' --help", f->moved), 0);
    char cmds[64][32];
    size_t ncmd = ie_commands(help, cmds, 64);
    const char *all = strstr(out, "[discbench ] ");
    assert_non_null(all);
    for (size_t i = 0; i < ncmd; i++) {
        char w[40];
        snprintf(w, sizeof w, " %s", cmds[i]);
        assert_non_null(strstr(all, w));
    }
    free(help);
    assert_non_null(strstr(out, "[discbench tr] transfer trace\n"));
    assert_non_null(strstr(out, "[discbench transfer --no] --no-plot"));
    /* bash splits at ':': the completion gives the part after it */
    assert_non_null(strstr(out, "[discbench transfer -d sim:lite] liteon-ltr40125s\n"));
    assert_non_null(strstr(out, "[discbench seek --disc cdr-80-c] cdr-80-cmc\n"));
    assert_non_null(strstr(out, "[discbench trace ] anonymize show\n"));
    assert_non_null(strstr(out, "[discbench scan --zo] --zones\n"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_runs_from_moved_tree),
        cmocka_unit_test(test_preload_from_moved_tree),
        cmocka_unit_test(test_says_where_it_looked),
        cmocka_unit_test(test_completion),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
