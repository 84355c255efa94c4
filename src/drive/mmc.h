/* mmc.h - typed MMC helpers: CDB builders (pure), response parsers (pure,
 * every length checked: drive data is untrusted) and the helpers that run
 * them on a drive.  Field layouts follow SCSI SPC / MMC-5 (T10). */
#ifndef DB_DRIVE_MMC_H
#define DB_DRIVE_MMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drive.h"

/* Opcodes used by discbench (all read-only). */
enum {
    MMC_TEST_UNIT_READY = 0x00,
    MMC_REQUEST_SENSE = 0x03,
    MMC_INQUIRY = 0x12,
    MMC_START_STOP_UNIT = 0x1B,
    MMC_READ_CAPACITY = 0x25,
    MMC_READ_10 = 0x28,
    MMC_SEEK_10 = 0x2B,
    MMC_READ_TOC = 0x43,
    MMC_MODE_SENSE_10 = 0x5A,
    MMC_READ_CD = 0xBE,
    MMC_SET_CD_SPEED = 0xBB
};

/* CD speed units: SET CD SPEED and page 2A speak kB/s (1000 bytes);
 * 1x = 75 raw sectors/s * 2352 B = 176.4 kB/s. */
#define MMC_KBS_PER_X 176.4
#define MMC_SPEED_MAX_KBS 0xFFFF /* "as fast as possible" */
#define CD_SECTORS_PER_S 75
#define CD_DATA_BYTES 2048
#define CD_RAW_BYTES 2352

/* ---- CDB builders (no I/O).  Each returns the CDB length. ---- */
size_t db_mmc_cdb_test_unit_ready(uint8_t cdb[DB_CDB_MAX]);
size_t db_mmc_cdb_inquiry(uint8_t cdb[DB_CDB_MAX], uint16_t alloc_len);
size_t db_mmc_cdb_read_capacity(uint8_t cdb[DB_CDB_MAX]);
size_t db_mmc_cdb_read_toc(uint8_t cdb[DB_CDB_MAX], uint8_t format, bool msf, uint8_t track, uint16_t alloc_len);
size_t db_mmc_cdb_mode_sense10(uint8_t cdb[DB_CDB_MAX], uint8_t page, uint16_t alloc_len);
size_t db_mmc_cdb_set_cd_speed(uint8_t cdb[DB_CDB_MAX], uint16_t read_kbs);
size_t db_mmc_cdb_read10(uint8_t cdb[DB_CDB_MAX], uint32_t lba, uint16_t blocks);
size_t db_mmc_cdb_seek10(uint8_t cdb[DB_CDB_MAX], uint32_t lba);
/* start: spin up (1) or stop (0).  The LoEj bit is never set. */
size_t db_mmc_cdb_start_stop(uint8_t cdb[DB_CDB_MAX], bool start, bool immed);

/* READ CD: expected sector type (byte 1 bits 4..2), byte 9 field flags,
 * byte 10 sub-channel selection. */
enum {
    MMC_SECTOR_ANY = 0, MMC_SECTOR_CDDA = 1, MMC_SECTOR_MODE1 = 2,
    MMC_SECTOR_MODE2 = 3, MMC_SECTOR_M2F1 = 4, MMC_SECTOR_M2F2 = 5
};
#define MMC_READCD_SYNC 0x80
#define MMC_READCD_HDR 0x20      /* header code 01: 4-byte header */
#define MMC_READCD_USER 0x10
#define MMC_READCD_EDC 0x08
#define MMC_READCD_C2 0x02       /* C2 error code 01: 294 bytes of pointers */
#define MMC_READCD_C2_BLOCK 0x04 /* C2 error code 10: 294 + block error byte + pad */
/* Returns 0 (no CDB) when blocks does not fit the 24-bit transfer length
 * or sector_type is not one of the values above. */
size_t db_mmc_cdb_read_cd(uint8_t cdb[DB_CDB_MAX], uint8_t sector_type, uint32_t lba,
                       uint32_t blocks, uint8_t flags9, uint8_t subch10);
/* Bytes per block a READ CD with these fields returns, for a sector of the
 * given type (CDDA: 2352 user bytes; MODE1: 2048).  0 for a combination MMC
 * calls illegal. */
size_t db_mmc_read_cd_block_bytes(uint8_t sector_type, uint8_t flags9, uint8_t subch10);

/* One line of the fields a person wants from a CDB ("READ(10) lba=1234
 * blocks=32"); unknown opcodes show their name and bytes. */
void db_cdb_describe(const uint8_t *cdb, size_t len, char *out, size_t out_len);

/* ---- parsed responses ---- */
typedef struct mmc_inquiry {
    uint8_t peripheral_type;  /* 5 = CD/DVD */
    bool removable;
    char vendor[9], product[17], revision[5]; /* trimmed ASCII, printable only */
    char vendor_specific[21];
} mmc_inquiry;
int db_mmc_parse_inquiry(const uint8_t *buf, size_t len, mmc_inquiry *out);

typedef struct mmc_capacity {
    uint32_t last_lba;
    uint32_t block_bytes;
} mmc_capacity;
int db_mmc_parse_read_capacity(const uint8_t *buf, size_t len, mmc_capacity *out);

#define MMC_TOC_MAX_TRACKS 99
typedef struct mmc_toc_track {
    uint8_t number;     /* 1..99; 0xAA = lead-out */
    uint8_t control;    /* Q control nibble: bit 2 (0x4) = data track */
    uint8_t adr;
    uint32_t lba;
} mmc_toc_track;
typedef struct mmc_toc {
    uint8_t first_track, last_track;
    int count;                               /* tracks, without lead-out */
    mmc_toc_track tracks[MMC_TOC_MAX_TRACKS];
    uint32_t leadout_lba;
} mmc_toc;
int db_mmc_parse_toc(const uint8_t *buf, size_t len, mmc_toc *out);
static inline bool db_mmc_track_is_data(const mmc_toc_track *t) { return (t->control & 0x4) != 0; }

typedef struct mmc_caps {           /* MODE SENSE(10) page 0x2A */
    bool cd_r_read, cd_rw_read;
    bool cdda_supported, accurate_stream, c2_pointers;
    uint16_t max_read_kbs;          /* obsolete in MMC-3+, still reported by CD drives */
    uint16_t current_read_kbs;
    uint16_t buffer_kib;
    uint8_t page_len;
} mmc_caps;
int db_mmc_parse_caps_page(const uint8_t *buf, size_t len, mmc_caps *out);

/* Fixed-format (0x70/0x71) or descriptor (0x72/0x73) sense data. */
int db_mmc_parse_sense(const uint8_t *buf, size_t len, db_sense *out);
/* "NOT READY", "MEDIUM ERROR", ... */
const char *db_mmc_sense_key_name(uint8_t key);
/* Text for common ASC/ASCQ pairs, or NULL. */
const char *db_mmc_asc_text(uint8_t asc, uint8_t ascq);

/* ---- helpers that run on a drive.  0 on success, -1 with err set. ----
 *
 * Every function here is prefixed db_mmc_: libcdio exports mmc_* functions
 * of its own (mmc_read_cd, mmc_test_unit_ready, ...) and calls some of them
 * internally, so a same-named function linked into our executable would be
 * bound in their place at run time. */
int db_mmc_test_unit_ready(db_drive *d, db_cmd_result *res);
int db_mmc_inquiry(db_drive *d, mmc_inquiry *out, db_error *err);
int db_mmc_read_capacity(db_drive *d, mmc_capacity *out, db_error *err);
int db_mmc_read_toc(db_drive *d, mmc_toc *out, db_error *err);
int db_mmc_mode_sense_caps(db_drive *d, mmc_caps *out, db_error *err);
int db_mmc_set_cd_speed(db_drive *d, uint16_t read_kbs, db_error *err);
int db_mmc_start_stop(db_drive *d, bool start, db_error *err);
/* Data reads report the raw result so the caller can count errors. */
int db_mmc_read10(db_drive *d, uint32_t lba, uint16_t blocks, void *buf, size_t buf_len,
               db_cmd_result *res);
int db_mmc_read_cd(db_drive *d, uint8_t sector_type, uint32_t lba, uint32_t blocks,
                   uint8_t flags9, uint8_t subch10, void *buf, size_t buf_len, db_cmd_result *res);

/* Speed conversions. */
static inline double db_mmc_kbs_to_x(double kbs) { return kbs / MMC_KBS_PER_X; }
uint16_t db_mmc_x_to_kbs(double x); /* rounds up, so the drive is never asked for less */

#endif
