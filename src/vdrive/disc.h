/* disc.h - what the virtual drive holds: tracks, sector kinds, geometry
 * and sector contents, from one of three sources:
 *
 *   synthetic   NULL or "synthetic:MIN": a pressed Mode 1 disc of MIN minutes
 *   profile     "x.profile": a media profile (docs/profiles.md) whose
 *               content (data / audio / mixed) is generated like synthetic
 *   image       anything else: a disc image through libcdio's image drivers,
 *               or a plain .iso read directly (libcdio does not open those)
 *
 * A media profile may be followed by ":write=X" (the burn speed its error
 * model uses: "cmc.profile:write=48"); discs without an error model refuse
 * it.
 *
 * Generated content is a pure function of the LBA, so it costs no memory
 * whatever the disc length:
 *   data:  8-byte little-endian words, word i of sector n = n << 32 | 8 i
 *   audio: 588 stereo frames of 16-bit little-endian samples; frame j of
 *          sector n carries the global frame number f = 588 n + j as
 *          left = f & 0xFFFF, right = f >> 16, so any offset error shows. */
#ifndef DB_VDRIVE_DISC_H
#define DB_VDRIVE_DISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"
#include "errmodel.h"
#include "geometry.h"
#include "profile.h"

typedef enum vd_sector_kind {
    VD_SECTOR_MODE1 = 0,   /* 2048 user bytes */
    VD_SECTOR_AUDIO = 1,   /* 2352 bytes of CD-DA */
    VD_SECTOR_MODE2F1 = 2  /* XA Mode 2 Form 1: 2048 user bytes */
} vd_sector_kind;

typedef struct vd_track {
    uint8_t number;        /* 1..99 */
    vd_sector_kind kind;
    uint32_t start_lba;
} vd_track;

typedef enum vd_disc_source { VD_SRC_GENERATED = 0, VD_SRC_CDIO, VD_SRC_ISO } vd_disc_source;

typedef struct vd_disc {
    vd_disc_source source;
    uint32_t sectors;              /* lead-out LBA: readable sectors */
    int track_count;
    vd_track tracks[99];           /* ascending start_lba, tracks[0].start_lba == 0 */
    vd_geom geom;
    vd_media_type type;
    bool has_atip;
    uint8_t lead_in_m, lead_in_s, lead_in_f;
    char manufacturer[64];
    vd_atip_extra atip;            /* the rest of the ATIP (media profiles) */
    char label[256];               /* for db_drive.disc_label */
    vd_errmodel em;                /* error model (inactive: an error-free disc) */
    void *cdio;                    /* CdIo_t * for VD_SRC_CDIO */
    int fd;                        /* VD_SRC_ISO */
} vd_disc;

/* Open the disc a vdrive_config names (see vdrive.h).  Errors are
 * DB_EXIT_INPUT with a message naming the disc. */
int vd_disc_open(vd_disc *d, const char *spec, db_error *err);
void vd_disc_close(vd_disc *d);

/* Track holding lba (lba < sectors). */
const vd_track *vd_disc_track_at(const vd_disc *d, uint32_t lba);
/* First LBA after the track (next track's start, or the lead-out). */
uint32_t vd_disc_track_end(const vd_disc *d, const vd_track *t);

/* Read count user-data sectors (Mode 1 / Mode 2 Form 1, 2048 bytes each)
 * starting at lba into out.  The caller has checked the range and kinds.
 * 0 on success, -1 when the image cannot be read. */
int vd_disc_read_data(vd_disc *d, uint32_t lba, uint32_t count, uint8_t *out);
/* Read count CD-DA sectors (2352 bytes each). */
int vd_disc_read_audio(vd_disc *d, uint32_t lba, uint32_t count, uint8_t *out);

/* The generated patterns themselves, for tests and for the generator. */
void vd_pattern_data(uint32_t lba, uint8_t out[2048]);
void vd_pattern_audio(uint32_t lba, uint8_t out[2352]);

#endif
