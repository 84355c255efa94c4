/* cdb.c - pure CDB builders (SPC / MMC-5 layouts, big-endian fields), the
 * READ CD block-size table and speed unit conversion.  No I/O here, so
 * every byte can be checked by a unit test. */
#include "mmc.h"

#include <math.h>
#include <string.h>

#include "bytes.h"

/* Every builder starts from zeroes: reserved bits, control byte 0 and no
 * leftovers from a previous CDB in the same array. */
static void clear(uint8_t cdb[DB_CDB_MAX])
{
    memset(cdb, 0, DB_CDB_MAX);
}

size_t db_mmc_cdb_test_unit_ready(uint8_t cdb[DB_CDB_MAX])
{
    clear(cdb);
    cdb[0] = MMC_TEST_UNIT_READY;
    return 6;
}

/* SPC-3 allocation length is 16 bits (bytes 3-4); with alloc_len <= 255
 * byte 3 is 0, which SPC-2 drives read as the old reserved byte. */
size_t db_mmc_cdb_inquiry(uint8_t cdb[DB_CDB_MAX], uint16_t alloc_len)
{
    clear(cdb);
    cdb[0] = MMC_INQUIRY;
    db_put_be16(&cdb[3], alloc_len);
    return 6;
}

size_t db_mmc_cdb_read_capacity(uint8_t cdb[DB_CDB_MAX])
{
    clear(cdb);
    cdb[0] = MMC_READ_CAPACITY;
    return 10;
}

/* Byte 1 bit 1 MSF, byte 2 bits 3..0 format, byte 6 track/session,
 * bytes 7-8 allocation length. */
size_t db_mmc_cdb_read_toc(uint8_t cdb[DB_CDB_MAX], uint8_t format, bool msf, uint8_t track,
                        uint16_t alloc_len)
{
    clear(cdb);
    cdb[0] = MMC_READ_TOC;
    cdb[1] = msf ? 0x02 : 0x00;
    cdb[2] = format & 0x0F;
    cdb[6] = track;
    db_put_be16(&cdb[7], alloc_len);
    return 10;
}

/* Byte 1 bit 3 DBD: MMC devices have no use for block descriptors (the
 * parser copes if a drive sends them anyway).  Byte 2: page control 00
 * (current values) and the page code. */
size_t db_mmc_cdb_mode_sense10(uint8_t cdb[DB_CDB_MAX], uint8_t page, uint16_t alloc_len)
{
    clear(cdb);
    cdb[0] = MMC_MODE_SENSE_10;
    cdb[1] = 0x08;
    cdb[2] = page & 0x3F;
    db_put_be16(&cdb[7], alloc_len);
    return 10;
}

/* Bytes 2-3 read speed, 4-5 write speed (kB/s).  Write speed is left at
 * 0xFFFF, "optimal": we never write, and any other value could be refused
 * by a reader.  Byte 1 rotational control 00 (CLV / non-pure CAV). */
size_t db_mmc_cdb_set_cd_speed(uint8_t cdb[DB_CDB_MAX], uint16_t read_kbs)
{
    clear(cdb);
    cdb[0] = MMC_SET_CD_SPEED;
    db_put_be16(&cdb[2], read_kbs);
    db_put_be16(&cdb[4], 0xFFFF);
    return 12;
}

size_t db_mmc_cdb_read10(uint8_t cdb[DB_CDB_MAX], uint32_t lba, uint16_t blocks)
{
    clear(cdb);
    cdb[0] = MMC_READ_10;
    db_put_be32(&cdb[2], lba);
    db_put_be16(&cdb[7], blocks);
    return 10;
}

size_t db_mmc_cdb_seek10(uint8_t cdb[DB_CDB_MAX], uint32_t lba)
{
    clear(cdb);
    cdb[0] = MMC_SEEK_10;
    db_put_be32(&cdb[2], lba);
    return 10;
}

/* Byte 1 bit 0 Immed, byte 4 bit 0 Start.  LoEj (byte 4 bit 1) and the
 * power condition stay 0: the allowlist refuses them anyway. */
size_t db_mmc_cdb_start_stop(uint8_t cdb[DB_CDB_MAX], bool start, bool immed)
{
    clear(cdb);
    cdb[0] = MMC_START_STOP_UNIT;
    cdb[1] = immed ? 0x01 : 0x00;
    cdb[4] = start ? 0x01 : 0x00;
    return 6;
}

/* Byte 1 bits 4..2 expected sector type (DAP bit 1 left 0), bytes 2-5 LBA,
 * 6-8 transfer length in blocks (24 bits), 9 field flags, 10 sub-channel. */
size_t db_mmc_cdb_read_cd(uint8_t cdb[DB_CDB_MAX], uint8_t sector_type, uint32_t lba,
                       uint32_t blocks, uint8_t flags9, uint8_t subch10)
{
    clear(cdb);
    if (sector_type > MMC_SECTOR_M2F2 || blocks > 0xFFFFFFu)
        return 0; /* truncating the count would read something else */
    cdb[0] = MMC_READ_CD;
    cdb[1] = (uint8_t)(sector_type << 2);
    db_put_be32(&cdb[2], lba);
    db_put_be24(&cdb[6], blocks);
    cdb[9] = flags9;
    cdb[10] = subch10;
    return 12;
}

/* ---- READ CD block size ----
 *
 * Main-channel fields of a 2352-byte sector, in sector order (MMC-5 READ CD
 * field descriptions; ECMA-130 sector layouts):
 *                 sync header subheader  user  EDC/ECC
 *   Mode 1          12    4       -      2048   288 (EDC 4, zero 8, ECC 276)
 *   Mode 2          12    4       -      2336    -
 *   Mode 2 Form 1   12    4       8      2048   280 (EDC 4, ECC 276)
 *   Mode 2 Form 2   12    4       8      2324     4
 * Byte 9: bit 7 sync, bits 6-5 header code (01 header, 10 subheader,
 * 11 both), bit 4 user data, bit 3 EDC/ECC, bits 2-1 C2 code, bit 0 reserved.
 *
 * What we call illegal (0): reserved values (C2 code 11, byte 9 bit 0,
 * sub-channel codes other than 0/1/2/4, reserved bits of byte 10, a
 * reserved sector type), and a selection with a gap, e.g. sync + user data
 * without the header between them: a drive returns one contiguous run of
 * the sector, which is how MMC's table of valid flag combinations reads.
 * CD-DA sectors have no sync/header/EDC: the user-data bit selects all 2352
 * bytes and the other main-channel bits are ignored beside it (without it,
 * a main-channel selection on audio is illegal).  For "any type" only
 * the whole sector (sync + both headers + user + EDC/ECC) has a known size,
 * 2352, whatever the sector turns out to be; anything partial is 0 because
 * its size depends on a type we do not know.  A request for nothing at all
 * is 0 too. */
enum { F_SYNC, F_HEADER, F_SUBHEADER, F_USER, F_EDC, F_COUNT };

static const uint16_t layout[][F_COUNT] = {
    [MMC_SECTOR_MODE1] = { 12, 4, 0, 2048, 288 },
    [MMC_SECTOR_MODE2] = { 12, 4, 0, 2336, 0 },
    [MMC_SECTOR_M2F1] = { 12, 4, 8, 2048, 280 },
    [MMC_SECTOR_M2F2] = { 12, 4, 8, 2324, 4 },
};

static size_t main_channel_bytes(uint8_t sector_type, uint8_t flags9)
{
    uint8_t main = flags9 & 0xF8;
    if (main == 0)
        return 0;
    if (sector_type == MMC_SECTOR_CDDA)
        return (flags9 & MMC_READCD_USER) ? CD_RAW_BYTES : 0;
    if (sector_type == MMC_SECTOR_ANY)
        return main == 0xF8 ? CD_RAW_BYTES : 0;

    const bool sel[F_COUNT] = {
        (flags9 & MMC_READCD_SYNC) != 0, (flags9 & 0x20) != 0, (flags9 & 0x40) != 0,
        (flags9 & MMC_READCD_USER) != 0, (flags9 & MMC_READCD_EDC) != 0,
    };
    size_t total = 0;
    int runs = 0;
    bool in_run = false;
    for (int f = 0; f < F_COUNT; f++) {
        uint16_t n = layout[sector_type][f];
        if (n == 0)
            continue; /* a field this sector type lacks neither adds nor breaks a run */
        if (sel[f]) {
            total += n;
            if (!in_run)
                runs++;
            in_run = true;
        } else {
            in_run = false;
        }
    }
    return runs == 1 ? total : 0;
}

size_t db_mmc_read_cd_block_bytes(uint8_t sector_type, uint8_t flags9, uint8_t subch10)
{
    if (sector_type > MMC_SECTOR_M2F2 || (flags9 & 0x01) || (subch10 & 0xF8))
        return 0;
    size_t c2;
    switch (flags9 & 0x06) {
    case 0x00: c2 = 0; break;
    case MMC_READCD_C2: c2 = 294; break;       /* one bit per byte of 2352 */
    case MMC_READCD_C2_BLOCK: c2 = 296; break; /* + block error byte + pad byte */
    default: return 0;                         /* code 11 is reserved */
    }
    size_t sub;
    switch (subch10 & 0x07) {
    case 0: sub = 0; break;
    case 1: sub = 96; break; /* raw P-W */
    case 2: sub = 16; break; /* formatted Q */
    case 4: sub = 96; break; /* corrected, de-interleaved R-W */
    default: return 0;
    }
    size_t main = main_channel_bytes(sector_type, flags9);
    if (main == 0 && (flags9 & 0xF8))
        return 0; /* main-channel fields asked for but not a valid selection */
    size_t total = main + c2 + sub;
    return total;
}

/* Rounds up so the drive is never asked for less than x; computed in
 * tenths of kB/s (1x = 1764 tenths) so whole speeds are exact: 10x is 1764,
 * not 1765 from 10 * 176.4 landing a hair above.  0xFFFF means "maximum"
 * to SET CD SPEED, so a finite request saturates at 0xFFFE. */
uint16_t db_mmc_x_to_kbs(double x)
{
    if (!(x > 0))
        return 0; /* also NaN */
    double tenths = x * 1764.0;
    double kbs = ceil(tenths / 10.0 - 1e-9);
    if (kbs >= 0xFFFE)
        return 0xFFFE;
    return (uint16_t)kbs;
}
