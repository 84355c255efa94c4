/* cmd.c - CDB dispatch and sense: the virtual drive's command set.
 *
 * Every length in a CDB is checked against the buffer given: the data
 * returned is min(allocation length, buffer length, response length), as
 * a drive whose host asked for less simply stops sending.  Errors answer
 * with CHECK CONDITION and fixed-format sense, like an MMC drive. */
#include "cmd.h"

#include <math.h>
#include <string.h>

#include "../drive/mmc.h"
#include "../drive/mmcinfo.h"
#include "ident.h"
#include "dae.h"
#include "readerr.h"
#include "sector.h"
#include "vendor.h"

/* ---- small helpers ---- */

static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be24(const uint8_t *p) { return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]; }
static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void put_be16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

void vd_sense_fixed(const vd_sense *s, uint8_t out[18])
{
    memset(out, 0, 18);
    out[0] = (uint8_t)(0x70 | (s->info_valid ? 0x80 : 0));
    out[2] = s->key & 0x0F;
    if (s->info_valid)
        put_be32(out + 3, s->info);
    out[7] = 10; /* additional sense length: bytes 8..17 */
    out[12] = s->asc;
    out[13] = s->ascq;
}

static int fail(vdrive *vd, uint64_t now, vd_reply *r, uint8_t key, uint8_t asc, uint8_t ascq)
{
    r->check = true;
    r->sense = (vd_sense){ .key = key, .asc = asc, .ascq = ascq };
    r->data_len = 0;
    r->done_ns = vd_time_other(vd, now, 0);
    return 0;
}

static int fail_at(vdrive *vd, uint64_t now, vd_reply *r, uint8_t key, uint8_t asc, uint8_t ascq, uint32_t lba)
{
    fail(vd, now, r, key, asc, ascq);
    r->sense.info_valid = true;
    r->sense.info = lba;
    return 0;
}

#define INVALID_FIELD 0x05, 0x24, 0x00

/* Return a response built in memory. */
static int reply_data(vdrive *vd, uint64_t now, vd_reply *r, uint8_t *buf, size_t buf_len,
                       const uint8_t *resp, size_t resp_len, size_t alloc)
{
    size_t n = min_size(min_size(resp_len, alloc), buf_len);
    if (n)
        memcpy(buf, resp, n);
    r->data_len = n;
    r->done_ns = vd_time_other(vd, now, n);
    return 0;
}

static uint16_t kbs_of_x(double x)
{
    double kbs = ceil(x * MMC_KBS_PER_X - 1e-9);
    return kbs > 0xFFFE ? 0xFFFE : (uint16_t)kbs;
}

/* Range check common to every command taking an LBA and a length. */
static bool in_range(vdrive *vd, uint64_t now, vd_reply *r, uint64_t lba, uint64_t count)
{
    if (lba + count <= vd->disc.sectors)
        return true;
    uint64_t bad = lba > vd->disc.sectors ? lba : vd->disc.sectors;
    fail_at(vd, now, r, 0x05, 0x21, 0x00, (uint32_t)(bad > UINT32_MAX ? UINT32_MAX : bad));
    return false;
}

/* First LBA in [lba, end) whose kind is not in the mask; end if none. */
static uint32_t first_kind_mismatch(const vd_disc *d, uint32_t lba, uint32_t end, unsigned mask)
{
    const vd_track *t = vd_disc_track_at(d, lba);
    const vd_track *last = d->tracks + d->track_count;
    for (; t < last && t->start_lba < end; t++)
        if (!(mask & (1u << t->kind)))
            return t->start_lba > lba ? t->start_lba : lba;
    return end;
}

/* ---- commands without data ---- */

static int cmd_test_unit_ready(vdrive *vd, uint64_t now, vd_reply *r)
{
    if (!vd->has_disc)
        return fail(vd, now, r, 0x02, 0x3A, 0x00);
    r->done_ns = vd_time_other(vd, now, 0);
    return 0;
}

static int cmd_request_sense(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len, vd_reply *r)
{
    uint8_t resp[18];
    vd_sense_fixed(&vd->last_sense, resp);
    return reply_data(vd, now, r, buf, buf_len, resp, sizeof resp, cdb[4]);
}

static int cmd_inquiry(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len, vd_reply *r)
{
    if ((cdb[1] & 0x01) || cdb[2]) /* no vital product data pages */
        return fail(vd, now, r, INVALID_FIELD);
    uint8_t resp[36];
    memset(resp, 0, sizeof resp);
    resp[0] = 0x05;           /* peripheral type: CD/DVD device */
    resp[1] = 0x80;           /* removable medium */
    resp[2] = 0x05;           /* version: SPC-3 */
    resp[3] = 0x02;           /* response data format 2 */
    resp[4] = sizeof resp - 5;/* additional length */
    memset(resp + 8, ' ', 28);
    memcpy(resp + 8, vd->prof.vendor, strlen(vd->prof.vendor));
    memcpy(resp + 16, vd->prof.model, strlen(vd->prof.model));
    memcpy(resp + 32, vd->prof.firmware, strlen(vd->prof.firmware));
    return reply_data(vd, now, r, buf, buf_len, resp, sizeof resp, be16(cdb + 3));
}

static int cmd_read_capacity(vdrive *vd, uint64_t now, uint8_t *buf, size_t buf_len, vd_reply *r)
{
    uint8_t resp[8];
    put_be32(resp, vd->disc.sectors - 1);
    put_be32(resp + 4, CD_DATA_BYTES);
    return reply_data(vd, now, r, buf, buf_len, resp, sizeof resp, sizeof resp);
}

/* ---- READ TOC/PMA/ATIP ---- */

static void toc_address(uint8_t *p, uint32_t lba, bool msf)
{
    if (!msf) {
        put_be32(p, lba);
        return;
    }
    p[0] = 0;
    vd_lba_to_msf(lba, &p[1], &p[2], &p[3]);
}

static void toc_descriptor(uint8_t *p, uint8_t control, uint8_t track, uint32_t lba, bool msf)
{
    p[0] = 0;
    p[1] = (uint8_t)(0x10 | control); /* ADR 1: Q encodes the position */
    p[2] = track;
    p[3] = 0;
    toc_address(p + 4, lba, msf);
}

static uint8_t track_control(const vd_track *t)
{
    return t->kind == VD_SECTOR_AUDIO ? 0x0 : 0x4;
}

static int cmd_read_toc(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len, vd_reply *r)
{
    const vd_disc *d = &vd->disc;
    bool msf = cdb[1] & 0x02;
    uint8_t format = cdb[2] & 0x0F;
    if (!format)
        format = cdb[9] >> 6; /* the older (SFF-8020) place of the format */
    uint8_t start = cdb[6];
    size_t alloc = be16(cdb + 7);
    uint8_t first = d->tracks[0].number, last = d->tracks[d->track_count - 1].number;
    uint8_t resp[4 + 8 * 100];
    size_t n = 4;

    switch (format) {
    case 0: /* TOC: tracks from `start` on, then the lead-out */
        if (start > last && start != 0xAA)
            return fail(vd, now, r, INVALID_FIELD);
        for (int i = 0; i < d->track_count; i++) {
            const vd_track *t = &d->tracks[i];
            if (start != 0xAA && t->number >= start) {
                toc_descriptor(resp + n, track_control(t), t->number, t->start_lba, msf);
                n += 8;
            }
        }
        toc_descriptor(resp + n, track_control(&d->tracks[d->track_count - 1]), 0xAA, d->sectors, msf);
        n += 8;
        resp[2] = first;
        resp[3] = last;
        break;
    case 1: /* session info: one session, starting with the first track */
        toc_descriptor(resp + n, track_control(&d->tracks[0]), first, d->tracks[0].start_lba, msf);
        n += 8;
        resp[2] = resp[3] = 1;
        break;
    case 2: { /* full TOC (ident.c); its own buffer: 11-byte points */
        uint8_t full[VD_IDENT_MAX];
        size_t fn = vd_ident_fulltoc(d, full);
        return reply_data(vd, now, r, buf, buf_len, full, fn, alloc);
    }
    case 4: /* ATIP (ident.c): recordables, in a drive that records */
        if (!d->has_atip || vd->prof.writes == VD_WRITES_NONE)
            return fail(vd, now, r, INVALID_FIELD);
        n = vd_ident_atip(d, resp);
        break;
    default:
        return fail(vd, now, r, INVALID_FIELD);
    }
    put_be16(resp, (uint32_t)(n - 2));
    return reply_data(vd, now, r, buf, buf_len, resp, n, alloc);
}

/* ---- MODE SENSE(10): the CD capabilities page ---- */

#define CAPS_PAGE_LEN 30 /* MMC-3 page 2A with no write speed descriptors */

static void caps_page(const vdrive *vd, uint8_t p[CAPS_PAGE_LEN], bool changeable)
{
    memset(p, 0, CAPS_PAGE_LEN);
    p[0] = 0x2A;
    p[1] = CAPS_PAGE_LEN - 2;
    if (changeable) /* nothing on this page can be changed */
        return;
    p[2] = 0x03;  /* reads CD-R, CD-RW */
    /* what the modelled drive can record ([drive] writes); discbench
     * itself never writes */
    p[3] = (uint8_t)((vd->prof.writes >= VD_WRITES_CDR ? 0x01 : 0) |
                     (vd->prof.writes >= VD_WRITES_CDRW ? 0x02 : 0));
    p[4] = 0x71;  /* audio play, Mode 2 Form 1 and 2, multi-session */
    /* CD-DA commands, R-W sub-channel (raw and de-interleaved); accurate
     * stream from [dae] accurate_stream, C2 pointers from [drive] c2 (a
     * "broken" drive claims them too) */
    p[5] = 0x01 | 0x04 | 0x08 | (vd->prof.dae_accurate_stream ? 0x02 : 0) |
           (vd->prof.c2 != VD_C2_NONE ? 0x10 : 0);
    p[6] = 0x29;  /* tray loader, eject supported, lock supported */
    put_be16(p + 8, kbs_of_x(vd->prof.data.max_speed_x));
    put_be16(p + 10, 256); /* volume levels */
    put_be16(p + 12, vd->prof.cache_kib > 0xFFFF ? 0xFFFF : (uint32_t)vd->prof.cache_kib);
    put_be16(p + 14, kbs_of_x(fmin(vd->prof.data.max_speed_x, vd->caps.data_x)));
}

static int cmd_mode_sense10(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len, vd_reply *r)
{
    uint8_t pc = cdb[2] >> 6, page = cdb[2] & 0x3F, subpage = cdb[3];
    if (pc == 3)
        return fail(vd, now, r, 0x05, 0x39, 0x00); /* saving parameters not supported */
    if ((page != 0x2A && page != 0x3F) || subpage)
        return fail(vd, now, r, INVALID_FIELD);
    uint8_t resp[8 + CAPS_PAGE_LEN];
    memset(resp, 0, 8); /* medium type 0, no block descriptors */
    caps_page(vd, resp + 8, pc == 1);
    put_be16(resp, sizeof resp - 2);
    return reply_data(vd, now, r, buf, buf_len, resp, sizeof resp, be16(cdb + 7));
}

/* ---- GET CONFIGURATION (ident.c) ---- */

static int cmd_get_configuration(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf,
                                 size_t buf_len, vd_reply *r)
{
    uint8_t resp[VD_IDENT_MAX];
    size_t n = vd_ident_config(vd, cdb[1] & 0x03, (uint16_t)be16(cdb + 2), resp);
    if (n == 0)
        return fail(vd, now, r, INVALID_FIELD); /* RT 11b is reserved */
    return reply_data(vd, now, r, buf, buf_len, resp, n, be16(cdb + 7));
}

/* ---- reads ---- */

/* Read count sectors of 2048 (data) or 2352 (audio) bytes straight into
 * buf, stopping when buf_len is full (a partial last sector goes through a
 * bounce buffer). */
static int read_plain(vd_disc *d, bool audio, uint32_t lba, uint32_t count, uint8_t *buf, size_t buf_len)
{
    size_t sz = audio ? CD_RAW_BYTES : CD_DATA_BYTES;
    uint32_t full = (uint32_t)min_size(count, buf_len / sz);
    if (full && (audio ? vd_disc_read_audio(d, lba, full, buf) : vd_disc_read_data(d, lba, full, buf)))
        return -1;
    size_t rest = buf_len - (size_t)full * sz;
    if (full < count && rest) {
        uint8_t tmp[CD_RAW_BYTES];
        if (audio ? vd_disc_read_audio(d, lba + full, 1, tmp) : vd_disc_read_data(d, lba + full, 1, tmp))
            return -1;
        memcpy(buf + (size_t)full * sz, tmp, min_size(rest, sz));
    }
    return 0;
}

/* Data length and status of a timed read whose content came back with read_rc. */
static int read_outcome(vd_reply *r, uint32_t lba, size_t data_len, int read_rc)
{
    r->data_len = data_len;
    if (read_rc) { /* the image could not be read: unrecovered read error */
        r->check = true;
        r->sense = (vd_sense){ .key = 0x03, .asc = 0x11, .ascq = 0x00, .info_valid = true, .info = lba };
        r->data_len = 0;
    }
    return 0;
}

static int finish_read(vdrive *vd, uint64_t now, vd_reply *r, uint32_t lba, uint32_t count,
                        uint64_t total_bytes, size_t data_len, int read_rc)
{
    /* the drive moves the whole request whatever the host kept */
    r->done_ns = vd_time_read(vd, now, lba, lba + count, (size_t)total_bytes);
    vd_vendor_on_read(vd, lba, lba + count);
    return read_outcome(r, lba, data_len, read_rc);
}

/* A read reaching an unreadable sector of the error model: the drive
 * retries it, gives up with MEDIUM ERROR (03/11/00) naming it, and sends
 * no data (errmodel.h, timing.h).  False when [lba, lba+count) is clean. */
static bool hits_unreadable(vdrive *vd, uint64_t now, vd_reply *r, uint32_t lba, uint32_t count)
{
    uint32_t bad = vd_err_first_unreadable(&vd->disc.em, lba, lba + count);
    if (bad == lba + count)
        return false;
    r->done_ns = vd_time_read_fail(vd, now, lba, bad);
    vd_vendor_on_read(vd, lba, bad + 1);
    r->check = true;
    r->sense = (vd_sense){ .key = 0x03, .asc = 0x11, .ascq = 0x00, .info_valid = true, .info = bad };
    r->data_len = 0;
    return true;
}

static int cmd_read(vdrive *vd, uint64_t now, uint32_t lba, uint32_t count, uint8_t *buf, size_t buf_len, vd_reply *r)
{
    if (count == 0) {
        r->done_ns = vd_time_other(vd, now, 0);
        return 0;
    }
    if (!in_range(vd, now, r, lba, count))
        return 0;
    uint32_t bad = first_kind_mismatch(&vd->disc, lba, lba + count,
                                       1u << VD_SECTOR_MODE1 | 1u << VD_SECTOR_MODE2F1);
    if (bad != lba + count) /* an audio sector has no 2048-byte user data */
        return fail_at(vd, now, r, 0x05, 0x64, 0x00, bad);
    if (hits_unreadable(vd, now, r, lba, count))
        return 0;
    uint64_t total = (uint64_t)count * CD_DATA_BYTES;
    size_t data_len = (size_t)(total < buf_len ? total : buf_len);
    int rc = read_plain(&vd->disc, false, lba, count, buf, data_len);
    return finish_read(vd, now, r, lba, count, total, data_len, rc);
}

static int read_cd_blocks(vd_disc *d, vd_sector_kind kind, const vd_block_layout *lay, uint8_t subch,
                          uint32_t lba, uint32_t count, uint8_t *buf, size_t data_len)
{
    bool audio = kind == VD_SECTOR_AUDIO;
    bool plain = !lay->c2_len && !lay->sub_len &&
                 (audio ? lay->main_len == CD_RAW_BYTES
                        : lay->main_len == CD_DATA_BYTES && lay->main_off == (kind == VD_SECTOR_MODE1 ? 16u : 24u));
    if (plain)
        return read_plain(d, audio, lba, count, buf, data_len);
    uint8_t user[CD_RAW_BYTES], raw[CD_RAW_BYTES], block[CD_RAW_BYTES + 296 + 96];
    size_t done = 0;
    for (uint32_t i = 0; i < count && done < data_len; i++) {
        uint32_t n = lba + i;
        if (audio ? vd_disc_read_audio(d, n, 1, user) : vd_disc_read_data(d, n, 1, user))
            return -1;
        vd_raw_sector(kind, n, user, raw);
        vd_block_build(lay, vd_disc_track_at(d, n), n, raw, subch, block);
        size_t k = min_size(lay->total, data_len - done);
        memcpy(buf + done, block, k);
        done += k;
    }
    return 0;
}

static int cmd_read_cd(vdrive *vd, uint64_t now, const uint8_t *cdb, uint8_t *buf, size_t buf_len, vd_reply *r)
{
    uint8_t type = (cdb[1] >> 2) & 7;
    uint32_t lba = be32(cdb + 2), count = be24(cdb + 6);
    uint8_t flags = cdb[9], subch = cdb[10];
    if (type > MMC_SECTOR_M2F2)
        return fail(vd, now, r, INVALID_FIELD);
    if (count == 0) {
        r->done_ns = vd_time_other(vd, now, 0);
        return 0;
    }
    if (!in_range(vd, now, r, lba, count))
        return 0;
    vd_sector_kind kind = vd_disc_track_at(&vd->disc, lba)->kind;
    unsigned mask;
    switch (type) {
    case MMC_SECTOR_ANY: mask = 1u << kind; break; /* one block size per command */
    case MMC_SECTOR_CDDA: mask = 1u << VD_SECTOR_AUDIO; break;
    case MMC_SECTOR_MODE1: mask = 1u << VD_SECTOR_MODE1; break;
    case MMC_SECTOR_M2F1: mask = 1u << VD_SECTOR_MODE2F1; break;
    default: mask = 0; break; /* formless Mode 2, Form 2: none on our discs */
    }
    uint32_t bad = first_kind_mismatch(&vd->disc, lba, lba + count, mask);
    if (bad != lba + count)
        return fail_at(vd, now, r, 0x05, 0x64, 0x00, bad);
    vd_block_layout lay;
    if (vd_block_layout_for(kind, flags, subch, &lay) || !vd_c2_form_ok(vd, lay.c2_len))
        return fail(vd, now, r, INVALID_FIELD);
    if (hits_unreadable(vd, now, r, lba, count))
        return 0;
    uint64_t total = (uint64_t)count * lay.total;
    size_t data_len = (size_t)(total < buf_len ? total : buf_len);
    if (kind == VD_SECTOR_AUDIO) {
        /* timed first: the stream that serves the read decides what it
         * returns (jitter, unstable sectors: dae.h) */
        r->done_ns = vd_time_read(vd, now, lba, lba + count, (size_t)total);
        vd_vendor_on_read(vd, lba, lba + count);
        int arc = vd_dae_read_blocks(vd, &lay, subch, lba, count, buf, data_len);
        vd_c2_overlay(vd, &lay, lba, count, buf, data_len);
        return read_outcome(r, lba, data_len, arc);
    }
    int rc = read_cd_blocks(&vd->disc, kind, &lay, subch, lba, count, buf, data_len);
    vd_c2_overlay(vd, &lay, lba, count, buf, data_len);
    return finish_read(vd, now, r, lba, count, total, data_len, rc);
}

/* ---- mechanics ---- */

static int cmd_seek10(vdrive *vd, uint64_t now, const uint8_t *cdb, vd_reply *r)
{
    uint32_t lba = be32(cdb + 2);
    if (!in_range(vd, now, r, lba, 1))
        return 0;
    r->done_ns = vd_time_seek(vd, now, lba);
    vd_vendor_on_seek(vd, lba);
    return 0;
}

static int cmd_start_stop(vdrive *vd, uint64_t now, const uint8_t *cdb, vd_reply *r)
{
    /* LoEj: the virtual drive never ejects; power conditions: none */
    if ((cdb[4] & 0x02) || (cdb[4] & 0xF0))
        return fail(vd, now, r, INVALID_FIELD);
    r->done_ns = vd_time_start_stop(vd, now, cdb[4] & 0x01, cdb[1] & 0x01);
    return 0;
}

static int cmd_set_cd_speed(vdrive *vd, uint64_t now, const uint8_t *cdb, vd_reply *r)
{
    r->done_ns = vd_time_set_speed(vd, now, (uint16_t)be16(cdb + 2));
    return 0;
}

/* ---- dispatch ---- */

/* CDB length of an opcode's group (SPC): 0 = not a group we speak. */
static size_t cdb_group_len(uint8_t op)
{
    switch (op >> 5) {
    case 0: return 6;
    case 1:
    case 2: return 10;
    case 4: return 16;
    case 5: return 12;
    default: return 0;
    }
}

static int dispatch(vdrive *vd, uint64_t now, const uint8_t *cdb, size_t cdb_len,
                    uint8_t *buf, size_t buf_len, vd_reply *r)
{
    if (cdb_len == 0)
        return fail(vd, now, r, 0x05, 0x20, 0x00);
    uint8_t op = cdb[0];
    size_t need = cdb_group_len(op);
    if (need && cdb_len < need)
        return fail(vd, now, r, INVALID_FIELD);
    switch (op) {
    case MMC_TEST_UNIT_READY: return cmd_test_unit_ready(vd, now, r);
    case MMC_REQUEST_SENSE: return cmd_request_sense(vd, now, cdb, buf, buf_len, r);
    case MMC_INQUIRY: return cmd_inquiry(vd, now, cdb, buf, buf_len, r);
    case MMC_START_STOP_UNIT: return cmd_start_stop(vd, now, cdb, r);
    case MMC_READ_CAPACITY: return cmd_read_capacity(vd, now, buf, buf_len, r);
    case MMC_READ_10: return cmd_read(vd, now, be32(cdb + 2), be16(cdb + 7), buf, buf_len, r);
    case 0xA8: /* READ(12) */ return cmd_read(vd, now, be32(cdb + 2), be32(cdb + 6), buf, buf_len, r);
    case MMC_SEEK_10: return cmd_seek10(vd, now, cdb, r);
    case MMC_READ_TOC: return cmd_read_toc(vd, now, cdb, buf, buf_len, r);
    case MMC_MODE_SENSE_10: return cmd_mode_sense10(vd, now, cdb, buf, buf_len, r);
    case MMC_SET_CD_SPEED: return cmd_set_cd_speed(vd, now, cdb, r);
    case MMC_READ_CD: return cmd_read_cd(vd, now, cdb, buf, buf_len, r);
    case MMC_GET_CONFIGURATION: return cmd_get_configuration(vd, now, cdb, buf, buf_len, r);
    default:
        /* the vendor scan protocol of the drive's family, if it speaks one */
        if (vd_vendor_exec(vd, now, cdb, cdb_len, buf, buf_len, r))
            return 0;
        return fail(vd, now, r, 0x05, 0x20, 0x00); /* invalid command operation code */
    }
}

void vd_cmd_exec(vdrive *vd, uint64_t now, const uint8_t *cdb, size_t cdb_len,
                 uint8_t *buf, size_t buf_len, vd_reply *r)
{
    memset(r, 0, sizeof *r);
    dispatch(vd, now, cdb, cdb_len, buf, buf ? buf_len : 0, r);
}
