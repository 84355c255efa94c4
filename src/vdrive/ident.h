/* ident.h - the virtual drive's identification answers beyond INQUIRY:
 * GET CONFIGURATION (profiles and features from the drive profile) and
 * READ TOC formats 2 (full TOC) and 4 (ATIP) from the disc.  Each builds
 * the whole response in memory; cmd.c trims it to the allocation length. */
#ifndef DB_VDRIVE_IDENT_H
#define DB_VDRIVE_IDENT_H

#include <stddef.h>
#include <stdint.h>

#include "vdrive_int.h"

/* Largest response any of these builds. */
#define VD_IDENT_MAX 2048

/* GET CONFIGURATION with request type rt (0 all, 1 current, 2 one) from
 * feature `start`.  Returns the response length, 0 for an invalid RT. */
size_t vd_ident_config(const vdrive *vd, uint8_t rt, uint16_t start, uint8_t out[VD_IDENT_MAX]);

/* The current MMC profile: none without a disc; a pressed disc, and a
 * recordable in a drive that cannot record that kind, is CD-ROM. */
uint16_t vd_ident_current_profile(const vdrive *vd);

/* READ TOC format 2 (MSF addresses, binary): session 1 with A0, A1, A2,
 * one point per track and, on a recordable, C0 (the ATIP lead-in start). */
size_t vd_ident_fulltoc(const vd_disc *d, uint8_t out[VD_IDENT_MAX]);

/* READ TOC format 4: 28 bytes (header + ATIP descriptor).  The disc must
 * have an ATIP. */
size_t vd_ident_atip(const vd_disc *d, uint8_t out[28]);

#endif
