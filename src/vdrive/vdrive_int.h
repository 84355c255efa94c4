/* vdrive_int.h - the virtual drive's private state, shared by its files. */
#ifndef DB_VDRIVE_VDRIVE_INT_H
#define DB_VDRIVE_VDRIVE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "disc.h"
#include "faults.h"
#include "profile.h"
#include "timing.h"
#include "vdrive.h"
#include "vendor_state.h"

/* Sense of the last command, for REQUEST SENSE (ATAPI keeps it until the
 * next command). */
typedef struct vd_sense {
    uint8_t key, asc, ascq;
    bool info_valid;
    uint32_t info;
} vd_sense;

struct vdrive {
    vd_drive_profile prof;
    vd_disc disc;
    uint64_t seed;
    bool realtime;
    uint64_t open_mono_ns;  /* realtime: the time base's zero */
    uint64_t vclock_ns;     /* virtual mode: now */
    vd_caps caps;
    vd_head head;
    vd_sense last_sense;
    bool has_disc;          /* always true for now: the vdrive never ejects */
    vd_vendor_state vendor; /* vendor C1/C2 scan in progress (vendor_state.h) */
    vd_err_c2_cache c2_cache; /* C2 pointer bytes of the last second read */
    vd_fault_plan faults;   /* injected failures (faults.h, --fault) */
};

#endif
