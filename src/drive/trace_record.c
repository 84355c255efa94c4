/* trace_record.c - a transport that wraps another and writes every command
 * it carries into a trace (trace.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mmc.h"
#include "trace.h"

#ifndef DB_VERSION
#define DB_VERSION "0.0.0"
#endif

typedef struct recorder {
    const struct db_transport_ops *inner_ops;
    void *inner_ctx;
    db_clock clock;
    db_trace_writer *w;
    bool no_data;
    bool identity_written;
    bool write_failed;
    uint64_t seq;
} recorder;

/* Reads of disc content: the bulk a no-data trace leaves out. */
static bool is_disc_read(uint8_t op)
{
    return op == MMC_READ_10 || op == 0xA8 || op == MMC_READ_CD || op == 0xB9;
}

static int rec_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir, void *buf,
                    size_t buf_len, unsigned timeout_ms, db_cmd_result *res)
{
    recorder *r = ctx;
    uint64_t t0 = r->clock.ops ? db_clock_now_ns(&r->clock) : 0;
    int rc = r->inner_ops->exec(r->inner_ctx, cdb, cdb_len, dir, buf, buf_len, timeout_ms, res);
    uint64_t t1 = r->clock.ops ? db_clock_now_ns(&r->clock) : 0;
    if (r->write_failed)
        return rc;

    db_trace_rec tr;
    memset(&tr, 0, sizeof tr);
    tr.seq = ++r->seq;
    tr.t_ns = t0;
    tr.dur_ns = t1 > t0 ? t1 - t0 : 0;
    memcpy(tr.cdb, cdb, cdb_len);
    tr.cdb_len = cdb_len;
    tr.dir = dir;
    tr.buf_len = buf_len;
    tr.status = rc ? DB_CMD_TRANSPORT : res->status == DB_CMD_CHECK ? DB_CMD_CHECK : DB_CMD_GOOD;
    if (tr.status == DB_CMD_CHECK) {
        if (res->sense.raw_len) {
            tr.sense_len = res->sense.raw_len < DB_SENSE_MAX ? res->sense.raw_len : DB_SENSE_MAX;
            memcpy(tr.sense, res->sense.raw, tr.sense_len);
        } else { /* keep key/ASC/ASCQ as fixed-format sense */
            tr.sense[0] = 0x70;
            tr.sense[2] = res->sense.key;
            tr.sense[7] = 10;
            tr.sense[12] = res->sense.asc;
            tr.sense[13] = res->sense.ascq;
            tr.sense_len = 18;
        }
    }
    if (tr.status == DB_CMD_GOOD && dir == DB_DIR_READ) {
        tr.data_len = res->data_len < buf_len ? res->data_len : buf_len;
        if (r->no_data && is_disc_read(cdb[0])) {
            tr.data_is_digest = true;
            tr.digest = db_trace_digest(buf, tr.data_len);
        } else {
            tr.data = buf;
        }
    }
    /* The drive's identity goes into the header with the first INQUIRY,
     * ahead of that command's record so a reader has it from the start. */
    if (!r->identity_written && cdb[0] == MMC_INQUIRY && !(cdb[1] & 1) && tr.status == DB_CMD_GOOD) {
        mmc_inquiry inq;
        if (db_mmc_parse_inquiry(buf, tr.data_len, &inq) == 0) {
            char id[64];
            snprintf(id, sizeof id, "%s|%s|%s", inq.vendor, inq.product, inq.revision);
            db_trace_writer_header(r->w, "drive", id);
            r->identity_written = true;
        }
    }
    if (db_trace_writer_rec(r->w, &tr))
        r->write_failed = true;
    return rc;
}

static void rec_close(void *ctx)
{
    recorder *r = ctx;
    if (r->inner_ops && r->inner_ops->close)
        r->inner_ops->close(r->inner_ctx);
    db_trace_writer_close(r->w);
    free(r);
}

static const struct db_transport_ops recorder_ops = {
    .name = "trace-recorder",
    .exec = rec_exec,
    .close = rec_close,
};

int db_trace_record(db_drive *d, const char *path, bool no_data, const char *command_line,
                    db_error *err)
{
    recorder *r = calloc(1, sizeof *r);
    if (!r)
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    r->w = db_trace_writer_open(path, err);
    if (!r->w) {
        free(r);
        return -1;
    }
    char start[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%SZ", &tm);
    db_trace_writer_header(r->w, "version", DB_VERSION);
    db_trace_writer_header(r->w, "device", d->device);
    db_trace_writer_header(r->w, "transport", d->ops ? d->ops->name : "?");
    db_trace_writer_header(r->w, "simulated", d->simulated ? "yes" : "no");
    db_trace_writer_header(r->w, "disc", d->disc_label);
    db_trace_writer_header(r->w, "command", command_line);
    db_trace_writer_header(r->w, "start", start);
    db_trace_writer_header(r->w, "data", no_data ? "digest" : "full");
    r->inner_ops = d->ops;
    r->inner_ctx = d->ctx;
    r->clock = d->clock;
    r->no_data = no_data;
    d->ops = &recorder_ops;
    d->ctx = r;
    return 0;
}
