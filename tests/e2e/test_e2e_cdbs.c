/* Safety, from every bench module's code path: each module (and its
 * variants: accuracy and paranoia passes, the data run of a mixed disc,
 * every vendor scan protocol, the C2 fallback, error recovery, the retry
 * policy's resends under injected faults) is run with --trace, and every
 * CDB it sent must be one the read-only allowlist permits
 * (db_allowlist_permits), in the direction it was sent, with START STOP
 * UNIT's eject bit clear.  (All 256 opcodes against the allowlist itself:
 * tests/unit/test_drive_allowlist.c; the device node's CDB log:
 * tests/e2e/test_e2e_vdev.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drive/drive.h"
#include "faults_e2e.h"
#include "testutil.h"

typedef struct path {
    const char *what;
    const char *args[20];   /* after the command; "@" + rel = DB_SRC/rel */
} path;

static const path paths[] = {
    { "transfer", { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:5", "--zones", "10" } },
    { "dae, accuracy and paranoia",
      { "dae", "-d", "sim:generic-zclv-32x", "--disc", "@tests/data/vdrive/dae_audio1.profile", "--zones", "4",
        "--accuracy", "--paranoia" } },
    { "dae of a mixed disc (and its data run)",
      { "dae", "-d", "sim:samsung-sc152", "--disc", "@tests/data/vdrive/mixed.profile", "--zones", "4" } },
    { "seek", { "seek", "-d", "sim:samsung-sc152", "--disc", "synthetic:10", "--samples", "5", "--cpu-mib", "1" } },
    { "info", { "info", "-d", "sim:liteon-ltr40125s", "--disc", "cdr-80-cmc" } },
    { "quality, Lite-On old protocol",
      { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "@tests/data/errscan/cdr-errs-10.profile" } },
    { "quality, Lite-On new protocol",
      { "quality", "-d", "sim:@tests/data/errscan/lo-new.profile", "--disc",
        "@tests/data/errscan/cdr-errs-10.profile" } },
    { "quality, Plextor", { "quality", "-d", "sim:@tests/data/errscan/px.profile", "--disc",
                            "@tests/data/errscan/cdr-errs-10.profile" } },
    { "quality on a drive of no family (C2 fallback)",
      { "quality", "-d", "sim:samsung-sc152", "--disc", "synthetic:3" } },
    { "quality that finds no C1 (cross-check read)", { "quality", "-d", "sim:liteon-ltr40125s", "--disc",
                                                       "synthetic:3" } },
    { "c2scan, 294 then 296", { "c2scan", "-d", "sim:liteon-ltr40125s", "--disc",
                                "@tests/data/errscan/audio-errs-6.profile", "--zones", "10" } },
    { "c2scan --c2-mode 296", { "c2scan", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:3", "--c2-mode",
                                "296" } },
    { "scan with unreadable sectors (sector pass, SEEK after errors)",
      { "scan", "-d", "sim:liteon-ltr40125s", "--disc", "pressed-74-scratched", "--zones", "10" } },
    { "transfer under faults (resends, waits)",
      { "transfer", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:3", "--zones", "10", "--fault",
        "not-ready:cmd=30,attention:cmd=60,timeout:cmd=90,short:cmd=120,medium:lba=5000-5003" } },
    { "quality under faults", { "quality", "-d", "sim:liteon-ltr40125s", "--disc", "synthetic:3", "--fault",
                                "attention:cmd=100,timeout:cmd=200,removed:cmd=400" } },
};

static void test_every_cdb_of_every_module_is_allowed(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("cdbs");
    const char *src = getenv("DB_SRC");
    bool seen[256] = { false };
    unsigned total = 0;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        const path *p = &paths[i];
        char out[4300], trace[4300];
        snprintf(out, sizeof out, "%s/out%zu", dir, i);
        snprintf(trace, sizeof trace, "%s/t%zu.gz", dir, i);
        const char *args[40];
        char owned[20][4400];
        int n = 0;
        for (int k = 0; p->args[k]; k++) {
            const char *a = p->args[k];
            const char *at = strchr(a, '@');
            if (at) {
                snprintf(owned[k], sizeof owned[k], "%.*s%s/%s", (int)(at - a), a, src ? src : ".", at + 1);
                a = owned[k];
            }
            args[n++] = a;
        }
        bool info = !strcmp(p->args[0], "info");
        if (!info) {
            args[n++] = "-o";
            args[n++] = out;
            args[n++] = "--no-plot";
            args[n++] = "--no-store";
            args[n++] = "--trace-no-data";
        }
        args[n++] = "--trace";
        args[n++] = trace;
        args[n] = NULL;
        char *err = NULL;
        int rc = tu_run_discbench(NULL, &err, args);
        if (rc != 0 && rc != 1 && rc != 6) /* a run that stops still traces what it sent */
            fail_msg("%s: exit %d: %s", p->what, rc, err ? err : "");
        free(err);
        db_trace_reader *r = fe_trace(trace);
        db_trace_rec rec;
        db_error e = { 0 };
        unsigned cmds = 0;
        while (db_trace_reader_next(r, &rec, &e) == 1) {
            cmds++;
            char why[200];
            if (!db_allowlist_permits(rec.cdb, rec.cdb_len, rec.dir, why, sizeof why))
                fail_msg("%s: command %llu (%02X %02X %02X) is not on the allowlist: %s", p->what,
                         (unsigned long long)rec.seq, rec.cdb[0], rec.cdb[1], rec.cdb[2], why);
            if (rec.cdb[0] == 0x1B)
                assert_int_equal(rec.cdb[4] & 0x02, 0); /* never eject */
            assert_true(rec.dir == DB_DIR_NONE || rec.dir == DB_DIR_READ);
            seen[rec.cdb[0]] = true;
        }
        db_trace_reader_close(r);
        if (cmds < 5)
            fail_msg("%s: only %u commands traced", p->what, cmds);
        total += cmds;
    }
    /* the paths above reach every command discbench has a use for */
    static const uint8_t used[] = { 0x00, 0x12, 0x1B, 0x28, 0x2B, 0x43, 0x46, 0x5A, 0xBB, 0xBE, 0xDF, 0xF3, 0xEA };
    for (size_t i = 0; i < sizeof used / sizeof used[0]; i++)
        if (!seen[used[i]])
            fail_msg("no path sent opcode 0x%02X (%s)", used[i], db_opcode_name(used[i]));
    char list[600] = "";
    for (int op = 0; op < 256; op++)
        if (seen[op])
            snprintf(list + strlen(list), sizeof list - strlen(list), " %02X", op);
    printf("%u commands from %zu module paths, all on the allowlist; opcodes sent:%s\n", total,
           sizeof paths / sizeof paths[0], list);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_cdb_of_every_module_is_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
