/* reader.h - sequential data reads with the error policy every read test
 * shares:
 *  - MEDIUM ERROR (sense key 3) on a block: the block is re-read sector by
 *    sector once, so the count of unreadable sectors is exact; the test
 *    goes on;
 *  - NOT READY becoming ready (02/04/xx) and UNIT ATTENTION (6): retried up
 *    to READER_RETRIES times;
 *  - anything else (hardware error, no medium, transport failure, refused):
 *    the read fails with a one-line reason and the test stops, keeping what
 *    it measured. */
#ifndef DB_BENCH_READER_H
#define DB_BENCH_READER_H

#include <stdint.h>

#include "bench.h"

#define READER_RETRIES 3

typedef struct db_reader {
    db_drive *drive;
    uint8_t *buf;
    int block_sectors;
    uint64_t last_errors;       /* unreadable sectors in the last call */
    char fail_reason[200];      /* why the last call failed */
} db_reader;

int db_reader_init(db_reader *r, db_drive *d, int block_sectors);
void db_reader_free(db_reader *r);
/* Read n (<= block) sectors at lba with READ(10).  0 = done (perhaps with
 * last_errors > 0), -1 = the test cannot go on (fail_reason set). */
int db_reader_read(db_reader *r, uint32_t lba, uint32_t n);

#endif
