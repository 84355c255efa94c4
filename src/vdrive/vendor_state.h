/* vendor_state.h - what the virtual drive remembers between the commands
 * of a vendor C1/C2 scan (vendor_liteon.c, vendor_plextor.c). */
#ifndef DB_VDRIVE_VENDOR_STATE_H
#define DB_VDRIVE_VENDOR_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "errmodel.h"

typedef struct vd_vendor_state {
    /* Lite-On old protocol (DF ...) */
    bool old_open;              /* DF A3 00 seen, DF A3 01 not yet */
    uint32_t old_next;          /* where the next DF 82 09 interval starts */
    vd_err_counts old_counts;   /* the interval counters DF 82 05 reads */
    /* Lite-On new protocol (F3 0E) */
    uint32_t new_next;          /* next interval: set by SEEK(10), then advances */
    uint32_t new_calls;         /* replies given (quirks act on them) */
    uint32_t new_last_end;      /* the last reply, for the repeat quirk */
    vd_err_counts new_last;
    /* Plextor Q-Check (EA ...) */
    bool px_open;               /* EA 15 seen, EA 17 not yet */
    vd_err_counts px_counts;    /* what the host read since the last EA 16 */
} vd_vendor_state;

#endif
