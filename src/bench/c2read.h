/* c2read.h - reading sectors with READ CD and their C2 error pointers,
 * the way c2scan and quality (Plextor's protocol, the fallback and the
 * cross-check) read the disc themselves.
 *
 * A READ CD block is the whole 2352-byte sector (byte 9 = F8: sync,
 * headers, user data, EDC/ECC; CD-DA is 2352 bytes of audio) followed by
 * the C2 field: 294 bytes, one bit per byte of the sector, most
 * significant bit first (C2 code 01, byte 9 bit 1), or 296 bytes: those
 * plus the block error byte (the OR of the 294) and a pad byte (C2 code
 * 10, bit 2; MMC READ CD).  A byte whose bit is set is one the drive could
 * not correct with C2: "C2 bytes" counts the bits, "C2 sectors" the blocks
 * with any bit set (what `readom -c2scan` prints as "C2 errors total: N
 * bytes in M sectors").
 *
 * Every reply is checked: a block shorter than asked (a C2 field of the
 * wrong size), a 296-byte field whose block error byte is not the OR of
 * its pointers or whose pad is not zero, and a sense code a read should
 * not get are drive faults: counted, described, never fatal by themselves. */
#ifndef DB_BENCH_C2READ_H
#define DB_BENCH_C2READ_H

#include <stdbool.h>
#include <stdint.h>

#include "bench.h"

#define DB_C2_MAX_BLOCK 27      /* sectors per READ CD (15 for Plextor's scan) */

typedef struct db_c2_tally {
    uint64_t c2_bytes;          /* pointer bits set */
    uint32_t c2_sectors;        /* blocks with any bit set */
    uint32_t unreadable;        /* sectors that failed with MEDIUM ERROR */
    uint32_t sectors_counted;   /* sectors whose C2 field was read and checked */
    uint32_t faults;            /* drive faults met */
    char fault[200];            /* the last one, one line */
} db_c2_tally;

/* Called for each unreadable sector, with the failing result. */
typedef void (*db_c2_bad_fn)(void *arg, uint32_t lba, const db_cmd_result *res);

typedef struct db_c2read {
    db_drive *drive;
    const db_identity *id;
    int form;                   /* 294, 296, or 0: no C2 field (2352 bytes only) */
    uint8_t flags9;
    size_t block_bytes;
    uint8_t *buf;               /* DB_C2_MAX_BLOCK blocks */
    /* After a MEDIUM ERROR naming the failing LBA in its sense data: true
     * (Plextor's scan) = go on after it without reading the sectors before
     * it again (the drive's counters have them already); false (c2scan) =
     * read the block again sector by sector, so every readable sector's
     * pointers are counted. */
    bool resume_after_bad;
    uint32_t fatal_streak;      /* consecutive reads that failed outright */
    int last_class;             /* db_fault_class of the last read (drive/retry.h) */
    struct db_fault_log *log;   /* failed commands are recorded here (NULL: nowhere) */
    char fail_reason[240];      /* why db_c2read_run returned -1 */
} db_c2read;

int db_c2read_init(db_c2read *r, db_drive *d, const db_identity *id, int form);
void db_c2read_free(db_c2read *r);

/* Which form works on this disc: forced = 294 or 296 tries only that one;
 * 0 tries 294, then 296.  Reads a sector or a few (an unreadable one is
 * skipped).  Returns the form, or 0 when none works: note then says what
 * each attempt got (drive refused, wrong field size, ...).  note also
 * describes a success ("294-byte pointers (C2 code 01)").  -1 when the
 * drive itself failed (no disc, no answer: drive/retry.h's
 * db_fault_ends_run): that says nothing about C2, note says what. */
int db_c2_probe(db_drive *d, const db_identity *id, int forced, char *note, size_t note_len);

/* Read [lba, lba + n) (n <= DB_C2_MAX_BLOCK, all in one track: see
 * db_track_end) and add what it found to *t.  0, or -1 when the test
 * cannot go on (a failure that ends the run: no disc, no answer, never
 * ready; or 5 failing reads in a row; fail_reason says why). */
int db_c2read_run(db_c2read *r, uint32_t lba, uint32_t n, db_c2_tally *t, db_c2_bad_fn bad, void *arg);

/* First LBA after lba's track (next track start or lead-out). */
uint32_t db_track_end(const db_identity *id, uint32_t lba);

/* Fixed-format sense with its VALID bit: the LBA in the information field. */
bool db_sense_info_lba(const db_sense *s, uint32_t *lba);

#endif
