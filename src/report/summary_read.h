/* summary_read.h - the fields of a test's summary.json that compare, the
 * results store and grading need: which test, simulated or not, status,
 * drive, disc (with the ATIP manufacturer and the keys of the embedded
 * "info"), label, write speed.
 *
 * JSON is read with SQLite's JSON functions (json_extract, json_each: built
 * into SQLite since 3.38) on an in-memory connection, so discbench carries
 * no JSON parser of its own; the text is checked with json_valid first. */
#ifndef DB_REPORT_SUMMARY_READ_H
#define DB_REPORT_SUMMARY_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

/* summary.json files are a few KiB; anything above this is not one. */
#define DB_SUMMARY_MAX_BYTES (16u << 20)

typedef struct db_summary {
    char test[32];              /* "transfer", ..., "suite" */
    char status[32];            /* "complete", "interrupted", ... */
    bool simulated;
    char version[32];
    char device[256];
    char label[256];            /* "" when none */
    double write_speed_x;       /* 0 when not given */
    char vendor[32], model[64], firmware[16];
    char disc_description[256];
    int64_t disc_sectors;
    char drive_key[128];        /* info.keys */
    char media_key[128];
    char media_type[16];        /* "CD-R", "pressed", ... */
    char atip_code[16];         /* ATIP lead-in "97:26:66", "" without ATIP */
    char atip_maker[128];       /* "CMC Magnetics Corporation", "" unknown / none */
    char atip_maker_short[64];
    char disc_id[16];           /* freedb/CDDB disc id of the TOC, "" without one */
    int tracks;
} db_summary;

/* Parse a summary's text; name is for messages.  0, or -1 with err
 * (DB_EXIT_INPUT): not JSON, not written by discbench, no "test". */
int db_summary_parse(const char *json, size_t len, const char *name, db_summary *out, db_error *err);

/* Read DIR/summary.json; *text (optional) gets its text (caller frees). */
int db_summary_load(const char *dir, db_summary *out, char **text, db_error *err);

/* True when status says the whole disc was covered ("complete" or
 * "complete-with-errors"). */
bool db_summary_status_complete(const char *status);

/* Read a whole small file: the text (NUL-terminated, caller frees) or NULL
 * with err set (DB_EXIT_INPUT) when missing, unreadable or over max bytes. */
char *db_read_small_file(const char *path, size_t max, size_t *len, db_error *err);

#endif
