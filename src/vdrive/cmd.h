/* cmd.h - CDB dispatch: answer one MMC command like a CD drive. */
#ifndef DB_VDRIVE_CMD_H
#define DB_VDRIVE_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "vdrive_int.h"

typedef struct vd_reply {
    size_t data_len;     /* bytes written to buf: min(allocation, buffer, response) */
    bool check;          /* CHECK CONDITION, sense below */
    vd_sense sense;
    uint64_t done_ns;    /* completion time in the drive's time base */
    bool no_answer;      /* the fault plan (faults.h): the drive never answered; done_ns is
                          * when the host's timeout ran out */
} vd_reply;

/* Execute cdb arriving at now.  buf may be NULL when buf_len is 0.  Never
 * writes more than buf_len bytes. */
void vd_cmd_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, size_t cdb_len,
                 uint8_t *buf, size_t buf_len, vd_reply *r);

/* Fixed-format sense data (18 bytes) for s. */
void vd_sense_fixed(const vd_sense *s, uint8_t out[18]);

#endif
