/* config.c - GET CONFIGURATION: CDB builder, response parser, and the
 * names of MMC profiles and physical interfaces (T10 MMC-5, GET
 * CONFIGURATION command, Feature header and the Profile List, Core,
 * Multi-Read and CD Read feature descriptors). */
#include "mmcinfo.h"

#include <string.h>

#include "bytes.h"

/* Byte 1 bits 1..0 RT, bytes 2-3 starting feature number, 7-8 allocation
 * length. */
size_t db_mmc_cdb_get_configuration(uint8_t cdb[DB_CDB_MAX], uint8_t rt, uint16_t start_feature,
                                    uint16_t alloc_len)
{
    memset(cdb, 0, DB_CDB_MAX);
    cdb[0] = MMC_GET_CONFIGURATION;
    cdb[1] = rt & 0x03;
    db_put_be16(&cdb[2], start_feature);
    db_put_be16(&cdb[7], alloc_len);
    return 10;
}

static void profile_list(const uint8_t *data, size_t n, mmc_config *out)
{
    out->has_profile_list = true;
    /* 4-byte profile descriptors: 0-1 profile number, 2 bit 0 CurrentP. */
    for (size_t i = 0; i + 4 <= n; i += 4) {
        if (out->profile_count >= MMC_CONFIG_MAX_PROFILES)
            break;
        mmc_profile_entry *p = &out->profiles[out->profile_count++];
        p->number = db_get_be16(data + i);
        p->current = (data[i + 2] & 0x01) != 0;
    }
}

int db_mmc_parse_config(const uint8_t *buf, size_t len, mmc_config *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 8)
        return -1;
    uint64_t claimed = (uint64_t)db_get_be32(buf) + 4;
    size_t valid = len;
    if (claimed < len)
        valid = (size_t)claimed;
    else if (claimed > len)
        out->truncated = true; /* normal when the allocation length cut it */
    if (valid < 8)
        return -1;
    out->current_profile = db_get_be16(buf + 6);
    size_t off = 8;
    while (off + 4 <= valid) {
        const uint8_t *d = buf + off;
        uint16_t code = db_get_be16(d);
        bool current = (d[2] & 0x01) != 0;
        size_t add = d[3];
        if (off + 4 + add > valid) {
            /* cut by the allocation length, or a lying length byte:
             * either way its data is not all here, so it is not used */
            out->bad_descriptor = !out->truncated;
            break;
        }
        const uint8_t *data = d + 4;
        switch (code) {
        case MMC_FEAT_PROFILE_LIST:
            profile_list(data, add, out);
            break;
        case MMC_FEAT_CORE:
            if (add >= 4) {
                out->has_core = true;
                out->physical_interface = db_get_be32(data);
            }
            break;
        case MMC_FEAT_MULTI_READ:
            out->has_multi_read = true;
            out->multi_read_current = current;
            break;
        case MMC_FEAT_CD_READ:
            out->has_cd_read = true;
            out->cd_read_current = current;
            if (add >= 1) {
                out->cd_read_dap = (data[0] & 0x80) != 0;
                out->cd_read_c2 = (data[0] & 0x02) != 0;
                out->cd_read_cdtext = (data[0] & 0x01) != 0;
            }
            break;
        default:
            break;
        }
        out->feature_count++;
        off += 4 + add;
    }
    return 0;
}

const char *db_mmc_profile_name(uint16_t profile)
{
    switch (profile) {
    case 0x0001: return "non-removable disk";
    case 0x0002: return "removable disk";
    case 0x0003: return "MO erasable";
    case 0x0004: return "optical write once";
    case 0x0005: return "AS-MO";
    case MMC_PROFILE_CDROM: return "CD-ROM";
    case MMC_PROFILE_CDR: return "CD-R";
    case MMC_PROFILE_CDRW: return "CD-RW";
    case 0x0010: return "DVD-ROM";
    case 0x0011: return "DVD-R";
    case 0x0012: return "DVD-RAM";
    case 0x0013: return "DVD-RW (restricted overwrite)";
    case 0x0014: return "DVD-RW (sequential)";
    case 0x0015: return "DVD-R DL (sequential)";
    case 0x0016: return "DVD-R DL (layer jump)";
    case 0x001A: return "DVD+RW";
    case 0x001B: return "DVD+R";
    case 0x002A: return "DVD+RW DL";
    case 0x002B: return "DVD+R DL";
    case 0x0040: return "BD-ROM";
    case 0x0041: return "BD-R (SRM)";
    case 0x0042: return "BD-R (RRM)";
    case 0x0043: return "BD-RE";
    case 0x0050: return "HD DVD-ROM";
    case 0x0051: return "HD DVD-R";
    case 0x0052: return "HD DVD-RAM";
    case 0xFFFF: return "non-conforming";
    default: return NULL;
    }
}

const char *db_mmc_interface_name(uint32_t phys)
{
    switch (phys) {
    case 0: return "unspecified";
    case 1: return "SCSI";
    case 2: return "ATAPI";
    case 3: return "IEEE 1394-1995";
    case 4: return "IEEE 1394A";
    case 5: return "Fibre Channel";
    case 6: return "IEEE 1394B";
    case 7: return "Serial ATAPI";
    case 8: return "USB";
    case 0xFFFF: return "vendor unique";
    default: return NULL;
    }
}
