/* cli.h - the subcommands (one file each, cmd_*.c) and the helpers they
 * share.  main.c only dispatches. */
#ifndef DB_CLI_CLI_H
#define DB_CLI_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "../drive/drive.h"
#include "../util/error.h"

/* What main hands every subcommand. */
typedef struct db_cli_env {
    const volatile sig_atomic_t *stop;   /* set by SIGINT/SIGTERM */
    const char *argv0;
} db_cli_env;

typedef int (*db_cmd_fn)(int argc, char **argv, const db_cli_env *env);

int cmd_transfer(int argc, char **argv, const db_cli_env *env);
int cmd_dae(int argc, char **argv, const db_cli_env *env);
int cmd_devices(int argc, char **argv, const db_cli_env *env);
int cmd_info(int argc, char **argv, const db_cli_env *env);
int cmd_seek(int argc, char **argv, const db_cli_env *env);
int cmd_quality(int argc, char **argv, const db_cli_env *env);
int cmd_c2scan(int argc, char **argv, const db_cli_env *env);
int cmd_scan(int argc, char **argv, const db_cli_env *env);
int cmd_trace(int argc, char **argv, const db_cli_env *env);
int cmd_suite(int argc, char **argv, const db_cli_env *env);
int cmd_compare(int argc, char **argv, const db_cli_env *env);
int cmd_grade(int argc, char **argv, const db_cli_env *env);
int cmd_runs(int argc, char **argv, const db_cli_env *env);
int cmd_export(int argc, char **argv, const db_cli_env *env);

void db_cli_print_version(void);
void db_cli_quiet_libcdio(void);

/* The default virtual drive when no real drive is found. */
#define DB_DEFAULT_SIM "sim:liteon-ltr40125s"

/* --fault given at most this many times (each may hold several faults). */
#define DB_FAULT_OPTS_MAX 16

/* Options every drive-using command accepts. */
typedef struct db_device_opts {
    const char *device;     /* -d: /dev/sr0, sim:NAME, sim:PATH; NULL = auto */
    const char *disc;       /* --disc (virtual drive only) */
    uint64_t seed;          /* --seed */
    bool realtime;          /* --realtime (virtual drive only) */
    const char *trace;      /* --trace FILE: record the conversation */
    bool trace_no_data;     /* --trace-no-data: digests instead of disc data */
    const char *command_line; /* for the trace header */
    const char *faults[DB_FAULT_OPTS_MAX]; /* --fault SPEC (virtual drive only) */
    int nfaults;
} db_device_opts;

/* Open the drive the options name.  With no -d: the first real drive
 * libcdio finds, else the default virtual drive; *note then says which was
 * chosen.  Errors: DB_EXIT_DEVICE / DB_EXIT_INPUT / DB_EXIT_USAGE. */
int db_cli_open_drive(const db_device_opts *o, db_drive *out, char *note, size_t note_len,
                      db_error *err);

/* --fault SPEC: checked now (a usage error before anything runs) and kept
 * in o.  0, or -1 with err (DB_EXIT_USAGE). */
int db_cli_add_fault(db_device_opts *o, const char *spec, db_error *err);

/* Strict option values: "--zones: expected an integer 1..10000, got 'abc'". */
int db_cli_int(const char *opt, const char *val, long min, long max, long *out, db_error *err);
/* --disc-name: 1..DB_DISC_NAME_MAX characters, none of them a control
 * character.  0, or -1 with err set. */
#define DB_DISC_NAME_MAX 64
int db_cli_disc_name(const char *val, db_error *err);
int db_cli_double(const char *opt, const char *val, double min, double max, double *out,
                  db_error *err);

/* results/<test>-YYYYmmdd-HHMMSS */
void db_cli_default_outdir(const char *test, char *out, size_t out_len);

/* The command line as one string for summary.json. */
void db_cli_join_argv(int argc, char **argv, char *out, size_t out_len);

/* Progress line on stderr, only when stderr is a terminal. */
typedef struct db_progress {
    bool enabled;
    double last_fraction;
} db_progress;
void db_progress_init(db_progress *p);
void db_progress_update(void *p, double fraction, const char *status);
void db_progress_done(db_progress *p);

#endif
