/* testutil.h - helpers shared by the cmocka tests (not part of discbench). */
#ifndef DB_TESTUTIL_H
#define DB_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drive/drive.h"

/* A fresh empty directory under $TMPDIR (or /tmp); caller frees. */
char *tu_tmpdir(const char *tag);
/* rm -rf dir (best effort). */
void tu_rmrf(const char *dir);

/* Run the discbench binary ($DISCBENCH_BIN) with args (NULL-terminated),
 * capturing stdout and stderr (malloc'd, NUL-terminated; may be NULL to
 * discard).  Returns the exit status, or 128+signal if killed. */
int tu_run_discbench(char **out, char **err, const char *const *args);
/* Run any argv likewise (argv[0] looked up on PATH). */
int tu_run(char **out, char **err, const char *const *argv);
/* Run discbench and fail the running test, with its stderr, unless it
 * exits 0; stdout kept in *out (may be NULL to discard). */
void tu_run_discbench_ok(char **out, const char *const *args);
/* Whether `tool` is on PATH: tests that need genisoimage, gnuplot... skip
 * without it. */
bool tu_have_tool(const char *tool);

/* Start discbench with args (output discarded), wait until csv_path holds
 * at least min_rows rows (header included) or timeout_ms passes, send sig,
 * and return how it ended: its exit status, or 128+signal. */
int tu_signal_after_rows(const char *const *args, const char *csv_path, size_t min_rows,
                         int timeout_ms, int sig);

/* Whole file, NUL-terminated; NULL if unreadable.  *len (optional): the
 * bytes read, so binary files (WAV, PNG, images) come back whole. */
char *tu_read_file(const char *path, size_t *len);
/* The same for <dir>/<name>: a file a run wrote into its results directory. */
char *tu_read_in(const char *dir, const char *name);

/* One scratch directory that the tests of a cmocka group share, so each
 * test names its runs without making and removing a directory of its own:
 * tu_scratch_open makes it (0 on success) in the group setup,
 * tu_scratch_close is the group teardown that removes it. */
int tu_scratch_open(const char *tag);
int tu_scratch_close(void **state);
const char *tu_scratch(void);
/* <scratch>/<name>, in one of 16 static buffers used in turn: a test may
 * hold up to 16 such paths at once. */
const char *tu_in_scratch(const char *name);

/* Value of the first "key": in JSON text at or after json (NULL: none): a
 * string up to its closing quote (quotes dropped; escapes left as they
 * are), anything else up to a comma, brace or newline; "" if absent.
 * Enough for the flat figures of summary.json, no JSON parser needed. */
void tu_json_field(const char *json, const char *key, char *out, size_t len);
/* The members of "section": { ... } (from its brace on), or NULL. */
const char *tu_json_section(const char *json, const char *section);
/* tu_json_field of the first key inside that section. */
void tu_json_field_in(const char *json, const char *section, const char *key, char *out,
                      size_t len);

/* A parsed CSV: rows[0] is the header. */
typedef struct tu_csv {
    size_t nrows, ncols;
    char ***rows;
} tu_csv;
/* Parse RFC 4180 text (quoted fields allowed); 0 on success. */
int tu_csv_load(const char *path, tu_csv *out);
void tu_csv_free(tu_csv *c);
/* tu_csv_load of <dir>/<name>, failing the running test if it cannot. */
void tu_csv_load_in(const char *dir, const char *name, tu_csv *out);
/* Column index by header name, -1 if absent. */
int tu_csv_col(const tu_csv *c, const char *name);
/* Numeric value at data row r (0-based, header excluded), column name. */
double tu_csv_num(const tu_csv *c, size_t r, const char *name);

/* Call fn(name, arg) for every shipped drive profile ($DB_SRC/profiles/
 * drives/NAME.profile); returns how many there were. */
int tu_for_each_drive_profile(void (*fn)(const char *name, void *arg), void *arg);

/* Path of a test data file: $DB_SRC/tests/data/<kind>/<name> (caller frees). */
char *tu_data(const char *kind, const char *name);

/* Path of a shipped profile: $DB_SRC/profiles/<kind>/<name>.profile (static buffer per call site is not used: caller frees). */
char *tu_profile(const char *kind, const char *name);

/* Open the virtual drive on *d (device "sim:test") or fail the running
 * test.  drive: a file of tests/data/vdrive, or "@NAME" for a shipped
 * drive profile; disc: "@NAME" for a shipped media profile, a name with
 * ".profile" for a file of tests/data/vdrive, else a disc spec or NULL. */
void tu_open_vdrive(db_drive *d, const char *drive, const char *disc);
/* The same with the error model's seed and a fault plan (vdrive.h). */
void tu_open_vdrive_with(db_drive *d, const char *drive, const char *disc, uint64_t seed,
                         const char *const *faults, int nfaults);

/* ---- scripted fake drives (the bench modules' unit tests) ---- */

/* CHECK CONDITION with this sense key / ASC / ASCQ: how a fake refuses. */
void tu_sense(db_cmd_result *res, uint8_t key, uint8_t asc, uint8_t ascq);
/* Attach a fake to *d: commands go to ops with ctx, the clock reads
 * clock with ctx, the device is "fake:".  simulated: whether the bench
 * is to treat it as the virtual drive (real drives get permission hints). */
void tu_fake_attach(db_drive *d, const struct db_transport_ops *ops, const struct db_clock_ops *clock, void *ctx,
                    bool simulated);

/* One raw MODE1/2352 sector as a burning tool writes it into a BIN: sync,
 * the BCD MSF header of lba (150 sectors of pre-gap), mode 1, the 2048
 * user bytes, EDC/ECC left zero.  libcdio 2.1's CUE driver sizes a
 * MODE1/2048 track as if its sectors were 2352 bytes, so the tests feed
 * it raw sectors. */
void tu_mode1_raw_sector(uint32_t lba, const void *user, uint8_t raw[2352]);

/* ---- checking audio ---- */

/* CRC-32 (zlib's, chained like zlib's crc32: start from 0), by the
 * textbook table: an oracle independent of the library discbench uses. */
uint32_t tu_crc32(uint32_t crc, const void *data, size_t n);
/* The 32-bit little-endian word at p (one stereo sample of CD audio). */
uint32_t tu_le32(const uint8_t *p);

#endif
