/* truth.c - the model's ground truth, for tests: the same functions the
 * drive times its commands with, never a second copy of the model. */
#include "vdrive.h"

#include <math.h>
#include <string.h>

#include "../drive/mmc.h"
#include "dae.h"
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
    out->dae_strategy = vd->prof.dae.strategy;
    out->dae_max_speed_x = vd->prof.dae.max_speed_x;
    out->dae_accurate_stream = vd->prof.dae_accurate_stream;
    out->dae_jitter_samples = vd->prof.dae_jitter_samples;
    out->dae_caches_audio = vd->prof.dae_caches_audio;
    out->dae_unstable_sectors_ppm = vd->prof.dae_unstable_sectors_ppm;
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

double vdrive_truth_read_access_ms(const vdrive *vd, uint32_t from_lba, uint32_t to_lba,
                                   uint16_t request_kbs)
{
    vd_caps caps;
    vd_caps_for(vd, request_kbs, &caps);
    double t = vd_seek_time_s(vd, &caps, from_lba + 1.0, to_lba) +
               vd_disc_media_time_s(vd, &caps, to_lba, to_lba + 1.0);
    return fmax(t, vd_iface_ns(vd, CD_DATA_BYTES) / 1e9) * 1e3;
}

double vdrive_truth_spindown_ms(const vdrive *vd)
{
    return vd->prof.spindown_ms;
}

double vdrive_truth_burst_mb_s(const vdrive *vd, size_t bytes)
{
    return (double)bytes / (vd_iface_ns(vd, bytes) / 1e9) / 1e6;
}

bool vdrive_truth_dae_unstable(const vdrive *vd, uint32_t lba)
{
    return vd_dae_unstable(vd, lba);
}

uint32_t vdrive_truth_dae_unstable_count(const vdrive *vd, uint32_t lba_start, uint32_t lba_end)
{
    uint32_t n = 0;
    for (uint32_t lba = lba_start; lba < lba_end; lba++)
        n += vd_dae_unstable(vd, lba);
    return n;
}

uint64_t vdrive_truth_dae_c2_bits(const vdrive *vd, uint32_t lba_start, uint32_t lba_end)
{
    uint64_t bits = 0;
    for (uint32_t lba = lba_start; lba < lba_end; lba++)
        if (vd_dae_unstable(vd, lba)) {
            uint32_t off, len;
            vd_dae_burst(vd, lba, &off, &len);
            bits += len;
        }
    return bits;
}

/* ---- error model ---- */

uint32_t vdrive_truth_seconds(const vdrive *vd)
{
    return (vd->disc.sectors + CD_SECTORS_PER_S - 1) / CD_SECTORS_PER_S;
}

void vdrive_truth_errors(const vdrive *vd, uint32_t s, vdrive_err_truth *out)
{
    vd_err_counts c;
    vd_err_second(&vd->disc.em, s, &c);
    out->c1 = c.c1;
    out->c2 = c.c2;
    out->cu = c.cu;
}

double vdrive_truth_write_speed_x(const vdrive *vd)
{
    return vd->disc.em.active ? vd->disc.em.write_x : 0;
}

uint32_t vdrive_truth_c2_bytes(const vdrive *vd, uint32_t lba)
{
    uint16_t bytes[CD_SECTORS_PER_S];
    uint32_t n;
    vd_err_second_c2(&vd->disc.em, lba / CD_SECTORS_PER_S, bytes, &n);
    uint32_t i = lba % CD_SECTORS_PER_S;
    uint8_t field[VD_C2_PTR_BYTES];
    vd_err_c2_field(&vd->disc.em, lba, i < n ? bytes[i] : 0, field);
    if (vd_dae_unstable(vd, lba)) {
        uint32_t off, len;
        vd_dae_burst(vd, lba, &off, &len);
        for (uint32_t k = off; k < off + len; k++)
            field[k / 8] |= (uint8_t)(0x80u >> (k % 8));
    }
    uint32_t bits = 0;
    for (uint32_t k = 0; k < VD_C2_PTR_BYTES; k++)
        bits += (uint32_t)__builtin_popcount(field[k]);
    return bits;
}

bool vdrive_truth_unreadable(const vdrive *vd, uint32_t lba)
{
    return vd_err_first_unreadable(&vd->disc.em, lba, lba + 1) == lba;
}

uint32_t vdrive_truth_unreadable_list(const vdrive *vd, uint32_t *out, uint32_t max)
{
    const vd_errmodel *m = &vd->disc.em;
    uint32_t n = 0;
    for (int i = 0; m->active && i < m->unreadable_count; i++)
        for (uint32_t lba = m->unreadable[i].first; lba <= m->unreadable[i].last; lba++, n++)
            if (n < max)
                out[n] = lba;
    return n;
}

uint32_t vdrive_truth_slow_retries(const vdrive *vd, uint32_t lba)
{
    if (vdrive_truth_unreadable(vd, lba))
        return 0; /* unreadable wins */
    return (uint32_t)vd_err_slow_retries(&vd->disc.em, lba, lba + 1, NULL);
}
