/* geometry.c - radius, rpm, speed and media time integrals (see geometry.h). */
#include "geometry.h"

#include <math.h>

#include "../drive/mmc.h"

void vd_geom_init(vd_geom *g, double v_mps, double pitch_um, double r0_mm)
{
    g->r0_mm = r0_mm;
    g->v_mm_s = v_mps * 1000.0;
    /* v [mm/s] * p [mm] / pi per second of disc, 75 sectors per second */
    g->k_mm2 = (v_mps * 1000.0) * (pitch_um / 1000.0) / (M_PI * CD_SECTORS_PER_S);
}

double vd_geom_radius_mm(const vd_geom *g, double lba)
{
    return sqrt(g->r0_mm * g->r0_mm + g->k_mm2 * lba);
}

double vd_geom_lba_at_radius(const vd_geom *g, double r_mm)
{
    return (r_mm * r_mm - g->r0_mm * g->r0_mm) / g->k_mm2;
}

double vd_speed_cap_x(const vd_speed_profile *sp, uint16_t request_kbs)
{
    if (request_kbs == 0 || request_kbs == MMC_SPEED_MAX_KBS)
        return INFINITY;
    if (sp->speed_count == 0) /* any speed, but no drive spins below 1x */
        return fmax(1.0, request_kbs / MMC_KBS_PER_X);
    /* Compare in whole kB/s, as the drive lists its speeds: 48x is 8467.2
     * kB/s, so a host asking for 8467 (rounded down) or 8468 (rounded up)
     * gets 48x either way. */
    double cap = sp->speeds_x[0];
    for (int i = 0; i < sp->speed_count; i++)
        if (floor(sp->speeds_x[i] * MMC_KBS_PER_X) <= request_kbs)
            cap = sp->speeds_x[i];
    return cap;
}

/* CAV: speed = c * r.  The spindle turns at the rpm that gives
 * start_speed_x at 25 mm on the 1.2 m/s reference disc; on this disc the
 * same rpm gives speed = 2 pi r w / (60 v). */
static double cav_x_per_mm(const vd_speed_profile *sp, const vd_geom *g)
{
    return sp->start_speed_x / VD_REF_RADIUS_MM * (VD_REF_VELOCITY_MM_S / g->v_mm_s);
}

/* Z-CLV zone i covers [zone_lba(i), zone_lba(i+1)). */
static double zone_lba(const vd_speed_profile *sp, int i)
{
    if (i >= sp->zone_count)
        return INFINITY;
    return sp->zone_start_min[i] * 60.0 * CD_SECTORS_PER_S;
}

static int zone_at(const vd_speed_profile *sp, double lba)
{
    int i = 0;
    while (i + 1 < sp->zone_count && lba >= zone_lba(sp, i + 1))
        i++;
    return i;
}

/* Level at which a CAV curve turns flat: the drive's maximum (a P-CAV
 * drive reaches it part way; a CAV drive at most at the rim, and a disc
 * written past 58 mm never pushes it over its rating) and/or the cap. */
static double flat_level_x(const vd_speed_profile *sp, double cap_x)
{
    return fmin(cap_x, sp->max_speed_x);
}

double vd_speed_x(const vd_speed_profile *sp, const vd_geom *g, double cap_x, double lba)
{
    switch (sp->strategy) {
    case VD_CLV:
        return fmin(sp->max_speed_x, cap_x);
    case VD_ZCLV:
        return fmin(sp->zone_speed_x[zone_at(sp, lba)], cap_x);
    case VD_PCAV:
    case VD_CAV:
        return fmin(cav_x_per_mm(sp, g) * vd_geom_radius_mm(g, lba), flat_level_x(sp, cap_x));
    }
    return 1.0;
}

double vd_rpm(const vd_speed_profile *sp, const vd_geom *g, double cap_x, double lba)
{
    double r = vd_geom_radius_mm(g, lba);
    double linear_mm_s = vd_speed_x(sp, g, cap_x, lba) * g->v_mm_s;
    return linear_mm_s * 60.0 / (2.0 * M_PI * r);
}

/* Constant speed over [a, b). */
static double flat_time_s(double a, double b, double speed_x)
{
    return (b - a) / (CD_SECTORS_PER_S * speed_x);
}

/* CAV over [a, b): integral of dlba / (75 c r(lba)); with r^2 = r0^2 + k lba,
 * dlba = 2 r dr / k, so it is 2 (r(b) - r(a)) / (75 c k).  Written as
 * 2 (b - a) / (75 c (r(a) + r(b))) -- the same value, without the
 * cancellation of r(b) - r(a) on short ranges. */
static double cav_time_s(const vd_geom *g, double c, double a, double b)
{
    double ra = vd_geom_radius_mm(g, a), rb = vd_geom_radius_mm(g, b);
    return 2.0 * (b - a) / (CD_SECTORS_PER_S * c * (ra + rb));
}

double vd_media_time_s(const vd_speed_profile *sp, const vd_geom *g, double cap_x, double a, double b)
{
    if (!(b > a))
        return 0.0;
    switch (sp->strategy) {
    case VD_CLV:
        return flat_time_s(a, b, fmin(sp->max_speed_x, cap_x));
    case VD_ZCLV: {
        double t = 0;
        for (int i = zone_at(sp, a); i < sp->zone_count; i++) {
            double lo = fmax(a, zone_lba(sp, i)), hi = fmin(b, zone_lba(sp, i + 1));
            if (hi > lo)
                t += flat_time_s(lo, hi, fmin(sp->zone_speed_x[i], cap_x));
            if (hi >= b)
                break;
        }
        return t;
    }
    case VD_PCAV:
    case VD_CAV: {
        double c = cav_x_per_mm(sp, g), flat = flat_level_x(sp, cap_x);
        /* below the crossing LBA the curve rises (CAV), above it is flat */
        double cross = isinf(flat) ? INFINITY : vd_geom_lba_at_radius(g, flat / c);
        double t = 0;
        if (a < cross)
            t += cav_time_s(g, c, a, fmin(b, cross));
        if (b > cross)
            t += flat_time_s(fmax(a, cross), b, flat);
        return t;
    }
    }
    return 0.0;
}
