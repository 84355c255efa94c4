/* info.h - drive and disc identification: everything `discbench info`
 * shows and every summary.json embeds under "info".  Gathered once from
 * the drive's answers (INQUIRY, MODE SENSE 2A, GET CONFIGURATION, READ TOC
 * formats 0/1/2/4, one READ CD per data track for its mode, one READ CD
 * with C2 pointers) into plain data; no printing here (cli/cmd_info.c
 * prints it, info_json.c writes it as JSON).
 *
 * Nothing a drive fails to answer stops the gathering: each part has an
 * `ok` flag and, when false, a one-line reason ("not supported by this
 * drive (ILLEGAL REQUEST ...)"), so a test that cannot run always says
 * why. */
#ifndef DB_BENCH_INFO_H
#define DB_BENCH_INFO_H

#include <stdbool.h>
#include <stdint.h>

#include "../drive/atip.h"
#include "../drive/drive.h"
#include "../drive/mmc.h"
#include "../drive/mmcinfo.h"
#include "../util/error.h"
#include "scanproto.h"

#define DB_INFO_WHY 640
#define DB_INFO_TESTS 6

typedef enum db_disc_kind {
    DB_DISC_UNKNOWN = 0,   /* the drive did not say */
    DB_DISC_NONE,          /* no disc (or the drive not ready) */
    DB_DISC_BLANK,         /* a recordable with nothing recorded */
    DB_DISC_PRESSED,       /* CD-ROM / CD-DA, or a recordable this drive cannot tell apart */
    DB_DISC_CDR,
    DB_DISC_CDRW
} db_disc_kind;

typedef struct db_info_track {
    uint8_t number, session;
    uint8_t control, adr;        /* Q control nibble: 0x4 data, 0x8 four channel,
                                  * 0x2 copy permitted, 0x1 pre-emphasis */
    bool data;
    int mode;                    /* data tracks: 1 or 2 from the sector header, 0 unknown */
    uint32_t start_lba, sectors;
} db_info_track;

/* One line of "what discbench can test". */
typedef struct db_info_test {
    const char *name;            /* "transfer", "dae", "seek", "c2scan", "quality", "scan" */
    bool can;
    char why[DB_INFO_WHY];       /* why not; or a note when it can */
} db_info_test;

typedef struct db_info {
    /* the device */
    char device[256];
    char transport[32];          /* "libcdio", "vdrive" */
    bool simulated;
    bool opened;
    int open_code;               /* DB_EXIT_* when not opened */
    char open_error[512];        /* the one-line reason */
    char open_fix[DB_INFO_WHY];    /* what fixes it, "" when nothing obvious */

    /* the drive */
    bool inquiry_ok;
    mmc_inquiry inquiry;
    char inquiry_why[DB_INFO_WHY];
    bool caps_ok;                /* MODE SENSE page 2A */
    mmc_caps caps;
    char caps_why[DB_INFO_WHY];
    bool config_ok;              /* GET CONFIGURATION */
    mmc_config config;
    char config_why[DB_INFO_WHY];
    char link[32];               /* db_drive.link ("udma2"), "" if unknown */
    char interface[96];          /* "ATAPI", "USB (usb2)", "unknown" */

    /* error-scan protocols */
    db_scan_match vendor_scan;   /* vendor C1/C2 family from INQUIRY */
    bool c2_claimed;             /* page 2A bit or GET CONFIGURATION CD Read C2 flag */
    char c2_basis[96];           /* which of the two said so */
    int c2_probe;                /* -1 not tried, 0 refused, 1 worked */
    int c2_probe_bytes;          /* 294 or 296 when it worked */
    char c2_probe_why[DB_INFO_WHY];

    /* the disc */
    bool ready;
    char ready_why[DB_INFO_WHY];
    bool no_answer;             /* the drive stopped answering: the last commands of the
                                 * gathering got no answer (after the retry policy) */
    char no_answer_why[DB_INFO_WHY];
    db_disc_kind kind;
    char kind_basis[DB_INFO_WHY];  /* how the kind was told */
    bool toc_ok;                 /* READ TOC format 0 */
    mmc_toc toc;
    char toc_why[DB_INFO_WHY];
    bool session_ok;             /* format 1 */
    mmc_session_info session;
    char session_why[DB_INFO_WHY];
    bool fulltoc_ok;             /* format 2 */
    mmc_fulltoc fulltoc;
    char fulltoc_why[DB_INFO_WHY];
    int sessions;                /* complete sessions, 0 unknown */
    int track_count, data_tracks, audio_tracks;
    db_info_track tracks[MMC_TOC_MAX_TRACKS];
    uint32_t leadout_lba;        /* readable sectors */

    /* the ATIP (recordables) */
    bool atip_ok;
    mmc_atip atip;
    char atip_why[DB_INFO_WHY];
    int32_t lead_in_lba, lead_out_lba;
    bool maker_known;
    db_atip_maker maker;         /* a copy of the table row when known */
    char maker_note[DB_INFO_WHY];/* table missing or unreadable */
    int speed_low_x, speed_high_x, ref_speed_x; /* 0 = not declared */

    /* --label against the ATIP */
    char label[256];
    bool label_checked;          /* a label and a known manufacturer */
    bool label_matches;
    char label_brand[64];        /* first word of the label */
    char label_verdict[384];     /* "sold as ATT, made by CMC Magnetics" */

    /* what discbench can test here */
    db_info_test tests[DB_INFO_TESTS];

    /* a stable key for the results store: drive and medium */
    char drive_key[96];          /* "LITE-ON|LTR-40125S|ZS0K" */
    char media_key[96];          /* "CD-R|97:26:66|359846" or "CD-ROM|333000" */
} db_info;

/* Ask the drive everything above.  label may be NULL.  Never fails: what
 * could not be read carries its reason. */
void db_info_gather(db_drive *d, const char *label, db_info *out);

/* The report for a device that could not be opened (err from the CLI's
 * open): every test says why it cannot run, with the fix when known. */
void db_info_open_failed(const char *device, const db_error *err, db_info *out);

/* "none", "blank", "pressed", "CD-R", "CD-RW", "unknown" */
const char *db_disc_kind_name(db_disc_kind k);

/* Fill out->tests from the rest (info_assess.c). */
void db_info_assess(db_info *out);

/* The label check (info_label.c): brand = first word of the label; it
 * matches when the manufacturer's short or full name holds that word. */
void db_info_check_label(const char *label, const db_atip_maker *maker, db_info *out);

/* Path of profiles/atip-manufacturers.tsv in the data directory. */
int db_info_table_path(char *out, size_t out_len);

/* Write the info as one JSON object (info_json.c): under `key` inside an
 * object (summary.json's "info"), or the top-level value when key is
 * NULL (`discbench info --json`).  Key names differ from the summary's own
 * top-level ones, so a reader looking for "sectors" or "status" never
 * lands inside "info". */
struct db_json;
void db_info_write_json(struct db_json *j, const char *key, const db_info *info);

#endif
