/* sector.h - the bytes of one READ CD block, as a drive assembles them:
 * main channel fields (sync, header, sub-header, user data, EDC/ECC),
 * then C2 error pointers, then sub-channel (MMC READ CD, byte 9 / 10).
 *
 * EDC/ECC of generated data sectors are zeros (allowed: nothing in
 * discbench checks them yet); C2 pointers are left zero here: readerr.c
 * ORs in the error model's (errmodel.h). */
#ifndef DB_VDRIVE_SECTOR_H
#define DB_VDRIVE_SECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "disc.h"

typedef struct vd_block_layout {
    size_t main_off, main_len;  /* slice of the 2352-byte raw sector */
    size_t c2_len;              /* 0, 294 or 296 */
    size_t sub_len;             /* 0, 16 or 96 */
    size_t total;               /* bytes per block */
} vd_block_layout;

/* Layout of a block for a sector of this kind.  Returns -1 when MMC calls
 * the field combination illegal (-> ILLEGAL REQUEST, invalid field in CDB). */
int vd_block_layout_for(vd_sector_kind kind, uint8_t flags9, uint8_t subch10, vd_block_layout *out);

/* The full 2352-byte sector: audio as is; data sectors get sync, a header
 * with the MSF address and mode, the sub-header (Mode 2) and zero EDC/ECC
 * around the 2048 user bytes. */
void vd_raw_sector(vd_sector_kind kind, uint32_t lba, const uint8_t *user, uint8_t raw[2352]);

/* Assemble one block from the raw sector. */
void vd_block_build(const vd_block_layout *lay, const vd_track *t, uint32_t lba,
                    const uint8_t raw[2352], uint8_t subch10, uint8_t *out);

/* Absolute time of an LBA (LBA 0 = 00:02:00) as binary M, S, F. */
void vd_lba_to_msf(uint32_t lba, uint8_t *m, uint8_t *s, uint8_t *f);
static inline uint8_t vd_bcd(uint8_t v) { return (uint8_t)(((v / 10) << 4) | (v % 10)); }

#endif
