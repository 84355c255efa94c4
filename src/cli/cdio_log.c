/* cdio_log.c - keep libcdio's own log lines ("++ WARN: ...") off stderr:
 * discbench reports every failure as one line of its own.  Set
 * DISCBENCH_DEBUG=1 to see them. */
#include <cdio/logging.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void cdio_log_filter(cdio_log_level_t level, const char message[])
{
    const char *debug = getenv("DISCBENCH_DEBUG");
    if (debug && *debug && *debug != '0')
        fprintf(stderr, "libcdio[%d]: %s\n", (int)level, message);
}

void db_cli_quiet_libcdio(void)
{
    cdio_log_set_handler(cdio_log_filter);
}
