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
#include "errspec.h"
#include "faults.h"
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

/* [drive] c2: how the drive reports C2 error pointers.  NONE: page 2A and
 * GET CONFIGURATION say no, and READ CD asking for C2 is refused; 294 /
 * 296: supported (docs/profiles.md); BROKEN: claimed supported, but every
 * READ CD asking for C2 fails with 05/24/00. */
typedef enum vd_c2 { VD_C2_NONE = 0, VD_C2_294, VD_C2_296, VD_C2_BROKEN } vd_c2;
/* [drive] writes: what the drive records; sets the MMC profiles it reports
 * and whether it reads the ATIP (recorders only). */
typedef enum vd_writes { VD_WRITES_NONE = 0, VD_WRITES_CDR, VD_WRITES_CDRW } vd_writes;

typedef struct vd_drive_profile {
    char vendor[9], model[17], firmware[5];
    vd_interface interface;
    double cache_kib;
    vd_c2 c2;                           /* default VD_C2_294 */
    vd_writes writes;                   /* default VD_WRITES_CDRW */
    vd_speed_profile data, dae;
    bool has_dae;                       /* false: dae is a copy of data */
    /* [dae] extraction behaviour (docs/profiles.md; modelled in dae.c) */
    bool dae_accurate_stream;           /* a new audio stream starts exactly where asked */
    int dae_jitter_samples;             /* not accurate: max landing error, stereo samples */
    bool dae_caches_audio;              /* a re-read may come from the cache */
    double dae_unstable_sectors_ppm;    /* audio sectors per million that read differently each time */
    double spinup_ms, spindown_ms, settle_ms, full_stroke_ms, command_overhead_us;
    vd_err_drive errd;                  /* scan protocol, retries on bad sectors (errspec.h) */
    vd_fault_plan faults;               /* [faults]: `fault = SPEC` lines (faults.h) */
} vd_drive_profile;

typedef enum vd_media_type { VD_MEDIA_PRESSED = 0, VD_MEDIA_CDR, VD_MEDIA_CDRW } vd_media_type;
typedef enum vd_content { VD_CONTENT_DATA = 0, VD_CONTENT_AUDIO, VD_CONTENT_MIXED } vd_content;

/* [atip] beyond lead_in / manufacturer (READ TOC format 4 bytes 4-6 and
 * 12-18; docs/profiles.md). */
typedef struct vd_atip_extra {
    uint8_t lead_out_m, lead_out_s, lead_out_f; /* last possible lead-out start */
    uint8_t sub_type;                           /* 0..7 */
    uint8_t writing_power;                      /* indicative target writing power, 0..7 */
    uint8_t ref_speed_code;                     /* 0 = not declared */
    bool unrestricted;                          /* URU */
    bool has_speeds;                            /* A1 valid */
    uint8_t speed_low_code, speed_high_code;    /* A1 byte 0 fields */
} vd_atip_extra;

typedef struct vd_media_profile {
    vd_media_type type;
    vd_content content;
    uint32_t capacity_sectors;
    double scanning_velocity_mps, track_pitch_um, inner_radius_mm;
    bool has_atip;
    uint8_t lead_in_m, lead_in_s, lead_in_f;
    char manufacturer[64];
    vd_atip_extra atip;                 /* the rest of [atip] */
    vd_err_spec errors;                 /* [errors] (errspec.h) */
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
