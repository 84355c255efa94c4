/* trace_replay.c - a transport that answers from a recording (trace.h).
 * It never invents an answer: the first CDB that is not the recorded one
 * fails with a message naming both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmc.h"
#include "trace.h"

typedef struct replay {
    db_trace_reader *reader;
    uint64_t now_ns;        /* virtual clock: follows the recorded times */
    uint64_t commands;
    bool failed;
    char msg[512];
} replay;

static uint64_t replay_now(void *ctx)
{
    return ((replay *)ctx)->now_ns;
}

static const struct db_clock_ops replay_clock = { .now_ns = replay_now };

static void cdb_text(const uint8_t *cdb, size_t len, char *out, size_t out_len)
{
    int n = snprintf(out, out_len, "%s [", db_opcode_name(cdb[0]));
    for (size_t i = 0; i < len && n > 0 && (size_t)n < out_len; i++)
        n += snprintf(out + n, out_len - (size_t)n, i ? " %02X" : "%02X", cdb[i]);
    if (n > 0 && (size_t)n < out_len)
        snprintf(out + n, out_len - (size_t)n, "]");
}

static int fail(replay *r, db_cmd_result *res)
{
    r->failed = true;
    res->status = DB_CMD_TRANSPORT;
    res->transport_msg = r->msg;
    return -1;
}

static int replay_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir, void *buf,
                       size_t buf_len, unsigned timeout_ms, db_cmd_result *res)
{
    replay *r = ctx;
    if (r->failed)
        return fail(r, res);
    db_trace_rec rec;
    db_error err = { 0 };
    int got = db_trace_reader_next(r->reader, &rec, &err);
    char sent[128];
    cdb_text(cdb, cdb_len, sent, sizeof sent);
    if (got < 0) {
        snprintf(r->msg, sizeof r->msg, "replay: %.490s", err.msg);
        return fail(r, res);
    }
    if (got == 0) {
        snprintf(r->msg, sizeof r->msg,
                 "replay: the recording ends after command %llu; this run sent %s",
                 (unsigned long long)r->commands, sent);
        return fail(r, res);
    }
    r->commands++;
    if (rec.cdb_len != cdb_len || memcmp(rec.cdb, cdb, cdb_len) || rec.dir != dir ||
        rec.buf_len != buf_len) {
        char want[128];
        cdb_text(rec.cdb, rec.cdb_len, want, sizeof want);
        snprintf(r->msg, sizeof r->msg,
                 "replay: command %llu differs from the recording: recorded %s (%zu bytes in), "
                 "this run sent %s (%zu bytes in)",
                 (unsigned long long)rec.seq, want, rec.buf_len, sent, buf_len);
        return fail(r, res);
    }
    r->now_ns = rec.t_ns + rec.dur_ns;
    if (rec.status == DB_CMD_TRANSPORT) { /* the drive failed this way then: so it does now */
        snprintf(r->msg, sizeof r->msg, "transport failure (as recorded)");
        res->status = DB_CMD_TRANSPORT;
        res->transport_msg = r->msg;
        return -1;
    }
    res->status = rec.status;
    if (rec.status == DB_CMD_CHECK) {
        db_mmc_parse_sense(rec.sense, rec.sense_len, &res->sense);
        memcpy(res->sense.raw, rec.sense, rec.sense_len);
        res->sense.raw_len = rec.sense_len;
    }
    if (dir == DB_DIR_READ && rec.data_len) {
        size_t n = rec.data_len < buf_len ? rec.data_len : buf_len;
        if (rec.data)
            memcpy(buf, rec.data, n);
        else
            memset(buf, 0, n); /* recorded as a digest: the content is not in the trace */
        res->data_len = n;
    }
    return 0;
}

static void replay_close(void *ctx)
{
    replay *r = ctx;
    db_trace_reader_close(r->reader);
    free(r);
}

static const struct db_transport_ops replay_ops = {
    .name = "replay",
    .exec = replay_exec,
    .close = replay_close,
};

int db_trace_replay_open(const char *path, db_drive *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    replay *r = calloc(1, sizeof *r);
    if (!r)
        return db_error_set(err, DB_EXIT_INPUT, "out of memory");
    r->reader = db_trace_reader_open(path, err);
    if (!r->reader) {
        free(r);
        return -1;
    }
    out->ops = &replay_ops;
    out->ctx = r;
    out->clock.ops = &replay_clock;
    out->clock.ctx = r;
    /* A replay is never a live measurement. */
    out->simulated = true;
    snprintf(out->device, sizeof out->device, "replay:%s", path);
    snprintf(out->disc_label, sizeof out->disc_label, "replay of %s", path);
    return 0;
}
