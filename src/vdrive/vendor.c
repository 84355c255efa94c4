/* vendor.c - dispatch of the vendor scan protocols (see vendor.h). */
#include "vendor.h"

#include <string.h>

#include "errmodel.h"
#include "timing.h"

void vd_vendor_fail(vdrive *vd, uint64_t now, vd_reply *r, uint8_t key, uint8_t asc, uint8_t ascq)
{
    r->check = true;
    r->sense = (vd_sense){ .key = key, .asc = asc, .ascq = ascq };
    r->data_len = 0;
    r->done_ns = vd_time_other(vd, now, 0);
}

void vd_vendor_data(vdrive *vd, uint64_t now, vd_reply *r, uint8_t *buf, size_t buf_len,
                    const uint8_t *resp, size_t resp_len, uint64_t done_ns)
{
    size_t n = resp_len < buf_len ? resp_len : buf_len;
    if (n)
        memcpy(buf, resp, n);
    r->data_len = n;
    uint64_t iface = vd_time_other(vd, now, n);
    r->done_ns = done_ns > iface ? done_ns : iface;
}

bool vd_vendor_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, size_t cdb_len, uint8_t *buf,
                    size_t buf_len, vd_reply *r)
{
    /* every command of these families is a 12-byte CDB */
    if (cdb_len < 12)
        return false;
    switch (vd->prof.errd.scan_protocol) {
    case VD_SCAN_LITEON_OLD:
    case VD_SCAN_LITEON_NEW:
        return vd_liteon_exec(vd, now, cdb, buf, buf_len, r);
    case VD_SCAN_PLEXTOR:
        return vd_plextor_exec(vd, now, cdb, buf, buf_len, r);
    case VD_SCAN_NONE:
        break;
    }
    return false;
}

void vd_vendor_on_seek(vdrive *vd, uint32_t lba)
{
    vd->vendor.new_next = lba - lba % 75u;
}

void vd_vendor_on_read(vdrive *vd, uint32_t a, uint32_t b)
{
    vd_vendor_state *v = &vd->vendor;
    if (!v->px_open || vd->prof.errd.scan_quirk == VD_QUIRK_ZERO)
        return;
    vd_err_counts c;
    vd_err_range_counts(&vd->disc.em, a, b, &c);
    v->px_counts.c1 += c.c1;
    v->px_counts.c2 += c.c2;
    v->px_counts.cu += c.cu;
}
