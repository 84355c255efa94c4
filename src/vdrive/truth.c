/* truth.c - the model's ground truth, for tests: the same functions the
 * drive times its commands with, never a second copy of the model. */
#include "vdrive.h"

#include <math.h>
#include <string.h>

#include "geometry.h"
#include "timing.h"
#include "vdrive_int.h"

void vdrive_get_truth(const vdrive *vd, vdrive_truth *out)
{
    memset(out, 0, sizeof *out);
    out->disc_sectors = vd->disc.sectors;
    out->data_strategy = vd->prof.data.strategy;
    out->data_max_speed_x = vd->prof.data.max_speed_x;
    out->spinup_ms = vd->prof.spinup_ms;
    out->cache_kib = vd->prof.cache_kib;
    memcpy(out->vendor, vd->prof.vendor, sizeof out->vendor);
    memcpy(out->model, vd->prof.model, sizeof out->model);
    memcpy(out->firmware, vd->prof.firmware, sizeof out->firmware);
}

double vdrive_truth_radius_mm(const vdrive *vd, uint32_t lba)
{
    return vd_geom_radius_mm(&vd->disc.geom, lba);
}

double vdrive_truth_speed_x(const vdrive *vd, uint32_t lba, uint16_t request_kbs)
{
    vd_caps caps;
    vd_caps_for(vd, request_kbs, &caps);
    uint32_t n = lba < vd->disc.sectors ? lba : vd->disc.sectors - 1;
    if (vd_disc_track_at(&vd->disc, n)->kind == VD_SECTOR_AUDIO)
        return vd_speed_x(&vd->prof.dae, &vd->disc.geom, caps.dae_x, lba);
    return vd_speed_x(&vd->prof.data, &vd->disc.geom, caps.data_x, lba);
}

double vdrive_truth_zone_speed_x(const vdrive *vd, uint32_t lba_start, uint32_t lba_end,
                                 uint16_t request_kbs)
{
    if (lba_end <= lba_start)
        return NAN;
    vd_caps caps;
    vd_caps_for(vd, request_kbs, &caps);
    double t = vd_disc_media_time_s(vd, &caps, lba_start, lba_end);
    return (lba_end - lba_start) / (t * 75.0);
}

double vdrive_truth_zone_time_s(const vdrive *vd, uint32_t lba_start, uint32_t lba_end,
                                uint16_t request_kbs)
{
    vd_caps caps;
    vd_caps_for(vd, request_kbs, &caps);
    return vd_disc_media_time_s(vd, &caps, lba_start, lba_end);
}

double vdrive_truth_seek_ms(const vdrive *vd, uint32_t from_lba, uint32_t to_lba, uint16_t request_kbs)
{
    vd_caps caps;
    vd_caps_for(vd, request_kbs, &caps);
    return vd_seek_time_s(vd, &caps, from_lba, to_lba) * 1e3;
}

double vdrive_truth_rpm(const vdrive *vd, uint32_t lba, uint16_t request_kbs)
{
    vd_caps caps;
    vd_caps_for(vd, request_kbs, &caps);
    uint32_t n = lba < vd->disc.sectors ? lba : vd->disc.sectors - 1;
    if (vd_disc_track_at(&vd->disc, n)->kind == VD_SECTOR_AUDIO)
        return vd_rpm(&vd->prof.dae, &vd->disc.geom, caps.dae_x, lba);
    return vd_rpm(&vd->prof.data, &vd->disc.geom, caps.data_x, lba);
}
