/* mmc.c - typed helpers that run one MMC command on a drive: build the CDB,
 * send it through db_drive_exec (and so through the allowlist), parse the
 * answer, and turn a failure into one line a user can act on. */
#include "mmc.h"

#include <string.h>

#include "retry.h"

/* Information commands answer from drive memory; spin-up and reads may
 * have to wait for the disc to reach speed, and a read of a damaged area
 * can retry for a long time before the drive gives up. */
#define TIMEOUT_INFO_MS 10000u
#define TIMEOUT_SPIN_MS 30000u
#define TIMEOUT_READ_MS 60000u

/* Buffer sizes: INQUIRY's 96 bytes cover the standard data and the vendor
 * field; the TOC has a 4-byte header and at most 99 tracks + lead-out;
 * page 2A is at most a few dozen bytes plus its write speed descriptors. */
#define INQUIRY_ALLOC 96
#define TOC_ALLOC (4 + (MMC_TOC_MAX_TRACKS + 1) * 8)
#define CAPS_ALLOC 256

/* A NOT READY drive, or one without a disc, is a device problem the user
 * fixes at the drive (insert a disc, wait); anything else is the drive
 * failing a command. */
static int failure_code(const db_cmd_result *res)
{
    if (res->status == DB_CMD_CHECK && (res->sense.key == 0x2 || res->sense.asc == 0x3A))
        return DB_EXIT_DEVICE;
    return DB_EXIT_DRIVE;
}

static int fail(const char *what, const uint8_t *cdb, size_t cdb_len, db_dir dir,
                const void *buf, size_t buf_len, const db_cmd_result *res, db_error *err)
{
    char why[256];
    if (res->status == DB_CMD_REFUSED)
        db_drive_validate(cdb, cdb_len, dir, buf, buf_len, why, sizeof why);
    else
        db_result_describe(res, why, sizeof why);
    return db_error_set(err, failure_code(res), "%s failed: %s%s", what,
                        res->status == DB_CMD_REFUSED ? "refused: " : "", why);
}

/* Run a command for a helper under the retry policy (retry.h): a UNIT
 * ATTENTION (reset, disc changed) is reported once and then cleared by the
 * drive, a drive becoming ready is waited for - neither says anything about
 * the command itself. */
static int run(db_drive *d, const char *what, const uint8_t *cdb, size_t cdb_len, db_dir dir,
               void *buf, size_t buf_len, unsigned timeout_ms, db_cmd_result *res, db_error *err)
{
    db_retry rt = { 0 };
    int rc;
    do {
        if (buf && buf_len)
            memset(buf, 0, buf_len); /* no stale bytes if the drive sends less */
        rc = db_drive_exec(d, cdb, cdb_len, dir, buf, buf_len, timeout_ms, res);
    } while (db_retry_step(d, &rt, NULL, what, UINT32_MAX, rc, res, 0));
    return rc ? fail(what, cdb, cdb_len, dir, buf, buf_len, res, err) : 0;
}

int db_mmc_test_unit_ready(db_drive *d, db_cmd_result *res)
{
    db_cmd_result local;
    uint8_t cdb[DB_CDB_MAX];
    size_t n = db_mmc_cdb_test_unit_ready(cdb);
    return db_drive_exec(d, cdb, n, DB_DIR_NONE, NULL, 0, TIMEOUT_INFO_MS, res ? res : &local);
}

int db_mmc_inquiry(db_drive *d, mmc_inquiry *out, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX], buf[INQUIRY_ALLOC];
    db_cmd_result res;
    size_t n = db_mmc_cdb_inquiry(cdb, sizeof buf);
    memset(out, 0, sizeof *out);
    if (run(d, "INQUIRY", cdb, n, DB_DIR_READ, buf, sizeof buf, TIMEOUT_INFO_MS, &res, err))
        return -1;
    if (db_mmc_parse_inquiry(buf, res.data_len, out))
        return db_error_set(err, DB_EXIT_DRIVE, "INQUIRY returned malformed data (%zu bytes)",
                            res.data_len);
    return 0;
}

int db_mmc_read_capacity(db_drive *d, mmc_capacity *out, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX], buf[8];
    db_cmd_result res;
    size_t n = db_mmc_cdb_read_capacity(cdb);
    memset(out, 0, sizeof *out);
    if (run(d, "READ CAPACITY", cdb, n, DB_DIR_READ, buf, sizeof buf, TIMEOUT_INFO_MS, &res, err))
        return -1;
    if (db_mmc_parse_read_capacity(buf, res.data_len, out))
        return db_error_set(err, DB_EXIT_DRIVE, "READ CAPACITY returned malformed data (%zu bytes)",
                            res.data_len);
    return 0;
}

int db_mmc_read_toc(db_drive *d, mmc_toc *out, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX], buf[TOC_ALLOC];
    db_cmd_result res;
    /* Format 0 (TOC), LBA addresses, from the first track (0). */
    size_t n = db_mmc_cdb_read_toc(cdb, 0, false, 0, sizeof buf);
    memset(out, 0, sizeof *out);
    if (run(d, "READ TOC", cdb, n, DB_DIR_READ, buf, sizeof buf, TIMEOUT_INFO_MS, &res, err))
        return -1;
    if (db_mmc_parse_toc(buf, res.data_len, out))
        return db_error_set(err, DB_EXIT_DRIVE,
                            "READ TOC returned no usable table of contents (%zu bytes)",
                            res.data_len);
    return 0;
}

int db_mmc_mode_sense_caps(db_drive *d, mmc_caps *out, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX], buf[CAPS_ALLOC];
    db_cmd_result res;
    size_t n = db_mmc_cdb_mode_sense10(cdb, 0x2A, sizeof buf);
    memset(out, 0, sizeof *out);
    if (run(d, "MODE SENSE page 2A", cdb, n, DB_DIR_READ, buf, sizeof buf, TIMEOUT_INFO_MS, &res,
            err))
        return -1;
    if (db_mmc_parse_caps_page(buf, res.data_len, out))
        return db_error_set(err, DB_EXIT_DRIVE,
                            "MODE SENSE page 2A returned malformed data (%zu bytes)", res.data_len);
    return 0;
}

int db_mmc_set_cd_speed(db_drive *d, uint16_t read_kbs, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX];
    db_cmd_result res;
    size_t n = db_mmc_cdb_set_cd_speed(cdb, read_kbs);
    return run(d, "SET CD SPEED", cdb, n, DB_DIR_NONE, NULL, 0, TIMEOUT_SPIN_MS, &res, err);
}

int db_mmc_start_stop(db_drive *d, bool start, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX];
    db_cmd_result res;
    /* Not immediate: the command ends when the disc is at speed (or
     * stopped), which is what a spin-up measurement times.  No LoEj. */
    size_t n = db_mmc_cdb_start_stop(cdb, start, false);
    return run(d, start ? "START UNIT" : "STOP UNIT", cdb, n, DB_DIR_NONE, NULL, 0,
               TIMEOUT_SPIN_MS, &res, err);
}

/* A read whose buffer is smaller than what the drive will send is refused
 * here, before anything is sent: the drive would be asked to overrun it. */
static int refuse(db_cmd_result *res)
{
    memset(res, 0, sizeof *res);
    res->status = DB_CMD_REFUSED;
    return -1;
}

int db_mmc_read10(db_drive *d, uint32_t lba, uint16_t blocks, void *buf, size_t buf_len,
               db_cmd_result *res)
{
    db_cmd_result local;
    if (!res)
        res = &local;
    if ((size_t)blocks * CD_DATA_BYTES > buf_len)
        return refuse(res);
    uint8_t cdb[DB_CDB_MAX];
    size_t n = db_mmc_cdb_read10(cdb, lba, blocks);
    /* Zero blocks is legal (MMC: no data, the drive only positions). */
    if (blocks == 0)
        return db_drive_exec(d, cdb, n, DB_DIR_NONE, NULL, 0, TIMEOUT_READ_MS, res);
    return db_drive_exec(d, cdb, n, DB_DIR_READ, buf, (size_t)blocks * CD_DATA_BYTES,
                         TIMEOUT_READ_MS, res);
}

int db_mmc_read_cd(db_drive *d, uint8_t sector_type, uint32_t lba, uint32_t blocks,
                   uint8_t flags9, uint8_t subch10, void *buf, size_t buf_len, db_cmd_result *res)
{
    db_cmd_result local;
    if (!res)
        res = &local;
    size_t per_block = db_mmc_read_cd_block_bytes(sector_type, flags9, subch10);
    if (per_block == 0 || blocks == 0 || blocks > buf_len / per_block)
        return refuse(res);
    uint8_t cdb[DB_CDB_MAX];
    size_t n = db_mmc_cdb_read_cd(cdb, sector_type, lba, blocks, flags9, subch10);
    if (n == 0)
        return refuse(res);
    return db_drive_exec(d, cdb, n, DB_DIR_READ, buf, per_block * blocks, TIMEOUT_READ_MS, res);
}
