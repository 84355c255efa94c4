/* main.c - discbench: dispatch to one subcommand.  The only global state
 * of the program lives here: the flag the signal handler sets. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../util/datadir.h"
#include "cli.h"
#include "privs.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static const struct {
    const char *name;
    db_cmd_fn fn;
    const char *what;
} commands[] = {
    { "devices", cmd_devices, "list optical drives and the virtual drive/disc profiles" },
    { "info", cmd_info, "identify the drive and disc (ATIP manufacturer) and what can be tested" },
    { "transfer", cmd_transfer, "data transfer rate, zone by zone, with spin strategy" },
    { "dae", cmd_dae, "audio extraction (DAE) speed zone by zone, accuracy, paranoia" },
    { "seek", cmd_seek, "access times (random, 1/3, full stroke), spin-up/down, burst rate, CPU use" },
    { "quality", cmd_quality, "C1/C2/CU per second via the drive's vendor protocol, Red Book verdict, score" },
    { "c2scan", cmd_c2scan, "C2 error pointers (READ CD) zone by zone, any drive that reports them" },
    { "scan", cmd_scan, "read-error surface scan: good / slow / unreadable sectors, map of the disc" },
    { "suite", cmd_suite, "every test that applies to the drive and disc, one report (several -d: in parallel)" },
    { "compare", cmd_compare, "several runs in one picture and one table (drives, data/audio, write speeds)" },
    { "grade", cmd_grade, "grade media per ATIP manufacturer and write speed from the results store" },
    { "runs", cmd_runs, "list the runs in the results store" },
    { "export", cmd_export, "write stored runs as CSV or JSON" },
    { "trace", cmd_trace, "show or anonymize a recorded drive conversation (--trace)" },
};

static void usage(FILE *f)
{
    fputs("usage: discbench COMMAND [OPTIONS]   (discbench COMMAND --help for its options)\n"
          "       discbench --help | --version\n\n"
          "A disc quality and transfer-rate benchmark for optical drives.\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].what);
    fputs("\ndevices: /dev/srN (real drives, through libcdio) or sim:NAME (the virtual drive;\n"
          "its results are always labelled simulated).\n"
          "\nexit codes: 0 ok, 1 test incomplete (unreadable sectors), 2 usage error,\n"
          "3 device error, 4 bad input (profile, disc image), 5 results not writable,\n"
          "6 drive failure during the test, 130 interrupted (results so far kept)\n"
          "\nenvironment: DISCBENCH_DATA   directory holding profiles/ and plots/\n"
          "             DISCBENCH_DEBUG  1 = show libcdio's own log lines\n"
          "             XDG_DATA_HOME    the results store is XDG_DATA_HOME/discbench/results.db\n"
          "                              (default ~/.local/share/discbench/results.db)\n", f);
    fputs("\nfiles: drive and media profiles (profiles/) and gnuplot templates (plots/) come\n"
          "from the first directory holding profiles/: $DISCBENCH_DATA; the source tree\n"
          "when run from its build directory; PREFIX/share/discbench for\n"
          "PREFIX/bin/discbench, wherever the install tree is; then " DB_INSTALL_DATADIR ".\n",
          f);
    /* The one line that depends on the machine: the man page generator
     * (man/mkman.c) leaves out lines starting "this binary:". */
    char dir[2048];
    const char *rule = NULL;
    if (db_data_dir_rule(dir, sizeof dir, &rule))
        fprintf(f, "this binary: no profiles found (looked in %s; set DISCBENCH_DATA)\n", dir);
    else
        fprintf(f, "this binary: %s (%s)\n", dir, rule);
}

int main(int argc, char **argv)
{
    /* before anything else: no privilege beyond read access to the device */
    char why[512];
    if (db_privs_check(getuid(), geteuid(), getgid(), getegid(), why, sizeof why)) {
        fprintf(stderr, "discbench: %s\n", why);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    db_cli_quiet_libcdio();

    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        db_cli_print_version();
        return 0;
    }
    db_cli_env env = { .stop = &stop_requested, .argv0 = argv[0] };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1, &env);
    fprintf(stderr, "discbench: unknown command '%s' (see discbench --help)\n", argv[1]);
    return 2;
}
