/* profile.h - drive and media profiles (docs/profiles.md) as typed structs.
 *
 * The parser is strict on purpose: a typo in a profile would otherwise
 * silently change the model a test compares against.  Every problem is
 * reported as `file:line: what is wrong` (DB_EXIT_INPUT). */
#ifndef DB_VDRIVE_PROFILE_H
#define DB_VDRIVE_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/error.h"
#include "../util/kv.h"
#include "vdrive.h"

#define VD_MAX_ZONES 32
#define VD_MAX_SPEEDS 32
/* Largest disc the MSF address space holds: 99:59:74 -> 449,999 sectors. */
#define VD_MAX_SECTORS 449999u

/* How one kind of read ([data] or [dae]) spins the disc. */
typedef struct vd_speed_profile {
    vdrive_strategy strategy;
    double max_speed_x;
    double start_speed_x;               /* CAV/PCAV: speed at 25 mm on a 1.2 m/s disc */
    int zone_count;                     /* ZCLV */
    double zone_start_min[VD_MAX_ZONES];
    double zone_speed_x[VD_MAX_ZONES];
    int speed_count;                    /* SET CD SPEED choices; 0 = any speed */
    double speeds_x[VD_MAX_SPEEDS];     /* ascending */
} vd_speed_profile;

typedef enum vd_interface {
    VD_IF_PIO4 = 0, VD_IF_UDMA2, VD_IF_UDMA4, VD_IF_USB1, VD_IF_USB2
} vd_interface;

typedef struct vd_drive_profile {
    char vendor[9], model[17], firmware[5];
    vd_interface interface;
    double cache_kib;
    vd_speed_profile data, dae;
    bool has_dae;                       /* false: dae is a copy of data */
    double spinup_ms, spindown_ms, settle_ms, full_stroke_ms, command_overhead_us;
} vd_drive_profile;

typedef enum vd_media_type { VD_MEDIA_PRESSED = 0, VD_MEDIA_CDR, VD_MEDIA_CDRW } vd_media_type;
typedef enum vd_content { VD_CONTENT_DATA = 0, VD_CONTENT_AUDIO, VD_CONTENT_MIXED } vd_content;

typedef struct vd_media_profile {
    vd_media_type type;
    vd_content content;
    uint32_t capacity_sectors;
    double scanning_velocity_mps, track_pitch_um, inner_radius_mm;
    bool has_atip;
    uint8_t lead_in_m, lead_in_s, lead_in_f;
    char manufacturer[64];
} vd_media_profile;

/* Parse an already loaded profile (tests use kv_parse on text). */
int vd_drive_profile_from_kv(kv_file *kv, vd_drive_profile *out, db_error *err);
int vd_media_profile_from_kv(kv_file *kv, vd_media_profile *out, db_error *err);
/* Load and parse a file. */
int vd_drive_profile_load(const char *path, vd_drive_profile *out, db_error *err);
int vd_media_profile_load(const char *path, vd_media_profile *out, db_error *err);

/* Interface burst rate in bytes per second. */
double vd_interface_bytes_per_s(vd_interface i);

#endif
