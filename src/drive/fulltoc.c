/* fulltoc.c - READ TOC/PMA/ATIP formats 1 (session information) and 2
 * (full TOC) and the MSF arithmetic of the Q channel (T10 MMC-5, READ
 * TOC/PMA/ATIP response formats 0001b and 0010b; ECMA-130 for the Q-channel
 * points A0/A1/A2/B0 of the lead-in). */
#include "mmcinfo.h"

#include <stdio.h>
#include <string.h>

#include "bytes.h"

#define FRAMES_PER_MIN (60 * 75)
/* Minutes 90..99 count backwards from 00:00:00 (the lead-in), so the
 * whole 100-minute MSF space is 450,000 frames. */
#define MSF_SPACE (100 * FRAMES_PER_MIN)

int32_t db_msf_to_lba(uint8_t m, uint8_t s, uint8_t f)
{
    return (int32_t)m * FRAMES_PER_MIN + (int32_t)s * 75 + f - 150;
}

int32_t db_msf_to_lba_leadin(uint8_t m, uint8_t s, uint8_t f)
{
    int32_t lba = db_msf_to_lba(m, s, f);
    return m >= 90 ? lba - MSF_SPACE : lba;
}

void db_lba_to_msf(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f)
{
    int32_t a = lba + 150;
    if (a < 0)
        a += MSF_SPACE;
    *m = (uint8_t)(a / FRAMES_PER_MIN);
    *s = (uint8_t)(a / 75 % 60);
    *f = (uint8_t)(a % 75);
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

int db_mmc_parse_session_info(const uint8_t *buf, size_t len, mmc_session_info *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 4)
        return -1;
    size_t valid = min_size(len, (size_t)db_get_be16(buf) + 2);
    if (valid < 12)
        return -1;
    out->first_session = buf[2];
    out->last_session = buf[3];
    out->adr = buf[5] >> 4;
    out->control = buf[5] & 0x0F;
    out->last_session_first_track = buf[6];
    out->last_session_first_lba = db_get_be32(buf + 8);
    if (out->first_session == 0 || out->last_session < out->first_session ||
        out->last_session_first_track == 0 || out->last_session_first_track > 99)
        return -1;
    return 0;
}

static void note(mmc_fulltoc *t, const char *what)
{
    t->ignored++;
    if (!t->problem[0])
        snprintf(t->problem, sizeof t->problem, "%s", what);
}

static mmc_fulltoc_session *session_of(mmc_fulltoc *t, uint8_t number)
{
    for (int i = 0; i < t->session_count; i++)
        if (t->sessions[i].number == number)
            return &t->sessions[i];
    if (t->session_count >= MMC_FULLTOC_MAX_SESSIONS)
        return NULL;
    mmc_fulltoc_session *s = &t->sessions[t->session_count++];
    memset(s, 0, sizeof *s);
    s->number = number;
    s->next_program_lba = -1;
    return s;
}

static void add_track(mmc_fulltoc *t, const uint8_t *d)
{
    uint8_t point = d[3];
    for (int i = 0; i < t->track_count; i++)
        if (t->tracks[i].number == point) {
            char why[96];
            snprintf(why, sizeof why, "track %u is listed more than once", point);
            note(t, why);
            return;
        }
    if (t->track_count >= MMC_FULLTOC_MAX_TRACKS) {
        note(t, "more than 99 tracks listed");
        return;
    }
    /* keep them ordered by track number whatever order they came in */
    int at = t->track_count;
    while (at > 0 && t->tracks[at - 1].number > point) {
        t->tracks[at] = t->tracks[at - 1];
        at--;
    }
    mmc_fulltoc_track *tr = &t->tracks[at];
    tr->number = point;
    tr->session = d[0];
    tr->adr = d[1] >> 4;
    tr->control = d[1] & 0x0F;
    tr->lba = db_msf_to_lba(d[8], d[9], d[10]);
    t->track_count++;
}

/* After all descriptors: every track must sit inside its session's
 * A0..A1 and start before the session's lead-out; sessions must be
 * complete. */
static void check(mmc_fulltoc *t)
{
    char why[160];
    for (int i = 0; i < t->track_count; i++) {
        const mmc_fulltoc_track *tr = &t->tracks[i];
        mmc_fulltoc_session *s = NULL;
        for (int k = 0; k < t->session_count; k++)
            if (t->sessions[k].number == tr->session)
                s = &t->sessions[k];
        if (!s || !s->has_a0 || !s->has_a1 || !s->has_a2) {
            snprintf(why, sizeof why, "track %u belongs to session %u, which has no A0/A1/A2",
                     tr->number, tr->session);
            if (!t->problem[0])
                snprintf(t->problem, sizeof t->problem, "%s", why);
            continue;
        }
        if (tr->number < s->first_track || tr->number > s->last_track) {
            snprintf(why, sizeof why, "track %u lies outside session %u's tracks %u-%u",
                     tr->number, s->number, s->first_track, s->last_track);
            if (!t->problem[0])
                snprintf(t->problem, sizeof t->problem, "%s", why);
        } else if (tr->lba < 0 || tr->lba >= s->leadout_lba) {
            snprintf(why, sizeof why, "track %u starts at LBA %ld, outside session %u (lead-out %ld)",
                     tr->number, (long)tr->lba, s->number, (long)s->leadout_lba);
            if (!t->problem[0])
                snprintf(t->problem, sizeof t->problem, "%s", why);
        }
        if (i > 0 && tr->lba <= t->tracks[i - 1].lba && !t->problem[0])
            snprintf(t->problem, sizeof t->problem, "track %u starts at or before track %u",
                     tr->number, t->tracks[i - 1].number);
    }
}

int db_mmc_parse_fulltoc(const uint8_t *buf, size_t len, mmc_fulltoc *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 4) {
        snprintf(out->problem, sizeof out->problem, "response shorter than its 4-byte header");
        return -1;
    }
    size_t claimed = (size_t)db_get_be16(buf) + 2;
    size_t valid = min_size(len, claimed);
    out->truncated = claimed > len;
    out->first_session = buf[2];
    out->last_session = buf[3];
    size_t ndesc = valid >= 4 ? (valid - 4) / 11 : 0;
    out->descriptor_count = (int)ndesc;
    for (size_t i = 0; i < ndesc; i++) {
        const uint8_t *d = buf + 4 + 11 * i;
        uint8_t point = d[3], adr = d[1] >> 4;
        if (d[0] == 0 || d[0] > 99) {
            note(out, "a descriptor names session 0 or a session above 99");
            continue;
        }
        /* ADR 1: positions.  ADR 5 carries B0 / C0 (recordable lead-in
         * information); other ADRs (2 catalogue number, 3 ISRC) are not
         * part of the table of contents. */
        if (adr != 1 && adr != 5)
            continue;
        bool pmsf = adr == 1 && ((point >= 1 && point <= 99) || point == 0xA2);
        bool amsf = adr == 5 && point == 0xB0;
        if ((pmsf && (d[9] >= 60 || d[10] >= 75)) || (amsf && (d[5] >= 60 || d[6] >= 75))) {
            note(out, "a descriptor holds an impossible MSF address");
            continue;
        }
        mmc_fulltoc_session *s = session_of(out, d[0]);
        if (!s) {
            note(out, "more than 99 sessions listed");
            continue;
        }
        if (adr == 5) {
            if (point == 0xB0)
                s->next_program_lba = db_msf_to_lba(d[4], d[5], d[6]);
            continue;
        }
        if (point >= 1 && point <= 99) {
            add_track(out, d);
        } else if (point == 0xA0) {
            if (s->has_a0) {
                note(out, "a session lists A0 twice");
                continue;
            }
            s->has_a0 = true;
            s->first_track = d[8];
            s->disc_type = d[9];
        } else if (point == 0xA1) {
            if (s->has_a1) {
                note(out, "a session lists A1 twice");
                continue;
            }
            s->has_a1 = true;
            s->last_track = d[8];
        } else if (point == 0xA2) {
            if (s->has_a2) {
                note(out, "a session lists A2 twice");
                continue;
            }
            s->has_a2 = true;
            s->leadout_lba = db_msf_to_lba(d[8], d[9], d[10]);
        } else if (point != 0xB0 && (point < 0xB1 || point > 0xC1)) {
            note(out, "a descriptor has a POINT that is neither a track nor A0-A2/B0-C1");
        }
    }
    check(out);
    bool complete = false;
    for (int i = 0; i < out->session_count; i++)
        if (out->sessions[i].has_a0 && out->sessions[i].has_a1 && out->sessions[i].has_a2)
            complete = true;
    if (out->track_count == 0) {
        snprintf(out->problem, sizeof out->problem, "%s",
                 ndesc == 0 ? "no descriptors" : "no track is listed");
        return -1;
    }
    if (!complete) {
        snprintf(out->problem, sizeof out->problem, "no session has its A0, A1 and A2 points");
        return -1;
    }
    return 0;
}
