/* dae_accuracy.c - the accuracy pass of the DAE test: read every zone
 * twice, the second time from the disc, compare, find jitter (see dae.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dae_int.h"

#define SAMPLE_BYTES 4          /* one stereo sample */
#define SECTOR_SAMPLES 588
#define PROBES 32
#define PROBE_SAMPLES 32        /* 128 bytes: an accidental match is implausible */
#define C2_BYTES 294
/* Assumed read cache when the drive does not report its buffer size. */
#define DEFAULT_CACHE_KIB 2048.0

uint64_t dae_popcount(const uint8_t *p, size_t n)
{
    uint64_t bits = 0;
    for (size_t i = 0; i < n; i++)
        bits += (uint64_t)__builtin_popcount(p[i]);
    return bits;
}

/* ---- compare ---- */

/* The offsets s in [-w, w] at which b's probe at sample k is found in a:
 * returns how many (0, 1, or 2 meaning "several"), the first in *s_out. */
static int probe_offsets(const uint8_t *a, const uint8_t *b, int64_t samples, int64_t k, int w,
                         int *s_out)
{
    int found = 0;
    const uint8_t *pb = b + k * SAMPLE_BYTES;
    for (int s = -w; s <= w; s++) {
        int64_t src = k + s;
        if (src < 0 || src + PROBE_SAMPLES > samples)
            continue;
        if (memcmp(pb, a + src * SAMPLE_BYTES, PROBE_SAMPLES * SAMPLE_BYTES) == 0) {
            if (found++ == 0)
                *s_out = s;
            else
                return 2;
        }
    }
    return found;
}

void dae_compare_reads(const uint8_t *a, const uint8_t *b, uint32_t n, int window, dae_compare *out)
{
    memset(out, 0, sizeof *out);
    size_t bytes = (size_t)n * CD_RAW_BYTES;
    int64_t samples = (int64_t)n * SECTOR_SAMPLES;
    if (n == 0 || memcmp(a, b, bytes) == 0) {
        out->aligned = true;
        out->compared_sectors = n;
        return;
    }
    /* probes spread over b; each votes for the one offset it is found at */
    int votes_s[PROBES], nvotes = 0;
    if (samples >= PROBE_SAMPLES)
        for (int j = 0; j < PROBES; j++) {
            int64_t k = (samples - PROBE_SAMPLES) * j / (PROBES - 1);
            int s;
            if (probe_offsets(a, b, samples, k, window, &s) == 1)
                votes_s[nvotes++] = s;
        }
    int best = 0, best_count = 0;
    for (int i = 0; i < nvotes; i++) {
        int c = 0;
        for (int k = 0; k < nvotes; k++)
            c += votes_s[k] == votes_s[i];
        if (c > best_count) {
            best_count = c;
            best = votes_s[i];
        }
    }
    /* a majority of the probes that voted, so stray matches never decide */
    out->aligned = best_count > 0 && 2 * best_count > nvotes;
    out->offset = out->aligned ? best : 0;
    if (nvotes == 0) {
        /* nothing distinctive to align on (silence, a pure tone): take the
         * reads as they are if most of their sectors agree */
        uint32_t same = 0;
        for (uint32_t i = 0; i < n; i++)
            same += memcmp(a + (size_t)i * CD_RAW_BYTES, b + (size_t)i * CD_RAW_BYTES, CD_RAW_BYTES) == 0;
        out->aligned = 2 * same > n;
    }
    for (uint32_t i = 0; i < n; i++) {
        int64_t src = (int64_t)i * SECTOR_SAMPLES + out->offset;
        if (src < 0 || src + SECTOR_SAMPLES > samples)
            continue; /* its audio is not in the first read: cannot compare */
        out->compared_sectors++;
        if (memcmp(b + (size_t)i * CD_RAW_BYTES, a + src * SAMPLE_BYTES, CD_RAW_BYTES))
            out->mismatched_sectors++;
    }
}

/* ---- the pass ---- */

typedef struct acc_ctx {
    const db_bench_ctx *ctx;
    dae_result *res;
    db_reader plain;           /* audio only: fallback and cache defeat */
    db_reader c2;              /* audio + 294 bytes of C2 pointers */
    bool use_c2;
    uint8_t *a, *b;            /* the two reads of a window, audio only */
} acc_ctx;

/* Read n sectors at lba into dst (audio bytes only), counting C2 bits.
 * 0 ok, 1 interrupted, -1 drive failure (abort_reason set). */
static int read_window(acc_ctx *c, uint32_t lba, uint32_t n, uint8_t *dst, uint64_t *c2_bits,
                       uint64_t *c2_sectors, uint64_t *errors)
{
    dae_accuracy_result *acc = &c->res->acc;
    uint32_t done = 0;
    while (done < n) {
        if (db_bench_stopped(c->ctx))
            return 1;
        db_reader *rd = c->use_c2 ? &c->c2 : &c->plain;
        uint32_t k = n - done < (uint32_t)rd->block_sectors ? n - done : (uint32_t)rd->block_sectors;
        if (db_reader_read(rd, lba + done, k)) {
            const db_cmd_result *r = &rd->last_result;
            if (c->use_c2 && r->status == DB_CMD_CHECK && r->sense.key == 0x05) {
                /* ILLEGAL REQUEST: the drive does not return C2 pointers */
                char why[160];
                db_result_describe(r, why, sizeof why);
                snprintf(acc->c2_note, sizeof acc->c2_note,
                         "the drive refused READ CD with C2 pointers (%s): C2 not counted", why);
                c->use_c2 = false;
                acc->c2_used = false;
                continue;
            }
            snprintf(acc->abort_reason, sizeof acc->abort_reason, "%s", rd->fail_reason);
            return -1;
        }
        *errors += rd->last_errors;
        if (c->use_c2) {
            size_t per = rd->method.sector_bytes;
            for (uint32_t i = 0; i < k; i++) {
                const uint8_t *blk = rd->buf + (size_t)i * per;
                memcpy(dst + (size_t)(done + i) * CD_RAW_BYTES, blk, CD_RAW_BYTES);
                uint64_t bits = dae_popcount(blk + CD_RAW_BYTES, C2_BYTES);
                *c2_bits += bits;
                *c2_sectors += bits > 0;
            }
        } else {
            memcpy(dst + (size_t)done * CD_RAW_BYTES, rd->buf, (size_t)k * CD_RAW_BYTES);
        }
        done += k;
    }
    return 0;
}

/* Read n sectors at lba and throw them away: fills the drive's cache with
 * something else. */
static int defeat_cache(acc_ctx *c, uint32_t lba, uint32_t n)
{
    db_reader *rd = &c->plain;
    for (uint32_t done = 0; done < n;) {
        if (db_bench_stopped(c->ctx))
            return 1;
        uint32_t k = n - done < (uint32_t)rd->block_sectors ? n - done : (uint32_t)rd->block_sectors;
        if (db_reader_read(rd, lba + done, k)) {
            snprintf(c->res->acc.abort_reason, sizeof c->res->acc.abort_reason, "%s (cache defeat read)",
                     rd->fail_reason);
            return -1;
        }
        done += k;
    }
    return 0;
}

/* Where to defeat the cache for a window: as far from it as the audio goes. */
static uint32_t far_lba(const dae_result *res, uint32_t ws, uint32_t we, uint32_t n)
{
    uint32_t a0 = res->lba_start, a1 = res->lba_end;
    if (a1 - a0 <= n)
        return a0;
    uint32_t mid = ws / 2 + we / 2, amid = a0 / 2 + a1 / 2;
    return mid < amid ? a1 - n : a0;
}

static void note_offset(dae_accuracy_result *acc, int off)
{
    /* called after windows_with_jitter counted this window */
    if (acc->windows_with_jitter == 1) {
        acc->min_offset = acc->max_offset = off;
    } else {
        acc->min_offset = off < acc->min_offset ? off : acc->min_offset;
        acc->max_offset = off > acc->max_offset ? off : acc->max_offset;
    }
    for (int i = 0; i < acc->n_offsets; i++)
        if (acc->offsets[i] == off)
            return;
    if (acc->n_offsets < (int)(sizeof acc->offsets / sizeof acc->offsets[0]))
        acc->offsets[acc->n_offsets++] = off;
}

int dae_accuracy_run(const db_bench_ctx *ctx, const dae_opts *opts, const db_seq_plan *plan,
                     dae_result *res, dae_out *out, db_error *err)
{
    dae_accuracy_result *acc = &res->acc;
    acc->run = true;
    acc->lba_done = plan->lba_start;
    acc_ctx c = { .ctx = ctx, .res = res };
    int block = opts->block_sectors;
    /* the same transfer size with C2: fewer sectors per command */
    int block_c2 = block * CD_RAW_BYTES / (CD_RAW_BYTES + C2_BYTES);
    if (block_c2 < 1)
        block_c2 = 1;
    db_read_method plain = db_read_method_cdda(MMC_READCD_USER);
    db_read_method withc2 = db_read_method_cdda(MMC_READCD_USER | MMC_READCD_C2);
    uint32_t zone_max = 0;
    for (int z = 0; z < plan->zones; z++) {
        uint32_t len = db_seq_zone_start(plan, z + 1) - db_seq_zone_start(plan, z);
        zone_max = len > zone_max ? len : zone_max;
    }
    uint32_t wmax = zone_max < DAE_ACC_WINDOW ? zone_max : DAE_ACC_WINDOW;
    c.a = malloc((size_t)wmax * CD_RAW_BYTES);
    c.b = malloc((size_t)wmax * CD_RAW_BYTES);
    if (!c.a || !c.b || db_reader_init_method(&c.plain, ctx->drive, &plain, block) ||
        db_reader_init_method(&c.c2, ctx->drive, &withc2, block_c2)) {
        free(c.a);
        free(c.b);
        db_reader_free(&c.plain);
        db_reader_free(&c.c2);
        return db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
    }
    c.plain.log = c.c2.log = ctx->faults;
    if (res->have_caps && !res->caps.c2_pointers) {
        snprintf(acc->c2_note, sizeof acc->c2_note,
                 "the drive reports no C2 pointer support (MODE SENSE page 2A): C2 not counted");
    } else {
        c.use_c2 = true;
        acc->c2_used = true;
    }
    double cache_kib = res->have_caps && res->caps.buffer_kib > 0 ? res->caps.buffer_kib : DEFAULT_CACHE_KIB;
    acc->defeat_sectors = (uint32_t)ceil(cache_kib * 1024.0 / CD_RAW_BYTES) + CD_SECTORS_PER_S;
    uint32_t audio = res->lba_end - res->lba_start;
    if (acc->defeat_sectors > audio)
        acc->defeat_sectors = audio;

    /* first: would a plain re-read come from the cache? */
    int rc = dae_cache_probe_run(ctx, &c.plain, res->lba_start, res->lba_end, &acc->cache, acc->abort_reason,
                                 sizeof acc->abort_reason);
    for (int z = 0; z < plan->zones && rc == 0; z++) {
        uint32_t zs = db_seq_zone_start(plan, z), ze = db_seq_zone_start(plan, z + 1);
        dae_acc_row row = { .zone = z, .lba_start = zs, .lba_end = ze };
        bool jitter = false;
        for (uint32_t ws = zs; ws < ze && rc == 0; ws += wmax) {
            uint32_t wn = ze - ws < wmax ? ze - ws : wmax;
            rc = read_window(&c, ws, wn, c.a, &row.c2_bits, &row.c2_sectors, &row.read_errors);
            if (!rc)
                rc = defeat_cache(&c, far_lba(res, ws, ws + wn, acc->defeat_sectors), acc->defeat_sectors);
            if (!rc)
                rc = read_window(&c, ws, wn, c.b, &row.c2_bits, &row.c2_sectors, &row.read_errors);
            if (rc)
                break;
            dae_compare cmp;
            dae_compare_reads(c.a, c.b, wn, opts->jitter_window, &cmp);
            acc->windows++;
            row.compared += cmp.compared_sectors;
            row.mismatched += cmp.mismatched_sectors;
            if (!cmp.aligned) {
                row.unaligned_windows++;
                acc->windows_unaligned++;
                continue;
            }
            if (!row.have_offset || abs(cmp.offset) > abs(row.offset))
                row.offset = cmp.offset;
            row.have_offset = true;
            if (cmp.offset != 0) {
                jitter = true;
                acc->windows_with_jitter++;
                note_offset(acc, cmp.offset);
            }
        }
        if (rc)
            break;
        acc->compared_sectors += row.compared;
        acc->mismatched_sectors += row.mismatched;
        acc->c2_bits += row.c2_bits;
        acc->c2_sectors += row.c2_sectors;
        acc->read_errors += row.read_errors;
        acc->zones_with_jitter += jitter;
        acc->zones_done = z + 1;
        acc->lba_done = ze;
        if (dae_out_acc_row(out, &row, err)) {
            rc = -2;
            break;
        }
        if (ctx->progress) {
            char status[96];
            snprintf(status, sizeof status, "accuracy zone %d/%d  %llu mismatched", z + 1, plan->zones,
                     (unsigned long long)acc->mismatched_sectors);
            double f = (double)(z + 1) / plan->zones;
            ctx->progress(ctx->progress_arg, plan->progress_from + f * (plan->progress_to - plan->progress_from),
                          status);
        }
    }
    if (rc == 1)
        acc->interrupted = true;
    else if (rc == -1)
        acc->aborted = true;
    free(c.a);
    free(c.b);
    db_reader_free(&c.plain);
    db_reader_free(&c.c2);
    return rc == -2 ? -1 : 0;
}
