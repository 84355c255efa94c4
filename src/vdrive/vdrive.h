/* vdrive.h - the virtual drive: an emulated MMC CD drive with a physical
 * model and a virtual clock, driven by profiles/ (drive + media).
 *
 * It plugs in at the CDB boundary (a db_drive transport, "sim:" devices)
 * and answers exactly like a drive: data, status, sense.  Its ground truth
 * (what the model says a measurement should find) is exported below for
 * tests only: nothing under src/bench may include this header. */
#ifndef DB_VDRIVE_VDRIVE_H
#define DB_VDRIVE_VDRIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "../drive/drive.h"
#include "../util/error.h"

typedef struct vdrive vdrive;

typedef struct vdrive_config {
    const char *drive_profile; /* path of a drive profile file */
    /* The disc: NULL = synthetic 80-minute data disc; "synthetic:MIN" (1..99,
     * decimals allowed) a synthetic data disc of that length; a path ending
     * in .profile = media profile; anything else = a disc image opened with
     * libcdio's image drivers (.cue/.bin, .toc, .nrg, .iso). */
    const char *disc;
    uint64_t seed;             /* seeds error injection (later issues) */
    bool realtime;             /* sleep for real instead of advancing virtual time */
} vdrive_config;

int vdrive_open(const vdrive_config *cfg, vdrive **out, db_error *err);
void vdrive_free(vdrive *vd);

/* Fill a db_drive whose transport is this virtual drive and whose clock is
 * its clock (virtual, or monotonic in realtime mode).  simulated = true.
 * db_drive_close() on it frees the vdrive. */
void vdrive_attach(vdrive *vd, const char *device_name, db_drive *out);

/* ---- ground truth, for tests ---- */
typedef enum vdrive_strategy {
    VD_CLV = 0, VD_ZCLV = 1, VD_PCAV = 2, VD_CAV = 3
} vdrive_strategy;
const char *vdrive_strategy_name(vdrive_strategy s); /* "CLV", "Z-CLV", "P-CAV", "CAV" */

typedef struct vdrive_truth {
    uint32_t disc_sectors;       /* readable sectors (lead-out LBA) */
    vdrive_strategy data_strategy;
    double data_max_speed_x;     /* profile maximum */
    double spinup_ms;
    double cache_kib;
    char vendor[9], model[17], firmware[5];
} vdrive_truth;
void vdrive_get_truth(const vdrive *vd, vdrive_truth *out);

/* Radius in mm of the sector at lba on this disc. */
double vdrive_truth_radius_mm(const vdrive *vd, uint32_t lba);
/* Model's sustained data read speed (x) at lba, with the speed requested by
 * SET CD SPEED being request_kbs (0xFFFF = max).  On an audio track this is
 * the DAE speed ([dae] of the profile, or [data] when it has none). */
double vdrive_truth_speed_x(const vdrive *vd, uint32_t lba, uint16_t request_kbs);
/* Model's average speed over [lba_start, lba_end): sectors / media time. */
double vdrive_truth_zone_speed_x(const vdrive *vd, uint32_t lba_start, uint32_t lba_end,
                                 uint16_t request_kbs);
/* The media time itself (seconds): what a host reading [lba_start, lba_end)
 * sequentially measures between the completion of the read ending at
 * lba_start and that of the read ending at lba_end, when the media (not the
 * interface) is the bottleneck. */
double vdrive_truth_zone_time_s(const vdrive *vd, uint32_t lba_start, uint32_t lba_end,
                                uint16_t request_kbs);
/* Access time (ms) of a seek with the head at from_lba to the sector at
 * to_lba: settle + full_stroke * sqrt(|dr| / 33 mm) + half a revolution at
 * the target.  A SEEK(10) right after the drive reached from_lba takes this. */
double vdrive_truth_seek_ms(const vdrive *vd, uint32_t from_lba, uint32_t to_lba, uint16_t request_kbs);
/* Spindle speed (rev/min) at lba. */
double vdrive_truth_rpm(const vdrive *vd, uint32_t lba, uint16_t request_kbs);

#endif
