/* dae_tracks.c - the audio tracks a DAE run reads: a CRC-32 of each (of
 * the plain rip and of the paranoia rip), and optionally a WAV file each
 * (of paranoia's rip when there is one: that is the verified copy).
 * The CRC is the CRC-32 of zlib, PNG and Ethernet (util/crc32.h), so any
 * common tool can check it (e.g. Python's zlib.crc32 over a WAV's data). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/crc32.h"
#include "../util/safefile.h"
#include "dae_int.h"

#define WAV_HEADER_BYTES 44

void dae_tracks_list(dae_result *res)
{
    const mmc_toc *toc = &res->id.toc;
    res->ntracks = 0;
    for (int i = 0; i < toc->count && res->ntracks < DAE_MAX_TRACKS; i++) {
        uint32_t a = toc->tracks[i].lba;
        uint32_t b = i + 1 < toc->count ? toc->tracks[i + 1].lba : toc->leadout_lba;
        if (db_mmc_track_is_data(&toc->tracks[i]) || a < res->lba_start || b > res->lba_end || b <= a)
            continue;
        dae_track *t = &res->tracks[res->ntracks++];
        memset(t, 0, sizeof *t);
        t->number = toc->tracks[i].number;
        t->lba_start = a;
        t->lba_end = b;
    }
}

int dae_track_index(const dae_result *res, uint32_t lba)
{
    for (int i = 0; i < res->ntracks; i++)
        if (lba >= res->tracks[i].lba_start && lba < res->tracks[i].lba_end)
            return i;
    return -1;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* RIFF/WAVE header of 16-bit stereo PCM at 44.1 kHz holding data_bytes:
 * the layout of CD audio (Microsoft RIFF "fmt " chunk, PCM format 1). */
static void wav_header(uint8_t h[WAV_HEADER_BYTES], uint64_t data_bytes)
{
    uint32_t n = data_bytes > 0xFFFFFFFFu - 36 ? 0xFFFFFFFFu - 36 : (uint32_t)data_bytes;
    memcpy(h, "RIFF", 4);
    put_le32(h + 4, 36 + n);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le32(h + 16, 16);         /* fmt chunk size */
    put_le16(h + 20, 1);          /* PCM */
    put_le16(h + 22, 2);          /* channels */
    put_le32(h + 24, 44100);      /* samples per second */
    put_le32(h + 28, 44100 * 4);  /* bytes per second */
    put_le16(h + 32, 4);          /* block align */
    put_le16(h + 34, 16);         /* bits per sample */
    memcpy(h + 36, "data", 4);
    put_le32(h + 40, n);
}

void dae_tracks_init(dae_tracks *t, dae_result *res, const char *wav_dir, bool wav_paranoia)
{
    memset(t, 0, sizeof *t);
    t->res = res;
    t->wav_dir = wav_dir;
    t->wav_paranoia = wav_paranoia;
    t->wav_track = -1;
}

static int wav_close(dae_tracks *t, db_error *err)
{
    if (!t->wav)
        return 0;
    /* the header holds what was written, also when the run stopped early */
    uint8_t h[WAV_HEADER_BYTES];
    wav_header(h, t->wav_bytes);
    int bad = fseek(t->wav, 0, SEEK_SET) || fwrite(h, sizeof h, 1, t->wav) != 1;
    bad |= fclose(t->wav) != 0;
    t->wav = NULL;
    const dae_track *tr = &t->res->tracks[t->wav_track];
    t->wav_track = -1;
    if (bad)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write %s/%s: %s", t->wav_dir, tr->wav, strerror(errno));
    return 0;
}

static int wav_open(dae_tracks *t, int idx, db_error *err)
{
    dae_track *tr = &t->res->tracks[idx];
    snprintf(tr->wav, sizeof tr->wav, "track%02d.wav", tr->number);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", t->wav_dir, tr->wav);
    t->wav = db_fopen_write(path); /* never through a symbolic link */
    if (!t->wav)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot create %s: %s", path, db_write_strerror(errno));
    t->wav_track = idx;
    t->wav_bytes = 0;
    uint8_t h[WAV_HEADER_BYTES];
    wav_header(h, (uint64_t)(tr->lba_end - tr->lba_start) * CD_RAW_BYTES);
    if (fwrite(h, sizeof h, 1, t->wav) != 1)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write %s: %s", path, strerror(errno));
    return 0;
}

/* n sectors at lba of one rip (paranoia's or the rate pass's): into the
 * checksums of their tracks, and into the WAV files if they hold it. */
static int feed(dae_tracks *t, bool paranoia, uint32_t lba, uint32_t n, const uint8_t *data, const uint8_t *bad,
                db_error *err)
{
    bool to_wav = t->wav_dir && paranoia == t->wav_paranoia;
    /* a block may end one track and begin the next: split it there */
    uint32_t i = 0;
    while (i < n) {
        int idx = dae_track_index(t->res, lba + i);
        if (idx < 0) {
            i++;
            continue;
        }
        dae_track *tr = &t->res->tracks[idx];
        dae_rip *rip = paranoia ? &tr->paranoia : &tr->plain;
        uint32_t run = tr->lba_end - (lba + i);
        if (run > n - i)
            run = n - i;
        const uint8_t *p = data + (size_t)i * CD_RAW_BYTES;
        size_t len = (size_t)run * CD_RAW_BYTES;
        /* reads run in order, so a track starts with its first sector */
        if (lba + i == tr->lba_start) {
            memset(rip, 0, sizeof *rip);
            if (!paranoia)
                tr->read_errors = 0;
        }
        rip->crc32 = db_crc32(rip->crc32, p, len);
        rip->bytes += len;
        for (uint32_t k = 0; bad && k < run; k++)
            tr->read_errors += bad[i + k] != 0;
        rip->complete = rip->bytes == (uint64_t)(tr->lba_end - tr->lba_start) * CD_RAW_BYTES;
        if (to_wav) {
            if (t->wav_track != idx) {
                if (wav_close(t, err) || wav_open(t, idx, err))
                    return -1;
            }
            if (fwrite(p, 1, len, t->wav) != len)
                return db_error_set(err, DB_EXIT_OUTPUT, "cannot write %s/%s: %s", t->wav_dir, tr->wav,
                                    strerror(errno));
            t->wav_bytes += len;
            if (rip->complete && wav_close(t, err))
                return -1;
        }
        i += run;
    }
    return 0;
}

int dae_tracks_feed(dae_tracks *t, uint32_t lba, uint32_t n, const uint8_t *data, const uint8_t *bad,
                    db_error *err)
{
    return feed(t, false, lba, n, data, bad, err);
}

int dae_tracks_feed_paranoia(dae_tracks *t, uint32_t lba, const uint8_t *sector, db_error *err)
{
    return feed(t, true, lba, 1, sector, NULL, err);
}

int dae_tracks_finish(dae_tracks *t, db_error *err)
{
    return wav_close(t, err);
}
