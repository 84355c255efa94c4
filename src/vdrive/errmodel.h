/* errmodel.h - the disc's error model: C1 (BLER), C2 (E22) and CU (E32)
 * counts per second of disc time, C2 error pointers per sector, and the
 * unreadable and slow sectors.  Format of the media profile's [errors]
 * section and of the drive keys that decide how errors surface:
 * docs/profiles.md.
 *
 * Counter-based and stateless: the counts of second s are a pure function
 * of (seed, s) - a SplitMix64 hash of the pair seeds the draw - so any
 * second is computable in O(1) and the model holds no per-second memory
 * whatever the disc length.
 *
 * Rates.  A mean rate per second at radius r interpolates between the
 * profile's inner (25 mm) and outer (58 mm) figures, linearly or
 * quadratically in (r - 25) / 33; defects add to it inside their radius
 * band; each count is then a Poisson draw with that mean (inversion up to
 * a mean of 30, the normal approximation above).  Caps: C1 and C2 at 7,350
 * per second (98 frames per sector x 75 sectors: no more C1 blocks exist),
 * CU at 255 (the old Lite-On readout holds E32 in one byte; a disc past
 * that is unreadable anyway), and C2 at most C1 (an E22 frame failed C1
 * first).
 *
 * Unreadable sectors are errors too: each one adds 98 C1 (every frame of
 * the sector failed C1) and 1 CU to its second.
 *
 * C2 pointers.  Each E22 event of a second flags 2 bytes (the two symbols
 * C2 corrected), each E32 event 4, in one sector of that second chosen by
 * the hash.  In a sector the flagged byte positions are start + k * 97 mod
 * 2352 (97 is prime to 2352, so they never collide), start hashed from the
 * LBA.  A sector's C2 byte count is the number of bits set in its 294-byte
 * pointer field (at most 2352). */
#ifndef DB_VDRIVE_ERRMODEL_H
#define DB_VDRIVE_ERRMODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/error.h"
#include "errspec.h"
#include "geometry.h"

/* The model of one disc. */
typedef struct vd_errmodel {
    bool active;                /* false: an error-free disc */
    uint64_t seed;
    uint32_t sectors;
    vd_geom geom;
    vd_err_shape shape;
    double write_x;             /* burn speed modelled (0: pressed / not burned) */
    vd_err_rates rates;         /* at write_x */
    int defect_count;
    vd_err_defect defects[VD_ERR_MAX_DEFECTS];
    int unreadable_count;       /* sorted, merged, inside the disc */
    vd_err_range unreadable[2 * VD_ERR_MAX_RANGES];
    int slow_count;             /* sorted, disjoint, inside the disc */
    vd_err_range slow[VD_ERR_MAX_RANGES];
} vd_errmodel;

/* Build the model from a spec for a disc of `sectors` with geometry g.
 * write_x: the burn speed asked for (--disc NAME:write=X), NAN for the
 * profile's default.  name is used in messages.  DB_EXIT_INPUT errors. */
int vd_errmodel_init(vd_errmodel *m, const vd_err_spec *spec, double write_x, const vd_geom *g,
                     uint32_t sectors, const char *name, db_error *err);

typedef struct vd_err_counts {
    uint32_t c1, c2, cu;
} vd_err_counts;

/* Seconds of disc time (the last may be partial). */
uint32_t vd_err_seconds(const vd_errmodel *m);
/* Counts of second s: sectors [75 s, 75 s + 75) of the disc. */
void vd_err_second(const vd_errmodel *m, uint32_t s, vd_err_counts *out);
/* Counts of the sectors [a, b): each second's counts are shared over its
 * sectors by integer shares (sector i of n gets c*(i+1)/n - c*i/n), so a
 * whole second sums to its counts exactly.  For drives that count what
 * the host reads (Plextor). */
void vd_err_range_counts(const vd_errmodel *m, uint32_t a, uint32_t b, vd_err_counts *out);

/* C2 pointer bytes of each sector of second s (n = sectors in it, <= 75). */
void vd_err_second_c2(const vd_errmodel *m, uint32_t s, uint16_t bytes[75], uint32_t *n);
/* The 294-byte pointer field of a sector flagging `bytes` bytes; returns
 * the bits set (== bytes, at most 2352). */
uint32_t vd_err_c2_field(const vd_errmodel *m, uint32_t lba, uint32_t bytes, uint8_t out[294]);

/* First unreadable sector in [a, b), or b. */
uint32_t vd_err_first_unreadable(const vd_errmodel *m, uint32_t a, uint32_t b);
/* Unreadable sectors in [a, b). */
uint32_t vd_err_unreadable_in(const vd_errmodel *m, uint32_t a, uint32_t b);
/* Retries the slow sectors of [a, b) need, summed; *first_slow (optional)
 * = the first slow sector in the range, or b. */
uint64_t vd_err_slow_retries(const vd_errmodel *m, uint32_t a, uint32_t b, uint32_t *first_slow);

/* Per-drive cache of one second's C2 bytes: a READ CD of 75 sectors with
 * C2 asks for the same second 75 times. */
typedef struct vd_err_c2_cache {
    bool valid;
    uint32_t second, n;
    uint16_t bytes[75];
} vd_err_c2_cache;
uint32_t vd_err_c2_bytes_cached(const vd_errmodel *m, vd_err_c2_cache *c, uint32_t lba);

#endif
