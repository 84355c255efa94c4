/* atip_parse.c - READ TOC/PMA/ATIP format 0100b (ATIP) response parser.
 *
 * Layout (T10 MMC-3/MMC-5 "ATIP" response; the same bytes as cdrkit's
 * wodim/scsimmc.h struct atipdesc and libburn's libburn/mmc.c notes on MMC
 * table 77): 0-1 data length, 2-3 reserved; 4: bit 7 = 1, bits 6..4
 * indicative target writing power, bit 3 DDCD, bits 2..0 reference speed;
 * 5: bit 6 URU; 6: bit 7 = 1, bit 6 disc type (CD-RW), bits 5..3 disc
 * sub-type, bits 2..0 A1/A2/A3 valid; 8-10 start of the lead-in (M, S,
 * F, binary); 12-14 last possible start of the lead-out; 16-18 A1 values;
 * 20-22 A2; 24-26 A3. */
#include "mmcinfo.h"

#include <string.h>

#include "bytes.h"

static bool msf_ok(const uint8_t *p)
{
    return p[1] < 60 && p[2] < 75;
}

int db_mmc_parse_atip(const uint8_t *buf, size_t len, mmc_atip *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 4)
        return -1;
    size_t valid = (size_t)db_get_be16(buf) + 2;
    if (valid > len)
        valid = len;
    if (valid < 15)
        return -1; /* no lead-out address */
    if (!msf_ok(buf + 8) || !msf_ok(buf + 12))
        return -1;
    out->writing_power = (buf[4] >> 4) & 0x07;
    out->ddcd = (buf[4] & 0x08) != 0;
    out->ref_speed_code = buf[4] & 0x07;
    out->uru = (buf[5] & 0x40) != 0;
    out->erasable = (buf[6] & 0x40) != 0;
    out->sub_type = (buf[6] >> 3) & 0x07;
    out->a1_valid = (buf[6] & 0x04) != 0;
    out->a2_valid = (buf[6] & 0x02) != 0;
    out->a3_valid = (buf[6] & 0x01) != 0;
    out->lead_in_m = buf[8];
    out->lead_in_s = buf[9];
    out->lead_in_f = buf[10];
    out->lead_out_m = buf[12];
    out->lead_out_s = buf[13];
    out->lead_out_f = buf[14];
    if (valid >= 27) {
        out->has_a_values = true;
        memcpy(out->a1, buf + 16, 3);
        memcpy(out->a2, buf + 20, 3);
        memcpy(out->a3, buf + 24, 3);
    } else {
        /* A values claimed valid but not delivered cannot be used */
        out->a1_valid = out->a2_valid = out->a3_valid = false;
    }
    return 0;
}
