/* errspec.h - what profiles say about errors: the media profile's [errors]
 * section (rates, burns, defects, unreadable and slow sectors) and the
 * [drive] keys that decide how errors surface.  Parsed by errprofile.c;
 * the model itself is errmodel.h.  Format: docs/profiles.md. */
#ifndef DB_VDRIVE_ERRSPEC_H
#define DB_VDRIVE_ERRSPEC_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/error.h"
#include "../util/kv.h"

#define VD_ERR_MAX_BURNS 16
#define VD_ERR_MAX_DEFECTS 32
#define VD_ERR_MAX_RANGES 64
#define VD_FRAMES_PER_S 7350u   /* C1 blocks (frames) per second of disc */
#define VD_CU_MAX 255u
#define VD_C2_PTR_BYTES 294u    /* one bit per byte of a 2352-byte sector */
#define VD_ERR_INNER_MM 25.0    /* where the *_inner rates apply */
#define VD_ERR_OUTER_MM 58.0    /* where the *_outer rates apply */

typedef enum vd_err_shape { VD_SHAPE_LINEAR = 0, VD_SHAPE_QUADRATIC } vd_err_shape;
typedef enum vd_defect_kind { VD_DEFECT_SCRATCH = 0, VD_DEFECT_FINGERPRINT, VD_DEFECT_EDGE } vd_defect_kind;

/* Mean counts per second at the inner and outer reference radius. */
typedef struct vd_err_rates {
    double c1[2], c2[2], cu[2];
} vd_err_rates;

typedef struct vd_err_burn {
    double write_x;             /* 0 for the `rates` form (pressed discs) */
    vd_err_rates rates;
} vd_err_burn;

typedef struct vd_err_defect {
    double start_mm, end_mm;
    vd_defect_kind kind;
    double severity;            /* added mean C1 per second at full strength */
} vd_err_defect;

/* Sectors [first, last] (inclusive); retries: how many the drive needs on
 * a slow sector (0 for unreadable ranges). */
typedef struct vd_err_range {
    uint32_t first, last;
    uint32_t retries;
} vd_err_range;

typedef struct vd_err_band {
    double start_mm, end_mm;
} vd_err_band;

/* What a media profile's [errors] section says, before it meets a disc. */
typedef struct vd_err_spec {
    bool present;               /* the profile has an [errors] section */
    vd_err_shape shape;
    bool burned;                /* `burn` rows (per write speed) rather than `rates` */
    int burn_count;             /* ascending write_x; 1 with `rates` */
    vd_err_burn burns[VD_ERR_MAX_BURNS];
    double default_write_x;     /* `write_speed_x` (burned discs) */
    int defect_count;
    vd_err_defect defects[VD_ERR_MAX_DEFECTS];
    int unreadable_count;
    vd_err_range unreadable[VD_ERR_MAX_RANGES];
    int band_count;
    vd_err_band bands[VD_ERR_MAX_RANGES];
    int slow_count;
    vd_err_range slow[VD_ERR_MAX_RANGES];
} vd_err_spec;

/* Parse [errors] (nothing when the section is absent: present = false). */
int vd_err_spec_from_kv(kv_file *kv, vd_err_spec *out, db_error *err);

/* ---- how a drive surfaces errors ([drive] keys, docs/profiles.md) ---- */
typedef enum vd_scan_protocol {
    VD_SCAN_NONE = 0, VD_SCAN_LITEON_OLD, VD_SCAN_LITEON_NEW, VD_SCAN_PLEXTOR
} vd_scan_protocol;

/* Firmware misbehaviour users report, for testing the bench against it:
 * zero = every scan reply counts 0 (qpxtool#65), repeat = the new Lite-On
 * protocol reports an interval twice now and then (qpxtool#76), stall =
 * it stops advancing half way (qpxtool#39). */
typedef enum vd_scan_quirk {
    VD_QUIRK_NONE = 0, VD_QUIRK_ZERO, VD_QUIRK_REPEAT, VD_QUIRK_STALL
} vd_scan_quirk;

typedef struct vd_err_drive {
    vd_scan_protocol scan_protocol;
    vd_scan_quirk scan_quirk;
    uint32_t read_retries;      /* attempts on an unreadable sector before MEDIUM ERROR */
    double retry_ms;            /* time of one retry (re-seek + a revolution or more) */
    double slowdown_speed_x;    /* speed cap after a bad sector (0: keeps its speed) */
} vd_err_drive;

/* Parse the [drive] keys above (all optional). */
int vd_err_drive_from_kv(kv_file *kv, vd_err_drive *out, db_error *err);

#endif
