/* vendor_scan.h - the vendor C1/C2 scan protocols of CD drive families
 * (Lite-On/MediaTek old and new, Plextor Q-Check): CDB builders (pure),
 * reply parsers (pure, every length and count checked: drive data is
 * untrusted) and one runner.  Layouts are public facts from QPxTool's
 * plugins/liteon and plugins/plextor (no code taken); each builder's CDB
 * is one the allowlist (allowlist.c) lets through byte for byte.
 *
 * Names: BLER = E11 + E21 + E31 is what discbench calls C1, E22 is C2,
 * E32 is CU (Plextools' names; KProbe and QPxTool show Lite-On's BLER,
 * E22, E32 the same way). */
#ifndef DB_DRIVE_VENDOR_SCAN_H
#define DB_DRIVE_VENDOR_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drive.h"

/* C1 blocks (frames) in one second of disc: 98 per sector x 75 sectors.
 * No count of one second can be larger. */
#define DB_FRAMES_PER_S 7350u

#define DB_LITEON_OLD_REPLY 256  /* every DF command moves 256 bytes */
#define DB_LITEON_NEW_REPLY 16   /* F3 0E */
#define DB_PLEXTOR_REPLY 26      /* EA 16 */

/* ---- Lite-On old protocol (LTR-40125S generation), 12-byte CDBs ---- */
size_t db_liteon_cdb_start(uint8_t cdb[DB_CDB_MAX]);             /* DF A3 00 */
size_t db_liteon_cdb_end(uint8_t cdb[DB_CDB_MAX]);               /* DF A3 01 */
/* Set-up step: byte 4 = 02, 00, 04, 02 in that order after the start;
 * 0 (no CDB) for any other value. */
size_t db_liteon_cdb_setup(uint8_t cdb[DB_CDB_MAX], uint8_t step);  /* DF A0 */
size_t db_liteon_cdb_scan(uint8_t cdb[DB_CDB_MAX]);              /* DF 82 09: next second */
size_t db_liteon_cdb_counters(uint8_t cdb[DB_CDB_MAX]);          /* DF 82 05 */
size_t db_liteon_cdb_reset(uint8_t cdb[DB_CDB_MAX]);             /* DF 97 */
/* The set-up steps in order. */
extern const uint8_t db_liteon_setup_steps[4];

/* ---- Lite-On new protocol: F3 0E, byte 8 = 00 (CD) ---- */
size_t db_liteon_cdb_scan_new(uint8_t cdb[DB_CDB_MAX]);

/* ---- Plextor Q-Check C1/C2 ---- */
size_t db_plextor_cdb_start(uint8_t cdb[DB_CDB_MAX]);            /* EA 15, no data */
size_t db_plextor_cdb_counters(uint8_t cdb[DB_CDB_MAX]);         /* EA 16, 26 bytes */
size_t db_plextor_cdb_end(uint8_t cdb[DB_CDB_MAX]);              /* EA 17, no data */

/* One interval's counts as a drive reported them. */
typedef struct db_errc_reply {
    uint32_t c1, c2, cu;      /* BLER, E22, E32 */
    bool has_cu;              /* the new Lite-On protocol reports no E32 */
    bool has_pos;             /* new Lite-On: the drive says where it is */
    uint32_t pos_lba;         /* ... as M*4500 + S*75 + F: where the interval ends */
    uint32_t e11, e21, e31, e12; /* Plextor's detail (0 otherwise) */
} db_errc_reply;

/* Parsers: 0, or -1 with why (a one-line reason recorded as a drive
 * fault): a reply shorter than the fields, an M:S:F that is no position
 * (S >= 60, F >= 75), a count over DB_FRAMES_PER_S in one second, or
 * (Plextor) a BLER that is not E11 + E21 + E31. */
int db_liteon_parse_old(const uint8_t *buf, size_t len, db_errc_reply *out, char *why, size_t why_len);
int db_liteon_parse_new(const uint8_t *buf, size_t len, db_errc_reply *out, char *why, size_t why_len);
int db_plextor_parse(const uint8_t *buf, size_t len, db_errc_reply *out, char *why, size_t why_len);

/* Send one of the CDBs above (data-in when buf_len > 0).  0 on GOOD, -1
 * otherwise (res says how it ended). */
int db_vendor_exec(db_drive *d, const uint8_t *cdb, size_t cdb_len, void *buf, size_t buf_len,
                   db_cmd_result *res);

#endif
