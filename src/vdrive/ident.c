/* ident.c - GET CONFIGURATION, full TOC and ATIP answers of the virtual
 * drive (see ident.h).  Layouts: T10 MMC-3/MMC-5 (GET CONFIGURATION feature
 * header and descriptors; READ TOC/PMA/ATIP formats 0010b and 0100b); the
 * parsers that read them back are in src/drive (mmcinfo.h). */
#include "ident.h"

#include <string.h>

#include "../drive/mmcinfo.h"
#include "identprofile.h"
#include "sector.h"

static void put_be16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

uint16_t vd_ident_current_profile(const vdrive *vd)
{
    if (!vd->has_disc)
        return MMC_PROFILE_NONE;
    switch (vd->disc.type) {
    case VD_MEDIA_CDR:
        return vd->prof.writes >= VD_WRITES_CDR ? MMC_PROFILE_CDR : MMC_PROFILE_CDROM;
    case VD_MEDIA_CDRW:
        return vd->prof.writes >= VD_WRITES_CDRW ? MMC_PROFILE_CDRW : MMC_PROFILE_CDROM;
    default:
        return MMC_PROFILE_CDROM;
    }
}

/* One feature descriptor: code, version, persistent, current, data. */
typedef struct feature {
    uint16_t code;
    uint8_t version;
    bool persistent, current;
    uint8_t data[64];
    uint8_t len;
} feature;

static int build_features(const vdrive *vd, feature *f)
{
    int n = 0;
    uint16_t cur = vd_ident_current_profile(vd);
    bool disc = vd->has_disc && vd->disc.track_count > 0;

    /* 0000h Profile List: descending profile numbers, as drives list them */
    static const uint16_t profiles[] = { MMC_PROFILE_CDRW, MMC_PROFILE_CDR, MMC_PROFILE_CDROM };
    f[n] = (feature){ .code = MMC_FEAT_PROFILE_LIST, .persistent = true, .current = true };
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
        uint16_t p = profiles[i];
        if ((p == MMC_PROFILE_CDRW && vd->prof.writes < VD_WRITES_CDRW) ||
            (p == MMC_PROFILE_CDR && vd->prof.writes < VD_WRITES_CDR))
            continue;
        put_be16(f[n].data + f[n].len, p);
        f[n].data[f[n].len + 2] = p == cur ? 0x01 : 0x00;
        f[n].len += 4;
    }
    n++;

    /* 0001h Core: the physical interface the profile's link implies */
    f[n] = (feature){ .code = MMC_FEAT_CORE, .version = 1, .persistent = true, .current = true, .len = 8 };
    bool usb = vd->prof.interface == VD_IF_USB1 || vd->prof.interface == VD_IF_USB2;
    put_be32(f[n].data, usb ? 8 : 2); /* USB, else ATAPI */
    n++;

    /* 0003h Removable Medium: tray loader, eject, lock (as page 2A byte 6) */
    f[n] = (feature){ .code = 0x0003, .persistent = true, .current = true, .len = 4 };
    f[n].data[0] = 0x29;
    n++;

    /* 0010h Random Readable: 2048-byte blocks, blocking 1 */
    f[n] = (feature){ .code = 0x0010, .current = disc, .len = 8 };
    put_be32(f[n].data, 2048);
    put_be16(f[n].data + 4, 1);
    n++;

    /* 001Dh Multi-Read: reads CD-R and CD-RW in a reader too */
    f[n] = (feature){ .code = MMC_FEAT_MULTI_READ, .current = disc };
    n++;

    /* 001Eh CD Read: C2 flag follows [drive] c2 (a "broken" drive claims
     * it too); no CD-Text, no DAP */
    f[n] = (feature){ .code = MMC_FEAT_CD_READ, .version = 1, .current = disc, .len = 4 };
    f[n].data[0] = vd->prof.c2 != VD_C2_NONE ? 0x02 : 0x00;
    n++;
    return n;
}

size_t vd_ident_config(const vdrive *vd, uint8_t rt, uint16_t start, uint8_t out[VD_IDENT_MAX])
{
    if (rt > MMC_RT_ONE)
        return 0;
    feature f[8];
    int nf = build_features(vd, f);
    memset(out, 0, 8);
    put_be16(out + 6, vd_ident_current_profile(vd));
    size_t n = 8;
    for (int i = 0; i < nf; i++) {
        if (f[i].code < start || (rt == MMC_RT_ONE && f[i].code != start) ||
            (rt == MMC_RT_CURRENT && !f[i].current))
            continue;
        uint8_t *d = out + n;
        put_be16(d, f[i].code);
        d[2] = (uint8_t)((f[i].version & 0x0F) << 2 | (f[i].persistent ? 0x02 : 0) |
                         (f[i].current ? 0x01 : 0));
        d[3] = f[i].len;
        memcpy(d + 4, f[i].data, f[i].len);
        n += 4 + (size_t)f[i].len;
    }
    put_be32(out, (uint32_t)(n - 4));
    return n;
}

static uint8_t control_of(const vd_track *t)
{
    return t->kind == VD_SECTOR_AUDIO ? 0x0 : 0x4;
}

static size_t point(uint8_t *p, uint8_t adr, uint8_t control, uint8_t pt, uint8_t pm, uint8_t ps,
                    uint8_t pf)
{
    memset(p, 0, 11);
    p[0] = 1; /* session */
    p[1] = (uint8_t)(adr << 4 | control);
    p[3] = pt;
    p[8] = pm;
    p[9] = ps;
    p[10] = pf;
    return 11;
}

size_t vd_ident_fulltoc(const vd_disc *d, uint8_t out[VD_IDENT_MAX])
{
    const vd_track *first = &d->tracks[0], *last = &d->tracks[d->track_count - 1];
    bool xa = false;
    for (int i = 0; i < d->track_count; i++)
        if (d->tracks[i].kind == VD_SECTOR_MODE2F1)
            xa = true;
    size_t n = 4;
    uint8_t m, s, f;
    n += point(out + n, 1, control_of(first), 0xA0, first->number, xa ? 0x20 : 0x00, 0);
    n += point(out + n, 1, control_of(last), 0xA1, last->number, 0, 0);
    vd_lba_to_msf(d->sectors, &m, &s, &f);
    n += point(out + n, 1, control_of(last), 0xA2, m, s, f);
    for (int i = 0; i < d->track_count; i++) {
        vd_lba_to_msf(d->tracks[i].start_lba, &m, &s, &f);
        n += point(out + n, 1, control_of(&d->tracks[i]), d->tracks[i].number, m, s, f);
    }
    if (d->has_atip) /* C0: start of the first lead-in, from the ATIP */
        n += point(out + n, 5, 0x4, 0xC0, d->lead_in_m, d->lead_in_s, d->lead_in_f);
    put_be16(out, (uint32_t)(n - 2));
    out[2] = out[3] = 1;
    return n;
}

size_t vd_ident_atip(const vd_disc *d, uint8_t out[28])
{
    const vd_atip_extra *x = &d->atip;
    memset(out, 0, 28);
    put_be16(out, 26);
    out[4] = (uint8_t)(0x80 | (x->writing_power & 7) << 4 | (x->ref_speed_code & 7));
    out[5] = x->unrestricted ? 0x40 : 0x00;
    out[6] = (uint8_t)(0x80 | (d->type == VD_MEDIA_CDRW ? 0x40 : 0) | (x->sub_type & 7) << 3 |
                       (x->has_speeds ? 0x04 : 0));
    out[8] = d->lead_in_m;
    out[9] = d->lead_in_s;
    out[10] = d->lead_in_f;
    out[12] = x->lead_out_m;
    out[13] = x->lead_out_s;
    out[14] = x->lead_out_f;
    if (x->has_speeds)
        out[16] = (uint8_t)((x->speed_low_code & 7) << 4 | (x->speed_high_code & 0x0F));
    return 28;
}
