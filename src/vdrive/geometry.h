/* geometry.h - the physical model: where a sector lies on the disc, how
 * fast the drive spins there, and how long reading a range takes.
 *
 * LBAs are doubles here: the model treats the spiral as continuous, so
 * "sector n" occupies [n, n+1) and the media time of [a, b) is an integral.
 * Every media time is closed-form (O(1) per range, O(zones) for Z-CLV), so
 * a command costs the same whatever its length. */
#ifndef DB_VDRIVE_GEOMETRY_H
#define DB_VDRIVE_GEOMETRY_H

#include "profile.h"

/* Reference disc the profiles' CAV figures are quoted on: start_speed_x is
 * the speed at 25 mm on a disc scanned at 1.2 m/s. */
#define VD_REF_RADIUS_MM 25.0
#define VD_REF_VELOCITY_MM_S 1200.0
/* Full stroke of the sled in the seek model: 25 mm to 58 mm. */
#define VD_FULL_STROKE_MM 33.0

typedef struct vd_geom {
    double r0_mm;        /* radius of LBA 0 */
    double k_mm2;        /* r^2 grows by k per sector: v * p / (75 pi) */
    double v_mm_s;       /* scanning velocity of the disc */
} vd_geom;

/* From the physical disc: scanning velocity (m/s), track pitch (um), r0 (mm). */
void vd_geom_init(vd_geom *g, double v_mps, double pitch_um, double r0_mm);
/* r = sqrt(r0^2 + v t p / pi), t = lba / 75 s. */
double vd_geom_radius_mm(const vd_geom *g, double lba);
/* Inverse: the LBA at radius r (may be negative inside r0). */
double vd_geom_lba_at_radius(const vd_geom *g, double r_mm);

/* Speed cap from SET CD SPEED (kB/s; 0 and 0xFFFF = maximum): the largest
 * `speeds` entry the request reaches (the smallest if none), or the request
 * itself (at least 1x) when the profile lists no speeds.  INFINITY = no cap. */
double vd_speed_cap_x(const vd_speed_profile *sp, uint16_t request_kbs);

/* Speed (x) of the sector at lba: model speed min'ed with the cap. */
double vd_speed_x(const vd_speed_profile *sp, const vd_geom *g, double cap_x, double lba);
/* Spindle speed at lba (rev/min) that gives that speed. */
double vd_rpm(const vd_speed_profile *sp, const vd_geom *g, double cap_x, double lba);
/* Seconds to read [a, b) at the model speed (0 if b <= a). */
double vd_media_time_s(const vd_speed_profile *sp, const vd_geom *g, double cap_x, double a, double b);

#endif
