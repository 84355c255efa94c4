/* parse.c - pure parsers for drive responses.
 *
 * Everything a drive returns is untrusted: every read is bounded by the
 * buffer length, a length field that claims more than arrived is clamped to
 * what arrived, and a response too short for the fields we need is an
 * error (-1), never a guess.  `out` is zeroed first, so a failed parse
 * leaves no stale data behind. */
#include "mmc.h"

#include <string.h>

#include "bytes.h"

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* An INQUIRY text field: printable ASCII or '?', trailing padding removed.
 * SPC pads with spaces; some drives pad with NULs, which we also treat as
 * padding rather than showing them as '?'. */
static void inquiry_text(const uint8_t *p, size_t n, char *out)
{
    size_t end = n;
    while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == '\0'))
        end--;
    for (size_t i = 0; i < end; i++)
        out[i] = (p[i] >= 0x20 && p[i] <= 0x7E) ? (char)p[i] : '?';
    out[end] = '\0';
}

/* Standard INQUIRY data (SPC): byte 0 bits 4..0 peripheral device type,
 * byte 1 bit 7 RMB, byte 4 additional length (n - 4), 8-15 vendor,
 * 16-31 product, 32-35 revision, 36-55 vendor specific. */
int db_mmc_parse_inquiry(const uint8_t *buf, size_t len, mmc_inquiry *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 5)
        return -1;
    size_t valid = min_size(len, (size_t)buf[4] + 5);
    if (valid < 36)
        return -1; /* no complete vendor / product / revision */
    out->peripheral_type = buf[0] & 0x1F;
    out->removable = (buf[1] & 0x80) != 0;
    inquiry_text(buf + 8, 8, out->vendor);
    inquiry_text(buf + 16, 16, out->product);
    inquiry_text(buf + 32, 4, out->revision);
    inquiry_text(buf + 36, min_size(valid - 36, 20), out->vendor_specific);
    return 0;
}

/* READ CAPACITY(10): bytes 0-3 last LBA, 4-7 block length. */
int db_mmc_parse_read_capacity(const uint8_t *buf, size_t len, mmc_capacity *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 8)
        return -1;
    out->last_lba = db_get_be32(buf);
    out->block_bytes = db_get_be32(buf + 4);
    return 0;
}

/* READ TOC format 0000b: bytes 0-1 data length (not counting themselves),
 * 2 first track, 3 last track, then 8-byte descriptors: 1 ADR (high
 * nibble) / CONTROL (low nibble), 2 track number, 4-7 start address.
 * Succeeds only with at least one track and the lead-out (0xAA): a TOC
 * without them cannot say where the disc is.  Descriptors with a track
 * number outside 1..99, and tracks beyond 99, are ignored. */
int db_mmc_parse_toc(const uint8_t *buf, size_t len, mmc_toc *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 4)
        return -1;
    size_t valid = min_size(len, (size_t)db_get_be16(buf) + 2);
    out->first_track = buf[2];
    out->last_track = buf[3];
    size_t ndesc = valid >= 4 ? (valid - 4) / 8 : 0;
    if (ndesc > MMC_TOC_MAX_TRACKS + 1)
        ndesc = MMC_TOC_MAX_TRACKS + 1; /* 99 tracks + lead-out at most */
    bool leadout = false;
    for (size_t i = 0; i < ndesc; i++) {
        const uint8_t *d = buf + 4 + 8 * i;
        uint8_t number = d[2];
        if (number == 0xAA) {
            out->leadout_lba = db_get_be32(d + 4);
            leadout = true;
            continue;
        }
        if (number < 1 || number > MMC_TOC_MAX_TRACKS || out->count >= MMC_TOC_MAX_TRACKS)
            continue;
        mmc_toc_track *t = &out->tracks[out->count++];
        t->number = number;
        t->adr = d[1] >> 4;
        t->control = d[1] & 0x0F;
        t->lba = db_get_be32(d + 4);
    }
    return (out->count > 0 && leadout) ? 0 : -1;
}

/* MODE SENSE(10) response: 8-byte header (bytes 0-1 mode data length not
 * counting themselves, 6-7 block descriptor length), block descriptors,
 * then the page.  Page 2Ah (MMC-3 "CD/DVD capabilities and mechanical
 * status"): 0 page code, 1 page length, 2 bit 0 CD-R read / bit 1 CD-RW
 * read, 5 bit 0 CD-DA commands / bit 1 accurate stream / bit 4 C2
 * pointers, 8-9 max read speed, 12-13 buffer size (KiB), 14-15 current
 * read speed.  We need the page through byte 15. */
#define CAPS_MIN_PAGE_BYTES 16

int db_mmc_parse_caps_page(const uint8_t *buf, size_t len, mmc_caps *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 8)
        return -1;
    size_t valid = min_size(len, (size_t)db_get_be16(buf) + 2);
    size_t off = 8 + (size_t)db_get_be16(buf + 6);
    if (valid < 8 || off + 2 > valid)
        return -1;
    const uint8_t *pg = buf + off;
    if ((pg[0] & 0x3F) != 0x2A)
        return -1;
    size_t page_bytes = min_size((size_t)pg[1] + 2, valid - off);
    if (page_bytes < CAPS_MIN_PAGE_BYTES)
        return -1;
    out->page_len = pg[1];
    out->cd_r_read = (pg[2] & 0x01) != 0;
    out->cd_rw_read = (pg[2] & 0x02) != 0;
    out->cdda_supported = (pg[5] & 0x01) != 0;
    out->accurate_stream = (pg[5] & 0x02) != 0;
    out->c2_pointers = (pg[5] & 0x10) != 0;
    out->max_read_kbs = db_get_be16(pg + 8);
    out->buffer_kib = db_get_be16(pg + 12);
    out->current_read_kbs = db_get_be16(pg + 14);
    return 0;
}
