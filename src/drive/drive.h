/* drive.h - one drive = a transport that executes MMC CDBs.
 *
 * Shaped after libcdio's drivers: a transport is a table of functions plus
 * its private context.  There are two today: libcdio (every real drive, via
 * mmc_run_cmd) and the in-process virtual drive (src/vdrive).  Everything
 * above this layer talks to a db_drive and cannot tell them apart.
 *
 * Safety: db_drive_exec() is the only way a CDB reaches a transport, and it
 * refuses every CDB that is not on the read-only allowlist (allowlist.c)
 * before the transport sees it.  No data-out direction exists at all. */
#ifndef DB_DRIVE_DRIVE_H
#define DB_DRIVE_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/clock.h"
#include "../util/error.h"

#define DB_CDB_MAX 16
#define DB_SENSE_MAX 32

/* Data direction.  There is deliberately no "write" direction: discbench
 * never sends data to a drive. */
typedef enum db_dir { DB_DIR_NONE = 0, DB_DIR_READ = 1 } db_dir;

/* How a command ended. */
enum db_cmd_status {
    DB_CMD_GOOD = 0,        /* status GOOD */
    DB_CMD_CHECK = 1,       /* CHECK CONDITION: see sense */
    DB_CMD_TRANSPORT = 2,   /* the transport failed (ioctl error, no reply, timeout) */
    DB_CMD_REFUSED = 3      /* refused by the allowlist: never sent */
};

typedef struct db_sense {
    uint8_t key, asc, ascq;
    uint8_t raw[DB_SENSE_MAX];
    size_t raw_len;
} db_sense;

typedef struct db_cmd_result {
    int status;          /* enum db_cmd_status */
    db_sense sense;      /* valid when status == DB_CMD_CHECK */
    size_t data_len;     /* bytes the transport says it returned (<= buffer) */
    uint64_t duration_ns;/* as measured on the drive's clock */
    /* A transport that fails (DB_CMD_TRANSPORT) may say why; owned by the
     * transport, valid until its next command.  NULL otherwise. */
    const char *transport_msg;
} db_cmd_result;

/* A transport executes one CDB.  It returns 0 when it produced a result
 * (GOOD or CHECK CONDITION in res->status), -1 when the transport itself
 * failed (res->status = DB_CMD_TRANSPORT). */
struct db_transport_ops {
    const char *name; /* "libcdio", "vdrive" */
    int (*exec)(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir,
                void *buf, size_t buf_len, unsigned timeout_ms, db_cmd_result *res);
    void (*close)(void *ctx);
};

typedef struct db_drive {
    const struct db_transport_ops *ops;
    void *ctx;
    db_clock clock;       /* the clock to time this drive with */
    bool simulated;       /* true for the virtual drive: results say "simulated" */
    char device[256];     /* what the user named: /dev/sr0, sim:liteon-ltr40125s */
    char disc_label[256]; /* for sim: the disc it holds (profile/image name) */
    char link[32];        /* the host link when the transport knows it ("udma2" for
                           * sim: from its profile); "" = unknown (ask GET CONFIGURATION) */
    uint32_t no_answer_streak; /* commands in a row the transport got no answer to (0 once
                                * the drive answers again): set by db_drive_exec */
} db_drive;

/* Execute one CDB through the allowlist.  Returns 0 on GOOD, -1 otherwise
 * (res tells refused / check condition / transport failure). */
int db_drive_exec(db_drive *d, const uint8_t *cdb, size_t cdb_len, db_dir dir,
                  void *buf, size_t buf_len, unsigned timeout_ms, db_cmd_result *res);

void db_drive_close(db_drive *d);

/* Read-only allowlist (allowlist.c).  Returns true if the CDB may be sent;
 * otherwise false with a reason ("WRITE(10) 0x2A is not a read-only command"). */
bool db_allowlist_permits(const uint8_t *cdb, size_t cdb_len, db_dir dir,
                          char *why, size_t why_len);

/* Everything db_drive_exec() checks before a CDB may reach a transport:
 * the allowlist, then the buffer (buf non-NULL when buf_len > 0; a READ
 * needs a buffer).  False with a one-line reason otherwise.  Callers that
 * got DB_CMD_REFUSED use it to say why. */
bool db_drive_validate(const uint8_t *cdb, size_t cdb_len, db_dir dir,
                       const void *buf, size_t buf_len, char *why, size_t why_len);

/* Name of an MMC opcode, for messages and traces ("READ CD"), "?" if unknown. */
const char *db_opcode_name(uint8_t opcode);

/* Describe a command result in one line: "MEDIUM ERROR (03/11/00: unrecovered read error)". */
void db_result_describe(const db_cmd_result *res, char *out, size_t out_len);

/* libcdio transport (transport_cdio.c). */
int db_cdio_open(const char *path, db_drive *out, db_error *err);
/* Real drives libcdio finds: NULL-terminated list to free with db_cdio_free_list. */
char **db_cdio_list(void);
void db_cdio_free_list(char **list);

#endif
