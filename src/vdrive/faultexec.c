/* faultexec.c - what each fault of the plan does to a command
 * (faults.h for the classes and triggers). */
#include "faultexec.h"

#include <string.h>

#include "../drive/bytes.h"
#include "vendor.h"

/* The LBA range a command reads (READ(10)/(12), READ CD) or, with seek,
 * also a SEEK(10)'s target.  False when it has none. */
static bool cmd_range(const uint8_t *cdb, size_t len, bool seek, uint32_t *lba, uint32_t *count)
{
    if (len < 10)
        return false;
    switch (cdb[0]) {
    case 0x28: *lba = db_get_be32(cdb + 2); *count = db_get_be16(cdb + 7); return true;
    case 0xBE: *lba = db_get_be32(cdb + 2); *count = (uint32_t)cdb[6] << 16 | (uint32_t)cdb[7] << 8 | cdb[8]; return true;
    case 0xA8:
        if (len < 12)
            return false;
        *lba = db_get_be32(cdb + 2);
        *count = db_get_be32(cdb + 6);
        return true;
    case 0x2B:
        if (!seek)
            return false;
        *lba = db_get_be32(cdb + 2);
        *count = 1;
        return true;
    default: return false;
    }
}

/* Commands a drive answers whatever the state of the medium: INQUIRY and
 * REQUEST SENSE always (SPC); with no disc also the capability and
 * configuration queries, and SET CD SPEED. */
static bool answers_unready(uint8_t op)
{
    return op == 0x12 || op == 0x03;
}

static bool needs_medium(uint8_t op)
{
    return !(answers_unready(op) || op == 0x5A || op == 0x1A || op == 0x46 || op == 0xBB || op == 0x4A);
}

/* Do the triggers of f hold for this command?  *bad: the first LBA of the
 * command inside f's range (or the command's first LBA). */
static bool matches(const vd_fault *f, const vdrive *vd, uint64_t now, const uint8_t *cdb, size_t len,
                    bool reads_only, bool seek_too, uint32_t *bad)
{
    if (f->op >= 0 && cdb[0] != (uint8_t)f->op)
        return false;
    if (f->from_cmd && vd->faults.cmds < f->from_cmd)
        return false;
    if (f->has_ms && now < f->from_ns)
        return false;
    uint32_t lba = 0, count = 0;
    bool ranged = cmd_range(cdb, len, seek_too, &lba, &count);
    /* a vendor C1/C2 scan step reads the disc too (Lite-On DF 82 09, F3 0E;
     * where, only the drive knows: an lba= trigger never matches it) */
    bool vendor_scan = (cdb[0] == 0xDF && len > 2 && cdb[1] == 0x82 && cdb[2] == 0x09) ||
                       (cdb[0] == 0xF3 && len > 1 && cdb[1] == 0x0E);
    if (reads_only && !ranged && !vendor_scan)
        return false;
    if (f->has_lba) {
        if (!ranged || count == 0)
            return false;
        uint64_t last = (uint64_t)lba + count - 1;
        if (lba > f->lba_last || last < f->lba_first)
            return false;
        *bad = lba > f->lba_first ? lba : f->lba_first;
    } else {
        *bad = lba;
    }
    return true;
}

static bool sense(vdrive *vd, uint64_t now, const vd_fault *f, vd_reply *r, bool with_info, uint32_t info)
{
    r->check = true;
    r->sense = (vd_sense){ .key = f->key, .asc = f->asc, .ascq = f->ascq, .info_valid = with_info, .info = info };
    r->data_len = 0;
    r->done_ns = vd_time_other(vd, now, 0);
    return true;
}

static bool no_answer(uint64_t now, unsigned timeout_ms, vd_reply *r)
{
    r->no_answer = true;
    r->data_len = 0;
    r->done_ns = now + (uint64_t)(timeout_ms ? timeout_ms : 30000u) * 1000000ull;
    return true;
}

bool vd_faults_before(vdrive *vd, uint64_t now, const uint8_t *cdb, size_t cdb_len, unsigned timeout_ms,
                      vd_reply *r)
{
    vd_fault_plan *p = &vd->faults;
    p->cmds++;
    if (p->n == 0 || cdb_len == 0)
        return false;
    uint8_t op = cdb[0];
    for (int i = 0; i < p->n; i++) {
        vd_fault *f = &p->f[i];
        uint32_t bad = 0;
        switch (f->kind) {
        case VD_FAULT_DEAD:
            if (!f->started && matches(f, vd, now, cdb, cdb_len, false, true, &bad)) {
                f->started = true;
                f->start_cmd = p->cmds;
            }
            if (f->started && f->fired < f->count) {
                f->fired++;
                return no_answer(now, timeout_ms, r);
            }
            break;
        case VD_FAULT_TIMEOUT:
            if (f->fired < f->count && matches(f, vd, now, cdb, cdb_len, false, true, &bad)) {
                f->fired++;
                return no_answer(now, timeout_ms, r);
            }
            break;
        case VD_FAULT_REMOVED:
            if (!f->started && matches(f, vd, now, cdb, cdb_len, false, true, &bad)) {
                f->started = true;
                f->start_cmd = p->cmds;
            }
            if (f->started && f->fired < f->count && needs_medium(op)) {
                f->fired++;
                return sense(vd, now, f, r, false, 0);
            }
            break;
        case VD_FAULT_NOT_READY:
            if (answers_unready(op))
                break;
            if (!f->started && f->fired == 0 && matches(f, vd, now, cdb, cdb_len, false, true, &bad)) {
                f->started = true;
                f->start_ns = now;
            }
            if (f->started) {
                bool over = f->for_time ? now - f->start_ns >= f->for_ns : f->fired >= f->for_cmds;
                if (over) {
                    f->started = false; /* ready now: one episode */
                    break;
                }
                f->fired++;
                return sense(vd, now, f, r, false, 0);
            }
            break;
        case VD_FAULT_ATTENTION:
            if (answers_unready(op))
                break;
            if (f->fired < f->count && matches(f, vd, now, cdb, cdb_len, false, true, &bad)) {
                f->fired++;
                return sense(vd, now, f, r, false, 0);
            }
            break;
        case VD_FAULT_HARDWARE:
            if (f->fired < f->count && matches(f, vd, now, cdb, cdb_len, false, true, &bad)) {
                f->fired++;
                return sense(vd, now, f, r, f->has_lba, bad);
            }
            break;
        case VD_FAULT_MEDIUM:
            if (f->fired < f->count && f->fired < f->ok_after &&
                matches(f, vd, now, cdb, cdb_len, true, false, &bad)) {
                f->fired++;
                uint32_t lba = 0, count = 0;
                if (!cmd_range(cdb, cdb_len, false, &lba, &count))
                    return sense(vd, now, f, r, false, 0); /* a vendor scan command */
                sense(vd, now, f, r, true, bad);
                /* the drive read up to the bad sector and retried it */
                r->done_ns = vd_time_read_fail(vd, now, lba, bad);
                vd_vendor_on_read(vd, lba, bad);
                return true;
            }
            break;
        default: /* short, bad-length: after the drive answered */
            break;
        }
    }
    return false;
}

/* The length field of a reply: offset and width in bytes; false when the
 * command's reply has none. */
static bool length_field(uint8_t op, size_t *off, size_t *width)
{
    switch (op) {
    case 0x12: *off = 4; *width = 1; return true;  /* INQUIRY additional length */
    case 0x03: *off = 7; *width = 1; return true;  /* REQUEST SENSE additional length */
    case 0x43:                                     /* READ TOC data length */
    case 0x51:                                     /* READ DISC INFORMATION */
    case 0x5A: *off = 0; *width = 2; return true;  /* MODE SENSE(10) mode data length */
    case 0x46: *off = 0; *width = 4; return true;  /* GET CONFIGURATION data length */
    default: return false;
    }
}

void vd_faults_after(vdrive *vd, const uint8_t *cdb, size_t cdb_len, uint8_t *buf, size_t buf_len, vd_reply *r)
{
    vd_fault_plan *p = &vd->faults;
    if (p->n == 0 || cdb_len == 0 || r->check || r->no_answer || r->data_len == 0 || !buf)
        return;
    uint64_t now = r->done_ns; /* triggers by time see the command's completion */
    for (int i = 0; i < p->n; i++) {
        vd_fault *f = &p->f[i];
        uint32_t bad = 0;
        if (f->fired >= f->count)
            continue;
        if (f->kind == VD_FAULT_SHORT) {
            if (!matches(f, vd, now, cdb, cdb_len, false, false, &bad))
                continue;
            size_t keep = f->has_bytes ? f->bytes : r->data_len / 2;
            if (keep >= r->data_len)
                continue;
            f->fired++;
            r->data_len = keep;
        } else if (f->kind == VD_FAULT_BAD_LENGTH) {
            size_t off, width;
            if (!length_field(cdb[0], &off, &width) || r->data_len < off + width || off + width > buf_len ||
                !matches(f, vd, now, cdb, cdb_len, false, false, &bad))
                continue;
            f->fired++;
            uint32_t v = f->has_value ? f->value : 0xFFFFFFFFu;
            for (size_t k = 0; k < width; k++)
                buf[off + k] = (uint8_t)(v >> (8 * (width - 1 - k)));
        }
    }
}
