/* faults.h - the virtual drive's fault plan: drive failures injected at
 * chosen LBAs, drive times, command counts and opcodes, so every bench
 * module can be shown to survive them (docs/reliability.md).
 *
 * A plan is one or more fault specs (`--fault SPEC`, repeatable, or
 * comma-separated in one SPEC):
 *
 *     CLASS[:KEY=VALUE]...
 *
 * Classes (what the drive does when the fault fires):
 *   medium      MEDIUM ERROR 03/11/00 on a read: READ(10)/(12)/READ CD
 *               reaching the LBAs (the first bad LBA in the sense
 *               information field, no data), or without lba= also a vendor
 *               C1/C2 scan step (Lite-On DF 82 09, F3 0E); ok-after=N: the
 *               first N such reads fail, later ones read (default: never)
 *   hardware    HARDWARE ERROR, 04/44/00 (internal target failure) unless
 *               sense= says otherwise; once unless count=
 *   not-ready   NOT READY, becoming ready (02/04/01) for for=N commands
 *               (default 3) or for-ms=T of drive time from the first match;
 *               INQUIRY and REQUEST SENSE still answer
 *   attention   UNIT ATTENTION, medium may have changed (06/28/00), once
 *               unless count= (INQUIRY and REQUEST SENSE do not report it)
 *   removed     the disc is gone from the first match on: every command
 *               that needs a medium fails 02/3A/00 (INQUIRY, REQUEST SENSE,
 *               MODE SENSE, GET CONFIGURATION still answer)
 *   timeout     the command never completes: no answer (transport failure)
 *               once the host's timeout has passed on the drive's clock;
 *               once unless count=
 *   short       the command returns fewer bytes than asked (half, or
 *               bytes=N), status GOOD; the first matching command that
 *               returns data; once unless count=
 *   bad-length  the reply's length field lies (INQUIRY additional length,
 *               READ TOC / MODE SENSE(10) / READ DISC INFORMATION data
 *               length, GET CONFIGURATION data length, REQUEST SENSE
 *               additional length): value=N, default the field's maximum;
 *               the first matching command with such a field; once unless count=
 *   dead        the drive stops answering: every command from the first
 *               match on fails at the transport level after the host's
 *               timeout
 *
 * Triggers (all given must hold; none = the first command):
 *   lba=A or lba=A-B   a read (or SEEK(10), for hardware) whose range
 *                      meets [A, B]
 *   cmd=N              the N-th command the drive receives (1-based) or later
 *   ms=T               drive time T ms since the drive was opened, or later
 *   op=OP              this opcode: hex (28, 0x28) or a name: read10, read12,
 *                      readcd, toc, inquiry, tur, sense, modesense, config,
 *                      speed, seek, startstop, capacity, discinfo
 * Other keys: count=N (how many commands it may affect), sense=KK/AA/QQ
 * (hex, hardware/medium/attention/not-ready/removed).
 *
 * Everything is deterministic: the same plan, drive and run give the same
 * failures at the same commands. */
#ifndef DB_VDRIVE_FAULTS_H
#define DB_VDRIVE_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

#define VD_FAULTS_MAX 32
#define VD_FAULT_FOREVER UINT32_MAX

typedef enum vd_fault_kind {
    VD_FAULT_MEDIUM, VD_FAULT_HARDWARE, VD_FAULT_NOT_READY, VD_FAULT_ATTENTION, VD_FAULT_REMOVED,
    VD_FAULT_TIMEOUT, VD_FAULT_SHORT, VD_FAULT_BAD_LENGTH, VD_FAULT_DEAD, VD_FAULT_KINDS
} vd_fault_kind;

typedef struct vd_fault {
    vd_fault_kind kind;
    /* triggers */
    bool has_lba;
    uint32_t lba_first, lba_last;
    uint64_t from_cmd;         /* 0: any */
    bool has_ms;
    uint64_t from_ns;
    int op;                    /* -1: any opcode */
    /* effect */
    uint32_t count;            /* commands it may still affect */
    uint32_t ok_after;         /* medium: failing reads before one succeeds */
    uint32_t for_cmds;         /* not-ready: commands the episode lasts ... */
    uint64_t for_ns;           /* ... or drive time (when for_ms was given) */
    bool for_time;
    uint8_t key, asc, ascq;
    uint32_t bytes;            /* short: bytes returned (has_bytes) */
    bool has_bytes;
    uint32_t value;            /* bad-length: the claimed length (has_value) */
    bool has_value;
    /* state */
    uint32_t fired;            /* commands affected so far */
    bool started;              /* not-ready / removed / dead: in effect */
    uint64_t start_cmd, start_ns;
} vd_fault;

typedef struct vd_fault_plan {
    vd_fault f[VD_FAULTS_MAX];
    int n;
    uint64_t cmds;             /* commands received so far */
} vd_fault_plan;

/* Add the faults of spec (one or several, comma-separated) to the plan.
 * -1 with err (DB_EXIT_USAGE, "--fault 'SPEC': what is wrong") on a
 * malformed spec; the plan is then unchanged. */
int vd_fault_plan_parse(vd_fault_plan *p, const char *spec, db_error *err);

/* Name of a fault class ("medium", "not-ready", ...). */
const char *vd_fault_kind_name(vd_fault_kind k);

#endif
