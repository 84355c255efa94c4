/* vendor.h - the vendor C1/C2 scan protocols the virtual drive speaks, as
 * its drive profile says (`scan_protocol`): byte for byte what the public
 * descriptions of the real families give (QPxTool's plugins/liteon and
 * plugins/plextor, facts only; see vendor_liteon.c, vendor_plextor.c).
 * A drive answers only its own family's opcodes: others get INVALID
 * COMMAND OPERATION CODE (05/20/00), as from any drive. */
#ifndef DB_VDRIVE_VENDOR_H
#define DB_VDRIVE_VENDOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"

/* True when cdb is a command of the drive's scan protocol (r is filled). */
bool vd_vendor_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, size_t cdb_len, uint8_t *buf,
                    size_t buf_len, vd_reply *r);
bool vd_liteon_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len,
                    vd_reply *r);
bool vd_plextor_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len,
                     vd_reply *r);

/* A SEEK(10) to lba: the new Lite-On scan starts at its second. */
void vd_vendor_on_seek(vdrive *vd, uint32_t lba);
/* The host read [a, b) from the disc: a Plextor Q-Check counts it. */
void vd_vendor_on_read(vdrive *vd, uint32_t a, uint32_t b);

/* Replies for the protocol files. */
void vd_vendor_fail(vdrive *vd, uint64_t now, vd_reply *r, uint8_t key, uint8_t asc, uint8_t ascq);
/* Data-in of resp_len bytes (the host's buffer may be shorter) completing
 * at done_ns (0: interface time only). */
void vd_vendor_data(vdrive *vd, uint64_t now, vd_reply *r, uint8_t *buf, size_t buf_len,
                    const uint8_t *resp, size_t resp_len, uint64_t done_ns);

#endif
