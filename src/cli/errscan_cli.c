/* errscan_cli.c - common options and set-up of the error tests
 * (errscan_cli.h). */
#include "errscan_cli.h"

#include <stdio.h>
#include <string.h>

#include "../report/resultdir.h"

int db_errscan_common_opt(db_errscan_common *o, int c, const char *arg, db_error *err)
{
    long lv;
    double dv;
    switch (c) {
    case 'd': o->dev.device = arg; return 1;
    case 'D': o->dev.disc = arg; return 1;
    case 's':
        if (!strcmp(arg, "max")) {
            o->speed_x = -1; /* max, not the test's default */
            return 1;
        }
        if (db_cli_double("--speed", arg, 1, 100, &dv, err))
            return -1;
        o->speed_x = dv;
        return 1;
    case 'S':
        if (db_cli_int("--seed", arg, 0, 2147483647L, &lv, err))
            return -1;
        o->dev.seed = (uint64_t)lv;
        return 1;
    case 'l': o->label = arg; return 1;
    case 'r': o->dev.realtime = true; return 1;
    case 'o': o->outdir = arg; return 1;
    case 'P': o->no_plot = true; return 1;
    default: return 0;
    }
}

int db_errscan_open(db_errscan_common *o, const char *test, int argc, char **argv, const db_cli_env *env,
                    db_errscan_session *s, db_error *err)
{
    memset(s, 0, sizeof *s);
    const char *outdir = o->outdir;
    if (!outdir) {
        db_cli_default_outdir(test, s->outbuf, sizeof s->outbuf);
        outdir = s->outbuf;
    }
    /* Check the results directory before touching the drive: a scan must
     * never run for many minutes and then have nowhere to go. */
    if (db_resultdir_prepare(outdir, err))
        return -1;
    char note[512];
    if (db_cli_open_drive(&o->dev, &s->drive, note, sizeof note, err))
        return -1;
    if (note[0])
        fprintf(stderr, "discbench: %s\n", note);
    db_cli_join_argv(argc, argv, s->cmdline, sizeof s->cmdline);
    db_progress_init(&s->prog);
    s->ctx = (db_bench_ctx){ .drive = &s->drive, .out_dir = outdir, .stop = env->stop,
                             .progress = db_progress_update, .progress_arg = &s->prog,
                             .label = o->label, .command_line = s->cmdline, .no_plot = o->no_plot };
    s->wall0 = db_monotonic_ns();
    return 0;
}

double db_errscan_wall_s(const db_errscan_session *s)
{
    return (double)(db_monotonic_ns() - s->wall0) / 1e9;
}

void db_errscan_close(db_errscan_session *s)
{
    db_drive_close(&s->drive);
}
