/* sector.c - READ CD block assembly (see sector.h). */
#include "sector.h"

#include <stdbool.h>
#include <string.h>

#include "../drive/mmc.h"

enum { F_SYNC, F_HEADER, F_SUBHEADER, F_USER, F_EDC, F_COUNT };

/* Where each main-channel field lies in the 2352-byte raw sector. */
typedef struct field { size_t off, len; } field;
static const field mode1_fields[F_COUNT] = {
    { 0, 12 }, { 12, 4 }, { 16, 0 }, { 16, 2048 }, { 2064, 288 }
};
static const field mode2f1_fields[F_COUNT] = {
    { 0, 12 }, { 12, 4 }, { 16, 8 }, { 24, 2048 }, { 2072, 280 }
};

void vd_lba_to_msf(uint32_t lba, uint8_t *m, uint8_t *s, uint8_t *f)
{
    uint32_t a = lba + 150; /* the program area starts 2 seconds in */
    *m = (uint8_t)(a / (60 * CD_SECTORS_PER_S));
    *s = (uint8_t)(a / CD_SECTORS_PER_S % 60);
    *f = (uint8_t)(a % CD_SECTORS_PER_S);
}

int vd_block_layout_for(vd_sector_kind kind, uint8_t flags9, uint8_t subch10, vd_block_layout *out)
{
    memset(out, 0, sizeof *out);
    if (kind == VD_SECTOR_AUDIO) {
        /* CD-DA has no fields: any main-channel selection returns all of it */
        if (flags9 & 0xF8)
            out->main_len = CD_RAW_BYTES;
    } else {
        const field *fl = kind == VD_SECTOR_MODE1 ? mode1_fields : mode2f1_fields;
        bool sel[F_COUNT] = { flags9 & 0x80, flags9 & 0x20, flags9 & 0x40, flags9 & 0x10, flags9 & 0x08 };
        int first = -1, last = -1;
        for (int i = 0; i < F_COUNT; i++)
            if (sel[i] && fl[i].len) {
                if (first < 0)
                    first = i;
                last = i;
            }
        if (first >= 0) {
            /* fields must form one contiguous run; sync only with a header */
            for (int i = first; i <= last; i++)
                if (!sel[i] && fl[i].len)
                    return -1;
            if (sel[F_SYNC] && !sel[F_HEADER])
                return -1;
            out->main_off = fl[first].off;
            out->main_len = fl[last].off + fl[last].len - fl[first].off;
        }
    }
    switch ((flags9 >> 1) & 3) {
    case 0: out->c2_len = 0; break;
    case 1: out->c2_len = 294; break;
    case 2: out->c2_len = 296; break; /* + block error byte + pad */
    default: return -1;
    }
    switch (subch10) {
    case 0: out->sub_len = 0; break;
    case 1: out->sub_len = 96; break; /* raw P-W, interleaved */
    case 2: out->sub_len = 16; break; /* formatted Q */
    case 4: out->sub_len = 96; break; /* R-W, de-interleaved */
    default: return -1;
    }
    out->total = out->main_len + out->c2_len + out->sub_len;
    return 0;
}

void vd_raw_sector(vd_sector_kind kind, uint32_t lba, const uint8_t *user, uint8_t raw[2352])
{
    if (kind == VD_SECTOR_AUDIO) {
        memcpy(raw, user, CD_RAW_BYTES);
        return;
    }
    memset(raw, 0, CD_RAW_BYTES);
    memset(raw + 1, 0xFF, 10); /* sync: 00 FF*10 00 */
    uint8_t m, s, f;
    vd_lba_to_msf(lba, &m, &s, &f);
    raw[12] = vd_bcd(m);
    raw[13] = vd_bcd(s);
    raw[14] = vd_bcd(f);
    if (kind == VD_SECTOR_MODE1) {
        raw[15] = 1;
        memcpy(raw + 16, user, CD_DATA_BYTES);
    } else {
        raw[15] = 2;
        /* sub-header (twice): file 0, channel 0, submode data, coding 0 */
        raw[18] = raw[22] = 0x08;
        memcpy(raw + 24, user, CD_DATA_BYTES);
    }
}

/* CRC of the Q sub-channel: CRC-16 with polynomial x^16 + x^12 + x^5 + 1,
 * stored inverted (Red Book). */
static uint16_t q_crc(const uint8_t *q, size_t n)
{
    uint16_t crc = 0;
    for (size_t i = 0; i < n; i++) {
        crc ^= (uint16_t)(q[i] << 8);
        for (int b = 0; b < 8; b++)
            crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return (uint16_t)~crc;
}

/* Mode-1 Q (current position): control/ADR, track, index 1, relative time
 * in the track, absolute time, CRC. */
static void build_q(const vd_track *t, uint32_t lba, uint8_t q[12])
{
    uint8_t control = t->kind == VD_SECTOR_AUDIO ? 0x0 : 0x4;
    q[0] = (uint8_t)(control << 4 | 1);
    q[1] = vd_bcd(t->number);
    q[2] = vd_bcd(1);
    uint32_t rel = lba - t->start_lba;
    q[3] = vd_bcd((uint8_t)(rel / (60 * CD_SECTORS_PER_S)));
    q[4] = vd_bcd((uint8_t)(rel / CD_SECTORS_PER_S % 60));
    q[5] = vd_bcd((uint8_t)(rel % CD_SECTORS_PER_S));
    q[6] = 0;
    uint8_t m, s, f;
    vd_lba_to_msf(lba, &m, &s, &f);
    q[7] = vd_bcd(m);
    q[8] = vd_bcd(s);
    q[9] = vd_bcd(f);
    uint16_t crc = q_crc(q, 10);
    q[10] = (uint8_t)(crc >> 8);
    q[11] = (uint8_t)crc;
}

void vd_block_build(const vd_block_layout *lay, const vd_track *t, uint32_t lba,
                    const uint8_t raw[2352], uint8_t subch10, uint8_t *out)
{
    memcpy(out, raw + lay->main_off, lay->main_len);
    out += lay->main_len;
    memset(out, 0, lay->c2_len); /* no C2 errors (and block error byte 0) */
    out += lay->c2_len;
    if (!lay->sub_len)
        return;
    uint8_t q[12];
    build_q(t, lba, q);
    memset(out, 0, lay->sub_len);
    if (subch10 == 2) {
        memcpy(out, q, sizeof q);
    } else if (subch10 == 1) {
        /* raw: byte i carries bit i of each channel, P in bit 7, Q in bit 6;
         * P (pause) is 0 inside a track, R-W carry nothing */
        for (int i = 0; i < 96; i++)
            if (q[i / 8] & (0x80 >> (i % 8)))
                out[i] |= 0x40;
    }
}
