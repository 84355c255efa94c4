/* reader.c - sequential data reads with the shared error policy (reader.h). */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>

/* Generous: a real drive may need many seconds to spin up or retry. */
#define READ_TIMEOUT_MS 30000

int db_reader_init(db_reader *r, db_drive *d, int block_sectors)
{
    r->drive = d;
    r->block_sectors = block_sectors;
    r->last_errors = 0;
    r->fail_reason[0] = '\0';
    r->buf = malloc((size_t)block_sectors * CD_DATA_BYTES);
    return r->buf ? 0 : -1;
}

void db_reader_free(db_reader *r)
{
    free(r->buf);
    r->buf = NULL;
}

static bool retryable(const db_cmd_result *res)
{
    if (res->status != DB_CMD_CHECK)
        return false;
    return (res->sense.key == 0x02 && res->sense.asc == 0x04) || res->sense.key == 0x06;
}

static bool medium_error(const db_cmd_result *res)
{
    return res->status == DB_CMD_CHECK && res->sense.key == 0x03;
}

/* One READ(10) with retries of transient conditions.  Returns 0 good,
 * 1 medium error, -1 fatal. */
static int read_once(db_reader *r, uint32_t lba, uint32_t n)
{
    db_cmd_result res;
    for (int attempt = 0;; attempt++) {
        if (db_mmc_read10(r->drive, lba, (uint16_t)n, r->buf, (size_t)n * CD_DATA_BYTES, &res) == 0) {
            if (res.data_len < (size_t)n * CD_DATA_BYTES) {
                snprintf(r->fail_reason, sizeof r->fail_reason,
                         "READ(10) at LBA %u returned %zu of %u bytes", lba, res.data_len,
                         n * CD_DATA_BYTES);
                return -1;
            }
            return 0;
        }
        if (medium_error(&res))
            return 1;
        if (!retryable(&res) || attempt >= READER_RETRIES) {
            char why[160];
            db_result_describe(&res, why, sizeof why);
            snprintf(r->fail_reason, sizeof r->fail_reason, "READ(10) at LBA %u failed: %s", lba, why);
            return -1;
        }
    }
}

int db_reader_read(db_reader *r, uint32_t lba, uint32_t n)
{
    r->last_errors = 0;
    if (n == 0 || n > (uint32_t)r->block_sectors) {
        snprintf(r->fail_reason, sizeof r->fail_reason, "internal: bad read size %u", n);
        return -1;
    }
    int rc = read_once(r, lba, n);
    if (rc <= 0)
        return rc;
    /* Find exactly which sectors are unreadable. */
    for (uint32_t i = 0; i < n; i++) {
        rc = read_once(r, lba + i, 1);
        if (rc < 0)
            return -1;
        r->last_errors += (uint64_t)rc;
    }
    return 0;
}
