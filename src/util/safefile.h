/* safefile.h - creating the files discbench writes without ever following
 * a symbolic link: a link planted where a results file (or a trace, a WAV)
 * is about to be written must not send discbench's output somewhere else
 * (docs/reliability.md, "Output").  O_NOFOLLOW makes the open fail with
 * ELOOP on a link instead; O_EXCL creates a file that did not exist. */
#ifndef DB_UTIL_SAFEFILE_H
#define DB_UTIL_SAFEFILE_H

#include <stdio.h>

/* Open path for writing: created (mode 0644) or truncated, never through a
 * symbolic link.  excl: the file must not exist yet (a temporary file).
 * Returns the descriptor (close-on-exec) or -1 with errno. */
int db_open_write(const char *path, int excl);

/* The same as a stdio stream ("wb"), or NULL with errno. */
FILE *db_fopen_write(const char *path);

/* strerror(e), except ELOOP: "a symbolic link there (not followed)". */
const char *db_write_strerror(int e);

#endif
