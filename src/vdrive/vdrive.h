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
    /* Fault plan (faults.h): specs as given to --fault, each one or more
     * comma-separated faults; a malformed one fails vdrive_open
     * (DB_EXIT_USAGE). */
    const char *const *faults;
    int nfaults;
} vdrive_config;

int vdrive_open(const vdrive_config *cfg, vdrive **out, db_error *err);
void vdrive_free(vdrive *vd);

/* Fill a db_drive whose transport is this virtual drive and whose clock is
 * its clock (virtual, or monotonic in realtime mode).  simulated = true.
 * db_drive_close() on it frees the vdrive. */
void vdrive_attach(vdrive *vd, const char *device_name, db_drive *out);

/* The host was idle for ns: virtual time moves on (the spindle keeps
 * turning, read-ahead keeps filling).  The device-node preload
 * (src/preload) calls it when the program sleeps.  No effect in realtime
 * mode, where real time passes anyway. */
void vdrive_idle_ns(vdrive *vd, uint64_t ns);

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
    /* audio extraction ([dae] of the profile; dae.h) */
    vdrive_strategy dae_strategy;
    double dae_max_speed_x;
    bool dae_accurate_stream;
    int dae_jitter_samples;      /* max shift of a new stream when not accurate */
    bool dae_caches_audio;
    double dae_unstable_sectors_ppm;
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
/* Access time (ms) of a READ of one data sector at to_lba issued the
 * moment a one-sector READ at from_lba completed (head just past from_lba,
 * spindle at speed, to_lba outside the read-ahead): the seek from
 * from_lba + 1, then the media time of that sector (or the interface time
 * of 2048 bytes, when longer).  What the seek test's samples measure. */
double vdrive_truth_read_access_ms(const vdrive *vd, uint32_t from_lba, uint32_t to_lba,
                                   uint16_t request_kbs);
/* Spin-down time (STOP UNIT with IMMED = 0 on a spinning disc), ms. */
double vdrive_truth_spindown_ms(const vdrive *vd);
/* Burst rate (MB/s, 10^6 bytes) of a READ of `bytes` served from the cache:
 * bytes / (command overhead + bytes / interface rate). */
double vdrive_truth_burst_mb_s(const vdrive *vd, size_t bytes);

/* Injected DAE mismatches: audio sectors that read back differently each
 * time they are read from the disc (seeded; dae.h). */
bool vdrive_truth_dae_unstable(const vdrive *vd, uint32_t lba);
/* How many of [lba_start, lba_end) are unstable. */
uint32_t vdrive_truth_dae_unstable_count(const vdrive *vd, uint32_t lba_start, uint32_t lba_end);
/* C2 pointer bits one read from the disc of [lba_start, lba_end) sets
 * (unshifted: an accurate-stream drive). */
uint64_t vdrive_truth_dae_c2_bits(const vdrive *vd, uint32_t lba_start, uint32_t lba_end);

/* ---- error model ground truth (media profile [errors], errmodel.h) ---- */
typedef struct vdrive_err_truth {
    uint32_t c1, c2, cu;         /* BLER, E22, E32 of one second of disc */
} vdrive_err_truth;
/* Seconds of disc time (75 sectors each, the last may be partial). */
uint32_t vdrive_truth_seconds(const vdrive *vd);
/* Counts of second s (sectors [75 s, 75 s + 75)): what a vendor scan of
 * that interval must report. */
void vdrive_truth_errors(const vdrive *vd, uint32_t s, vdrive_err_truth *out);
/* Burn speed the disc's error model uses (0: pressed, or no model). */
double vdrive_truth_write_speed_x(const vdrive *vd);
/* C2 pointer bits a READ CD of the sector at lba sets (the model's, plus
 * the burst of an unstable audio sector, dae.h, on an accurate drive). */
uint32_t vdrive_truth_c2_bytes(const vdrive *vd, uint32_t lba);
bool vdrive_truth_unreadable(const vdrive *vd, uint32_t lba);
/* Unreadable LBAs in ascending order: the first max into out; returns how
 * many there are in all. */
uint32_t vdrive_truth_unreadable_list(const vdrive *vd, uint32_t *out, uint32_t max);
/* Retries the drive needs on the sector at lba (0: not a slow sector). */
uint32_t vdrive_truth_slow_retries(const vdrive *vd, uint32_t lba);

#endif
