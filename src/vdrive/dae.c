/* dae.c - jitter and unstable sectors of CD-DA reads (see dae.h). */
#include "dae.h"

#include <stdlib.h>
#include <string.h>

#include "../drive/mmc.h"
#include "../util/splitmix.h"
#include "vdrive_int.h"

#define FRAME_BYTES 4            /* one stereo sample: 2 x 16 bits */
#define CHUNK_SECTORS 32         /* slow path works in pieces of this many blocks */
#define BURST_MIN_BYTES 32
#define BURST_MAX_BYTES 256

/* Independent draws from the seed: each use gets its own stream constant,
 * mixed with its inputs, so no two uses correlate. */
static uint64_t draw(uint64_t seed, uint64_t what, uint64_t a, uint64_t b)
{
    db_rng r;
    db_rng_seed(&r, seed ^ what * 0xD1B54A32D192ED03ull ^ a * 0x9E3779B97F4A7C15ull ^
                        b * 0xC2B2AE3D27D4EB4Full);
    db_rng_next(&r);
    return db_rng_next(&r);
}

enum { DRAW_SHIFT = 1, DRAW_UNSTABLE = 2, DRAW_BURST = 3 };

int vd_dae_shift_samples(const vdrive *vd)
{
    const vd_drive_profile *p = &vd->prof;
    if (p->dae_accurate_stream || p->dae_jitter_samples <= 0)
        return 0;
    uint64_t v = draw(vd->seed, DRAW_SHIFT, vd->head.first_lba, vd->head.stream_id);
    /* never exactly on target: a drive without accurate stream always
     * misses by at least one sample */
    int mag = 1 + (int)(v % (uint64_t)p->dae_jitter_samples);
    return (v >> 63) ? -mag : mag;
}

bool vd_dae_unstable(const vdrive *vd, uint32_t lba)
{
    double ppm = vd->prof.dae_unstable_sectors_ppm;
    if (ppm <= 0 || lba >= vd->disc.sectors || vd_disc_track_at(&vd->disc, lba)->kind != VD_SECTOR_AUDIO)
        return false;
    uint64_t v = draw(vd->seed, DRAW_UNSTABLE, lba, 0);
    return (double)(v >> 11) * (1.0 / 9007199254740992.0) < ppm / 1e6;
}

void vd_dae_burst(const vdrive *vd, uint32_t lba, uint32_t *off, uint32_t *len)
{
    uint64_t v = draw(vd->seed, DRAW_BURST, lba, 0);
    uint32_t n = BURST_MIN_BYTES + (uint32_t)(v % (BURST_MAX_BYTES - BURST_MIN_BYTES + 1));
    *len = n;
    *off = (uint32_t)((v >> 32) % (CD_RAW_BYTES - n + 1));
}

/* True when a block of this layout is the 2352 audio bytes and nothing else. */
static bool plain_layout(const vd_block_layout *lay)
{
    return lay->main_len == CD_RAW_BYTES && lay->c2_len == 0 && lay->sub_len == 0;
}

static bool any_unstable(const vdrive *vd, uint32_t lba, uint32_t n)
{
    if (vd->prof.dae_unstable_sectors_ppm <= 0)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (vd_dae_unstable(vd, lba + i))
            return true;
    return false;
}

/* Physical sectors [p0, p0 + n) as the current stream read them from the
 * disc: silence outside the audio tracks, bursts of unstable sectors
 * altered (differently for every stream) and flagged in c2 (one byte per
 * data byte, 1 = pointer set). */
static int read_physical(vdrive *vd, int64_t p0, uint32_t n, uint8_t *raw, uint8_t *c2)
{
    memset(c2, 0, (size_t)n * CD_RAW_BYTES);
    for (uint32_t i = 0; i < n;) {
        int64_t p = p0 + i;
        uint8_t *out = raw + (size_t)i * CD_RAW_BYTES;
        if (p < 0 || p >= vd->disc.sectors ||
            vd_disc_track_at(&vd->disc, (uint32_t)p)->kind != VD_SECTOR_AUDIO) {
            memset(out, 0, CD_RAW_BYTES);
            i++;
            continue;
        }
        /* a run of audio sectors in one call */
        const vd_track *t = vd_disc_track_at(&vd->disc, (uint32_t)p);
        uint32_t end = vd_disc_track_end(&vd->disc, t);
        uint32_t run = n - i;
        if ((uint64_t)p + run > end)
            run = end - (uint32_t)p;
        if (vd_disc_read_audio(&vd->disc, (uint32_t)p, run, out))
            return -1;
        for (uint32_t k = 0; k < run; k++) {
            uint32_t lba = (uint32_t)p + k;
            if (!vd_dae_unstable(vd, lba))
                continue;
            uint32_t off, len;
            vd_dae_burst(vd, lba, &off, &len);
            uint8_t *s = out + (size_t)k * CD_RAW_BYTES + off;
            uint8_t *f = c2 + (size_t)(i + k) * CD_RAW_BYTES + off;
            /* never zero, and different for consecutive stream numbers, so
             * two reads from the disc never agree on a burst */
            for (uint32_t j = 0; j < len; j++) {
                s[j] ^= (uint8_t)(1 + (vd->head.stream_id + j) % 255);
                f[j] = 1;
            }
        }
        i += run;
    }
    return 0;
}

/* C2 pointers of one block: a bit per byte, most significant bit first
 * (MMC READ CD, C2 error code 01); code 10 adds the block error byte (the
 * OR of the pointer bytes) and a pad byte. */
static void put_c2(const vd_block_layout *lay, const uint8_t *flags, uint8_t *out)
{
    if (!lay->c2_len)
        return;
    uint8_t any = 0;
    for (size_t b = 0; b < 294; b++) {
        uint8_t v = 0;
        for (int k = 0; k < 8; k++)
            if (flags[b * 8 + (size_t)k])
                v |= (uint8_t)(0x80 >> k);
        out[b] = v;
        any |= v;
    }
    if (lay->c2_len == 296) {
        out[294] = any;
        out[295] = 0;
    }
}

int vd_dae_read_blocks(vdrive *vd, const vd_block_layout *lay, uint8_t subch10, uint32_t lba,
                       uint32_t count, uint8_t *buf, size_t data_len)
{
    if (!lay->total || !data_len)
        return 0;
    uint64_t want = (data_len + lay->total - 1) / lay->total; /* blocks the host keeps */
    uint32_t n = want < count ? (uint32_t)want : count;
    int shift = vd_dae_shift_samples(vd);

    /* The common case costs nothing more than the disc read itself. */
    if (shift == 0 && plain_layout(lay) && !any_unstable(vd, lba, n)) {
        uint32_t full = (uint32_t)(data_len / CD_RAW_BYTES);
        if (full > n)
            full = n;
        if (full && vd_disc_read_audio(&vd->disc, lba, full, buf))
            return -1;
        size_t rest = data_len - (size_t)full * CD_RAW_BYTES;
        if (full < n && rest) {
            uint8_t tmp[CD_RAW_BYTES];
            if (vd_disc_read_audio(&vd->disc, lba + full, 1, tmp))
                return -1;
            memcpy(buf + (size_t)full * CD_RAW_BYTES, tmp, rest < CD_RAW_BYTES ? rest : CD_RAW_BYTES);
        }
        return 0;
    }

    size_t span = (size_t)(CHUNK_SECTORS + 1) * CD_RAW_BYTES;
    uint8_t *raw = malloc(span), *c2 = malloc(span);
    uint8_t *block = malloc(lay->total);
    if (!raw || !c2 || !block) {
        free(raw);
        free(c2);
        free(block);
        return -1;
    }
    int rc = 0;
    size_t done = 0;
    int64_t byte_shift = (int64_t)shift * FRAME_BYTES;
    for (uint32_t i = 0; i < n && rc == 0; i += CHUNK_SECTORS) {
        uint32_t m = n - i < CHUNK_SECTORS ? n - i : CHUNK_SECTORS;
        /* the stream's bytes for blocks [lba+i, lba+i+m) start byte_shift
         * away from the sector boundary: m+1 physical sectors cover them */
        int64_t first_byte = (int64_t)(lba + i) * CD_RAW_BYTES + byte_shift;
        int64_t p0 = first_byte >= 0 ? first_byte / CD_RAW_BYTES : -((-first_byte + CD_RAW_BYTES - 1) / CD_RAW_BYTES);
        size_t skip = (size_t)(first_byte - p0 * CD_RAW_BYTES);
        uint32_t phys = m + (skip ? 1u : 0u);
        if (read_physical(vd, p0, phys, raw, c2)) {
            rc = -1;
            break;
        }
        for (uint32_t k = 0; k < m && done < data_len; k++) {
            uint32_t s = lba + i + k;
            const uint8_t *src = raw + skip + (size_t)k * CD_RAW_BYTES;
            vd_block_build(lay, vd_disc_track_at(&vd->disc, s), s, src, subch10, block);
            put_c2(lay, c2 + skip + (size_t)k * CD_RAW_BYTES, block + lay->main_len);
            size_t take = lay->total < data_len - done ? lay->total : data_len - done;
            memcpy(buf + done, block, take);
            done += take;
        }
    }
    free(raw);
    free(c2);
    free(block);
    return rc;
}
