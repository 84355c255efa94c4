/* cdb_describe.c - one line of human-readable fields for a CDB, for
 * `discbench trace show` and messages: "READ(10) lba=1234 blocks=32". */
#include <stdio.h>

#include "bytes.h"
#include "mmc.h"

void db_cdb_describe(const uint8_t *cdb, size_t len, char *out, size_t out_len)
{
    const char *name = db_opcode_name(cdb[0]);
    switch (cdb[0]) {
    case MMC_READ_10:
        if (len >= 10) {
            snprintf(out, out_len, "%s lba=%u blocks=%u", name, db_get_be32(cdb + 2), db_get_be16(cdb + 7));
            return;
        }
        break;
    case 0xA8:
        if (len >= 12) {
            snprintf(out, out_len, "%s lba=%u blocks=%u", name, db_get_be32(cdb + 2), db_get_be32(cdb + 6));
            return;
        }
        break;
    case MMC_READ_CD:
        if (len >= 12) {
            snprintf(out, out_len, "%s type=%u lba=%u blocks=%u fields=0x%02X subch=%u", name,
                     (cdb[1] >> 2) & 7, db_get_be32(cdb + 2), ((uint32_t)cdb[6] << 16 | (uint32_t)cdb[7] << 8 | cdb[8]), cdb[9], cdb[10] & 7);
            return;
        }
        break;
    case MMC_SEEK_10:
        if (len >= 10) {
            snprintf(out, out_len, "%s lba=%u", name, db_get_be32(cdb + 2));
            return;
        }
        break;
    case MMC_SET_CD_SPEED:
        if (len >= 12) {
            unsigned kbs = db_get_be16(cdb + 2);
            if (kbs == 0xFFFF)
                snprintf(out, out_len, "%s read=max", name);
            else
                snprintf(out, out_len, "%s read=%u kB/s (%.1fx)", name, kbs, kbs / MMC_KBS_PER_X);
            return;
        }
        break;
    case MMC_START_STOP_UNIT:
        if (len >= 6) {
            snprintf(out, out_len, "%s %s%s", name, cdb[4] & 1 ? "start" : "stop",
                     cdb[1] & 1 ? " immed" : "");
            return;
        }
        break;
    case MMC_INQUIRY:
        if (len >= 6) {
            if (cdb[1] & 1)
                snprintf(out, out_len, "%s vpd page=0x%02X alloc=%u", name, cdb[2], db_get_be16(cdb + 3));
            else
                snprintf(out, out_len, "%s alloc=%u", name, db_get_be16(cdb + 3));
            return;
        }
        break;
    case MMC_READ_TOC:
        if (len >= 10) {
            snprintf(out, out_len, "%s format=%u%s track=%u alloc=%u", name, cdb[2] & 0x0F,
                     cdb[1] & 2 ? " msf" : "", cdb[6], db_get_be16(cdb + 7));
            return;
        }
        break;
    case MMC_MODE_SENSE_10:
        if (len >= 10) {
            snprintf(out, out_len, "%s page=0x%02X alloc=%u", name, cdb[2] & 0x3F, db_get_be16(cdb + 7));
            return;
        }
        break;
    case 0x46: /* GET CONFIGURATION */
        if (len >= 10) {
            snprintf(out, out_len, "%s rt=%u feature=0x%04X alloc=%u", name, cdb[1] & 3,
                     db_get_be16(cdb + 2), db_get_be16(cdb + 7));
            return;
        }
        break;
    default:
        break;
    }
    int n = snprintf(out, out_len, "%s", name);
    for (size_t i = 0; i < len && n > 0 && (size_t)n < out_len; i++)
        n += snprintf(out + n, out_len - (size_t)n, "%s%02X", i ? " " : " [", cdb[i]);
    if (n > 0 && (size_t)n < out_len)
        snprintf(out + n, out_len - (size_t)n, "]");
}
