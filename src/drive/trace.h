/* trace.h - record and replay the conversation with a drive.
 *
 * A trace is a gzip-compressed, line-oriented text file (format and schema:
 * docs/trace-format.md).  Recording wraps any transport: every CDB that
 * reaches the drive is written, with its data, status, sense and timing, as
 * the run goes (each record is flushed, so a killed run leaves a readable
 * trace up to its last complete command).  Replay is a transport of its
 * own: it answers each CDB from the recording, in order, on a virtual clock
 * that follows the recorded times, and fails with a message naming both
 * CDBs at the first one that differs. */
#ifndef DB_DRIVE_TRACE_H
#define DB_DRIVE_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "drive.h"

#define DB_TRACE_MAGIC "discbench-trace"
#define DB_TRACE_VERSION 1

/* Start recording everything d's transport is asked into path.  With
 * no_data, data from the disc (READ(10)/(12), READ CD, READ CD MSF) is
 * replaced by a sampled digest; every other reply is kept whole. */
int db_trace_record(db_drive *d, const char *path, bool no_data, const char *command_line,
                    db_error *err);

/* Open a recording as a drive ("replay:PATH"). */
int db_trace_replay_open(const char *path, db_drive *out, db_error *err);

/* ---- reading traces (trace show, anonymize, tests) ---- */
typedef struct db_trace_rec {
    uint64_t seq, t_ns, dur_ns;
    uint8_t cdb[DB_CDB_MAX];
    size_t cdb_len;
    db_dir dir;
    size_t buf_len;
    int status;                /* DB_CMD_GOOD, DB_CMD_CHECK, DB_CMD_TRANSPORT */
    uint8_t sense[DB_SENSE_MAX];
    size_t sense_len;
    size_t data_len;           /* bytes the drive returned */
    bool data_is_digest;       /* data replaced by its digest */
    uint64_t digest;
    uint8_t *data;             /* data_len bytes, or NULL (digest / no data) */
} db_trace_rec;

typedef struct db_trace_reader db_trace_reader;

db_trace_reader *db_trace_reader_open(const char *path, db_error *err);
/* Next command record: 1 = got one, 0 = end of trace (a torn last line is
 * treated as the end), -1 = malformed (err says where). */
int db_trace_reader_next(db_trace_reader *r, db_trace_rec *rec, db_error *err);
/* Header value by key ("device", "command", ...) seen so far, or NULL. */
const char *db_trace_reader_header(const db_trace_reader *r, const char *key);
/* True when the reader stopped at a torn or truncated end (killed run). */
bool db_trace_reader_truncated(const db_trace_reader *r);
void db_trace_reader_close(db_trace_reader *r);

/* Low-level writer shared by recording and anonymize. */
typedef struct db_trace_writer db_trace_writer;
db_trace_writer *db_trace_writer_open(const char *path, db_error *err);
int db_trace_writer_header(db_trace_writer *w, const char *key, const char *value);
int db_trace_writer_rec(db_trace_writer *w, const db_trace_rec *rec);
int db_trace_writer_close(db_trace_writer *w);

/* The sampled digest used with no_data (see docs/trace-format.md). */
uint64_t db_trace_digest(const uint8_t *data, size_t len);

#endif
