/* version.c - `discbench --version`: our version, the libcdio and
 * libcdio-paranoia it runs with, and whether gnuplot can draw pictures. */
#include <cdio/cdio.h>
#include <cdio/paranoia/cdda.h>
#include <cdio/version.h>
#include <stdio.h>

#include "../report/gnuplot.h"
#include "cli.h"

void db_cli_print_version(void)
{
    printf("discbench %s\n", DB_VERSION);
    printf("libcdio %s\n", cdio_version_string);
    printf("libcdio-paranoia %s\n", cdio_cddap_version());
    printf("gnuplot %s\n", db_gnuplot_available() ? "found" : "not found (pictures will not be drawn)");
}
