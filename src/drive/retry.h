/* retry.h - the one policy for a command that failed.  Every test module
 * applies it (through bench/reader.c, bench/c2read.c, bench/scan.c,
 * bench/identity.c and the vendor scans of bench/quality_proto.c) and so do
 * the identification helpers of this layer (mmc.c, mmcinfo.c).  The README
 * ("Drive faults") and docs/reliability.md state it:
 *
 *   class            what the drive said                 the policy
 *   becoming ready   NOT READY 02/04/01 (or 02/04/07,    waited out on the drive's clock: sent
 *                    02/04/08: operation in progress)    again after 100 ms, doubling to 1 s,
 *                                                        for at most 10 s of drive time
 *   unit attention   06/xx/xx (reset, medium changed)    sent again at once, up to 3 times: the
 *                                                        drive reports it once and clears it, and
 *                                                        did not carry the command out
 *   aborted          0B/xx/xx                            sent again at once, up to 3 times, when
 *                                                        the command may be repeated (not a
 *                                                        vendor scan step: it may have been done)
 *   no answer        transport failure (timeout, ...)    sent again once, when the command may
 *                                                        be repeated
 *   short data       GOOD, fewer bytes than asked        sent again once, when the command may
 *                                                        be repeated
 *   medium error     03/xx/xx                            not here: the module's own recovery
 *                                                        (sector by sector; scan: --retries)
 *   hardware error   04/xx/xx                            not sent again: a drive fault
 *   illegal request  05/xx/xx                            not sent again
 *   no medium        02/3A/xx                            not sent again; ends the run
 *   not ready        other 02/xx/xx                      not sent again; ends the run
 *   refused          the allowlist refused it            never sent; ends the run
 *
 * What a module then does with a failure that is left: the rate tests
 * (transfer, dae, seek) stop at the first one, keeping every zone; the scans
 * (c2scan, scan, quality) record it and go on, stopping after 5 failing
 * blocks in a row, or at once when it ends the run (no disc, no answer
 * after the retry, never ready, refused).  A run never ends without saying
 * so in one line and in summary.json. */
#ifndef DB_DRIVE_RETRY_H
#define DB_DRIVE_RETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drive.h"

#define DB_RETRY_ATTENTION 3            /* unit attention / aborted: resends */
#define DB_RETRY_TRANSPORT 1            /* no answer: resends */
#define DB_RETRY_SHORT 1                /* short data: resends */
#define DB_RETRY_READY_FIRST_NS 100000000ull  /* first wait for a drive becoming ready */
#define DB_RETRY_READY_STEP_NS 1000000000ull  /* longest single wait */
#define DB_RETRY_READY_TOTAL_NS 10000000000ull /* longest total wait */
#define DB_RETRY_FAULT_STREAK 5         /* scans: failing blocks in a row that end the scan */

typedef enum db_fault_class {
    DB_FAULT_NONE = 0,
    DB_FAULT_BECOMING_READY,
    DB_FAULT_ATTENTION,      /* unit attention */
    DB_FAULT_ABORTED,        /* aborted command */
    DB_FAULT_TRANSPORT,      /* no answer */
    DB_FAULT_SHORT,          /* fewer bytes than asked */
    DB_FAULT_MEDIUM,
    DB_FAULT_HARDWARE,
    DB_FAULT_ILLEGAL,
    DB_FAULT_NO_MEDIUM,
    DB_FAULT_NOT_READY,
    DB_FAULT_OTHER,          /* any other sense key */
    DB_FAULT_REFUSED,
    DB_FAULT_CLASSES
} db_fault_class;

/* How a command ended: rc and res from db_drive_exec (or an mmc helper);
 * want = bytes the caller needs (0: any length will do). */
db_fault_class db_fault_classify(int rc, const db_cmd_result *res, size_t want);
/* "becoming_ready", "unit_attention", "no_answer", "short_data", "medium_error",
 * "hardware_error", "illegal_request", "no_medium", "not_ready", "other_sense",
 * "refused" (summary.json keys). */
const char *db_fault_class_name(db_fault_class c);
/* After the policy's retries: nothing more can be read on this drive (no
 * disc, no answer, never ready, refused). */
bool db_fault_ends_run(db_fault_class c);

/* What every failed command leaves: counts for summary.json and the first
 * and last one in words. */
typedef struct db_fault_log {
    uint32_t failed;                     /* commands that failed, each attempt */
    uint32_t by_class[DB_FAULT_CLASSES];
    uint32_t retried;                    /* attempts the policy sent again */
    uint32_t recovered;                  /* commands that succeeded after a retry */
    uint64_t waited_ns;                  /* drive time waited for the drive to become ready */
    char first[240], last[240];          /* "READ(10) at LBA 1234: UNIT ATTENTION (06/28/00: ...)" */
} db_fault_log;

/* Failures that are not MEDIUM ERROR (those are the disc's read errors,
 * counted by the tests themselves). */
uint32_t db_fault_log_drive_faults(const db_fault_log *l);

/* The retry state of one command. */
typedef struct db_retry {
    bool once_only;          /* true: never resend after no answer, an aborted command or a
                              * short reply (a vendor scan step the drive may have carried out) */
    unsigned attention, transport, short_data, tries;
    uint64_t waited_ns, next_wait_ns;
    db_fault_class last;     /* class of the last attempt (NONE when it succeeded) */
} db_retry;

/* The policy step after each attempt of a command:
 *
 *   db_retry rt = { 0 };
 *   do rc = db_mmc_read10(d, lba, n, buf, len, &res);
 *   while (db_retry_step(d, &rt, log, "READ(10)", lba, rc, &res, len));
 *   // rt.last: DB_FAULT_NONE on success, else what is left
 *
 * Classifies the attempt, records a failure in log (may be NULL) as
 * "WHAT at LBA N: sense" (lba UINT32_MAX: none), and returns true when the
 * policy sends the command again - having waited first on the drive's
 * clock when the drive is becoming ready. */
bool db_retry_step(db_drive *d, db_retry *rt, db_fault_log *log, const char *what, uint32_t lba, int rc,
                   const db_cmd_result *res, size_t want);

/* Record a failure the caller found itself (a reply it cannot use). */
void db_fault_log_add(db_fault_log *l, db_fault_class c, const char *what, uint32_t lba,
                      const db_cmd_result *res);

/* "READ(10) at LBA 1234 failed: MEDIUM ERROR (03/11/00: ...)" in out. */
void db_fault_describe(db_fault_class c, const char *what, uint32_t lba, const db_cmd_result *res,
                       size_t want, char *out, size_t out_len);

#endif
