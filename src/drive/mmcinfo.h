/* mmcinfo.h - the identification responses `discbench info` reads beyond
 * mmc.h: GET CONFIGURATION (profiles, core, Multi-Read, CD Read features),
 * READ TOC/PMA/ATIP format 1 (session info), format 2 (full TOC) and
 * format 4 (ATIP).  CDB builders and parsers are pure; every length is
 * checked, because drive data is untrusted.  Layouts: T10 MMC-3/MMC-5
 * (GET CONFIGURATION, READ TOC/PMA/ATIP); the ATIP bits are cross-checked
 * with the public layouts in cdrkit (wodim/scsimmc.h struct atipdesc) and
 * libburn (libburn/mmc.c comment on MMC table 77), and with ECMA-394
 * (ATIP special information: writing power, reference speed, disc type,
 * sub-type, A1..A3). */
#ifndef DB_DRIVE_MMCINFO_H
#define DB_DRIVE_MMCINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drive.h"

enum { MMC_GET_CONFIGURATION = 0x46 };

/* READ TOC/PMA/ATIP formats (CDB byte 2 bits 3..0). */
enum { MMC_TOC_FMT_TOC = 0, MMC_TOC_FMT_SESSION = 1, MMC_TOC_FMT_FULL = 2, MMC_TOC_FMT_ATIP = 4 };

/* ---- GET CONFIGURATION ---- */

/* Request type (CDB byte 1 bits 1..0). */
enum { MMC_RT_ALL = 0, MMC_RT_CURRENT = 1, MMC_RT_ONE = 2 };
/* Feature codes discbench reads. */
enum {
    MMC_FEAT_PROFILE_LIST = 0x0000,
    MMC_FEAT_CORE = 0x0001,
    MMC_FEAT_MULTI_READ = 0x001D,
    MMC_FEAT_CD_READ = 0x001E
};
/* Profiles (MMC-5 table "Profile list"). */
enum {
    MMC_PROFILE_NONE = 0x0000,
    MMC_PROFILE_CDROM = 0x0008,
    MMC_PROFILE_CDR = 0x0009,
    MMC_PROFILE_CDRW = 0x000A
};

size_t db_mmc_cdb_get_configuration(uint8_t cdb[DB_CDB_MAX], uint8_t rt, uint16_t start_feature,
                                    uint16_t alloc_len);

#define MMC_CONFIG_MAX_PROFILES 32

typedef struct mmc_profile_entry {
    uint16_t number;
    bool current;
} mmc_profile_entry;

typedef struct mmc_config {
    uint16_t current_profile;        /* feature header bytes 6-7 */
    bool has_profile_list;
    int profile_count;
    mmc_profile_entry profiles[MMC_CONFIG_MAX_PROFILES];
    bool has_core;
    uint32_t physical_interface;     /* Core feature: 1 SCSI, 2 ATAPI, 8 USB, ... */
    bool has_multi_read, multi_read_current;
    bool has_cd_read, cd_read_current;
    bool cd_read_c2;                 /* C2 error pointers (CD Read byte 4 bit 1) */
    bool cd_read_cdtext;             /* CD-Text (bit 0) */
    bool cd_read_dap;                /* digital audio play (bit 7) */
    int feature_count;               /* descriptors seen whole */
    bool truncated;                  /* the length field claimed more than arrived */
    bool bad_descriptor;             /* a descriptor ran past the data it claimed */
} mmc_config;

/* Feature header (8 bytes: 0-3 data length not counting those 4 bytes, 6-7
 * current profile), then descriptors (0-1 feature code, 2 bits 5..2
 * version / bit 1 persistent / bit 0 current, 3 additional length, then
 * the feature's data).  -1 when not even the header arrived. */
int db_mmc_parse_config(const uint8_t *buf, size_t len, mmc_config *out);

/* "CD-ROM", "CD-R", "CD-RW", "DVD-ROM", ...; NULL for a number not listed. */
const char *db_mmc_profile_name(uint16_t profile);
/* Core feature physical interface standard: "SCSI", "ATAPI", "USB", ...; NULL if unknown. */
const char *db_mmc_interface_name(uint32_t phys);

/* ---- READ TOC format 1: session information ---- */

typedef struct mmc_session_info {
    uint8_t first_session, last_session;     /* complete sessions */
    uint8_t last_session_first_track;
    uint8_t control, adr;
    uint32_t last_session_first_lba;
} mmc_session_info;
/* Header (0-1 length, 2 first, 3 last complete session) and one 8-byte
 * descriptor (1 ADR/CONTROL, 2 first track in the last session, 4-7 its
 * start address as LBA).  -1 when short or when it names no session. */
int db_mmc_parse_session_info(const uint8_t *buf, size_t len, mmc_session_info *out);

/* ---- READ TOC format 2: full TOC (raw Q points of the lead-in) ---- */

#define MMC_FULLTOC_MAX_SESSIONS 99
#define MMC_FULLTOC_MAX_TRACKS 99

typedef struct mmc_fulltoc_session {
    uint8_t number;
    bool has_a0, has_a1, has_a2;
    uint8_t first_track, last_track; /* A0 PMIN, A1 PMIN */
    uint8_t disc_type;               /* A0 PSEC: 0x00 CD-DA/CD-ROM, 0x10 CD-I, 0x20 CD-ROM XA */
    int32_t leadout_lba;             /* A2 */
    int32_t next_program_lba;        /* B0 (-1 when absent): where a next session may start */
} mmc_fulltoc_session;

typedef struct mmc_fulltoc_track {
    uint8_t number, session, control, adr;
    int32_t lba;
} mmc_fulltoc_track;

typedef struct mmc_fulltoc {
    uint8_t first_session, last_session;       /* header bytes 2, 3 */
    int session_count;
    mmc_fulltoc_session sessions[MMC_FULLTOC_MAX_SESSIONS];
    int track_count;
    mmc_fulltoc_track tracks[MMC_FULLTOC_MAX_TRACKS]; /* ascending track number */
    int descriptor_count;                      /* descriptors in the response */
    int ignored;                               /* descriptors not used (see problem) */
    bool truncated;                            /* length field claimed more than arrived */
    char problem[160];                         /* first inconsistency found, "" if none */
} mmc_fulltoc;

/* 4-byte header, then 11-byte descriptors: 0 session, 1 ADR (high nibble)
 * / CONTROL, 2 TNO, 3 POINT, 4-6 ATIME, 7 zero, 8-10 PMIN PSEC PFRAME
 * (binary, as the READ TOC command returns them).  POINT 01..99 is a track
 * start, A0 / A1 / A2 the session's first track / last track / lead-out,
 * B0 the next possible program area (multi-session).
 *
 * Tolerant but never blind: a track listed twice, a point outside the
 * session's A0..A1, tracks beyond 99 or sessions beyond 99 are counted in
 * `ignored` and described in `problem`; the first copy wins.  Returns -1
 * (with problem set) when no session has A0, A1 and A2 or no track is
 * listed: that is no usable table of contents. */
int db_mmc_parse_fulltoc(const uint8_t *buf, size_t len, mmc_fulltoc *out);

/* MSF to LBA in the program area and lead-out: 00:02:00 is LBA 0, and
 * every minute counts forwards (a 99-minute disc's lead-out at 99:02:00
 * is LBA 445,500). */
int32_t db_msf_to_lba(uint8_t m, uint8_t s, uint8_t f);
/* MSF to LBA of a lead-in address: minutes 90..99 count backwards from
 * 00:00:00 (97:26:66 is LBA -11634, as wodim -atip prints it). */
int32_t db_msf_to_lba_leadin(uint8_t m, uint8_t s, uint8_t f);
/* LBA to MSF for LBA >= -150 (program area and the 2-second pregap);
 * negative LBAs below that wrap into minutes 90..99 (the lead-in). */
void db_lba_to_msf(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f);

/* ---- READ TOC format 4: ATIP ---- */

typedef struct mmc_atip {
    uint8_t writing_power;        /* byte 4 bits 6..4: indicative target writing power */
    bool ddcd;                    /* byte 4 bit 3 */
    uint8_t ref_speed_code;       /* byte 4 bits 2..0: reference speed */
    bool uru;                     /* byte 5 bit 6: unrestricted use */
    bool erasable;                /* byte 6 bit 6: disc type, 0 CD-R, 1 CD-RW */
    uint8_t sub_type;             /* byte 6 bits 5..3 */
    bool a1_valid, a2_valid, a3_valid; /* byte 6 bits 2, 1, 0 */
    uint8_t lead_in_m, lead_in_s, lead_in_f;    /* bytes 8-10 */
    uint8_t lead_out_m, lead_out_s, lead_out_f; /* bytes 12-14: last possible lead-out start */
    bool has_a_values;            /* the response reached byte 26 */
    uint8_t a1[3], a2[3], a3[3];  /* bytes 16-18, 20-22, 24-26 */
} mmc_atip;

/* Needs the header and bytes 4..14 (lead-in and lead-out).  -1 when short,
 * or when an MSF field is impossible (seconds >= 60, frames >= 75). */
int db_mmc_parse_atip(const uint8_t *buf, size_t len, mmc_atip *out);

/* ---- helpers that run on a drive (0, or -1 with err; DB_EXIT_DRIVE) ---- */
/* The raw result is returned in *res so a caller can tell "not supported"
 * (ILLEGAL REQUEST) from a failure. */
int db_mmc_get_configuration(db_drive *d, mmc_config *out, db_cmd_result *res, db_error *err);
int db_mmc_read_session_info(db_drive *d, mmc_session_info *out, db_cmd_result *res, db_error *err);
int db_mmc_read_fulltoc(db_drive *d, mmc_fulltoc *out, db_cmd_result *res, db_error *err);
int db_mmc_read_atip(db_drive *d, mmc_atip *out, db_cmd_result *res, db_error *err);

#endif
