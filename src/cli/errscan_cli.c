/* errscan_cli.c - shared pieces of the error-test commands (errscan_cli.h). */
#include "errscan_cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int db_cli_errscan_speed(const char *arg, double *out, db_error *err)
{
    if (!strcmp(arg, "max")) {
        *out = -1;
        return 0;
    }
    return db_cli_double("--speed", arg, 1, 100, out, err);
}

void db_print_c2scan_summary(const db_drive *d, const c2scan_result *r, const char *dir, double wall_s)
{
    char drive[64];
    db_identity_drive_name(&r->id, drive, sizeof drive);
    printf("discbench c2scan%s\n", d->simulated ? "  [SIMULATED: virtual drive, not a measurement]" : "");
    printf("  drive      %s (%s)\n", drive, d->device);
    printf("  disc       %s%s%u sectors (%.2f min)\n", d->disc_label, d->disc_label[0] ? ", " : "",
           r->disc_sectors, r->disc_sectors / 4500.0);
    printf("  C2 field   %s\n", r->probe_note);
    if (r->form) {
        printf("  C2 errors  %llu bytes in %u sectors\n", (unsigned long long)r->total.c2_bytes,
               r->total.c2_sectors);
        printf("  unreadable %u sectors%s\n", r->total.unreadable,
               r->total.unreadable ? " (c2scan_unreadable.csv)" : "");
        if (!isnan(r->avg_x))
            printf("  speed      average %.2fx\n", r->avg_x);
        printf("  covered    %d of %d zones, %llu of %u sectors counted%s\n", r->zones_done, r->zones_total,
               (unsigned long long)r->total.sectors_counted, r->disc_sectors,
               r->interrupted ? "  (INTERRUPTED)" : r->complete ? "" : "  (INCOMPLETE)");
    } else {
        printf("  C2 errors  not reported: C2 reporting does not work on this drive\n");
    }
    if (r->total.faults)
        printf("  faults     %u drive faults, last: %s\n", r->total.faults, r->total.fault);
    printf("  duration   %.1f s drive time (%.2f s wall)\n", r->duration_s, wall_s);
    printf("  results    %s/\n", dir);
    if (r->plot_note[0])
        printf("  note       %s\n", r->plot_note);
}
