/* reader.h - sequential reads (data or audio) under the retry policy every
 * test shares (drive/retry.h: becoming ready waited out, unit attention
 * sent again, no answer and short data sent again once), then:
 *  - MEDIUM ERROR (sense key 3) on a block: the block is re-read sector by
 *    sector once, so the count of unreadable sectors is exact; the test
 *    goes on;
 *  - anything else that is left (hardware error, no medium, no answer,
 *    refused, short data twice): the read fails with a one-line reason and
 *    the test stops, keeping what it measured. */
#ifndef DB_BENCH_READER_H
#define DB_BENCH_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../drive/retry.h"
#include "bench.h"

/* How sectors are read: READ(10) of 2048-byte user data (the transfer
 * test), or READ CD of a sector type and field selection (audio: CD-DA,
 * 2352 bytes, optionally with C2 pointers). */
typedef struct db_read_method {
    bool read_cd;              /* false: READ(10) */
    uint8_t sector_type;       /* READ CD: MMC_SECTOR_* */
    uint8_t flags9;            /* READ CD: byte 9 field selection */
    size_t sector_bytes;       /* bytes per sector the command returns */
    const char *name;          /* for messages: "READ(10)", "READ CD" */
} db_read_method;

/* READ(10), 2048 bytes per sector. */
db_read_method db_read_method_data(void);
/* READ CD of CD-DA sectors with the given byte 9 (MMC_READCD_USER for the
 * 2352 audio bytes, | MMC_READCD_C2 for 294 bytes of C2 pointers more). */
db_read_method db_read_method_cdda(uint8_t flags9);

typedef struct db_reader {
    db_drive *drive;
    db_read_method method;
    uint8_t *buf;               /* block_sectors * method.sector_bytes */
    int block_sectors;
    uint64_t last_errors;       /* unreadable sectors in the last call (left zero-filled in buf) */
    uint8_t *bad;               /* bad[i] != 0: sector i of the last call was unreadable */
    db_cmd_result last_result;  /* of the last command that failed */
    db_fault_class last_class;  /* what the last command came to (DB_FAULT_NONE: read) */
    db_fault_log *log;          /* failed commands are recorded here (NULL: nowhere) */
    char fail_reason[200];      /* why the last call failed */
} db_reader;

/* READ(10) reader. */
int db_reader_init(db_reader *r, db_drive *d, int block_sectors);
int db_reader_init_method(db_reader *r, db_drive *d, const db_read_method *m, int block_sectors);
void db_reader_free(db_reader *r);
/* Read n (<= block) sectors at lba into r->buf.  0 = done (perhaps with
 * last_errors > 0), -1 = the test cannot go on (fail_reason set). */
int db_reader_read(db_reader *r, uint32_t lba, uint32_t n);
/* The same into dst (room for n * method.sector_bytes), for a caller whose
 * own buffer is where the sectors must end up. */
int db_reader_read_into(db_reader *r, uint32_t lba, uint32_t n, uint8_t *dst);

#endif
