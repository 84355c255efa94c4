/* drive.c - the one gate every CDB passes: allowlist and argument checks,
 * timing on the drive's clock, and distrust of what the transport says. */
#include "drive.h"

#include <stdio.h>
#include <string.h>

#include "mmc.h"

bool db_drive_validate(const uint8_t *cdb, size_t cdb_len, db_dir dir,
                       const void *buf, size_t buf_len, char *why, size_t why_len)
{
    if (!db_allowlist_permits(cdb, cdb_len, dir, why, why_len))
        return false;
    const char *problem = NULL;
    if (buf_len > 0 && !buf)
        problem = "a transfer length without a buffer";
    else if (dir == DB_DIR_READ && buf_len == 0)
        problem = "a data-in command without a buffer";
    if (problem) {
        if (why && why_len)
            snprintf(why, why_len, "%s 0x%02X: %s", db_opcode_name(cdb[0]), cdb[0], problem);
        return false;
    }
    if (why && why_len)
        why[0] = '\0';
    return true;
}

int db_drive_exec(db_drive *d, const uint8_t *cdb, size_t cdb_len, db_dir dir,
                  void *buf, size_t buf_len, unsigned timeout_ms, db_cmd_result *res)
{
    db_cmd_result local;
    if (!res)
        res = &local;
    /* Zeroed: a transport that reports success and sets nothing else has
     * returned GOOD with no data. */
    memset(res, 0, sizeof *res);

    if (!db_drive_validate(cdb, cdb_len, dir, buf, buf_len, NULL, 0)) {
        res->status = DB_CMD_REFUSED;
        return -1;
    }
    if (!d || !d->ops || !d->ops->exec) { /* closed or never opened */
        res->status = DB_CMD_TRANSPORT;
        return -1;
    }

    bool timed = d->clock.ops && d->clock.ops->now_ns;
    uint64_t t0 = timed ? db_clock_now_ns(&d->clock) : 0;
    int rc = d->ops->exec(d->ctx, cdb, cdb_len, dir, buf, buf_len, timeout_ms, res);
    uint64_t t1 = timed ? db_clock_now_ns(&d->clock) : 0;
    res->duration_ns = t1 > t0 ? t1 - t0 : 0;

    /* The transport relays a drive's answer: never let a length it claims
     * exceed what we actually gave it. */
    if (res->data_len > buf_len)
        res->data_len = buf_len;
    if (res->sense.raw_len > DB_SENSE_MAX)
        res->sense.raw_len = DB_SENSE_MAX;

    if (rc != 0) {
        res->status = DB_CMD_TRANSPORT;
        d->no_answer_streak++;
        return -1;
    }
    d->no_answer_streak = 0;
    switch (res->status) {
    case DB_CMD_GOOD:
        return 0;
    case DB_CMD_CHECK:
        /* A transport that only copied the raw sense still gets key/ASC/ASCQ. */
        if (!res->sense.key && !res->sense.asc && !res->sense.ascq && res->sense.raw_len) {
            db_sense parsed;
            if (db_mmc_parse_sense(res->sense.raw, res->sense.raw_len, &parsed) == 0)
                res->sense = parsed;
        }
        return -1;
    default:
        /* Only this layer may refuse; any other value is a transport bug. */
        res->status = DB_CMD_TRANSPORT;
        return -1;
    }
}

void db_drive_close(db_drive *d)
{
    if (!d)
        return;
    if (d->ops && d->ops->close)
        d->ops->close(d->ctx);
    d->ops = NULL;
    d->ctx = NULL;
}

void db_result_describe(const db_cmd_result *res, char *out, size_t out_len)
{
    if (!out || !out_len)
        return;
    if (!res) {
        snprintf(out, out_len, "no result");
        return;
    }
    switch (res->status) {
    case DB_CMD_GOOD:
        snprintf(out, out_len, "GOOD");
        break;
    case DB_CMD_CHECK: {
        const db_sense *s = &res->sense;
        const char *text = db_mmc_asc_text(s->asc, s->ascq);
        if (text)
            snprintf(out, out_len, "%s (%02X/%02X/%02X: %s)", db_mmc_sense_key_name(s->key), s->key,
                     s->asc, s->ascq, text);
        else
            snprintf(out, out_len, "%s (%02X/%02X/%02X)", db_mmc_sense_key_name(s->key), s->key,
                     s->asc, s->ascq);
        break;
    }
    case DB_CMD_TRANSPORT:
        if (res->transport_msg)
            snprintf(out, out_len, "%s", res->transport_msg);
        else
            snprintf(out, out_len, "transport failure (no status from the drive)");
        break;
    case DB_CMD_REFUSED:
        snprintf(out, out_len,
                 "refused before sending (not on the read-only allowlist, or invalid arguments)");
        break;
    default:
        snprintf(out, out_len, "unknown status %d", res->status);
        break;
    }
}
