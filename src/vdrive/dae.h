/* dae.h - what the virtual drive's READ CD of CD-DA returns beyond the
 * disc's own bytes: the [dae] extraction behaviour of the drive profile
 * (docs/profiles.md).
 *
 *   jitter     a drive without accurate stream does not land exactly
 *              where it was asked after a seek: every new stream (each
 *              seek, timing.h) starts 1..jitter_samples stereo samples
 *              early or late, drawn from the seed, the LBA the stream
 *              starts at and the stream's number.  Everything that stream
 *              delivers is shifted by that amount; a READ CD that continues
 *              the stream (or is served from its cache) keeps the shift.
 *              An accurate-stream drive never shifts.
 *   unstable   unstable_sectors_ppm of the audio sectors (drawn from the
 *              seed and the LBA) hold a burst the drive cannot correct: each
 *              time it reads such a sector from the disc (each stream) the
 *              burst comes back different - the concealment of an
 *              uncorrectable C2 error - and its C2 pointer bits are set.
 *              A re-read from the cache returns the same bytes again.
 *
 * Sectors outside the audio tracks (before LBA 0, past the lead-out, a
 * data track next to an audio one) read as digital silence when a shifted
 * stream reaches them. */
#ifndef DB_VDRIVE_DAE_H
#define DB_VDRIVE_DAE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sector.h"

struct vdrive;

/* Shift (stereo samples, signed) of everything the current stream delivers. */
int vd_dae_shift_samples(const struct vdrive *vd);

/* Is the audio sector at lba unstable? */
bool vd_dae_unstable(const struct vdrive *vd, uint32_t lba);
/* Where its burst lies: bytes [*off, *off + *len) of the 2352. */
void vd_dae_burst(const struct vdrive *vd, uint32_t lba, uint32_t *off, uint32_t *len);

/* Fill buf (data_len bytes) with count READ CD blocks of the given layout
 * starting at lba, as the current stream delivers them (after the read
 * was timed, so the stream is the one that served it).  0, or -1 when the
 * disc image cannot be read. */
int vd_dae_read_blocks(struct vdrive *vd, const vd_block_layout *lay, uint8_t subch10, uint32_t lba,
                       uint32_t count, uint8_t *buf, size_t data_len);

#endif
