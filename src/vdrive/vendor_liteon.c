/* vendor_liteon.c - the Lite-On / MediaTek CD C1/C2 scan protocols.
 *
 * Public facts used (QPxTool plugins/liteon, also what KProbe sends; no
 * code taken): all CDBs are 12 bytes, other bytes zero.
 *   old (LTR-40125S generation), data-in 256 bytes each:
 *     DF A3 00        start a scan        DF A3 01   end it
 *     DF A0 .. .. mm  scan set-up, byte 4 = 02, 00, 04, 02 in turn
 *     DF 82 09        scan the next second of disc (75 sectors; the drive
 *                     starts at LBA 0 and advances by itself)
 *     DF 82 05        read the interval counters: bytes 0-1 BLER, 2-3 E22
 *                     (big-endian), 4 E32 (one byte)
 *     DF 97           reset the interval counters
 *   new (later writers): after SEEK(10) to LBA 0, each F3 0E (byte 8 = 00:
 *     CD; 10 would be DVD PI/PIF) scans the next second by itself and
 *     returns 16 bytes: 1-3 its position as binary M, S, F with
 *     lba = M*4500 + S*75 + F, 4-5 BLER, 6-7 E22; no CU.
 * The position this drive reports is where the interval ends (the next
 * one's start; the lead-out for the last), so a host stops when it reaches
 * the end of the disc. */
#include <string.h>

#include "errmodel.h"
#include "timing.h"
#include "vendor.h"

#define OLD_REPLY 256
#define NEW_REPLY 16
/* the repeat quirk re-sends the previous interval every this many replies */
#define REPEAT_EVERY 50

static void put_be16_sat(uint8_t *p, uint32_t v)
{
    if (v > 0xFFFF)
        v = 0xFFFF;
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void counts_of(const vdrive *vd, uint32_t lba, vd_err_counts *out)
{
    if (vd->prof.errd.scan_quirk == VD_QUIRK_ZERO)
        memset(out, 0, sizeof *out);
    else
        vd_err_second(&vd->disc.em, lba / 75u, out);
}

static uint32_t interval_end(const vdrive *vd, uint32_t a)
{
    return a + 75u < vd->disc.sectors ? a + 75u : vd->disc.sectors;
}

static bool old_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len,
                     vd_reply *r)
{
    vd_vendor_state *v = &vd->vendor;
    uint8_t resp[OLD_REPLY];
    memset(resp, 0, sizeof resp);
    uint64_t done = 0;
    switch (cdb[1]) {
    case 0xA3:
        if (cdb[2] > 1) {
            vd_vendor_fail(vd, now, r, 0x05, 0x24, 0x00);
            return true;
        }
        v->old_open = cdb[2] == 0;
        v->old_next = 0;
        memset(&v->old_counts, 0, sizeof v->old_counts);
        break;
    case 0xA0:
        if (!v->old_open) {
            vd_vendor_fail(vd, now, r, 0x05, 0x2C, 0x00); /* command sequence error */
            return true;
        }
        if (cdb[4] != 0 && cdb[4] != 2 && cdb[4] != 4) {
            vd_vendor_fail(vd, now, r, 0x05, 0x24, 0x00);
            return true;
        }
        break;
    case 0x82:
        if (!v->old_open) {
            vd_vendor_fail(vd, now, r, 0x05, 0x2C, 0x00);
            return true;
        }
        if (cdb[2] == 0x09) {
            if (v->old_next >= vd->disc.sectors) {
                vd_vendor_fail(vd, now, r, 0x05, 0x21, 0x00); /* past the lead-out */
                return true;
            }
            uint32_t a = v->old_next, b = interval_end(vd, a);
            vd_err_counts c;
            counts_of(vd, a, &c);
            v->old_counts.c1 += c.c1;
            v->old_counts.c2 += c.c2;
            v->old_counts.cu += c.cu;
            done = vd_time_read(vd, now, a, b, sizeof resp);
            v->old_next = b;
        } else if (cdb[2] == 0x05) {
            put_be16_sat(resp, v->old_counts.c1);
            put_be16_sat(resp + 2, v->old_counts.c2);
            resp[4] = (uint8_t)(v->old_counts.cu > 255 ? 255 : v->old_counts.cu);
        } else {
            vd_vendor_fail(vd, now, r, 0x05, 0x24, 0x00);
            return true;
        }
        break;
    case 0x97:
        memset(&v->old_counts, 0, sizeof v->old_counts);
        break;
    default:
        vd_vendor_fail(vd, now, r, 0x05, 0x24, 0x00);
        return true;
    }
    vd_vendor_data(vd, now, r, buf, buf_len, resp, sizeof resp, done);
    return true;
}

static void new_reply(uint8_t resp[NEW_REPLY], uint32_t end, const vd_err_counts *c)
{
    memset(resp, 0, NEW_REPLY);
    resp[1] = (uint8_t)(end / 4500u);
    resp[2] = (uint8_t)(end / 75u % 60u);
    resp[3] = (uint8_t)(end % 75u);
    put_be16_sat(resp + 4, c->c1);
    put_be16_sat(resp + 6, c->c2);
}

static bool new_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len,
                     vd_reply *r)
{
    vd_vendor_state *v = &vd->vendor;
    if (cdb[1] != 0x0E)
        return false;
    if (cdb[8] != 0x00) { /* DVD PI/PIF on a CD */
        vd_vendor_fail(vd, now, r, 0x05, 0x24, 0x00);
        return true;
    }
    uint8_t resp[NEW_REPLY];
    vd_scan_quirk q = vd->prof.errd.scan_quirk;
    uint32_t half = vd->disc.sectors / 2 - vd->disc.sectors / 2 % 75u;
    bool again = v->new_calls > 0 &&
                 ((q == VD_QUIRK_REPEAT && v->new_calls % REPEAT_EVERY == REPEAT_EVERY - 1) ||
                  (q == VD_QUIRK_STALL && v->new_next >= half));
    if (again) {
        /* firmware trouble: the last interval again (stall: with no counts) */
        vd_err_counts zero = { 0, 0, 0 };
        new_reply(resp, v->new_last_end, q == VD_QUIRK_STALL ? &zero : &v->new_last);
        v->new_calls++;
        vd_vendor_data(vd, now, r, buf, buf_len, resp, sizeof resp, 0);
        return true;
    }
    if (v->new_next >= vd->disc.sectors) {
        vd_vendor_fail(vd, now, r, 0x05, 0x21, 0x00);
        return true;
    }
    uint32_t a = v->new_next, b = interval_end(vd, a);
    vd_err_counts c;
    counts_of(vd, a, &c);
    new_reply(resp, b, &c);
    uint64_t done = vd_time_read(vd, now, a, b, sizeof resp);
    v->new_next = b;
    v->new_last_end = b;
    v->new_last = c;
    v->new_calls++;
    vd_vendor_data(vd, now, r, buf, buf_len, resp, sizeof resp, done);
    return true;
}

bool vd_liteon_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len,
                    vd_reply *r)
{
    if (vd->prof.errd.scan_protocol == VD_SCAN_LITEON_OLD && cdb[0] == 0xDF)
        return old_exec(vd, now, cdb, buf, buf_len, r);
    if (vd->prof.errd.scan_protocol == VD_SCAN_LITEON_NEW && cdb[0] == 0xF3)
        return new_exec(vd, now, cdb, buf, buf_len, r);
    return false;
}
