/* readerr.c - the error model in the reads (see readerr.h). */
#include "readerr.h"

#include <string.h>

#include "errmodel.h"
#include "vdrive_int.h"

bool vd_c2_form_ok(const vdrive *vd, size_t c2_len)
{
    switch (c2_len) {
    case 0: return true;
    case 294: return vd->prof.c2 == VD_C2_294;
    case 296: return vd->prof.c2 == VD_C2_294 || vd->prof.c2 == VD_C2_296;
    default: return false;
    }
}

void vd_c2_overlay(vdrive *vd, const vd_block_layout *lay, uint32_t lba, uint32_t count, uint8_t *buf,
                   size_t data_len)
{
    if (!lay->c2_len || !lay->total || !vd->disc.em.active)
        return;
    uint8_t field[VD_C2_PTR_BYTES];
    for (uint32_t i = 0; i < count; i++) {
        size_t off = (size_t)i * lay->total + lay->main_len;
        if (off >= data_len)
            break;
        uint32_t n = lba + i;
        uint32_t bytes = vd_err_c2_bytes_cached(&vd->disc.em, &vd->c2_cache, n);
        if (!bytes)
            continue;
        vd_err_c2_field(&vd->disc.em, n, bytes, field);
        size_t room = data_len - off;
        uint8_t *p = buf + off;
        for (size_t k = 0; k < VD_C2_PTR_BYTES && k < room; k++)
            p[k] |= field[k];
        if (lay->c2_len == 296 && room > VD_C2_PTR_BYTES) {
            uint8_t any = 0;
            for (size_t k = 0; k < VD_C2_PTR_BYTES; k++)
                any |= p[k];
            p[VD_C2_PTR_BYTES] = any;
        }
    }
}
