/* progress.c - a one-line progress display on stderr, only on a terminal
 * (scripts and CI logs get no carriage-return noise). */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

void db_progress_init(db_progress *p)
{
    p->enabled = isatty(STDERR_FILENO);
    p->last_fraction = -1;
}

void db_progress_update(void *arg, double fraction, const char *status)
{
    db_progress *p = arg;
    if (!p->enabled)
        return;
    fprintf(stderr, "\r%5.1f%%  %-60s", fraction * 100.0, status);
    fflush(stderr);
    p->last_fraction = fraction;
}

void db_progress_done(db_progress *p)
{
    if (p->enabled && p->last_fraction >= 0)
        fprintf(stderr, "\r%80s\r", "");
}
