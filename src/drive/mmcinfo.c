/* mmcinfo.c - run the identification commands of mmcinfo.h on a drive:
 * build the CDB, send it through db_drive_exec (the allowlist), parse the
 * answer.  The raw result goes back to the caller, who decides whether a
 * refusal means "this drive does not support it" or a failure. */
#include "mmcinfo.h"

#include <string.h>

#include "mmc.h"
#include "retry.h"

#define TIMEOUT_INFO_MS 10000u
/* GET CONFIGURATION of all features: a CD/DVD drive reports a few dozen
 * descriptors, well under 2 KiB; a full TOC holds at most 4 + 11 * (99
 * tracks + 3 points per session + B0/C0) bytes per disc in practice. */
#define CONFIG_ALLOC 2048
#define FULLTOC_ALLOC 4096
#define SESSION_ALLOC 12
#define ATIP_ALLOC 32

/* Under the retry policy (retry.h), as the helpers in mmc.c. */
static int run(db_drive *d, const char *what, const uint8_t *cdb, size_t n, uint8_t *buf,
               size_t buf_len, db_cmd_result *res, db_error *err)
{
    db_retry rt = { 0 }; /* the retry policy (retry.h) */
    int rc;
    do {
        memset(buf, 0, buf_len);
        rc = db_drive_exec(d, cdb, n, DB_DIR_READ, buf, buf_len, TIMEOUT_INFO_MS, res);
    } while (db_retry_step(d, &rt, NULL, what, UINT32_MAX, rc, res, 0));
    if (rc == 0)
        return 0;
    char why[256];
    if (res->status == DB_CMD_REFUSED)
        db_drive_validate(cdb, n, DB_DIR_READ, buf, buf_len, why, sizeof why);
    else
        db_result_describe(res, why, sizeof why);
    return db_error_set(err, DB_EXIT_DRIVE, "%s failed: %s", what, why);
}

int db_mmc_get_configuration(db_drive *d, mmc_config *out, db_cmd_result *res, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX], buf[CONFIG_ALLOC];
    memset(out, 0, sizeof *out);
    size_t n = db_mmc_cdb_get_configuration(cdb, MMC_RT_ALL, 0, sizeof buf);
    if (run(d, "GET CONFIGURATION", cdb, n, buf, sizeof buf, res, err))
        return -1;
    if (db_mmc_parse_config(buf, res->data_len, out))
        return db_error_set(err, DB_EXIT_DRIVE,
                            "GET CONFIGURATION returned no feature header (%zu bytes)", res->data_len);
    return 0;
}

int db_mmc_read_session_info(db_drive *d, mmc_session_info *out, db_cmd_result *res, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX], buf[SESSION_ALLOC];
    memset(out, 0, sizeof *out);
    size_t n = db_mmc_cdb_read_toc(cdb, MMC_TOC_FMT_SESSION, false, 0, sizeof buf);
    if (run(d, "READ TOC format 1 (session info)", cdb, n, buf, sizeof buf, res, err))
        return -1;
    if (db_mmc_parse_session_info(buf, res->data_len, out))
        return db_error_set(err, DB_EXIT_DRIVE,
                            "READ TOC format 1 returned no usable session info (%zu bytes)",
                            res->data_len);
    return 0;
}

int db_mmc_read_fulltoc(db_drive *d, mmc_fulltoc *out, db_cmd_result *res, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX], buf[FULLTOC_ALLOC];
    memset(out, 0, sizeof *out);
    /* MSF set: format 2 addresses are MSF whatever the bit says, and some
     * drives insist on it. Session 1 first: every session from there on. */
    size_t n = db_mmc_cdb_read_toc(cdb, MMC_TOC_FMT_FULL, true, 1, sizeof buf);
    if (run(d, "READ TOC format 2 (full TOC)", cdb, n, buf, sizeof buf, res, err))
        return -1;
    if (db_mmc_parse_fulltoc(buf, res->data_len, out))
        return db_error_set(err, DB_EXIT_DRIVE, "READ TOC format 2 returned no usable full TOC: %s",
                            out->problem);
    return 0;
}

int db_mmc_read_atip(db_drive *d, mmc_atip *out, db_cmd_result *res, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX], buf[ATIP_ALLOC];
    memset(out, 0, sizeof *out);
    size_t n = db_mmc_cdb_read_toc(cdb, MMC_TOC_FMT_ATIP, true, 0, sizeof buf);
    if (run(d, "READ TOC format 4 (ATIP)", cdb, n, buf, sizeof buf, res, err))
        return -1;
    if (db_mmc_parse_atip(buf, res->data_len, out))
        return db_error_set(err, DB_EXIT_DRIVE, "READ TOC format 4 returned no usable ATIP (%zu bytes)",
                            res->data_len);
    return 0;
}
