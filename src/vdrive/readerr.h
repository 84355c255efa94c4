/* readerr.h - how the error model (errmodel.h) shows in the data reads:
 * the C2 error pointers of READ CD, in the drive's form (profile key c2),
 * and the unreadable sectors.  cmd.c calls these; timing.c charges the
 * retries. */
#ifndef DB_VDRIVE_READERR_H
#define DB_VDRIVE_READERR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sector.h"

struct vdrive;

/* May a READ CD ask for a C2 field of c2_len bytes (0, 294, 296) on this
 * drive?  c2 = 294 takes C2 code 01 (294 bytes) and code 10 (296 bytes),
 * as most drives do; 296 only code 10 (the drives that want the 296-byte
 * form); none and broken refuse both (broken claims support in page 2A,
 * none does not).  False -> ILLEGAL REQUEST, invalid field in CDB. */
bool vd_c2_form_ok(const struct vdrive *vd, size_t c2_len);

/* OR the model's C2 pointers into the C2 field of each block of a READ CD
 * reply (buf holds data_len bytes of count blocks of layout lay from
 * lba); with the 296-byte form the block error byte becomes the OR of the
 * 294 pointer bytes again. */
void vd_c2_overlay(struct vdrive *vd, const vd_block_layout *lay, uint32_t lba, uint32_t count,
                   uint8_t *buf, size_t data_len);

#endif
