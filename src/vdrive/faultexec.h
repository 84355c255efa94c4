/* faultexec.h - the fault plan at work (faults.h): every CDB the virtual
 * drive receives passes here before and after the drive answers it
 * (vdrive.c), so a fault can answer in the drive's place or spoil its
 * answer. */
#ifndef DB_VDRIVE_FAULTEXEC_H
#define DB_VDRIVE_FAULTEXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"

/* A command arrives at now.  True when a fault answers it (r filled:
 * sense, or r->no_answer with the time the host gives up). */
bool vd_faults_before(vdrive *vd, uint64_t now, const uint8_t *cdb, size_t cdb_len, unsigned timeout_ms,
                      vd_reply *r);

/* The drive answered into buf: a fault may cut the data short or make a
 * length field lie. */
void vd_faults_after(vdrive *vd, const uint8_t *cdb, size_t cdb_len, uint8_t *buf, size_t buf_len, vd_reply *r);

#endif
