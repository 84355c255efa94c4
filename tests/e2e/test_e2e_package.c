/* End to end: the .deb (`make package`, CPack in this build tree).  It is
 * built into a scratch directory, its control data checked (the run-time
 * packages it depends on, gnuplot-nox recommended), unpacked with dpkg -x
 * and run from there like an installed tree (install_e2e.h), checked by
 * lintian (no error), and installed and purged in a scratch dpkg root (no
 * file left behind).  Skipped in the sanitizer build: a package of ASan
 * binaries is nothing anyone installs. */
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
    char deb[4400];
} fixture;

static int setup(void **state)
{
    const char *san = getenv("DB_SANITIZE");
    if (san && !strcmp(san, "1")) {
        *state = NULL;
        return 0;
    }
    const char *build = getenv("DB_BUILD_DIR");
    const char *cpack = getenv("DB_CPACK");
    if (!build || !cpack) {
        print_message("DB_BUILD_DIR / DB_CPACK not set (run through ctest)\n");
        return -1;
    }
    fixture *f = calloc(1, sizeof *f);
    f->tmp = tu_tmpdir("package");
    char *name = NULL;
    if (ie_sh(NULL, "cd '%s' && '%s' -G DEB -B '%s/pk' >/dev/null", build, cpack, f->tmp) ||
        ie_sh(&name, "ls '%s'/pk/discbench_*.deb", f->tmp)) {
        tu_rmrf(f->tmp);
        free(f->tmp);
        free(f);
        free(name);
        return -1;
    }
    name[strcspn(name, "\n")] = '\0';
    snprintf(f->deb, sizeof f->deb, "%s", name);
    free(name);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (!f)
        return 0;
    tu_rmrf(f->tmp);
    free(f->tmp);
    free(f);
    return 0;
}

#define SKIP_IN_SANITIZER_BUILD(f)                                                       \
    do {                                                                                 \
        if (!(f)) {                                                                      \
            print_message("skipped: sanitizer build (the package is built from the normal build)\n"); \
            skip();                                                                      \
        }                                                                                \
    } while (0)

/* Depends (from dpkg-shlibdeps on what the binaries link), Recommends,
 * the fields lintian and apt look at. */
static void test_control(void **state)
{
    fixture *f = *state;
    SKIP_IN_SANITIZER_BUILD(f);
    char *out = NULL;
    assert_int_equal(ie_sh(&out, "dpkg-deb -f '%s' Package Version Depends Recommends Section "
                                 "Maintainer Description", f->deb), 0);
    static const char *const want[] = {
        "Package: discbench\n", "Version: 0.", "libcdio19", "libcdio-cdda2",
        "libcdio-paranoia2", "zlib1g", "libisal2", "libsqlite3-0", "Recommends: gnuplot-nox",
        "Section: utils", "Maintainer: ", "Description: disc quality",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (!strstr(out, want[i]))
            print_message("control lacks '%s':\n%s\n", want[i], out);
        assert_non_null(strstr(out, want[i]));
    }
    free(out);
    /* every dependency is satisfiable here: dpkg -i would go through */
    assert_int_equal(ie_sh(NULL, "dpkg --dry-run -i '%s' >/dev/null", f->deb), 0);
}

/* dpkg -x into a scratch root: the tree works from there (usr/ is its
 * prefix), man pages and all. */
static void test_unpacked_runs(void **state)
{
    fixture *f = *state;
    SKIP_IN_SANITIZER_BUILD(f);
    assert_int_equal(ie_sh(NULL, "dpkg -x '%s' '%s/root' && mkdir -p '%s/cwd'", f->deb, f->tmp,
                           f->tmp), 0);
    char prefix[4400], cwd[4400];
    snprintf(prefix, sizeof prefix, "%s/root/usr", f->tmp);
    snprintf(cwd, sizeof cwd, "%s/cwd", f->tmp);
    ie_check_installed(prefix, cwd);
    /* stripped, as Debian wants, and still a working binary (above) */
    char *out = NULL;
    assert_int_equal(ie_sh(&out, "file -L '%s/bin/discbench'", prefix), 0);
    assert_non_null(strstr(out, ", stripped"));
    free(out);
}

static void test_lintian(void **state)
{
    fixture *f = *state;
    SKIP_IN_SANITIZER_BUILD(f);
    char *out = NULL;
    int rc = ie_sh(&out, "lintian --tag-display-limit 0 '%s' 2>/dev/null", f->deb);
    print_message("lintian: %s\n", out && *out ? out : "(nothing to say)\n");
    assert_null(strstr(out, "E: "));
    assert_int_equal(rc, 0);
    free(out);
}

/* dpkg -i and dpkg --purge in a scratch dpkg root (not this system): both
 * succeed and nothing of the package is left.  The maintainer scripts run
 * outside the root (--force-script-chrootless); the ldconfig they call is
 * a no-op stand-in first on PATH, so this system is not touched. */
static void test_installs_and_purges(void **state)
{
    fixture *f = *state;
    SKIP_IN_SANITIZER_BUILD(f);
    char r[4400];
    snprintf(r, sizeof r, "%s/dpkgroot", f->tmp);
    assert_int_equal(ie_sh(NULL,
        "mkdir -p '%s/var/lib/dpkg/info' '%s/var/lib/dpkg/updates' '%s/var/lib/dpkg/triggers' "
        "'%s/fakebin' && touch '%s/var/lib/dpkg/status' '%s/var/lib/dpkg/available' && "
        "printf '#!/bin/sh\\nexit 0\\n' > '%s/fakebin/ldconfig' && chmod +x '%s/fakebin/ldconfig'",
        r, r, r, f->tmp, r, r, f->tmp, f->tmp), 0);
    char dpkg[8400];
    snprintf(dpkg, sizeof dpkg, "PATH='%s/fakebin':$PATH dpkg --root='%s' --log=/dev/null "
                                "--force-script-chrootless --force-not-root",
             f->tmp, r);
    /* the root has no libc6 etc. registered: dependencies are forced there
     * (test_control checks them against this system) */
    assert_int_equal(ie_sh(NULL, "%s --force-depends -i '%s' >/dev/null 2>&1", dpkg, f->deb), 0);
    char *out = NULL;
    assert_int_equal(ie_sh(&out, "%s -s discbench", dpkg), 0);
    assert_non_null(strstr(out, "Status: install ok installed"));
    free(out);
    char path[4600];
    snprintf(path, sizeof path, "%s/usr/bin/discbench", r);
    assert_int_equal(access(path, X_OK), 0);
    assert_int_equal(ie_sh(NULL, "%s --purge discbench >/dev/null 2>&1", dpkg), 0);
    assert_int_equal(ie_sh(&out, "find '%s' ! -type d ! -path '%s/var/lib/dpkg/*'", r, r), 0);
    if (*out)
        print_message("left behind:\n%s\n", out);
    assert_string_equal(out, "");
    free(out);
    assert_int_equal(ie_sh(&out, "find '%s/usr' 2>/dev/null | wc -l", r), 0);
    assert_int_equal(atoi(out), 0);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_control),
        cmocka_unit_test(test_unpacked_runs),
        cmocka_unit_test(test_lintian),
        cmocka_unit_test(test_installs_and_purges),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
