/* vendor_plextor.c - Plextor's CD C1/C2 test (PlexTools "Q-Check").
 *
 * Public facts used (QPxTool plugins/plextor; no code taken), 12-byte CDBs:
 *   EA 15 00 01 .. .. .. .. .. 02   start: CD (byte 3 = 01), C1/C2 test
 *                                   (byte 9 = 02); no data
 *   the host itself reads the disc (READ CD), one second at a time
 *   EA 16 01 .. .. .. .. .. .. .. 1A   the counters of what was read since
 *                                   the last readout, 26 bytes: big-endian
 *                                   16-bit BLER at 10, E31 12, E21 14, E11 16,
 *                                   18 (uncorrectable; QPxTool is unsure
 *                                   whether 18 or 20 is E32), E32 20, E22 22,
 *                                   E12 24
 *   EA 17                           end; no data
 * BLER = E11 + E21 + E31.  The model knows BLER, E22 and E32 only; it
 * splits BLER as E31 = max(BLER/16, E22+E32) (frames C1 passed on to C2
 * include every one C2 then saw in error), E21 = (BLER-E31)/5, E11 = the
 * rest, E12 = E31-E22-E32, and sends E32 at both 18 and 20. */
#include <string.h>

#include "errmodel.h"
#include "vendor.h"

#define PX_REPLY 26

static void put16(uint8_t *p, uint32_t v)
{
    if (v > 0xFFFF)
        v = 0xFFFF;
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void counters(const vd_err_counts *c, uint8_t resp[PX_REPLY])
{
    uint32_t bler = c->c1 > 0xFFFF ? 0xFFFF : c->c1;
    uint32_t e22 = c->c2 < bler ? c->c2 : bler;
    uint32_t e32 = c->cu;
    uint32_t e31 = bler / 16;
    if (e31 < e22 + e32)
        e31 = e22 + e32 < bler ? e22 + e32 : bler;
    uint32_t e21 = (bler - e31) / 5;
    uint32_t e11 = bler - e31 - e21;
    uint32_t e12 = e31 > e22 + e32 ? e31 - e22 - e32 : 0;
    memset(resp, 0, PX_REPLY);
    put16(resp + 10, bler);
    put16(resp + 12, e31);
    put16(resp + 14, e21);
    put16(resp + 16, e11);
    put16(resp + 18, e32);
    put16(resp + 20, e32);
    put16(resp + 22, e22);
    put16(resp + 24, e12);
}

bool vd_plextor_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len,
                     vd_reply *r)
{
    if (cdb[0] != 0xEA)
        return false;
    vd_vendor_state *v = &vd->vendor;
    switch (cdb[1]) {
    case 0x15:
        if (cdb[2] != 0x00 || cdb[3] != 0x01 || cdb[9] != 0x02) {
            vd_vendor_fail(vd, now, r, 0x05, 0x24, 0x00);
            return true;
        }
        v->px_open = true;
        memset(&v->px_counts, 0, sizeof v->px_counts);
        vd_vendor_data(vd, now, r, buf, 0, NULL, 0, 0);
        return true;
    case 0x16: {
        if (!v->px_open) {
            vd_vendor_fail(vd, now, r, 0x05, 0x2C, 0x00);
            return true;
        }
        if (cdb[2] != 0x01 || cdb[10] != PX_REPLY) {
            vd_vendor_fail(vd, now, r, 0x05, 0x24, 0x00);
            return true;
        }
        uint8_t resp[PX_REPLY];
        counters(&v->px_counts, resp);
        memset(&v->px_counts, 0, sizeof v->px_counts);
        vd_vendor_data(vd, now, r, buf, buf_len, resp, sizeof resp, 0);
        return true;
    }
    case 0x17:
        v->px_open = false;
        vd_vendor_data(vd, now, r, buf, 0, NULL, 0, 0);
        return true;
    default:
        vd_vendor_fail(vd, now, r, 0x05, 0x24, 0x00);
        return true;
    }
}
