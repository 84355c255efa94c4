/* reader.c - sequential reads with the shared error policy (reader.h). */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Generous: a real drive may need many seconds to spin up or retry. */
#define READ_TIMEOUT_MS 30000

db_read_method db_read_method_data(void)
{
    return (db_read_method){ .read_cd = false, .sector_bytes = CD_DATA_BYTES, .name = "READ(10)" };
}

db_read_method db_read_method_cdda(uint8_t flags9)
{
    return (db_read_method){ .read_cd = true, .sector_type = MMC_SECTOR_CDDA, .flags9 = flags9,
                             .sector_bytes = db_mmc_read_cd_block_bytes(MMC_SECTOR_CDDA, flags9, 0),
                             .name = "READ CD" };
}

void db_reader_free(db_reader *r);

int db_reader_init_method(db_reader *r, db_drive *d, const db_read_method *m, int block_sectors)
{
    memset(r, 0, sizeof *r);
    r->drive = d;
    r->method = *m;
    r->block_sectors = block_sectors;
    if (m->sector_bytes == 0 || block_sectors <= 0)
        return -1;
    r->buf = malloc((size_t)block_sectors * m->sector_bytes);
    r->bad = calloc((size_t)block_sectors, 1);
    if (!r->buf || !r->bad) {
        db_reader_free(r);
        return -1;
    }
    return 0;
}

int db_reader_init(db_reader *r, db_drive *d, int block_sectors)
{
    db_read_method m = db_read_method_data();
    return db_reader_init_method(r, d, &m, block_sectors);
}

void db_reader_free(db_reader *r)
{
    free(r->buf);
    free(r->bad);
    r->buf = NULL;
    r->bad = NULL;
}

static int send(db_reader *r, uint32_t lba, uint32_t n, uint8_t *dst, db_cmd_result *res)
{
    size_t len = (size_t)n * r->method.sector_bytes;
    if (r->method.read_cd)
        return db_mmc_read_cd(r->drive, r->method.sector_type, lba, n, r->method.flags9, 0, dst, len, res);
    return db_mmc_read10(r->drive, lba, (uint16_t)n, dst, len, res);
}

/* One read of n sectors into dst under the retry policy (drive/retry.h).
 * Returns 0 good, 1 medium error, -1 fatal. */
static int read_once(db_reader *r, uint32_t lba, uint32_t n, uint8_t *dst)
{
    db_cmd_result res;
    size_t want = (size_t)n * r->method.sector_bytes;
    db_retry rt = { 0 };
    int rc;
    do
        rc = send(r, lba, n, dst, &res);
    while (db_retry_step(r->drive, &rt, r->log, r->method.name, lba, rc, &res, want));
    r->last_class = rt.last;
    if (rt.last == DB_FAULT_NONE)
        return 0;
    r->last_result = res;
    if (rt.last == DB_FAULT_MEDIUM)
        return 1;
    db_fault_describe(rt.last, r->method.name, lba, &res, want, r->fail_reason, sizeof r->fail_reason);
    return -1;
}

int db_reader_read(db_reader *r, uint32_t lba, uint32_t n)
{
    return db_reader_read_into(r, lba, n, r->buf);
}

int db_reader_read_into(db_reader *r, uint32_t lba, uint32_t n, uint8_t *buf)
{
    r->last_errors = 0;
    memset(r->bad, 0, (size_t)r->block_sectors);
    if (n == 0 || n > (uint32_t)r->block_sectors) {
        snprintf(r->fail_reason, sizeof r->fail_reason, "internal: bad read size %u", n);
        return -1;
    }
    int rc = read_once(r, lba, n, buf);
    if (rc <= 0)
        return rc;
    /* Find exactly which sectors are unreadable; each good one lands in
     * its place in the buffer, each bad one is left as zeros. */
    size_t sz = r->method.sector_bytes;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *dst = buf + (size_t)i * sz;
        rc = read_once(r, lba + i, 1, dst);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            memset(dst, 0, sz);
            r->bad[i] = 1;
            r->last_errors++;
        }
    }
    return 0;
}
