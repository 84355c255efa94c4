/* sense.c - sense data: parsing (SPC fixed and descriptor formats), sense
 * key names and texts for the ASC/ASCQ pairs a CD reader reports, so an
 * error message can say "medium not present" instead of "02/3A/00". */
#include "mmc.h"

#include <string.h>

/* Fixed format (response code 70h current / 71h deferred): byte 2 bits
 * 3..0 sense key, byte 7 additional length, 12 ASC, 13 ASCQ.
 * Descriptor format (72h / 73h): byte 1 key, 2 ASC, 3 ASCQ, 7 additional
 * length.  Both have an 8-byte header; less than that is no sense at all.
 * A fixed-format sense whose additional length stops before byte 13 (or
 * that was cut short) carries a key but no ASC/ASCQ: those read 0. */
int db_mmc_parse_sense(const uint8_t *buf, size_t len, db_sense *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 8)
        return -1;
    uint8_t code = buf[0] & 0x7F;
    size_t valid = (size_t)buf[7] + 8;
    if (valid > len)
        valid = len;
    if (code == 0x70 || code == 0x71) {
        out->key = buf[2] & 0x0F;
        if (valid >= 14) {
            out->asc = buf[12];
            out->ascq = buf[13];
        }
    } else if (code == 0x72 || code == 0x73) {
        out->key = buf[1] & 0x0F;
        out->asc = buf[2];
        out->ascq = buf[3];
    } else {
        return -1;
    }
    out->raw_len = len < DB_SENSE_MAX ? len : DB_SENSE_MAX;
    memcpy(out->raw, buf, out->raw_len);
    return 0;
}

const char *db_mmc_sense_key_name(uint8_t key)
{
    static const char *const names[16] = {
        "NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR",
        "HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT",
        "BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
        "OBSOLETE KEY 0xC", "VOLUME OVERFLOW", "MISCOMPARE", "RESERVED KEY 0xF",
    };
    return key < 16 ? names[key] : "INVALID SENSE KEY";
}

/* ASC/ASCQ meanings from SPC's additional sense code assignments, limited
 * to what a CD/DVD reader says in practice.  ascq ANY matches any
 * qualifier of that ASC when no exact row exists. */
#define ANY 0x100

static const struct {
    uint8_t asc;
    uint16_t ascq;
    const char *text;
} asc_texts[] = {
    { 0x00, 0x00, "no additional sense information" },
    { 0x00, 0x11, "audio play operation in progress" },
    { 0x02, 0x00, "no seek complete" },
    { 0x04, 0x00, "not ready, cause not reportable" },
    { 0x04, 0x01, "becoming ready" },
    { 0x04, 0x02, "initializing command required" },
    { 0x04, 0x03, "manual intervention required" },
    { 0x04, 0x04, "format in progress" },
    { 0x04, 0x07, "operation in progress" },
    { 0x04, 0x08, "long write in progress" },
    { 0x04, ANY, "not ready" },
    { 0x05, 0x00, "drive does not respond to selection" },
    { 0x06, 0x00, "no reference position found" },
    { 0x08, 0x00, "drive communication failure" },
    { 0x08, 0x01, "drive communication timeout" },
    { 0x08, 0x03, "drive communication CRC error" },
    { 0x08, ANY, "drive communication failure" },
    { 0x09, 0x00, "track following error" },
    { 0x09, 0x01, "tracking servo failure" },
    { 0x09, 0x02, "focus servo failure" },
    { 0x09, 0x03, "spindle servo failure" },
    { 0x09, ANY, "servo failure" },
    { 0x11, 0x00, "unrecovered read error" },
    { 0x11, 0x01, "read retries exhausted" },
    { 0x11, 0x02, "error too long to correct" },
    { 0x11, 0x05, "L-EC uncorrectable error" },
    { 0x11, 0x06, "CIRC unrecovered error" },
    { 0x11, 0x0F, "error reading UPC/EAN number" },
    { 0x11, 0x10, "error reading ISRC number" },
    { 0x11, ANY, "unrecovered read error" },
    { 0x15, 0x00, "random positioning error" },
    { 0x15, 0x01, "mechanical positioning error" },
    { 0x15, 0x02, "positioning error detected by read of medium" },
    { 0x15, ANY, "positioning error" },
    { 0x17, 0x00, "recovered data with no error correction applied" },
    { 0x17, 0x01, "recovered data with retries" },
    { 0x17, 0x04, "recovered data with retries and/or CIRC applied" },
    { 0x17, ANY, "recovered data without ECC" },
    { 0x18, 0x00, "recovered data with error correction applied" },
    { 0x18, 0x01, "recovered data with error correction and retries applied" },
    { 0x18, ANY, "recovered data with error correction" },
    { 0x1A, 0x00, "parameter list length error" },
    { 0x20, 0x00, "invalid command operation code" },
    { 0x21, 0x00, "logical block address out of range" },
    { 0x21, 0x02, "invalid address for write" },
    { 0x24, 0x00, "invalid field in CDB" },
    { 0x25, 0x00, "logical unit not supported" },
    { 0x26, 0x00, "invalid field in parameter list" },
    { 0x27, 0x00, "write protected" },
    { 0x28, 0x00, "medium may have changed" },
    { 0x28, ANY, "medium may have changed" },
    { 0x29, 0x00, "power on, reset or bus device reset occurred" },
    { 0x29, ANY, "reset occurred" },
    { 0x2A, 0x01, "mode parameters changed" },
    { 0x2C, 0x00, "command sequence error" },
    { 0x30, 0x00, "incompatible medium installed" },
    { 0x30, 0x01, "cannot read medium: unknown format" },
    { 0x30, 0x02, "cannot read medium: incompatible format" },
    { 0x30, ANY, "incompatible medium" },
    { 0x3A, 0x00, "medium not present" },
    { 0x3A, 0x01, "medium not present, tray closed" },
    { 0x3A, 0x02, "medium not present, tray open" },
    { 0x3A, ANY, "medium not present" },
    { 0x3E, 0x02, "timeout on logical unit" },
    { 0x3F, 0x01, "microcode has been changed" },
    { 0x40, ANY, "diagnostic failure" },
    { 0x44, 0x00, "internal target failure" },
    { 0x47, 0x00, "parity error on the bus" },
    { 0x4E, 0x00, "overlapped commands attempted" },
    { 0x53, 0x02, "medium removal prevented" },
    { 0x57, 0x00, "unable to recover table of contents" },
    { 0x5A, 0x01, "operator medium removal request" },
    { 0x5D, ANY, "failure prediction threshold exceeded" },
    { 0x63, 0x00, "end of user area encountered on this track" },
    { 0x64, 0x00, "illegal mode for this track" },
    { 0x64, 0x01, "invalid packet size" },
    { 0x6F, 0x00, "copy protection key exchange failure: authentication failure" },
    { 0x6F, 0x01, "copy protection key exchange failure: key not present" },
    { 0x6F, 0x02, "copy protection key exchange failure: key not established" },
    { 0x6F, 0x03, "read of scrambled sector without authentication" },
    { 0x6F, 0x04, "medium region does not match the drive's region" },
    { 0x6F, ANY, "copy protection failure" },
    { 0x72, ANY, "session fixation error" },
    { 0x73, ANY, "CD control error" },
};

const char *db_mmc_asc_text(uint8_t asc, uint8_t ascq)
{
    const char *fallback = NULL;
    for (size_t i = 0; i < sizeof asc_texts / sizeof asc_texts[0]; i++) {
        if (asc_texts[i].asc != asc)
            continue;
        if (asc_texts[i].ascq == ascq)
            return asc_texts[i].text;
        if (asc_texts[i].ascq == ANY)
            fallback = asc_texts[i].text;
    }
    return fallback;
}
