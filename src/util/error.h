/* error.h - one error record passed down by every fallible call, and the
 * process exit codes discbench documents.  Errors travel as values: the
 * lower layers never print, the CLI prints the one line. */
#ifndef DB_UTIL_ERROR_H
#define DB_UTIL_ERROR_H

#include <stddef.h>

/* Exit codes, documented in the README and in `discbench --help`. */
enum db_exit {
    DB_EXIT_OK = 0,          /* test complete */
    DB_EXIT_INCOMPLETE = 1,  /* test ran but did not cover the disc (read errors, drive stopped) */
    DB_EXIT_USAGE = 2,       /* bad command line */
    DB_EXIT_DEVICE = 3,      /* device cannot be opened / is not a drive / no disc */
    DB_EXIT_INPUT = 4,       /* bad profile, disc image or disc spec */
    DB_EXIT_OUTPUT = 5,      /* results cannot be written */
    DB_EXIT_DRIVE = 6,       /* the drive failed a command the test cannot do without */
    DB_EXIT_INTERRUPTED = 130 /* SIGINT / SIGTERM: results so far are kept */
};

typedef struct db_error {
    int code;        /* an enum db_exit value; 0 = no error */
    char msg[512];   /* one line, no trailing newline */
} db_error;

/* Record an error (printf format).  A NULL err is allowed and ignored.
 * Returns -1 so callers can `return db_error_set(...)`. */
int db_error_set(db_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void db_error_clear(db_error *err);

#endif
