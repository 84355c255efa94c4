/* test_drive_cdio.c - opening real devices through libcdio fails the right
 * way: a missing node, something that is not a drive, no permission (with
 * the group that fixes it).  No CD drive is needed; none is assumed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "drive/drive.h"
#include "testutil.h"

static void assert_one_line(const db_error *err)
{
    assert_true(err->msg[0] != '\0');
    assert_null(strchr(err->msg, '\n'));
}

static void test_missing_path(void **state)
{
    (void)state;
    db_drive d;
    db_error err;
    db_error_clear(&err);
    assert_int_equal(db_cdio_open("/dev/discbench-no-such-sr9", &d, &err), -1);
    assert_int_equal(err.code, DB_EXIT_DEVICE);
    assert_string_equal(err.msg, "cannot open /dev/discbench-no-such-sr9: No such file or directory");
    assert_null(d.ops);

    assert_int_equal(db_cdio_open("", &d, &err), -1);
    assert_int_equal(err.code, DB_EXIT_DEVICE);
    assert_int_equal(db_cdio_open(NULL, &d, &err), -1);
    assert_int_equal(err.code, DB_EXIT_DEVICE);
}

static void test_dev_null_is_not_a_drive(void **state)
{
    (void)state;
    db_drive d;
    db_error err;
    db_error_clear(&err);
    assert_int_equal(db_cdio_open("/dev/null", &d, &err), -1);
    assert_int_equal(err.code, DB_EXIT_DEVICE);
    assert_one_line(&err);
    const char *want = "/dev/null is not a CD drive libcdio can open";
    if (strncmp(err.msg, want, strlen(want)) != 0)
        fail_msg("unexpected message: %s", err.msg);
    assert_null(d.ops);
}

static void test_regular_file_is_not_a_drive(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("cdio");
    assert_non_null(dir);
    char path[512];
    snprintf(path, sizeof path, "%s/disc.iso", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("not a drive\n", f);
    fclose(f);
    db_drive d;
    db_error err;
    assert_int_equal(db_cdio_open(path, &d, &err), -1);
    assert_int_equal(err.code, DB_EXIT_DEVICE);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, "is not a CD drive libcdio can open"));
    assert_non_null(strstr(err.msg, path));
    tu_rmrf(dir);
    free(dir);
}

/* Open `path` in a child that runs as uid/gid `as_id` (when root), and
 * return the child's error message and code. */
static int open_as(const char *path, uid_t as_id, db_error *out)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        if (geteuid() == 0 &&
            (setgroups(0, NULL) != 0 || setgid(as_id) != 0 || setuid(as_id) != 0))
            _exit(77); /* cannot drop privileges here */
        db_drive d;
        db_error err;
        db_error_clear(&err);
        int rc = db_cdio_open(path, &d, &err);
        if (rc == 0)
            db_drive_close(&d);
        ssize_t w = write(fds[1], &err, sizeof err);
        _exit(w == (ssize_t)sizeof err ? (rc == 0 ? 0 : 1) : 2);
    }
    close(fds[1]);
    memset(out, 0, sizeof *out);
    ssize_t r = read(fds[0], out, sizeof *out);
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
        return 77;
    assert_int_equal(r, (ssize_t)sizeof *out);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A group other than root's to own the fake node: cdrom if it exists. */
static const struct group *some_group(void)
{
    static const char *names[] = { "cdrom", "disk", "daemon", "sys", "users" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct group *g = getgrnam(names[i]);
        if (g && g->gr_gid != 0)
            return g;
    }
    return NULL;
}

static void test_permission_names_the_group(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("cdioperm");
    assert_non_null(dir);
    chmod(dir, 0755);
    char path[512];
    snprintf(path, sizeof path, "%s/sr0", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);

    db_error err;
    if (geteuid() == 0) {
        const struct group *g = some_group();
        if (!g) {
            tu_rmrf(dir);
            free(dir);
            skip();
        }
        char gname[64];
        snprintf(gname, sizeof gname, "%s", g->gr_name);
        assert_int_equal(chown(path, 0, g->gr_gid), 0);
        assert_int_equal(chmod(path, 0660), 0);
        int rc = open_as(path, 65534, &err);
        if (rc == 77) {
            tu_rmrf(dir);
            free(dir);
            skip();
        }
        assert_int_equal(rc, 1);
        assert_int_equal(err.code, DB_EXIT_DEVICE);
        assert_one_line(&err);
        char want[700];
        snprintf(want, sizeof want,
                 "no permission to open %s: add yourself to group '%s' (owner of the node)", path,
                 gname);
        if (strncmp(err.msg, want, strlen(want)) != 0)
            fail_msg("got \"%s\", want it to start with \"%s\"", err.msg, want);

        /* Nobody but the owner may read: group membership would not help. */
        assert_int_equal(chmod(path, 0600), 0);
        assert_int_equal(open_as(path, 65534, &err), 1);
        assert_int_equal(err.code, DB_EXIT_DEVICE);
        assert_non_null(strstr(err.msg, "no permission to open"));
        assert_null(strstr(err.msg, "add yourself"));

        /* A directory on the way that cannot be searched. */
        assert_int_equal(chmod(dir, 0700), 0);
        assert_int_equal(open_as(path, 65534, &err), 1);
        assert_non_null(strstr(err.msg, "no permission to open"));
        assert_one_line(&err);
    } else {
        /* Not root: a node nobody may read is all we can make. */
        assert_int_equal(chmod(path, 0000), 0);
        assert_int_equal(open_as(path, 0, &err), 1);
        assert_int_equal(err.code, DB_EXIT_DEVICE);
        assert_non_null(strstr(err.msg, "no permission to open"));
        assert_one_line(&err);
    }
    chmod(dir, 0755);
    tu_rmrf(dir);
    free(dir);
}

static void test_list(void **state)
{
    (void)state;
    /* Whatever drives this machine has (usually none), a list comes back. */
    char **list = db_cdio_list();
    assert_non_null(list);
    for (char **p = list; *p; p++)
        assert_true(**p != '\0');
    db_cdio_free_list(list);
    db_cdio_free_list(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_path),
        cmocka_unit_test(test_dev_null_is_not_a_drive),
        cmocka_unit_test(test_regular_file_is_not_a_drive),
        cmocka_unit_test(test_permission_names_the_group),
        cmocka_unit_test(test_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
