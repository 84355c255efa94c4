/* c2read.c - READ CD with C2 pointers, checked (see c2read.h). */
#include "c2read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../drive/retry.h"

#define READ_TIMEOUT_MS 60000u
#define C2_SENTINEL 0xA5     /* fills the buffer first: a field left so was never sent */
#define FATAL_STREAK 5
#define PROBE_TRIES 8

static uint8_t flags_for(int form)
{
    uint8_t f = 0xF8; /* sync, both headers, user data, EDC/ECC: the whole 2352 */
    if (form == 294)
        f |= MMC_READCD_C2;
    else if (form == 296)
        f |= MMC_READCD_C2_BLOCK;
    return f;
}

static size_t block_bytes_for(int form)
{
    return CD_RAW_BYTES + (form == 294 ? 294u : form == 296 ? 296u : 0u);
}

int db_c2read_init(db_c2read *r, db_drive *d, const db_identity *id, int form)
{
    memset(r, 0, sizeof *r);
    r->drive = d;
    r->id = id;
    r->form = form;
    r->flags9 = flags_for(form);
    r->block_bytes = block_bytes_for(form);
    r->buf = malloc(DB_C2_MAX_BLOCK * (CD_RAW_BYTES + 296u));
    return r->buf ? 0 : -1;
}

void db_c2read_free(db_c2read *r)
{
    free(r->buf);
    r->buf = NULL;
}

uint32_t db_track_end(const db_identity *id, uint32_t lba)
{
    const mmc_toc *t = &id->toc;
    for (int i = 0; i < t->count; i++)
        if (t->tracks[i].lba > lba)
            return t->tracks[i].lba;
    return id->disc_sectors;
}

bool db_sense_info_lba(const db_sense *s, uint32_t *lba)
{
    /* fixed format (70h/71h), VALID bit, information bytes 3..6 */
    if (s->raw_len < 7 || (s->raw[0] & 0x7E) != 0x70 || !(s->raw[0] & 0x80))
        return false;
    *lba = (uint32_t)s->raw[3] << 24 | (uint32_t)s->raw[4] << 16 | (uint32_t)s->raw[5] << 8 | s->raw[6];
    return true;
}

static void fault(db_c2_tally *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fault(db_c2_tally *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->fault, sizeof t->fault, fmt, ap);
    va_end(ap);
    t->faults++;
}

/* Check and count the C2 fields of n blocks in buf. */
static void tally_blocks(const db_c2read *r, uint32_t lba, uint32_t n, db_c2_tally *t)
{
    if (!r->form) {
        t->sectors_counted += n;
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *c2 = r->buf + (size_t)i * r->block_bytes + CD_RAW_BYTES;
        uint8_t any = 0, same = 0xFF;
        for (size_t k = 0; k < 294; k++) { /* plain loop: vectorised */
            any |= c2[k];
            same &= (uint8_t)(c2[k] == C2_SENTINEL);
        }
        bool untouched = same != 0;
        uint32_t bits = 0;
        if (any && !untouched) /* most sectors have no pointer set at all */
            for (size_t k = 0; k < 294; k++)
                bits += (uint32_t)__builtin_popcount(c2[k]);
        if (untouched) {
            /* a transport that cannot report short transfers still shows
             * a field the drive never wrote */
            fault(t, "C2 field of the wrong size at LBA %u: the drive did not fill the %d-byte field",
                  lba + i, r->form);
            continue;
        }
        if (r->form == 296 && (c2[294] != any || c2[295] != 0))
            fault(t, "296-byte C2 field at LBA %u not laid out as MMC says: block error byte %02X "
                     "(pointers OR to %02X), pad %02X", lba + i, c2[294], any, c2[295]);
        t->c2_bytes += bits;
        t->c2_sectors += bits > 0;
        t->sectors_counted++;
    }
}

/* One READ CD of [lba, lba + n) into r->buf under the retry policy
 * (drive/retry.h).  0 good, 1 medium error, 2 another failure the scan
 * survives (recorded), -1 fatal: what is left ends the run (no disc, no
 * answer, never ready, refused) or is the 5th failing read in a row. */
static int read_once(db_c2read *r, uint32_t lba, uint32_t n, db_c2_tally *t, db_cmd_result *res)
{
    size_t want = (size_t)n * r->block_bytes;
    db_retry rt = { 0 };
    int rc;
    do {
        memset(r->buf, C2_SENTINEL, want);
        rc = db_mmc_read_cd(r->drive, MMC_SECTOR_ANY, lba, n, r->flags9, 0, r->buf, want, res);
    } while (db_retry_step(r->drive, &rt, r->log, "READ CD", lba, rc, res, want));
    r->last_class = rt.last;
    char why[160];
    switch (rt.last) {
    case DB_FAULT_NONE:
        r->fatal_streak = 0;
        return 0;
    case DB_FAULT_SHORT:
        r->fatal_streak = 0;
        fault(t, "C2 field of the wrong size: READ CD at LBA %u returned %zu bytes for %u blocks of %zu",
              lba, res->data_len, n, r->block_bytes);
        return 2;
    case DB_FAULT_MEDIUM:
        r->fatal_streak = 0;
        return 1;
    default:
        break;
    }
    db_result_describe(res, why, sizeof why);
    if (db_fault_ends_run(rt.last) || ++r->fatal_streak >= FATAL_STREAK) {
        snprintf(r->fail_reason, sizeof r->fail_reason, "READ CD at LBA %u failed: %s", lba, why);
        return -1;
    }
    fault(t, "unexpected answer to READ CD at LBA %u: %s", lba, why);
    return 2;
}

int db_c2read_run(db_c2read *r, uint32_t lba, uint32_t n, db_c2_tally *t, db_c2_bad_fn bad, void *arg)
{
    if (n == 0 || n > DB_C2_MAX_BLOCK) {
        snprintf(r->fail_reason, sizeof r->fail_reason, "internal: bad READ CD size %u", n);
        return -1;
    }
    db_cmd_result res;
    int rc = read_once(r, lba, n, t, &res);
    if (rc == 0)
        tally_blocks(r, lba, n, t);
    if (rc != 1)
        return rc < 0 ? -1 : 0;
    uint32_t at;
    if (r->resume_after_bad && db_sense_info_lba(&res.sense, &at) && at >= lba && at < lba + n) {
        /* the drive read up to `at` and gave up there: go on after it */
        t->unreadable++;
        if (bad)
            bad(arg, at, &res);
        return at + 1 < lba + n ? db_c2read_run(r, at + 1, lba + n - at - 1, t, bad, arg) : 0;
    }
    /* Which sectors exactly?  One by one. */
    for (uint32_t i = 0; i < n; i++) {
        rc = read_once(r, lba + i, 1, t, &res);
        if (rc < 0)
            return -1;
        if (rc == 0)
            tally_blocks(r, lba + i, 1, t);
        else if (rc == 1) {
            t->unreadable++;
            if (bad)
                bad(arg, lba + i, &res);
        }
    }
    return 0;
}

/* First sector of the disc to probe on, skipping ones that cannot be read. */
int db_c2_probe(db_drive *d, const db_identity *id, int forced, char *note, size_t note_len)
{
    static const int order[] = { 294, 296 };
    char tried[2][200] = { "", "" };
    for (int k = 0; k < 2; k++) {
        int form = order[k];
        if (forced && forced != form)
            continue;
        db_c2read r;
        if (db_c2read_init(&r, d, id, form)) {
            snprintf(note, note_len, "out of memory");
            return 0;
        }
        r.resume_after_bad = false;
        db_c2_tally t;
        memset(&t, 0, sizeof t);
        bool works = false;
        for (int i = 0; i < PROBE_TRIES && !works; i++) {
            uint32_t lba = (uint32_t)((uint64_t)id->disc_sectors * (uint64_t)i / PROBE_TRIES);
            db_cmd_result res;
            uint32_t faults = t.faults;
            int rc = read_once(&r, lba, 1, &t, &res);
            /* an unreadable sector, or a hardware error, says nothing about
             * C2: try elsewhere (a refusal, ILLEGAL REQUEST, does) */
            if (rc == 1 || (rc == 2 && (r.last_class == DB_FAULT_HARDWARE || r.last_class == DB_FAULT_OTHER ||
                                        r.last_class == DB_FAULT_ATTENTION || r.last_class == DB_FAULT_ABORTED)))
                continue;
            if (rc == 0) {
                tally_blocks(&r, lba, 1, &t);
                works = t.faults == faults;
                if (!works)
                    snprintf(tried[k], sizeof tried[k], "%s", t.fault);
                break;
            }
            if (rc < 0) { /* the drive, not its C2 support, failed: say so */
                snprintf(note, note_len, "the drive failed during the C2 probe: %s", r.fail_reason);
                db_c2read_free(&r);
                return -1;
            }
            char why[160];
            if (rc == 2 && res.status == DB_CMD_GOOD)
                snprintf(tried[k], sizeof tried[k], "%s", t.fault);
            else {
                db_result_describe(&res, why, sizeof why);
                snprintf(tried[k], sizeof tried[k], "READ CD with %d-byte C2 field: %s", form, why);
            }
            break;
        }
        if (!works && !tried[k][0])
            snprintf(tried[k], sizeof tried[k], "READ CD with %d-byte C2 field: no readable sector found "
                     "to try it on", form);
        db_c2read_free(&r);
        if (works) {
            snprintf(note, note_len, "%d-byte C2 pointers (READ CD C2 code %s)%s%s", form,
                     form == 294 ? "01" : "10", k && !forced ? "; the 294-byte form failed: " : "",
                     k && !forced ? tried[0] : "");
            return form;
        }
    }
    if (forced)
        snprintf(note, note_len, "%s", tried[forced == 294 ? 0 : 1]);
    else
        snprintf(note, note_len, "%s; %s", tried[0], tried[1]);
    return 0;
}
